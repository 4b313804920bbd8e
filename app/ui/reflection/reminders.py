"""Review reminders for the Overview: the next meeting and the contract's review points,
as overdue, due (within two weeks) or upcoming."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.domain import clock
from app.services.portfolio import Portfolio
from app.services.reviews import DueItem, due_items
from app.ui.look import set_tone

_STATE_TEXT = {"overdue": "Overdue", "due": "Due soon", "upcoming": "Coming up"}
#: Tones of app/ui/look.py; the words ("Overdue: ...") say the state without colour.
_STATE_TONE = {"overdue": "error", "due": "due", "upcoming": None}


def describe(item: DueItem, today: date) -> str:
    days = (item.on - today).days
    when = (
        "today"
        if days == 0
        else f"{-days} day{'s' if days != -1 else ''} ago"
        if days < 0
        else f"in {days} day{'s' if days != 1 else ''}"
    )
    return f"{_STATE_TEXT[item.state]}: {item.label}, {item.on.day} {item.on:%B %Y} ({when})"


class ReviewReminders(QWidget):
    """Call refresh() whenever sessions, contracts or relationships change."""

    def __init__(
        self, portfolio: Portfolio, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self._today = today
        title = QLabel("Meetings and reviews")
        title.setStyleSheet("font-weight: 600;")
        self._rows = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addLayout(self._rows)
        self.lines: list[str] = []
        self.refresh()

    def refresh(self) -> None:
        today = self._today or clock.today()
        while self._rows.count():
            row = self._rows.takeAt(0)
            widget = row.widget() if row is not None else None
            if widget is not None:
                widget.deleteLater()
        items = due_items(self.portfolio, today)
        self.lines = [describe(item, today) for item in items] or [
            "Nothing due: no next meeting or review date is set for an active relationship."
        ]
        shown: list[DueItem | None] = [*items] if items else [None]
        for item, line in zip(shown, self.lines, strict=True):
            label = QLabel(line)
            label.setWordWrap(True)
            if item is not None:
                set_tone(label, _STATE_TONE[item.state])
            self._rows.addWidget(label)
