"""After the recovery code opened a portfolio past a key file that cannot open it
(missing, damaged, another portfolio's): set a passphrase now, which writes a fresh
key file. One that is not this portfolio's is moved aside, never overwritten."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.bidi import isolate
from app.domain.errors import KnownError
from app.ui.look import set_tone
from app.ui.new_passphrase import NewPassphrase

if TYPE_CHECKING:
    from app.services.portfolio import Portfolio


class NewKeyFilePanel(QWidget):
    #: The passphrase was set, or the user chose Not now: the portfolio stays unlocked.
    finished = Signal()

    def __init__(self, portfolio: Portfolio, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        key_file = html.escape(isolate(f"{portfolio.path.name}.keys"), quote=False)
        self.explain = QLabel(
            f"<b>Unlocked with your recovery code.</b><p>The key file {key_file}"
            f" {portfolio.key_file_problem}, so your passphrase cannot open this portfolio."
            " Set a passphrase now to write a fresh key file; until then only the recovery"
            " code opens it.</p>"
        )
        self.explain.setWordWrap(True)
        self.new_passphrase = NewPassphrase("New passphrase")
        self.passphrase = self.new_passphrase.passphrase
        self.passphrase2 = self.new_passphrase.again
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("New passphrase error")
        set_tone(self.error, "error")
        self.error.hide()
        self.set_button = QPushButton("&Set passphrase")
        self.set_button.setDefault(True)
        self.set_button.clicked.connect(self.set_passphrase)
        self.later_button = QPushButton("&Not now")
        self.later_button.clicked.connect(self.finished.emit)
        self.passphrase2.returnPressed.connect(self.set_passphrase)
        form = QFormLayout()
        self.new_passphrase.add_rows(form, "&New passphrase:", "&Again:")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.set_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.explain)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def set_passphrase(self) -> None:
        from app.services.portfolio import set_passphrase

        text = self.passphrase.text()
        problem = self.new_passphrase.problem()
        if problem:
            self.show_error(problem)
            return
        try:
            set_passphrase(self.portfolio, text)
        except KnownError as err:
            self.show_error(err.message)
            return
        self.new_passphrase.clear()
        self.finished.emit()
