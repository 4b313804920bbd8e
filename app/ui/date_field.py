"""The one date field of the app: type a date as you write it (08/09/2026, 8/9/26,
2026-09-08, "today"), or pick it from a calendar (the button, or Alt+Down). What is
typed is read by app.domain.typed_dates; what it cannot read is refused in place with
its sentence, never changed or reverted. One Tab stop: the calendar button takes no
focus. Empty is no date, never today."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import clock
from app.domain.kind_spec import Future, after_today
from app.domain.typed_dates import (
    DateNotUnderstood,
    DateOrder,
    format_typed,
    order_of_pattern,
    read_date,
    shape_for,
)
from app.domain.validation import EARLIEST_DATE, LATEST_DATE
from app.ui.look import set_tone

REFUSED_STYLE = "error"  # tones of app/ui/look.py
NOTE_STYLE = "muted"


def locale_order(locale: QLocale | None = None) -> DateOrder:
    """The user's order of day and month (British day first, US month first)."""
    return order_of_pattern((locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class _CalendarPopup(QFrame):
    """A month calendar under the field; Enter or a click takes the day, Escape
    leaves the field as it was."""

    picked = Signal(object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget()
        self.calendar.setAccessibleName("Calendar")
        self.calendar.setGridVisible(True)
        self.calendar.setMinimumDate(_qdate(EARLIEST_DATE))
        self.calendar.setMaximumDate(_qdate(LATEST_DATE))
        self.calendar.activated.connect(self._take)
        self.calendar.clicked.connect(self._take)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)

    def _take(self, day: QDate) -> None:
        self.hide()
        self.picked.emit(date(day.year(), day.month(), day.day()))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """A typed date with a calendar button and a note beside it that says what is
    being understood as you type, that a day is ahead where one can be, or why what
    was typed is refused.

    ``future``: what a day after today is here (kind_spec.Future); ``why_past``: the
    reason a refused one cannot be ahead, said in the refusal."""

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        future: Future = Future.ALLOWED,
        why_past: str = "",
        label: str = "Date",
    ) -> None:
        super().__init__(parent)
        self.future = future
        self.why_past = why_past
        self.order = locale_order()
        self.setAccessibleName(label)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(shape_for(self.order))
        self.edit.setAccessibleName(label)
        self.edit.setToolTip(
            f"Type a date ({shape_for(self.order)}, or today, yesterday, tomorrow);"
            " Alt+Down opens a calendar"
        )
        width = self.edit.fontMetrics().horizontalAdvance("30 September 2026") + 16
        self.edit.setMinimumWidth(width)
        self.edit.setMaximumWidth(width + 40)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._finished)
        self.edit.installEventFilter(self)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip("Choose from a calendar (Alt+Down)")
        self.button.setAccessibleName(f"Calendar for {label}")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # one Tab stop: the text
        self.button.clicked.connect(self.open_calendar)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        # The note goes beside the field, not under it: a form or dialog keeps its
        # height whatever the field says.
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit)
        row.addWidget(self.button)
        row.addSpacing(6)
        row.addWidget(self.note, 1)
        self.setFocusProxy(self.edit)
        self.popup: _CalendarPopup | None = None

    # ---- reading and writing
    def value(self) -> date | None:
        """The date typed, None when empty; DateNotUnderstood for anything else, or
        for a day ahead where only a past one can be."""
        day = read_date(self.edit.text(), clock.today(), self.order)
        if day is not None and self.future is Future.REFUSED and day > clock.today():
            raise DateNotUnderstood(f"{self._label()} {after_today(self.why_past)}.")
        return day

    def required_value(self, what: str) -> date:
        """The date typed, where one must be: DateNotUnderstood ("Type {what}.") when
        the field is empty, as for text that is not a date."""
        self.accepts()
        day = self.value()
        if day is None:
            raise DateNotUnderstood(f"Type {what}.")
        return day

    def set_value(self, value: date | None) -> None:
        self.edit.setText("" if value is None else format_typed(value, self.order))
        self._explain(quiet=True)

    def accepts(self) -> bool:
        """Whether what is typed is a date this field takes; if not, says why under it."""
        self._explain(quiet=False)
        try:
            self.value()
        except DateNotUnderstood:
            return False
        return True

    def problem(self) -> str | None:
        try:
            self.value()
        except DateNotUnderstood as refused:
            return refused.message
        return None

    # ---- what the line under the field says
    def _label(self) -> str:
        return self.edit.accessibleName() or "The date"

    def _say(self, text: str, style: str) -> None:
        self.note.setText(text)
        set_tone(self.note, style)
        self.note.setVisible(bool(text))
        self.edit.setAccessibleDescription(text)

    def _explain(self, *, quiet: bool) -> None:
        """Say what the field holds: the day understood in words, that it is ahead, or
        why it is refused. ``quiet``: say nothing about text still being typed."""
        try:
            day = self.value()
        except DateNotUnderstood as refused:
            self._say("" if quiet else refused.message, REFUSED_STYLE)
            return
        if day is None:
            self._say("", NOTE_STYLE)
            return
        words = f"{day:%a} {day.day} {day:%B %Y}"
        ahead = (day - clock.today()).days
        if self.future is Future.MARKED and ahead > 0:
            self._say(f"{words}: in {ahead} day{'s' if ahead != 1 else ''}", NOTE_STYLE)
        elif self.edit.hasFocus() and self.edit.text() != format_typed(day, self.order):
            self._say(words, NOTE_STYLE)  # while typing: the day understood so far
        else:
            self._say("", NOTE_STYLE)

    def _typed(self, _text: str) -> None:
        # As you type: the day understood so far, in words; no refusal until you leave.
        self._explain(quiet=True)
        self.changed.emit()

    def _finished(self) -> None:
        try:
            day = self.value()
        except DateNotUnderstood:
            self._explain(quiet=False)
            return
        if day is not None:
            shown = format_typed(day, self.order)
            if shown != self.edit.text():
                self.edit.setText(shown)  # what was understood, in the field's own shape
        self._explain(quiet=True)

    # ---- the calendar
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            alt_down = event.key() == Qt.Key.Key_Down and bool(
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    def open_calendar(self) -> None:
        if not self.edit.isEnabled() or self.edit.isReadOnly():
            return
        if self.popup is None:
            self.popup = _CalendarPopup(self)
            self.popup.picked.connect(self._picked)
        try:
            shown = self.value() or clock.today()
        except DateNotUnderstood:
            shown = clock.today()
        self.popup.calendar.setSelectedDate(_qdate(shown))
        self.popup.move(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        self.popup.show()
        self.popup.calendar.setFocus()

    def _picked(self, day: date) -> None:
        self.set_value(day)
        self.edit.setFocus()
        self.changed.emit()
