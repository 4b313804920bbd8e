"""Making a form's widgets read-only while a record may not change, and back again.

Read-only is not disabled: text can still be selected and copied, and every field is
still reached with Tab and read by a screen reader; only changing it is refused. Each
function returns what undoes it, so a form that becomes editable again (amended,
reopened) gets its widgets back exactly as they were."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QWidget,
)

from app.ui.date_field import DateField
from app.ui.look import tint_as_text

Undo = Callable[[], None]
#: A widget with this property set stays usable while the form is read-only (it does
#: not change the record shown: "Start from template" makes a new one).
OFFERED_WHEN_READ_ONLY = "offered_when_read_only"
_SELECTABLE = (
    Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
)


class _NoToggling(QObject):
    """A check box that keeps its focus and its state: clicks and Space do nothing."""

    BLOCKED = {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
    }

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() in self.BLOCKED:
            return True
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            assert isinstance(event, QKeyEvent)
            return event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select)
        return False


def tinted(widget: QWidget) -> Undo:
    """The field's background in the window's colour (light or dark alike): it reads
    as text to look at, not a box to type in."""
    had = widget.testAttribute(Qt.WidgetAttribute.WA_SetPalette)
    before = QPalette(widget.palette())
    tint_as_text(widget)

    def untint() -> None:
        tint_as_text(widget, on=False)
        if had:
            widget.setPalette(before)

    return untint


def hold(widget: QWidget) -> Undo | None:
    """Make one widget read-only; None if it already was (or is no input)."""
    if isinstance(widget, DateField):
        undo_edit = hold(widget.edit)
        widget.button.setEnabled(False)

        def undo_date() -> None:
            widget.button.setEnabled(True)
            if undo_edit is not None:
                undo_edit()

        return undo_date
    if isinstance(widget, QLineEdit | QAbstractSpinBox):
        if widget.isReadOnly() or isinstance(widget.parent(), QComboBox):
            return None
        widget.setReadOnly(True)
        untint = tinted(widget)

        def undo_line() -> None:
            widget.setReadOnly(False)
            untint()

        return undo_line
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        if widget.isReadOnly():
            return None
        widget.setReadOnly(True)
        widget.setTextInteractionFlags(_SELECTABLE)
        untint = tinted(widget)

        def undo_text() -> None:
            widget.setReadOnly(False)  # the editor's own interaction again
            untint()

        return undo_text
    if isinstance(widget, QCheckBox | QRadioButton):
        blocker = _NoToggling(widget)
        widget.installEventFilter(blocker)

        def undo_toggle() -> None:
            widget.removeEventFilter(blocker)
            blocker.deleteLater()

        return undo_toggle
    if isinstance(widget, QAbstractButton | QComboBox):
        if not widget.isEnabled():
            return None
        widget.setEnabled(False)
        return lambda: widget.setEnabled(True)
    if isinstance(widget, QAbstractItemView):
        return _hold_view(widget)
    return None


def _hold_view(view: QAbstractItemView) -> Undo:
    """A list or table stays readable and walkable; its cells can no longer be typed
    in or ticked (the items are made again when the record is loaded)."""
    triggers = view.editTriggers()
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    changing = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable
    items: list[QListWidgetItem | QTableWidgetItem | None] = []
    if isinstance(view, QListWidget):
        items = [view.item(i) for i in range(view.count())]
    elif isinstance(view, QTableWidget):
        items = [
            view.item(row, column)
            for row in range(view.rowCount())
            for column in range(view.columnCount())
        ]
    for item in items:
        if item is not None:
            item.setFlags(item.flags() & ~changing)
    return lambda: view.setEditTriggers(triggers)


def hold_all(root: QWidget, skip: list[QWidget]) -> list[Undo]:
    """Make every input under ``root`` read-only, except those under ``skip`` and
    those marked OFFERED_WHEN_READ_ONLY; what undoes it, in order."""
    undo: list[Undo] = []
    for widget in root.findChildren(QWidget):
        if _skipped(widget, root, skip):
            continue
        done = hold(widget)
        if done is not None:
            undo.append(done)
    return undo


def _skipped(widget: QWidget, root: QWidget, skip: list[QWidget]) -> bool:
    found: QObject | None = widget
    while found is not None and found is not root:
        if found in skip or (isinstance(found, QWidget) and found.property(OFFERED_WHEN_READ_ONLY)):
            return True
        inner = found is not widget
        if inner and isinstance(found, DateField | QComboBox | QAbstractSpinBox):
            return True  # held as one (a date's text and calendar button, a spin box)
        if inner and isinstance(found, QAbstractItemView):
            return True  # a view's own parts (its header, its corner button)
        found = found.parent()
    return False
