"""Where the Overview's pictures put things, as plain numbers (no Qt), so that the
drawing can be checked against known data and repainting never walks every record.

Each picture's geometry is computed when its Glance or its width changes, never on
paint: a year of 10,000 sessions folds into at most one mark per day and signature
state before any pixel is placed."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.enums import GoalStatus
from app.domain.glance import ActionsByMonth, Gap, GoalBar, Timeline

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class DateScale:
    """Days from ``start`` to ``end`` laid along x from ``left`` to ``right``."""

    start: date
    end: date
    left: float
    right: float

    @property
    def days(self) -> int:
        return max(1, (self.end - self.start).days)

    def x(self, day: date) -> float:
        return self.left + (day - self.start).days / self.days * (self.right - self.left)

    def clamp(self, x: float) -> float:
        return min(max(x, self.left), self.right)


# ---- the timeline


@dataclass(frozen=True)
class DayOfSessions:
    """Every session held on one day with one signature state, folded into one mark."""

    day: date
    signed: bool
    count: int
    record_id: int  # the latest of them (the highest id), which a click opens


def fold_sessions(timeline: Timeline) -> tuple[DayOfSessions, ...]:
    """The sessions as at most one mark per day and state, oldest first: done once per
    Glance, so a redraw or a resize never walks 10,000 sessions."""
    days: dict[tuple[date, bool], DayOfSessions] = {}
    for mark in timeline.sessions:
        key = (mark.held_on, mark.signed)
        seen = days.get(key)
        if seen is None:
            days[key] = DayOfSessions(mark.held_on, mark.signed, 1, mark.record_id)
        else:
            days[key] = DayOfSessions(
                mark.held_on, mark.signed, seen.count + 1, max(seen.record_id, mark.record_id)
            )
    return tuple(sorted(days.values(), key=lambda d: (d.day, d.signed)))


@dataclass(frozen=True)
class Mark:
    x: float
    day: date
    signed: bool
    count: int
    record_id: int


@dataclass(frozen=True)
class Band:
    """The window in which the next meeting is due by the contract: from the shortest
    to the longest agreed interval after the last meeting held."""

    left: float
    right: float
    first: date
    last: date


@dataclass(frozen=True)
class GapSpan:
    left: float
    right: float
    gap: Gap


@dataclass(frozen=True)
class Tick:
    x: float
    month: date  # the first day of the month
    label: str  # "Jan", with the year at January and at the first tick ("Jan 2027")


@dataclass(frozen=True)
class TimelineGeometry:
    scale: DateScale
    marks: tuple[Mark, ...]
    band: Band | None
    gaps: tuple[GapSpan, ...]
    ticks: tuple[Tick, ...]
    today_x: float
    next_meeting_x: float | None
    review_xs: tuple[float, ...]

    def mark_near(self, x: float, reach: float) -> Mark | None:
        """The mark nearest ``x`` within ``reach`` pixels (the latest day on a tie)."""
        best: Mark | None = None
        for mark in self.marks:  # at most two a day over the year shown
            distance = abs(mark.x - x)
            if distance <= reach and (best is None or distance <= abs(best.x - x)):
                best = mark
        return best


def due_window(timeline: Timeline) -> tuple[date, date] | None:
    """When the next meeting is due by the contract, after the last one held."""
    if timeline.agreed is None or not timeline.sessions:
        return None
    last = timeline.sessions[-1].held_on
    return (
        last + timedelta(days=timeline.agreed.shortest_days),
        last + timedelta(days=timeline.agreed.longest_days),
    )


def shown_end(timeline: Timeline) -> date:
    """The last day drawn: the timeline's end, or later to show the whole due window."""
    window = due_window(timeline)
    return max(timeline.end, window[1]) if window else timeline.end


def month_starts(start: date, end: date) -> list[date]:
    """The first day of every month after ``start`` up to ``end``."""
    month = date(start.year, start.month, 1)
    found = []
    while month <= end:
        if month > start:
            found.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return found


