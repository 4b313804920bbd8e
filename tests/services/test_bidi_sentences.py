"""Sentences the services build for the window hold a user's text isolated (FSI ...
PDI), so a right-to-left name never reorders the English around it; what is stored,
exported and searched holds the raw text, with no marks (issue 16, found in review)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.domain.bidi import FSI, PDI, isolate
from app.domain.record_types import Mentor, Relationship, SessionRecord
from app.services import records, reviews, search
from app.services.export_json import export_to_file
from app.services.portfolio import Portfolio

NAMES = ["د. ليلى حداد", "ד״ר נועה 2", "Dr Ада 3 حداد"]


def _relationship_with(portfolio: Portfolio, name: str) -> Relationship:
    mentor = records.save(portfolio, Mentor(name=name))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2027, 1, 4)))
    records.save(
        portfolio,
        SessionRecord(
            relationship_id=rel.id,
            held_on=date(2027, 2, 3),
            next_meeting=date(2027, 3, 1),
            topics=f"Talked with {name} about rotas",
        ),
    )
    return rel


def _outside(sentence: str, name: str) -> str:
    """The sentence with the isolated name taken out: what the reader reads as English."""
    assert isolate(name) in sentence, sentence
    return sentence.replace(isolate(name), "<name>")


@pytest.mark.today("2027-02-20")  # the session of 3 February 2027 has been held
@pytest.mark.parametrize("name", NAMES)
def test_due_items_isolate_the_mentors_name(portfolio: Portfolio, name: str) -> None:
    _relationship_with(portfolio, name)
    items = reviews.due_items(portfolio, date(2027, 2, 20))
    labels = {item.what: item.label for item in items}
    assert _outside(labels[reviews.MEETING], name) == "Next meeting with <name>"
    assert _outside(labels[reviews.REVIEW], name) == "Review of the mentoring with <name>"
    meeting = reviews.next_meeting(portfolio, date(2027, 2, 20))
    assert meeting is not None and _outside(meeting.label, name) == "Next meeting with <name>"


@pytest.mark.today("2027-02-20")
def test_no_marks_in_stored_data_exports_or_search(portfolio: Portfolio, tmp_path: Path) -> None:
    name = NAMES[0]
    _relationship_with(portfolio, name)
    reviews.due_items(portfolio, date(2027, 2, 20))
    (mentor,) = records.list_records(portfolio, Mentor)
    assert mentor.name == name
    out = tmp_path / "export.json"
    export_to_file(portfolio, out)
    text = out.read_text(encoding="utf-8")
    assert name in json.dumps(json.loads(text), ensure_ascii=False)
    assert FSI not in text and PDI not in text and "\\u2068" not in text
    hits = search.search(portfolio, "rotas")
    assert hits
    for hit in hits:
        for value in vars(hit).values():
            assert FSI not in str(value) and PDI not in str(value)
