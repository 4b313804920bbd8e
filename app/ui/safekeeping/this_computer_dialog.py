"""Remember on this computer / Forget on this computer, with the keyring's state as the
keyring itself answers it: no keyring available, remembered, or not remembered."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KnownError
from app.services.portfolio import Portfolio
from app.services.this_computer import KeyringState, keyring_state, set_remembered


class ThisComputerDialog(QDialog):
    def __init__(self, portfolio: Portfolio, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.setWindowTitle("This computer")
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setAccessibleName("Keyring state")
        note = QLabel(
            "Remembering keeps the portfolio's key in this computer's own keyring (unlocked"
            " when you log in), so the portfolio opens here without the passphrase. Anyone"
            " using your login could then open it. Forget it on a shared computer."
        )
        note.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.remember_button = QPushButton("&Remember on this computer")
        self.forget_button = QPushButton("&Forget on this computer")
        self.remember_button.clicked.connect(lambda: self.set(True))
        self.forget_button.clicked.connect(lambda: self.set(False))
        row = QHBoxLayout()
        row.addWidget(self.remember_button)
        row.addWidget(self.forget_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.show_state(keyring_state(portfolio))

    def show_state(self, state: KeyringState) -> None:
        self.state = state
        self.state_label.setText(state.value)
        self.remember_button.setEnabled(state is KeyringState.NOT_REMEMBERED)
        self.forget_button.setEnabled(state is KeyringState.REMEMBERED)

    def set(self, remember: bool) -> None:
        try:
            state = set_remembered(self.portfolio, remember)
        except KnownError as err:
            self.message.setText(err.message)
            state = keyring_state(self.portfolio)
        self.show_state(state)
