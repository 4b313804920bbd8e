"""How a record's signature status looks in lists, the Overview and editors. The
status itself comes from app.services.signing.lifecycle.signature_status."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from app.services.signing.lifecycle import SignatureStatus

# Text colour and background per label, dark enough on light for WCAG AA contrast.
COLOURS: dict[str, tuple[str, str]] = {
    "unsigned": ("#3d4451", "#e8eaee"),
    "ready to sign": ("#0b4f8a", "#dcebfa"),
    "awaiting mentor": ("#7a4a00", "#fdefd3"),
    "awaiting mentee": ("#7a4a00", "#fdefd3"),
    "signed": ("#145c2c", "#dcf2e2"),
    "amended": ("#6a2a86", "#f0e2f7"),
}


def status_colours(status: SignatureStatus) -> tuple[QColor, QColor]:
    """(text, background) for a list cell showing ``status.label``."""
    text, background = COLOURS.get(status.label, COLOURS["unsigned"])
    return QColor(text), QColor(background)


class StatusBadge(QLabel):
    """A small rounded label: "signed", "awaiting mentor"... with the detail as tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Signature status")
        # Never squeezed into "Ready to s…": the badge keeps its full width.
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.set_status(None)

    def set_status(self, status: SignatureStatus | None) -> None:
        if status is None:
            self.setText("")
            self.setToolTip("")
            self.setVisible(False)
            return
        text, background = COLOURS.get(status.label, COLOURS["unsigned"])
        self.setText(status.label.capitalize())
        self.setToolTip(status.detail)
        self.setAccessibleDescription(status.detail)
        self.setStyleSheet(
            f"QLabel {{ color: {text}; background: {background};"
            " border-radius: 9px; padding: 2px 10px; font-weight: 600; }"
        )
        # Padding and the bold weight come from the style sheet, which the size hint
        # does not always include yet: reserve the width explicitly.
        bold = self.font()
        bold.setWeight(bold.Weight.DemiBold)
        self.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(self.text()) + 24)
        self.updateGeometry()
        self.setVisible(True)
