"""Rules every window keeps so that it fits a small screen (1024x600, or 1366x768
scaled 1.5x), applied to each widget as Qt first polishes it, so no form can forget:
a table's columns share its width (app/ui/columns.py), and a drop-down list is no
wider than its field needs (its list still shows each choice in full); a dialog opens
no larger than its screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QTableView

from app.ui.columns import fit_columns
from app.ui.common import keep_on_screen

#: A drop-down list shows at least this many characters of its choice when squeezed.
FEWEST_CHARACTERS = 12


class LayoutRules(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
            keep_on_screen(watched)  # a size made for a big monitor: shrunk to fit
            return False
        if event.type() != QEvent.Type.Polish:
            return False
        if isinstance(watched, QTableView):
            fit_columns(watched)
        elif isinstance(watched, QComboBox) and not watched.isEditable():
            # A long relationship or mentor name would otherwise set the form's
            # narrowest width, and with it a horizontal scrollbar.
            watched.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            watched.setMinimumContentsLength(FEWEST_CHARACTERS)
        return False


_rules: LayoutRules | None = None


def keep_layout_rules(qt_app: QApplication) -> None:
    """Install the rules once for the whole application."""
    global _rules
    if _rules is None:
        _rules = LayoutRules(qt_app)
        qt_app.installEventFilter(_rules)
