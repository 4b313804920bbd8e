"""Change passphrase in the app: the same strength hint as at creation and the same
crash safety as the command (app.services.portfolio.set_passphrase: the old
passphrase or the new one opens it, never neither). Off the GUI thread (scrypt)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KnownError
from app.domain.kdf import KdfParams
from app.services.portfolio import Portfolio, passphrase_problem, set_passphrase
from app.ui.background import BackgroundTask
from app.ui.create_wizard import strength_hint

REVOKES_NOTHING = (
    "Changing the passphrase locks nobody out: backups keep a key file that opens with"
    " the old passphrase, and the recovery code stays the same. If someone may know"
    " either, make a new recovery code instead (File > Keep safe)."
)


class ChangePassphraseDialog(QDialog):
    def __init__(
        self, portfolio: Portfolio, parent: QWidget | None = None, kdf: KdfParams | None = None
    ) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.kdf = kdf
        self.setWindowTitle("Change passphrase")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("New passphrase")
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("New passphrase again")
        self.strength = QLabel(strength_hint(""))
        self.strength.setAccessibleName("Passphrase strength")
        self.passphrase.textChanged.connect(lambda t: self.strength.setText(strength_hint(t)))
        note = QLabel(REVOKES_NOTHING)
        note.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Passphrase message")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Change passphrase")
        self.buttons.accepted.connect(self.change)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&New passphrase:", self.passphrase)
        form.addRow("", self.strength)
        form.addRow("&Again:", self.again)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.task = BackgroundTask(self)
        self.task.done.connect(self._done)
        self.changed = False

    def change(self) -> None:
        new = self.passphrase.text()
        problem = passphrase_problem(new)
        if problem:
            self.message.setText(f"The passphrase {problem}.")
            return
        if new != self.again.text():
            self.message.setText("The two entries do not match.")
            return
        portfolio, kdf = self.portfolio, self.kdf

        def job(_report: Callable[[float], None]) -> object:
            return set_passphrase(portfolio, new, kdf)

        self.ok_button.setEnabled(False)
        self.progress.show()
        self.message.setText("Changing the passphrase…")
        self.task.start(job)

    def _done(self, result: object) -> None:
        self.progress.hide()
        self.ok_button.setEnabled(True)
        if isinstance(result, KnownError):
            self.message.setText(result.message)
            return
        self.changed = True
        self.passphrase.clear()
        self.again.clear()
        self.message.setText("Passphrase changed. Use the new one from now on.")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.accept)

    def reject(self) -> None:
        if self.task.running():
            self.message.setText(
                "Finishing the change; it takes a moment and cannot stop half-way."
            )
            return
        super().reject()
