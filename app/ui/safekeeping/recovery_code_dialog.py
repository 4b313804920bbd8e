"""A new recovery code: the data key replaced (app.services.rekey), off the GUI thread;
then the new code shown and its sheet printed. Old backups keep the old code, and the
dialog says so."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KnownError
from app.domain.kdf import KdfParams
from app.services.portfolio import Portfolio
from app.services.rekey import OLD_BACKUPS, NewKeyResult, new_recovery_code
from app.ui.background import BackgroundTask
from app.ui.recovery_code_view import code_html

EXPLAIN = (
    "Make a new recovery code when the old one, or your passphrase, may have been seen."
    " The portfolio gets a new data key: the old code and older key files stop opening it."
    " Your passphrase stays the same. " + OLD_BACKUPS
)


class NewRecoveryCodeDialog(QDialog):
    def __init__(
        self, portfolio: Portfolio, parent: QWidget | None = None, kdf: KdfParams | None = None
    ) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.kdf = kdf
        self.setWindowTitle("New recovery code")
        explain = QLabel(EXPLAIN)
        explain.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Your passphrase")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Recovery code message")
        self.code = QLabel()
        self.code.setAccessibleName("New recovery code")
        self.code.setStyleSheet("font-family: monospace; font-size: 14pt;")
        self.code.hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.print_button = QPushButton("&Print the recovery sheet…")
        self.print_button.clicked.connect(self.print_sheet)
        self.print_button.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Make a new code")
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Your &passphrase:", self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.code)
        layout.addWidget(self.print_button)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.task = BackgroundTask(self)
        self.task.done.connect(self._done)
        self.result_: NewKeyResult | None = None

    def start(self) -> None:
        passphrase = self.passphrase.text()
        portfolio, kdf = self.portfolio, self.kdf

        def job(_report: Callable[[float], None]) -> NewKeyResult:
            return new_recovery_code(portfolio, passphrase, kdf)

        self.ok_button.setEnabled(False)
        self.progress.show()
        self.message.setText("Replacing the data key…")
        self.task.start(job)

    def _done(self, result: object) -> None:
        self.progress.hide()
        self.ok_button.setEnabled(True)
        if isinstance(result, KnownError):
            self.message.setText(result.message)
            return
        assert isinstance(result, NewKeyResult)
        self.result_ = result
        self.passphrase.clear()
        self.passphrase.setEnabled(False)
        self.code.setText(code_html(result.recovery_code))
        self.code.show()
        self.message.setText(result.message + " Print the new sheet now, and destroy the old one.")
        self.print_button.show()
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.accept)

    def print_sheet(self) -> None:
        from app.ui.printing.actions import open_preview  # ReportLab: only when asked

        open_preview(self, self.portfolio, "recovery", 0)

    def reject(self) -> None:
        if self.task.running():
            self.message.setText(
                "Replacing the data key; it cannot stop half-way, and takes a moment."
            )
            return
        super().reject()
