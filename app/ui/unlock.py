"""Unlock a portfolio with its passphrase or recovery code; inline errors only."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
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

from app.domain.bidi import isolate
from app.domain.errors import KeyringUnavailable, KnownError
from app.domain.recovery_code import TYPING_HINT
from app.ui.look import set_tone
from app.ui.ops import off_the_gui_thread

if TYPE_CHECKING:  # the store (SQLAlchemy, SQLCipher, crypto) loads on the first attempt,
    # so the dialog can be the app's first window without waiting for it
    from app.services.portfolio import Portfolio
    from app.ui.new_key_file import NewKeyFilePanel


class UnlockDialog(QDialog):
    #: The user wants the welcome window (another portfolio, or a new one) instead.
    other_requested = Signal()

    def __init__(
        self, path: Path, parent: QWidget | None = None, *, offer_other: bool = False
    ) -> None:
        """``offer_other``: the dialog is the app's first window (the portfolio opened
        last), so it also offers the way to any other portfolio."""
        super().__init__(parent)
        self.path = path
        self.portfolio: Portfolio | None = None
        # Shown after the recovery code opened it past a key file that cannot.
        self.new_key_file: NewKeyFilePanel | None = None
        self.setWindowTitle("Unlock portfolio")
        # Name and folder escaped and isolated, in an English (left-to-right) paragraph.
        name, folder = (html.escape(isolate(str(p)), quote=False) for p in (path.name, path.parent))
        self.where = QLabel(f'<div dir="ltr"><b>{name}</b><br><small>{folder}</small></div>')
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
        set_tone(self.error, "error")
        self.error.hide()
        # Our own buttons, not standard ones: the first standard button loads the
        # style's button icons (~13 ms), and this dialog is often the first window.
        self.buttons = QDialogButtonBox()
        self.unlock_button = self.buttons.addButton(
            "&Unlock", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.unlock_button.setDefault(True)
        if offer_other:
            other = self.buttons.addButton(
                "&Other portfolio…", QDialogButtonBox.ButtonRole.ActionRole
            )
            other.clicked.connect(self._other)
        self.cancel_button = self.buttons.addButton(
            "&Quit" if offer_other else "Cancel", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self.attempt)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.use_passphrase, self.use_code)
        self.secret_label = QLabel("Passphrase:")
        self.secret_label.setBuddy(self.secret)
        form.addRow(self.secret_label, self.secret)
        self.ask = QWidget()  # what the dialog asks for; replaced by the new key file offer
        ask = QVBoxLayout(self.ask)
        ask.setContentsMargins(0, 0, 0, 0)
        ask.addLayout(form)
        ask.addWidget(self.error)
        ask.addWidget(self.buttons)
        self.main_layout = QVBoxLayout(self)
        self.main_layout.addWidget(self.where)
        self.main_layout.addWidget(self.ask)
        self.resize(440, 0)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt)
        """Typing goes straight into the passphrase field (not the mode buttons)."""
        super().showEvent(event)
        if self.secret.isVisible():
            self.secret.setFocus()

    def _mode_changed(self) -> None:
        code = self.use_code.isChecked()
        # What was typed belongs to the other mode: never show a passphrase in clear.
        self.secret.clear()
        self.error.hide()
        self.secret.setEchoMode(QLineEdit.EchoMode.Normal if code else QLineEdit.EchoMode.Password)
        self.secret_label.setText("Recovery code:" if code else "Passphrase:")
        self.secret.setAccessibleName("Recovery code" if code else "Passphrase")
        self.secret.setPlaceholderText(TYPING_HINT if code else "")
        self.secret.setFocus()

    def _other(self) -> None:
        self.other_requested.emit()
        self.reject()

    def try_silent(self) -> Portfolio | None:
        """Unlock with the key this computer remembers; None if it does not."""
        from app.services.portfolio import unlock_with_keyring

        try:
            self.portfolio = unlock_with_keyring(self.path)
        except KeyringUnavailable:
            # Nothing to say: the passphrase works as always, and most people never
            # asked this computer to remember the key. Settings reports keyring
            # problems when the user turns remembering on.
            return None
        except KnownError as err:  # e.g. the file is missing or not a portfolio
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
        from app.services.portfolio import unlock_with_passphrase, unlock_with_recovery_code

        unlock = unlock_with_recovery_code if self.use_code.isChecked() else unlock_with_passphrase
        try:
            # The key derivation takes a second or so: the window keeps painting.
            self.portfolio = off_the_gui_thread("Unlocking…", self, lambda: unlock(self.path, text))
        except KnownError as err:
            self.show_error(err.message)
            self.secret.selectAll()
            self.secret.setFocus()
            return
        self.secret.clear()
        if self.portfolio.key_file_problem:
            self._offer_new_key_file(self.portfolio)
            return
        self.accept()

    def reject(self) -> None:
        if self.new_key_file is not None:  # unlocked already: Escape means Not now
            self.accept()
            return
        super().reject()

    def _offer_new_key_file(self, portfolio: Portfolio) -> None:
        from app.ui.new_key_file import NewKeyFilePanel

        self.new_key_file = NewKeyFilePanel(portfolio, self)
        self.new_key_file.finished.connect(self.accept)
        self.ask.hide()
        self.main_layout.addWidget(self.new_key_file)
        self.new_key_file.passphrase.setFocus()
