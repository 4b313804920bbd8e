"""The relationship at a glance: what the Overview's pictures and the pack's cover
draw, as plain data.

app/services/glance_builder.py builds a Glance from a portfolio; the Overview (Qt painting,
app/ui) and the pack's cover (ReportLab graphics, app/printing) draw the same Glance,
and describe() in app/services/glance_builder.py says it in words for screen readers. Nothing
here reads the clock or the store: every date is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from app.domain.enums import ActionStatus, GoalStatus
from app.domain.frequency import Frequency


@dataclass(frozen=True)
class SessionMark:
    """One session on the timeline."""

    record_id: int
    held_on: date
    signed: bool  # signed by mentor and mentee (its latest signed version counts)


@dataclass(frozen=True)
class Gap:
    """Time between two consecutive meetings (or between the last one and today) that
    is longer than the contract agreed: longer than the agreed interval's upper end."""

    start: date  # the earlier meeting
    end: date  # the later meeting, or today when still open
    days: int
    open: bool  # True when no meeting has ended it yet (runs to today)


@dataclass(frozen=True)
class Timeline:
    """The last 12 months of meetings, with what lies ahead."""

    start: date  # first day shown (today, 12 months earlier)
    today: date
    end: date  # last day shown: today, or later when a next meeting or review lies ahead
    sessions: tuple[SessionMark, ...]  # oldest first, only those in [start, today]
    agreed: Frequency | None  # None when the contract says nothing readable
    gaps: tuple[Gap, ...]  # only gaps longer than agreed; empty when agreed is None
    next_meeting: date | None
    review_dates: tuple[date, ...]  # contract review / next appraisal dates in [start, end]
    appraisal: date | None = None  # the mentee's next appraisal (also in review_dates)

    def date_name(self, day: date) -> str:
        """What a day among review_dates is: "Appraisal" or "Review"."""
        return "Appraisal" if day == self.appraisal else "Review"


@dataclass(frozen=True)
class GoalBar:
    """One goal, as a bar: its status decides the fill, its target date is marked."""

    record_id: int
    title: str
    status: GoalStatus
    target: date | None
    overdue: bool  # target passed and status neither achieved nor dropped


@dataclass(frozen=True)
class MonthOfActions:
    month: date  # the first day of the month
    opened: int  # actions agreed at a session held that month
    closed: int  # actions done or dropped that month


@dataclass(frozen=True)
class OverdueAction:
    record_id: int
    description: str
    due: date
    status: ActionStatus


@dataclass(frozen=True)
class ActionsByMonth:
    months: tuple[MonthOfActions, ...]  # the 12 months ending with today's, oldest first
    open_now: int
    overdue: tuple[OverdueAction, ...]  # most overdue first


class PromptKind(StrEnum):
    MEETINGS_TOO_FAR_APART = "meetings_too_far_apart"  # two gaps in a row over agreed
    REVIEW_DUE = "review_due"  # the contract's review date has passed


@dataclass(frozen=True)
class LifecyclePrompt:
    """Something the Overview says about the contract, with the next step offered."""

    kind: PromptKind
    sentence: str  # one plain sentence, names isolated for direction
    since: date  # when it became true (the review date, the second long gap's start)


@dataclass(frozen=True)
class Glance:
    today: date
    timeline: Timeline
    goals: tuple[GoalBar, ...] = ()
    actions: ActionsByMonth | None = None
    prompts: tuple[LifecyclePrompt, ...] = field(default_factory=tuple)
    # Whose relationship this is (None: the portfolio has none yet), for the cards'
    # links and the prompts' next steps.
    relationship_id: int | None = None
    mentor: str = ""  # the mentor's name as typed (isolate it in a sentence)
    contract_id: int | None = None  # the relationship's contract, if it has one

    def prompt(self, kind: PromptKind) -> LifecyclePrompt | None:
        """The prompt of that kind, if the Overview has one to show."""
        return next((p for p in self.prompts if p.kind is kind), None)
