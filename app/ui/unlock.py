"""Unlock a portfolio with its passphrase or recovery code; inline errors only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KnownError
from app.services.portfolio import (
    Portfolio,
    unlock_with_keyring,
    unlock_with_passphrase,
    unlock_with_recovery_code,
)


class UnlockDialog(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.portfolio: Portfolio | None = None
        self.setWindowTitle("Unlock portfolio")
        self.where = QLabel(f"<b>{path.name}</b><br><small>{path.parent}</small>")
        self.where.setWordWrap(True)
        self.use_passphrase = QRadioButton("&Passphrase")
        self.use_code = QRadioButton("Recovery &code")
        self.use_passphrase.setChecked(True)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName("Passphrase")
        self.use_passphrase.toggled.connect(self._mode_changed)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Unlock error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Unlock")
        self.buttons.accepted.connect(self.attempt)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.use_passphrase, self.use_code)
        self.secret_label = QLabel("Passphrase:")
        self.secret_label.setBuddy(self.secret)
        form.addRow(self.secret_label, self.secret)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(440, 0)

    def _mode_changed(self) -> None:
        code = self.use_code.isChecked()
        self.secret.setEchoMode(QLineEdit.EchoMode.Normal if code
                                else QLineEdit.EchoMode.Password)
        self.secret_label.setText("Recovery code:" if code else "Passphrase:")
        self.secret.setAccessibleName("Recovery code" if code else "Passphrase")
        self.secret.setPlaceholderText("XXXX-XXXX-…" if code else "")
        self.secret.setFocus()

    def try_silent(self) -> Portfolio | None:
        """Unlock with the key this computer remembers; None if it does not."""
        try:
            self.portfolio = unlock_with_keyring(self.path)
        except KnownError as err:
            self.show_error(err.message)
            return None
        return self.portfolio

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def attempt(self) -> None:
        text = self.secret.text()
        if not text.strip():
            self.show_error("Type your passphrase or recovery code first.")
            return
        try:
            if self.use_code.isChecked():
                self.portfolio = unlock_with_recovery_code(self.path, text)
            else:
                self.portfolio = unlock_with_passphrase(self.path, text)
        except KnownError as err:
            self.show_error(err.message)
            self.secret.selectAll()
            self.secret.setFocus()
            return
        self.secret.clear()
        self.accept()
