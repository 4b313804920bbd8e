"""The Overview shows what the services say: its next meeting is the soonest meeting
reviews.due_items lists (active relationships only, done once a session is held)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from app.domain.bidi import isolate
from app.domain.enums import RelationshipStatus
from app.domain.record_types import Mentor, Relationship, SessionRecord
from app.services import records, reviews
from app.services.portfolio import Portfolio
from app.ui.sections.base import SectionContext
from app.ui.sections.overview_page import OverviewSection


@pytest.mark.today("2026-06-01")
def test_the_next_meeting_is_the_services(qtbot: Any, portfolio: Portfolio) -> None:
    ada = records.save(portfolio, Mentor(name="Dr Ada"))
    ben = records.save(portfolio, Mentor(name="Dr Ben"))
    ended = records.save(portfolio, Relationship(mentor_id=ada.id))
    active = records.save(portfolio, Relationship(mentor_id=ben.id))
    # The ended relationship's last session booked a meeting that will never happen.
    records.save(
        portfolio,
        SessionRecord(
            topics="Catch-up",
            relationship_id=ended.id,
            held_on=date(2026, 4, 20),
            next_meeting=date(2026, 6, 3),
        ),
    )
    records.save(
        portfolio,
        replace(ended, status=RelationshipStatus.ENDED, end_date=date(2026, 5, 1)),
    )
    # The active one met on 20 May, planning 15 June; an older session planned 2 June,
    # which is not the next meeting any more.
    records.save(
        portfolio,
        SessionRecord(
            topics="Catch-up",
            relationship_id=active.id,
            held_on=date(2026, 4, 1),
            next_meeting=date(2026, 6, 2),
        ),
    )
    records.save(
        portfolio,
        SessionRecord(
            topics="Catch-up",
            relationship_id=active.id,
            held_on=date(2026, 5, 20),
            next_meeting=date(2026, 6, 15),
        ),
    )
    overview = OverviewSection(SectionContext(portfolio))
    qtbot.addWidget(overview)
    soonest = reviews.next_meeting(portfolio)
    assert soonest is not None and soonest.on == date(2026, 6, 15)
    shown = overview.cards["Next meeting"].text()
    assert "15/06/2026" in shown and "in 14 days" in shown and "Dr Ben" in shown
    assert "03/06/2026" not in shown and "02/06/2026" not in shown


@pytest.mark.today("2026-06-01")
def test_no_meeting_booked_when_none_is_due(qtbot: Any, portfolio: Portfolio) -> None:
    ada = records.save(portfolio, Mentor(name="Dr Ada"))
    paused = records.save(
        portfolio, Relationship(mentor_id=ada.id, status=RelationshipStatus.PAUSED)
    )
    records.save(
        portfolio,
        SessionRecord(
            topics="Catch-up",
            relationship_id=paused.id,
            held_on=date(2026, 5, 1),
            next_meeting=date(2026, 7, 1),
        ),
    )
    overview = OverviewSection(SectionContext(portfolio))
    qtbot.addWidget(overview)
    assert reviews.next_meeting(portfolio) is None
    assert "No meeting booked" in overview.cards["Next meeting"].text()


def test_the_overview_shows_every_signature_status(qtbot: Any, portfolio: Portfolio) -> None:
    from PySide6.QtWidgets import QPushButton

    from app.domain.enums import RecordKind
    from app.domain.record_types import Contract
    from app.services.signing import lifecycle

    ada = records.save(portfolio, Mentor(name="Dr Ada"))
    rel = records.save(portfolio, Relationship(mentor_id=ada.id))
    contract = records.save(portfolio, Contract(relationship_id=rel.id, boundaries="None"))
    overview = OverviewSection(SectionContext(portfolio))
    qtbot.addWidget(overview)
    assert "Nothing has been prepared for signing yet" in overview.signatures.summary.text()
    lifecycle.mark_ready(portfolio, RecordKind.CONTRACT, contract.id)
    overview.refresh()
    assert "1 ready to sign" in overview.signatures.summary.text()
    buttons = [b.text() for b in overview.signatures.findChildren(QPushButton)]
    assert buttons == ["&Verify a printed page…", "&History…"]


def test_the_help_menu_verifies_and_shows_history(window: Any) -> None:
    help_menu = next(
        action.menu() for action in window.menuBar().actions() if action.text() == "&Help"
    )
    texts = [action.text() for action in help_menu.actions()]
    assert "&Verify a printed page…" in texts and "Portfolio &history…" in texts


@pytest.mark.today("2026-06-10")
def test_the_actions_card_counts_open_and_overdue_actions(qtbot: Any, portfolio: Portfolio) -> None:
    from datetime import timedelta

    from app.domain.enums import ActionStatus
    from app.domain.record_types import Action

    today = date(2026, 6, 10)
    for days in range(1, 7):  # six overdue, the oldest first on the card
        records.save(
            portfolio, Action(description=f"Late {days}", due_date=today - timedelta(days=days))
        )
    records.save(portfolio, Action(description="Due today", due_date=today))
    records.save(portfolio, Action(description="No date"))
    records.save(
        portfolio,
        Action(
            description="Done late",
            due_date=today - timedelta(days=9),
            status=ActionStatus.DONE,
            completed_on=today,
        ),
    )
    overview = OverviewSection(SectionContext(portfolio))
    qtbot.addWidget(overview)
    shown = overview.cards["Actions"].text()
    # One English paragraph, each action's own text isolated (FSI ... PDI).
    text = shown.removeprefix('<div dir="ltr">').removesuffix("</div>")
    assert text != shown
    assert text.startswith("<b>8</b> open, <b>6</b> overdue")
    assert [line.split(" (")[0] for line in text.split("<br>")[1:]] == [
        f"⚠ {isolate('Late 6')}",
        f"⚠ {isolate('Late 5')}",
        f"⚠ {isolate('Late 4')}",
        f"⚠ {isolate('Late 3')}",
        f"⚠ {isolate('Late 2')}",
    ]
