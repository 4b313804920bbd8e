"""How a record's signature status looks in lists, the Overview and editors. The
status itself comes from app.services.signing.lifecycle.signature_status."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from app.services.signing.lifecycle import SignatureStatus
from app.ui.look import is_dark

# Text colour and background per label, each pair a badge that reads at WCAG AA
# contrast whatever the window behind it; DARK_COLOURS are the same badges for a dark
# window (app/ui/look.py says which is in use).
COLOURS: dict[str, tuple[str, str]] = {
    "unsigned": ("#3d4451", "#e8eaee"),
    "ready to sign": ("#0b4f8a", "#dcebfa"),
    "awaiting mentor": ("#7a4a00", "#fdefd3"),
    "awaiting mentee": ("#7a4a00", "#fdefd3"),
    "signed": ("#145c2c", "#dcf2e2"),
    "amended": ("#6a2a86", "#f0e2f7"),
}
DARK_COLOURS: dict[str, tuple[str, str]] = {
    "unsigned": ("#e2e5ea", "#3b404a"),
    "ready to sign": ("#cfe6ff", "#123e66"),
    "awaiting mentor": ("#ffe0a8", "#4d3300"),
    "awaiting mentee": ("#ffe0a8", "#4d3300"),
    "signed": ("#b7f0c6", "#123d20"),
    "amended": ("#efd2fb", "#46205a"),
}


def badge_colours(label: str) -> tuple[str, str]:
    """(text, background) of the badge for ``label`` in the look in use."""
    table = DARK_COLOURS if is_dark() else COLOURS
    return table.get(label, table["unsigned"])


def status_colours(status: SignatureStatus) -> tuple[QColor, QColor]:
    """(text, background) for a list cell showing ``status.label``."""
    text, background = badge_colours(status.label)
    return QColor(text), QColor(background)


class StatusBadge(QLabel):
    """A small rounded label: "signed", "awaiting mentor"... with the detail as tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status: SignatureStatus | None = None
        self.setAccessibleName("Signature status")
        # Never squeezed into "Ready to s…": the badge keeps its full width.
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.set_status(None)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt)
        """Light to dark or back: the badge takes the colours of the new look."""
        super().changeEvent(event)
        status = self.status
        changed = event.type() == QEvent.Type.PaletteChange
        if changed and status is not None and self.styleSheet() != self._style(status):
            self.set_status(status)

    @staticmethod
    def _style(status: SignatureStatus) -> str:
        text, background = badge_colours(status.label)
        return (
            f"QLabel {{ color: {text}; background: {background};"
            " border-radius: 9px; padding: 2px 10px; font-weight: 600; }"
        )

    def set_status(self, status: SignatureStatus | None) -> None:
        self.status = status
        if status is None:
            self.setText("")
            self.setToolTip("")
            self.setVisible(False)
            return
        self.setText(status.label.capitalize())
        self.setToolTip(status.detail)
        self.setAccessibleDescription(status.detail)
        self.setStyleSheet(self._style(status))
        # Padding and the bold weight come from the style sheet, which the size hint
        # does not always include yet: reserve the width explicitly.
        bold = self.font()
        bold.setWeight(bold.Weight.DemiBold)
        self.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(self.text()) + 24)
        self.updateGeometry()
        self.setVisible(True)
