"""The Overview page: what needs attention now."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.domain import clock
from app.domain.bidi import isolate
from app.domain.enums import GoalStatus, RecordKind
from app.domain.errors import KnownError
from app.domain.record_types import Action, Goal, Mentor
from app.services import profile, records, reviews, sessions
from app.services.glance_builder import build_glance
from app.services.records import RecordFilter
from app.ui.common import format_date
from app.ui.look import set_role, set_tone
from app.ui.sections.base import Section, SectionContext


def _card(title: str) -> tuple[QGroupBox, QLabel]:
    box = QGroupBox(title)
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setAccessibleName(title)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    QVBoxLayout(box).addWidget(label)
    return box, label


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _user(text: str) -> str:
    """A user's text put into a sentence: escaped, and isolated so that its direction
    never reorders the words around it."""
    return _esc(isolate(text))


def _say(label: QLabel, html: str) -> None:
    """Show English sentences in a rich-text label, left to right: Qt's rich text takes
    a paragraph's direction from its first letter even inside an isolate, so a line
    that starts with a right-to-left name would turn the whole line around."""
    label.setText(f'<div dir="ltr">{html}</div>')
    # A screen reader gives a label's accessible name instead of its text: the card's
    # words go in its description, so Orca reads the title, then what it says.
    document = QTextDocument()
    document.setHtml(html)
    label.setAccessibleDescription(document.toPlainText())


class OverviewSection(Section):
    title = "Overview"
    kinds = ()

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.RichText)  # its names are escaped
        self.warning.setAccessibleName("Line manager warning")
        set_tone(self.warning, "warning")
        self.cards: dict[str, QLabel] = {}
        grid = QGridLayout()
        names = [
            "Next meeting",
            "Next appraisal",
            "Actions",
            "Goals",
            "Signatures",
            "Recent sessions",
        ]
        from app.ui.signing.overview import SigningOverview

        # Every signature status at a glance, with Verify and the portfolio's History.
        self.signatures = SigningOverview(context.portfolio)
        self.signatures.title.hide()
        for i, name in enumerate(names):
            if name == "Signatures":
                box = QGroupBox(name)
                QVBoxLayout(box).addWidget(self.signatures)
            else:
                box, self.cards[name] = _card(name)
            grid.addWidget(box, i // 2, i % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        page = QWidget()
        layout = QVBoxLayout(page)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        set_role(self.heading, "title")
        layout.addWidget(self.heading)
        layout.addWidget(self.warning)
        from app.ui.reflection.reminders import ReviewReminders

        self.reminders = ReviewReminders(context.portfolio)
        self.reminders.setAccessibleName("Meetings and reviews due")
        layout.addWidget(self.reminders)
        from app.ui.sections.lifecycle_prompts import LifecyclePrompts

        # Meetings too far apart, a review passed: said, with the next step (issue 21).
        self.prompts = LifecyclePrompts(context.portfolio)
        self.prompts.open_contract.connect(lambda i: self.open_record.emit(RecordKind.CONTRACT, i))
        layout.addWidget(self.prompts)
        from app.ui.safekeeping.status_line import BackupStatusLine

        self.backup_line = BackupStatusLine(context.portfolio)
        layout.addWidget(self.backup_line)
        from app.ui.glance.pictures import GlancePictures

        # The relationship at a glance; each picture opens the records behind it.
        self.pictures = GlancePictures()
        self.pictures.opened.connect(self.open_record.emit)
        layout.addWidget(self.pictures)
        layout.addLayout(grid)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()

    def refresh(self) -> None:
        if hasattr(self, "reminders"):
            self.reminders.refresh()
            self.backup_line.refresh()
        try:
            self._fill(clock.today())
        except KnownError as err:
            _say(self.heading, _esc(err.message))

    def _fill(self, today: date) -> None:
        portfolio = self.context.portfolio
        # One glance for the pictures and the prompts: built once a refresh.
        glance = build_glance(portfolio, today)
        self.pictures.set_glance(glance)
        self.prompts.show_glance(glance)
        owner = profile.get_owner(portfolio)
        _say(self.heading, f"Welcome, {_user(owner.name)}" if owner.name else "Overview")
        line_managers = [
            m.name for m in records.list_records(portfolio, Mentor) if m.is_line_manager
        ]
        _say(
            self.warning,
            "⚠ "
            + ", ".join(_user(n) for n in line_managers)
            + (" is" if len(line_managers) == 1 else " are")
            + " also your line manager. Keep mentoring and line management"
            " separate, and agree how in your contract.",
        )
        self.warning.setVisible(bool(line_managers))
        meeting = reviews.next_meeting(portfolio, today)
        if meeting is not None:
            days = (meeting.on - today).days
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            _say(
                self.cards["Next meeting"],
                f"<b>{format_date(meeting.on)}</b> ({when})<br>{_esc(meeting.label)}",
            )
        else:
            _say(
                self.cards["Next meeting"],
                "No meeting booked. Add the next date to your latest session.",
            )
        if owner.next_appraisal_date is not None:
            days = (owner.next_appraisal_date - today).days
            text = f"<b>{format_date(owner.next_appraisal_date)}</b>: " + (
                f"{days} days to go" if days >= 0 else f"{-days} days ago"
            )
        else:
            text = "No appraisal date set. Add it on the Appraisal page."
        _say(self.cards["Next appraisal"], text)
        # Counted, not loaded: only the five most overdue actions are read.
        open_count = records.count_records(portfolio, Action, RecordFilter(open_only=True))
        overdue_only = RecordFilter(open_only=True, date_to=today - timedelta(days=1))
        overdue_count = records.count_records(portfolio, Action, overdue_only)
        overdue = records.list_records(portfolio, Action, replace(overdue_only, limit=5))
        lines = [f"<b>{open_count}</b> open, <b>{overdue_count}</b> overdue"]
        lines += [f"⚠ {_user(a.description)} (due {format_date(a.due_date)})" for a in overdue]
        _say(self.cards["Actions"], "<br>".join(lines))
        goals = records.list_records(portfolio, Goal)
        counts: dict[GoalStatus, int] = {}
        for goal in goals:
            counts[goal.status] = counts.get(goal.status, 0) + 1
        achieved = counts.get(GoalStatus.ACHIEVED, 0)
        parts = [f"<b>{achieved}</b> of <b>{len(goals)}</b> achieved"]
        parts += [
            f"{status.label}: {n}" for status, n in counts.items() if status != GoalStatus.ACHIEVED
        ]
        _say(self.cards["Goals"], "<br>".join(parts) if goals else "No goals yet.")
        self.signatures.refresh()
        recent = [
            f"{format_date(s.held_on)}: {_user(s.topics[:60])}"
            for s in sessions.held(portfolio, limit=3)
        ]
        _say(self.cards["Recent sessions"], "<br>".join(recent) or "No sessions yet.")

    @property
    def watches(self) -> frozenset[RecordKind]:
        return frozenset(RecordKind)  # what needs attention, across everything

    def show_record(self, kind: RecordKind, record_id: int) -> None:
        pass

    def has_unsaved_changes(self) -> bool:
        return False

    def save_changes(self) -> bool:
        return True

    def take_draft(self) -> Any:
        return None

    def restore_draft(self, draft: Any) -> None:
        pass
