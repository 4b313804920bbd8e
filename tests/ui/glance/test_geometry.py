"""Where the Overview's pictures put things, from a known Glance, as numbers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.enums import GoalStatus
from app.domain.glance import GoalBar, SessionMark
from app.ui.glance.geometry import (
    actions_geometry,
    fold_sessions,
    goal_order,
    goal_rows,
    month_starts,
    nice_ceiling,
    shown_end,
    timeline_geometry,
)
from tests.ui.glance.sample import START, TODAY, sample_glance

# The due window after the last meeting (2 Nov) runs to 14 Dec: 378 days drawn.
DAYS = (date(2026, 12, 14) - START).days


def test_the_line_runs_to_the_end_of_the_due_window() -> None:
    timeline = sample_glance().timeline
    assert shown_end(timeline) == date(2026, 12, 14)
    assert DAYS == 378


def test_a_mark_sits_at_its_day() -> None:
    timeline = sample_glance().timeline
    geo = timeline_geometry(timeline, fold_sessions(timeline), 100, 100 + DAYS)
    # A pixel a day from x=100.
    assert [m.x for m in geo.marks] == pytest.approx([135, 163, 254, 282, 436])
    assert [m.signed for m in geo.marks] == [True, True, False, True, True]
    assert geo.today_x == pytest.approx(100 + 365)
    assert geo.marks[2].record_id == 12


def test_the_band_is_the_window_the_next_meeting_is_due_in() -> None:
    timeline = sample_glance().timeline
    geo = timeline_geometry(timeline, fold_sessions(timeline), 0, DAYS)
    assert geo.band is not None
    # 2 Nov + 28 days = 30 Nov; + 42 days = 14 Dec.
    assert (geo.band.first, geo.band.last) == (date(2026, 11, 30), date(2026, 12, 14))
    assert (geo.band.left, geo.band.right) == pytest.approx((364, 378))


def test_long_gaps_are_highlighted_between_their_meetings() -> None:
    timeline = sample_glance().timeline
    geo = timeline_geometry(timeline, fold_sessions(timeline), 0, DAYS * 2)  # 2 px a day
    edges = [x for g in geo.gaps for x in (g.left, g.right)]
    assert edges == pytest.approx([126, 308, 364, 672])


def test_month_ticks_are_the_first_days_with_the_year_at_january() -> None:
    timeline = sample_glance().timeline
    geo = timeline_geometry(timeline, fold_sessions(timeline), 0, DAYS)
    assert [t.label for t in geo.ticks][:3] == ["Jan 2026", "Feb", "Mar"]
    assert geo.ticks[0].x == pytest.approx(31)  # 1 Jan is 31 days after 1 Dec
    assert geo.ticks[-1].month == date(2026, 12, 1)
    assert month_starts(date(2026, 1, 1), date(2026, 3, 1)) == [date(2026, 2, 1), date(2026, 3, 1)]


def test_a_year_of_ten_thousand_sessions_folds_to_a_mark_a_day() -> None:
    many = tuple(
        SessionMark(i, TODAY - timedelta(days=i % 365), i % 3 != 0) for i in range(1, 10_001)
    )
    timeline = sample_glance(sessions=many).timeline
    folded = fold_sessions(timeline)
    assert len(folded) == 365 * 2
    assert sum(d.count for d in folded) == 10_000
    latest = max(i for i in range(1, 10_001) if i % 365 == 0 and i % 3 != 0)
    assert next(d for d in folded if d.day == TODAY and d.signed).record_id == latest


def test_a_click_finds_the_nearest_mark_within_reach() -> None:
    timeline = sample_glance().timeline
    geo = timeline_geometry(timeline, fold_sessions(timeline), 0, DAYS)
    assert geo.mark_near(37, 8) is not None and geo.mark_near(37, 8).record_id == 10  # type: ignore[union-attr]
    assert geo.mark_near(80, 8) is None


def test_goal_bars_fill_by_status_overdue_first() -> None:
    rows = goal_rows(sample_glance().goals, top=50, row_height=30, bar_width=200, limit=3)
    assert [r.goal.title for r in rows] == ["Teach FY1s", "Run a QI cycle", "Pass PACES"]
    assert [r.fill for r in rows] == [0, 100, 200]
    assert [r.top for r in rows] == [50, 80, 110]


def test_goals_without_a_target_come_after_those_with_one() -> None:
    goals = (
        GoalBar(1, "b", GoalStatus.IN_PROGRESS, None, False),
        GoalBar(2, "a", GoalStatus.IN_PROGRESS, date(2027, 1, 1), False),
    )
    assert [g.record_id for g in goal_order(goals)] == [2, 1]


def test_action_bars_scale_to_a_round_maximum() -> None:
    actions = sample_glance().actions
    assert actions is not None
    geo = actions_geometry(actions, left=0, right=240, baseline=100, height=50)
    assert geo.axis_max == 5  # the busiest month agreed 4
    may = geo.columns[5]
    assert (may.label, may.opened, may.closed) == ("May", 4, 1)
    assert (may.opened_height, may.closed_height) == pytest.approx((40, 10))
    # Twelve 20-pixel slots, each with two bars 7.2 px wide, centred.
    assert may.left == pytest.approx(5 * 20 + (20 - 14.4) / 2)
    assert may.bar_width == pytest.approx(7.2)


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 1), (1, 1), (3, 5), (5, 5), (7, 10), (11, 20), (240, 500)]
)
def test_nice_ceiling(value: int, ceiling: int) -> None:
    assert nice_ceiling(value) == ceiling


@pytest.mark.parametrize(
    ("days", "long", "short"),
    [
        (42, "6 weeks", "6 wk"),
        (45, "6 weeks 3 days", "6 wk 3 d"),
        (50, "7 weeks 1 day", "7 wk 1 d"),
    ],
)
def test_a_gap_says_its_weeks_and_days(days: int, long: str, short: str) -> None:
    from app.ui.glance.timeline_view import weeks_and_days

    assert (weeks_and_days(days), weeks_and_days(days, short=True)) == (long, short)
