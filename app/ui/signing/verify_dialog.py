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
from app.services.signing.returns import checks_for_version
from app.services.signing.verify import Outcome, VerifyResult, verify
from app.ui.look import set_tone
from app.ui.ops import off_the_gui_thread


class VerifyDialog(QDialog):
    def __init__(self, portfolio: Portfolio, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.verified: VerifyResult | None = None
        self.setWindowTitle("Verify a printed page")
        intro = QLabel(
            "Type or paste the verification code from the foot of a printed page"
            " to see which record and version it is, and who signed it. A signed PDF"
            " returned for that version is checked again."
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
        # A signed PDF returned for that version, checked again: said apart, in its own
        # tone (a genuine page whose kept return no longer validates is both).
        self.returned = QLabel()
        self.returned.setWordWrap(True)
        self.returned.setTextFormat(Qt.TextFormat.PlainText)
        self.returned.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.returned.setAccessibleName("Signed copy check")
        self.returned.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.outcome)
        layout.addWidget(self.returned)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(560, 300)

    def run(self) -> None:
        text = self.code.text().strip()
        if not text:
            return
        self.returned.setVisible(False)
        try:
            self.verified = verify(self.portfolio, text, on_screen=True)
        except KnownError as err:
            self._show(False, err.message)
            return
        self._show(self.verified.genuine, self.verified.text)
        self._check_returns(self.verified)
        if self.verified.outcome is Outcome.TYPO:
            self.code.setFocus()
            self.code.selectAll()

    def _check_returns(self, found: VerifyResult) -> None:
        """Each signed PDF kept for the version, validated again (off the GUI thread:
        a digital signature takes a moment)."""
        if not found.genuine or found.kind is None or found.record_id is None:
            return
        if found.version is None:
            return
        kind, record_id, version = found.kind, found.record_id, found.version
        try:
            checks = off_the_gui_thread(
                "Checking the signed copy…",
                self,
                lambda: checks_for_version(self.portfolio, kind, record_id, version),
            )
        except KnownError as err:
            self.returned.setText(err.message)
            set_tone(self.returned, "bad")
            self.returned.setVisible(True)
            return
        if not checks:
            return
        self.returned.setText("\n\n".join(check.text for check in checks))
        set_tone(self.returned, "good" if all(check.ok for check in checks) else "bad")
        self.returned.setVisible(True)

    def _show(self, good: bool, text: str) -> None:
        self.outcome.setText(text)
        set_tone(self.outcome, "good" if good else "bad")
        self.outcome.setVisible(True)
