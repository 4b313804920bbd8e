"""The Overview says when meetings have been further apart than agreed twice in a row,
or the contract's review date has passed, and offers the next step: an .ics to book a
meeting, the contract to review."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.domain.enums import RecordKind
from app.domain.record_types import Contract, Mentor, Relationship, SessionRecord
from app.services import records
from app.services.portfolio import Portfolio
from app.ui.sections.base import SectionContext
from app.ui.sections.lifecycle_prompts import BOOK, REVIEW, LifecyclePrompts
from app.ui.sections.overview_page import OverviewSection

TODAY = "2026-11-30"


def _overdue_contract(portfolio: Portfolio) -> int:
    """Agreed every 4 weeks (28 days); met 1 June, 1 August (61 days), 1 October (61);
    open since then (60 days to 30 November); review date 1 November: passed."""
    mentor = records.save(portfolio, Mentor(name="Dr Ngozi Adébáyọ̀"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 5, 1)))
    contract = records.save(
        portfolio,
        Contract(
            relationship_id=rel.id,
            frequency="Every 4 weeks",
            agreed_frequency="every 4 weeks",
            review_date=date(2026, 11, 1),
        ),
    )
    for on in (date(2026, 6, 1), date(2026, 8, 1), date(2026, 10, 1)):
        records.save(portfolio, SessionRecord(relationship_id=rel.id, held_on=on, topics="Rota"))
    assert contract.id is not None
    return contract.id


def _button(widget: Any, text: str) -> Any:
    found = [b for b in widget.findChildren(type(widget.buttons()[0])) if b.text() == text]
    assert len(found) == 1, [b.text() for b in widget.buttons()]
    return found[0]


@pytest.mark.today(TODAY)
def test_the_overview_says_it_and_opens_the_contract(qtbot: Any, portfolio: Portfolio) -> None:
    contract_id = _overdue_contract(portfolio)
    overview = OverviewSection(SectionContext(portfolio))
    qtbot.addWidget(overview)
    overview.show()
    prompts = overview.prompts
    assert prompts.isVisible()
    assert sorted(b.text() for b in prompts.buttons()) == [BOOK, REVIEW]
    said = " ".join(label.text() for label in prompts.findChildren(type(overview.heading)))
    assert "61 then 60 days and counting, where the contract says every 4 weeks." in said
    assert "due for review on 1 November 2026" in said
    review = _button(prompts, REVIEW)
    review.setFocus()
    with qtbot.waitSignal(overview.open_record) as opened:
        qtbot.keyClick(review, Qt.Key.Key_Space)
    assert opened.args == [RecordKind.CONTRACT, contract_id]


@pytest.mark.today(TODAY)
def test_book_a_meeting_saves_an_ics(qtbot: Any, portfolio: Portfolio, tmp_path: Path) -> None:
    _overdue_contract(portfolio)
    asked: list[date] = []

    def ask_day(suggested: date, _parent: object) -> date:
        asked.append(suggested)
        return date(2026, 12, 9)

    prompts = LifecyclePrompts(
        portfolio, ask_day=ask_day, choose_path=lambda *_: tmp_path / "meeting"
    )
    qtbot.addWidget(prompts)
    prompts.refresh()
    _button(prompts, BOOK).click()
    assert asked == [date(2026, 12, 7)]
    text = (tmp_path / "meeting.ics").read_text(encoding="utf-8")
    assert "DTSTART;VALUE=DATE:20261209" in text and "SUMMARY:Mentoring meeting" in text
    assert text.count("BEGIN:VEVENT") == 1 and "Ngozi" not in text
    assert (tmp_path / "meeting.ics").stat().st_mode & 0o777 == 0o600
    assert "9 December 2026" in prompts.status.text()


@pytest.mark.today(TODAY)
def test_nothing_to_say_nothing_shown(qtbot: Any, portfolio: Portfolio) -> None:
    prompts = LifecyclePrompts(portfolio)
    qtbot.addWidget(prompts)
    prompts.refresh()
    assert prompts.isHidden() and prompts.buttons() == []
