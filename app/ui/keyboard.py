"""Rules every window keeps for the keyboard, applied to each widget as Qt first
polishes it, so no list, table or tree can forget them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QApplication


class KeyboardRules(QObject):
    """Tab and Shift+Tab leave a list, table or tree for the next control (inside one,
    the arrow keys move); Qt's default walks cell by cell and wraps, a trap."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.Polish and isinstance(watched, QAbstractItemView):
            watched.setTabKeyNavigation(False)
        return False


_rules: KeyboardRules | None = None


def keep_keyboard_rules(qt_app: QApplication) -> None:
    """Install the rules once for the whole application."""
    global _rules
    if _rules is None:
        _rules = KeyboardRules(qt_app)
        qt_app.installEventFilter(_rules)
