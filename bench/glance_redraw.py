"""The Overview's pictures redrawn for a 10,000-session year: the three cards painted
into an image at 1366 pixels wide, against the same cards painting an empty Glance
(frame, titles, legends, axes) in the same run as the floor.

All the sessions fall inside the year the timeline shows, which is the worst case for
the painting (a decade portfolio has a tenth of them there). Preparing the pictures
for a new Glance (folding the sessions to a mark a day, placing them, and the first
paint, which draws the marks once for the paints after it) is timed and reported too,
and so is build_glance on the benchmark portfolio, which the Overview calls on refresh."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

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
from bench.timing import repeat

WIDTH, HEIGHT = 1366, 640


def busy_glance(sessions: int, today: date) -> Glance:
    """``sessions`` sessions spread over the last year, a gap, goals and actions."""
    start = today - timedelta(days=365)
    marks = tuple(
        SessionMark(i + 1, start + timedelta(days=(i * 365) // sessions), i % 4 != 0)
        for i in range(sessions)
    )
    months = []
    month = date(start.year, start.month, 1)
    for i in range(12):
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        months.append(MonthOfActions(month, 40 + i, 35 + i))
    statuses = list(GoalStatus)
    return Glance(
        today=today,
        timeline=Timeline(
            start=start,
            today=today,
            end=today + timedelta(days=30),
            sessions=marks,
            agreed=Frequency(FrequencyUnit.WEEKS, 4, 6),
            gaps=tuple(
                Gap(start + timedelta(days=d), start + timedelta(days=d + 50), 50, False)
                for d in (60, 200)
            ),
            next_meeting=today + timedelta(days=10),
            review_dates=(today + timedelta(days=30),),
        ),
        goals=tuple(
            GoalBar(i, f"Goal {i}", statuses[i % len(statuses)], today, i % 3 == 0)
            for i in range(1, 41)
        ),
        actions=ActionsByMonth(
            tuple(months),
            open_now=120,
            overdue=tuple(
                OverdueAction(i, f"Action {i}", today - timedelta(days=i), ActionStatus.OPEN)
                for i in range(1, 61)
            ),
        ),
        relationship_id=1,
        mentor="Dr Ada",
    )


def empty_glance(today: date) -> Glance:
    start = today - timedelta(days=365)
    timeline = Timeline(start, today, today, (), None, (), None, ())
    months = ActionsByMonth(
        tuple(MonthOfActions(date(2000, m, 1), 0, 0) for m in range(1, 13)), 0, ()
    )
    return Glance(today=today, timeline=timeline, actions=months, relationship_id=1)


def from_portfolio(path: Path, reps: int) -> dict[str, Any]:
    """build_glance on the benchmark portfolio (what the Overview asks on each refresh)."""
    from app.services.glance_builder import build_glance
    from bench.probes import data_key, open_raw

    portfolio = open_raw(path, data_key(path))
    try:
        built = repeat(lambda: build_glance(portfolio), reps)
        glance = build_glance(portfolio)
    finally:
        portfolio.lock()
    return {"build": built.to_json(), "year_sessions": len(glance.timeline.sessions)}


def redraw(reps: int, sessions: int, path: Path | None = None) -> dict[str, Any]:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from app.ui.glance.pictures import GlancePictures
    from app.ui.look import keep_look

    app = QApplication.instance() or QApplication([])
    keep_look(app)  # type: ignore[arg-type]
    today = date.today()
    busy, empty = busy_glance(sessions, today), empty_glance(today)
    pictures = {"busy": GlancePictures(), "empty": GlancePictures()}
    pictures["busy"].set_glance(busy)
    pictures["empty"].set_glance(empty)
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
    for widget in pictures.values():
        widget.resize(WIDTH, HEIGHT)
        widget.show()
    app.processEvents()

    def paint(name: str) -> None:
        pictures[name].render(image)

    samples: dict[str, list[float]] = {"busy": [], "empty": []}
    for _ in range(reps):  # interleaved, so a busy moment hits floor and picture alike
        for name in samples:
            samples[name] += repeat(partial(paint, name), 3).values

    def change() -> None:  # a new Glance, then its first paint (which draws the marks)
        pictures["busy"].set_glance(busy)
        paint("busy")

    prepare = repeat(change, reps)
    result = from_portfolio(path, reps) if path is not None else {}
    return result | {
        "redraw": samples["busy"],
        "floor": samples["empty"],
        "prepare": prepare.to_json(),
        "sessions": sessions,
        "marks": len(pictures["busy"].timeline_view.folded),
    }
