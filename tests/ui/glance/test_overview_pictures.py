"""The Overview shows the pictures of the portfolio's own relationship, and a click
on one leads to the records behind it in the main window."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from app.domain.record_types import Contract, Goal, Mentor, Relationship, SessionRecord
from app.services import records
from app.services.portfolio import Portfolio
from app.ui.main_window import MainWindow
from app.ui.sections.overview_page import OverviewSection


def met(portfolio: Portfolio) -> list[int]:
    mentor = records.save(portfolio, Mentor(name="Dr Ada"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id))
    records.save(
        portfolio,
        Contract(
            relationship_id=rel.id,
            frequency="Every 4 to 6 weeks",
            agreed_frequency="every 4 to 6 weeks",
        ),
    )
    records.save(portfolio, Goal(relationship_id=rel.id, title="Pass PACES"))
    return [
        records.save(
            portfolio, SessionRecord(relationship_id=rel.id, held_on=date(2026, m, 3), topics="t")
        ).id
        for m in (2, 3, 7)
    ]


@pytest.mark.today("2026-09-01")
def test_a_click_on_a_session_mark_opens_that_session(
    qtbot: Any, portfolio: Portfolio, window: MainWindow
) -> None:
    ids = met(portfolio)
    window.go_to(0)
    overview = window.sections[0]
    assert isinstance(overview, OverviewSection)
    overview.refresh()
    timeline = overview.pictures.timeline_view
    qtbot.waitUntil(lambda: timeline.isVisible() and timeline.geometry_ is not None)
    marks = timeline.geometry_.marks  # type: ignore[union-attr]
    assert [m.record_id for m in marks] == ids
    # March to July was longer than 6 weeks, and so is the open one since July.
    gaps = timeline.geometry_.gaps  # type: ignore[union-attr]
    assert [(g.gap.start, g.gap.open) for g in gaps] == [
        (date(2026, 3, 3), False),
        (date(2026, 7, 3), True),
    ]
    assert "Dr Ada" in overview.pictures.accessibleDescription()
    middle = timeline.lane_top(timeline.picture_area()) + 17
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(marks[1].x), middle))
    section = window.current_section()
    assert section is not None and section.title == "Sessions"
    shown = [getattr(w, "loaded", None) for w in [section, *section.findChildren(object)]]
    assert any(getattr(r, "id", None) == ids[1] for r in shown)
    window.go_to(0)
    overview.pictures.goals_view.setFocus()
    qtbot.keyClick(overview.pictures.goals_view, Qt.Key.Key_Return)
    assert window.current_section().title == "Goals"  # type: ignore[union-attr]
