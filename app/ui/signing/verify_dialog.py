"""Type or paste the code from a printed page; see what it is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KnownError
from app.services.portfolio import Portfolio
from app.services.signing.verify import Outcome, VerifyResult, verify
from app.ui.look import set_tone


class VerifyDialog(QDialog):
    def __init__(self, portfolio: Portfolio, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.verified: VerifyResult | None = None
        self.setWindowTitle("Verify a printed page")
        intro = QLabel(
            "Type or paste the verification code from the foot of a printed page"
            " to see which record and version it is, and who signed it."
        )
        intro.setWordWrap(True)
        label = QLabel("&Code:")
        self.code = QLineEdit()
        self.code.setPlaceholderText("e.g. S12-3-7KQ3M9XD-P")
        self.code.setAccessibleName("Verification code")
        self.code.setMaxLength(60)
        label.setBuddy(self.code)
        self.verify_button = QPushButton("&Verify")
        self.verify_button.setDefault(True)
        self.verify_button.setEnabled(False)
        self.code.textChanged.connect(
            lambda text: self.verify_button.setEnabled(bool(text.strip()))
        )
        self.code.returnPressed.connect(self.run)
        self.verify_button.clicked.connect(self.run)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.code, 1)
        row.addWidget(self.verify_button)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.setAccessibleName("Verification result")
        self.outcome.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(560, 300)

    def run(self) -> None:
        text = self.code.text().strip()
        if not text:
            return
        try:
            self.verified = verify(self.portfolio, text, on_screen=True)
        except KnownError as err:
            self._show(False, err.message)
            return
        self._show(self.verified.genuine, self.verified.text)
        if self.verified.outcome is Outcome.TYPO:
            self.code.setFocus()
            self.code.selectAll()

    def _show(self, good: bool, text: str) -> None:
        self.outcome.setText(text)
        set_tone(self.outcome, "good" if good else "bad")
        self.outcome.setVisible(True)
