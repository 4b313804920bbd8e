"""What an amendment changed, in words: the fields of the record, its parts added,
removed or changed, and the parties' names, compared over signed content alone."""

from __future__ import annotations

from datetime import date

from app.domain.enums import RecordKind
from app.domain.record_types import Action, Goal, SessionRecord
from app.services.version_changes import changed

SESSION = SessionRecord(id=3, relationship_id=1, held_on=date(2026, 2, 3), location="Room 1")
ACTIONS = [Action(id=1, description="Read"), Action(id=2, description="Write")]


def _session(**content: object) -> dict[str, object]:
    return {"session": SESSION, "actions": ACTIONS, "mentor": "Dr Evans", **content}


def test_the_same_content_has_no_changes() -> None:
    assert changed(RecordKind.SESSION, _session(), _session()) == []


def test_fields_parts_and_names_are_named_in_the_form_order() -> None:
    after = _session(
        session=SessionRecord(id=3, relationship_id=1, held_on=date(2026, 2, 4), location="Room 7"),
        actions=[Action(id=1, description="Read twice"), Action(id=9, description="New")],
        mentor="Dr Ruth Evans",
    )
    said = changed(RecordKind.SESSION, _session(), after)
    assert said[0] == "Date" and "Location" in said
    assert "Actions (1 added, 1 removed, 1 changed)" in said
    assert said[-1] == "Mentor's name"


def test_a_goals_plan_names_its_goals() -> None:
    before = {"goals": [Goal(id=1, title="Teach"), Goal(id=2, title="Lead")]}
    after = {"goals": [Goal(id=1, title="Teach"), Goal(id=2, title="Lead a QI project")]}
    assert changed(RecordKind.GOALS_PLAN, before, after) == ["Goals (1 changed)"]
