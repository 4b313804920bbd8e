"""A Glance built by hand with round numbers, so each picture's geometry can be
worked out on paper: a year of 365 days drawn across 365 pixels is a pixel a day."""

from __future__ import annotations

from datetime import date

from app.domain.enums import ActionStatus, GoalStatus
from app.domain.frequency import Frequency, FrequencyUnit
from app.domain.glance import (
    ActionsByMonth,
    Gap,
    Glance,
    GoalBar,
    MonthOfActions,
    OverdueAction,
    SessionMark,
    Timeline,
)

TODAY = date(2026, 12, 1)
START = date(2025, 12, 1)  # 365 days before TODAY
HELD = (date(2026, 1, 5), date(2026, 2, 2), date(2026, 5, 4), date(2026, 6, 1), date(2026, 11, 2))
AGREED = Frequency(FrequencyUnit.WEEKS, 4, 6)  # 28 to 42 days


def sample_glance(
    sessions: tuple[SessionMark, ...] | None = None, goals: tuple[GoalBar, ...] | None = None
) -> Glance:
    marks = sessions or tuple(SessionMark(10 + i, d, i != 2) for i, d in enumerate(HELD))
    timeline = Timeline(
        start=START,
        today=TODAY,
        end=TODAY,  # nothing booked ahead: the due window (to 14 Dec) lengthens the line
        sessions=marks,
        agreed=AGREED,
        gaps=(
            Gap(date(2026, 2, 2), date(2026, 5, 4), 91, False),
            Gap(date(2026, 6, 1), date(2026, 11, 2), 154, False),
        ),
        next_meeting=None,
        review_dates=(),
    )
    months = tuple(
        MonthOfActions(date(2025 + (m < 12), m, 1), opened, closed)
        for m, opened, closed in (
            (12, 0, 0),
            (1, 3, 0),
            (2, 2, 1),
            (3, 0, 2),
            (4, 0, 0),
            (5, 4, 1),
            (6, 1, 3),
            (7, 0, 1),
            (8, 0, 0),
            (9, 0, 0),
            (10, 0, 0),
            (11, 2, 1),
        )
    )
    overdue = (
        OverdueAction(41, "Book protected QI time", date(2026, 9, 1), ActionStatus.OPEN),
        OverdueAction(42, "Send feedback forms", date(2026, 11, 20), ActionStatus.IN_PROGRESS),
    )
    return Glance(
        today=TODAY,
        timeline=timeline,
        goals=goals
        or (
            GoalBar(1, "Pass PACES", GoalStatus.ACHIEVED, date(2026, 6, 1), False),
            GoalBar(2, "Run a QI cycle", GoalStatus.IN_PROGRESS, date(2027, 3, 1), False),
            GoalBar(3, "Teach FY1s", GoalStatus.NOT_STARTED, date(2026, 10, 1), True),
            GoalBar(4, "Write for the bulletin", GoalStatus.DROPPED, None, False),
        ),
        actions=ActionsByMonth(months, open_now=5, overdue=overdue),
        relationship_id=1,
        mentor="Dr Ada",
    )