def timeline_geometry(
    timeline: Timeline, folded: tuple[DayOfSessions, ...], left: float, right: float
) -> TimelineGeometry:
    scale = DateScale(timeline.start, shown_end(timeline), left, right)
    marks = tuple(Mark(scale.x(d.day), d.day, d.signed, d.count, d.record_id) for d in folded)
    window = due_window(timeline)
    band = None
    if window is not None:
        band = Band(scale.clamp(scale.x(window[0])), scale.x(window[1]), window[0], window[1])
    gaps = tuple(
        GapSpan(scale.clamp(scale.x(g.start)), scale.clamp(scale.x(g.end)), g)
        for g in timeline.gaps
    )
    starts = month_starts(scale.start, scale.end)
    ticks = tuple(
        Tick(
            scale.x(m),
            m,
            f"{MONTHS[m.month - 1]} {m.year}" if m.month == 1 or i == 0 else MONTHS[m.month - 1],
        )
        for i, m in enumerate(starts)
    )
    meeting = timeline.next_meeting
    return TimelineGeometry(
        scale=scale,
        marks=marks,
        band=band,
        gaps=gaps,
        ticks=ticks,
        today_x=scale.x(timeline.today),
        next_meeting_x=scale.x(meeting) if meeting and scale.start <= meeting else None,
        review_xs=tuple(scale.x(d) for d in timeline.review_dates if scale.start <= d),
    )


# ---- the goals

#: How far along a goal's status puts its bar (dropped goals are drawn as an empty,
#: dashed track and say so in words).
PROGRESS: dict[GoalStatus, float] = {
    GoalStatus.NOT_STARTED: 0.0,
    GoalStatus.IN_PROGRESS: 0.5,
    GoalStatus.CARRIED_FORWARD: 0.5,
    GoalStatus.ACHIEVED: 1.0,
    GoalStatus.DROPPED: 0.0,
}
#: The order goals are listed in: what needs attention first.
_GOAL_ORDER = (
    GoalStatus.IN_PROGRESS,
    GoalStatus.NOT_STARTED,
    GoalStatus.CARRIED_FORWARD,
    GoalStatus.ACHIEVED,
    GoalStatus.DROPPED,
)


def goal_order(goals: tuple[GoalBar, ...]) -> tuple[GoalBar, ...]:
    """Overdue goals first, then by status as in _GOAL_ORDER, then by target date."""
    return tuple(
        sorted(
            goals,
            key=lambda g: (
                not g.overdue,
                _GOAL_ORDER.index(g.status),
                g.target or date.max,
                g.title.casefold(),
            ),
        )
    )


@dataclass(frozen=True)
class GoalRow:
    goal: GoalBar
    top: float
    fill: float  # the filled length of the bar, in pixels


def goal_rows(
    goals: tuple[GoalBar, ...], top: float, row_height: float, bar_width: float, limit: int
) -> tuple[GoalRow, ...]:
    """The first ``limit`` goals in goal_order, one row each from ``top`` down."""
    return tuple(
        GoalRow(g, top + i * row_height, PROGRESS[g.status] * bar_width)
        for i, g in enumerate(goal_order(goals)[:limit])
    )


# ---- the actions


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover (the loop always returns)


@dataclass(frozen=True)
class MonthColumn:
    month: date
    label: str
    left: float  # the opened bar's left; the closed bar stands beside it
    bar_width: float
    opened_height: float
    closed_height: float
    opened: int
    closed: int


@dataclass(frozen=True)
class ActionsGeometry:
    columns: tuple[MonthColumn, ...]
    axis_max: int
    baseline: float


def actions_geometry(
    actions: ActionsByMonth, left: float, right: float, baseline: float, height: float
) -> ActionsGeometry:
    """Two bars a month, opened then closed, scaled to a round maximum."""
    most = max((max(m.opened, m.closed) for m in actions.months), default=0)
    axis_max = nice_ceiling(most)
    count = max(1, len(actions.months))
    slot = (right - left) / count
    bar = max(1.0, slot * 0.36)
    columns = []
    for i, month in enumerate(actions.months):
        label = MONTHS[month.month.month - 1]
        columns.append(
            MonthColumn(
                month=month.month,
                label=label,
                left=left + i * slot + (slot - 2 * bar) / 2,
                bar_width=bar,
                opened_height=month.opened / axis_max * height,
                closed_height=month.closed / axis_max * height,
                opened=month.opened,
                closed=month.closed,
            )
        )
    return ActionsGeometry(tuple(columns), axis_max, baseline)
