"""Create, edit, delete, list, filter and search every record kind."""

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from app.domain.enums import ActionOwner, ActionStatus, GoalStatus, RecordKind
from app.domain.errors import KnownError, RecordNotFound, ValidationFailed
from app.domain.record_types import (
    Action,
    Checklist,
    ChecklistItem,
    ChecklistTemplate,
    Contract,
    Goal,
    Mentor,
    Relationship,
    SessionRecord,
)
from app.services import records, search
from app.services.portfolio import Portfolio, default_contract_wording
from app.services.records import RecordFilter
from app.store.models import AuditRow


@pytest.fixture
def rel(portfolio: Portfolio) -> Relationship:
    mentor = records.save(portfolio, Mentor(name="Łukasz Żółć", role="Consultant"))
    return records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))


def test_every_kind_round_trips(portfolio: Portfolio, rel: Relationship) -> None:
    goal = records.save(
        portfolio,
        Goal(
            relationship_id=rel.id,
            title="Lead a QI project",
            measurable="Audit presented",
            target_date=date(2026, 9, 1),
        ),
    )
    samples = [
        Contract(relationship_id=rel.id, **default_contract_wording()),
        goal,
        ChecklistTemplate(name="Mine", items=["One", "Two & <three>"]),
        Checklist(
            relationship_id=rel.id,
            title="First meeting",
            items=[ChecklistItem("Ground rules", True, "agreed"), ChecklistItem("Next")],
        ),
        SessionRecord(
            relationship_id=rel.id,
            held_on=date(2026, 2, 1),
            duration_minutes=45,
            topics="Rota 🚑 and <b>leadership</b>",
            goal_ids=[goal.id],
            private_reflection="Felt unsure",
        ),
        Action(
            relationship_id=rel.id,
            description="Email the CD",
            owner=ActionOwner.MENTOR,
            due_date=date(2026, 3, 1),
        ),
    ]
    for sample in samples:
        saved = records.save(portfolio, sample)
        assert saved.id is not None
        assert records.get(portfolio, type(sample), saved.id) == replace(sample, id=saved.id)
        edited = records.save(portfolio, saved)  # unchanged: no new audit entry
        assert edited == saved
    session = records.list_records(portfolio, SessionRecord)[0]
    assert session.goal_ids == [goal.id]


def test_edits_and_deletes_are_audited(portfolio: Portfolio, rel: Relationship) -> None:
    goal = records.save(portfolio, Goal(title="Teach", relationship_id=rel.id))
    records.save(portfolio, replace(goal, status=GoalStatus.ACHIEVED))
    records.delete(portfolio, Goal, goal.id)
    with portfolio.transaction() as session:
        entries = [
            (a.action, a.record_kind, a.detail)
            for a in session.scalars(select(AuditRow).order_by(AuditRow.seq))
        ]
    assert ("edit", "goal", "changed: status") in entries
    assert ("delete", "goal", "") in entries
    with pytest.raises(RecordNotFound):
        records.get(portfolio, Goal, goal.id)


def test_validation_names_the_field(portfolio: Portfolio, rel: Relationship) -> None:
    with pytest.raises(ValidationFailed) as caught:
        records.save(
            portfolio,
            SessionRecord(
                topics="Catch-up", relationship_id=rel.id, held_on=None, duration_minutes=0
            ),
        )
    assert set(caught.value.problems) == {"held_on", "duration_minutes"}
    with pytest.raises(ValidationFailed, match="too long"):
        records.save(portfolio, Goal(title="x" * 201))


def test_filters(portfolio: Portfolio, rel: Relationship) -> None:
    for day, status in ((1, ActionStatus.OPEN), (2, ActionStatus.DONE), (3, ActionStatus.OPEN)):
        records.save(
            portfolio,
            Action(
                relationship_id=rel.id,
                description=f"Action {day}",
                due_date=date(2026, 4, day),
                status=status,
            ),
        )
    open_actions = records.list_records(portfolio, Action, RecordFilter(open_only=True))
    assert [a.description for a in open_actions] == ["Action 1", "Action 3"]
    in_range = records.list_records(portfolio, Action, RecordFilter(date_from=date(2026, 4, 2)))
    assert [a.description for a in in_range] == ["Action 2", "Action 3"]
    assert records.count_records(portfolio, Action, RecordFilter(status="done")) == 1
    page = records.list_records(portfolio, Action, RecordFilter(limit=1, offset=1))
    assert [a.description for a in page] == ["Action 2"]


def test_full_text_search_finds_words_across_kinds(portfolio: Portfolio, rel: Relationship) -> None:
    records.save(
        portfolio,
        SessionRecord(
            relationship_id=rel.id, held_on=date(2026, 2, 1), topics="Rota planning with Dr Siân"
        ),
    )
    goal = records.save(portfolio, Goal(title="Rota redesign", relationship_id=rel.id))
    records.save(portfolio, Contract(relationship_id=rel.id, boundaries="No rota talk at home"))
    kinds = {hit.kind for hit in search.search(portfolio, "rota")}
    assert kinds == {RecordKind.SESSION, RecordKind.GOAL, RecordKind.CONTRACT}
    # Accents are folded, words are prefixes, and FTS syntax is taken literally.
    assert search.search(portfolio, "sian")[0].kind is RecordKind.SESSION
    assert search.search(portfolio, 'plan" OR *') == []
    records.delete(portfolio, Goal, goal.id)
    assert RecordKind.GOAL not in {hit.kind for hit in search.search(portfolio, "rota")}
    filtered = records.list_records(portfolio, SessionRecord, RecordFilter(text="planning"))
    assert len(filtered) == 1


def test_search_finds_letters_typed_plainly(portfolio: Portfolio, rel: Relationship) -> None:
    """ł, ø, ß and friends are letters of their own, which FTS5's accent folding keeps:
    "zolkiewska" must still find "Żółkiewska", and the snippet shows the real name."""
    session = records.save(
        portfolio,
        SessionRecord(
            relationship_id=rel.id,
            held_on=date(2026, 2, 1),
            summary="Talked to Ms Żółkiewska and Mr Søren Straße about teaching",
        ),
    )
    for typed in ("zolkiewska", "Żółkiewska", "soren", "strasse", "lukasz"):
        hits = search.search(portfolio, typed)
        assert hits, typed
    [hit] = search.search(portfolio, "zolkiewska")
    assert hit.record_id == session.id and "Żółkiewska" in hit.snippet
    assert {h.kind for h in search.search(portfolio, "lukasz")} == {RecordKind.MENTOR}


def test_search_takes_any_typed_text(portfolio: Portfolio, rel: Relationship) -> None:
    """A NUL, a control character or half a character in a query separates words
    (found in review: a NUL in a search query gave "internal error")."""
    records.save(
        portfolio,
        SessionRecord(relationship_id=rel.id, held_on=date(2026, 2, 1), topics="Rota planning"),
    )
    for typed in ("rota\x00", "\x00rota", "rota\x1b", "rota\ud800", "ro\x00ta"):
        hits = search.search(portfolio, typed)
        assert all(hit.kind is RecordKind.SESSION for hit in hits), typed
        records.list_records(portfolio, SessionRecord, RecordFilter(text=typed))
    assert len(search.search(portfolio, "rota\x00planning")) == 1


def test_mentor_with_relationships_cannot_be_deleted(
    portfolio: Portfolio, rel: Relationship
) -> None:
    with pytest.raises(KnownError, match="still has relationships"):
        records.delete(portfolio, Mentor, rel.mentor_id)
    assert records.get(portfolio, Mentor, rel.mentor_id).name == "Łukasz Żółć"


def test_one_contract_per_relationship(portfolio: Portfolio, rel: Relationship) -> None:
    records.save(portfolio, Contract(relationship_id=rel.id))
    with pytest.raises(KnownError, match="already has a contract"):
        records.save(portfolio, Contract(relationship_id=rel.id))


def test_default_templates_are_shipped(portfolio: Portfolio) -> None:
    templates = records.list_records(portfolio, ChecklistTemplate)
    first = next(t for t in templates if t.is_default)
    assert first.name == "First meeting"
    assert any("patient safety" in item for item in first.items)
    wording = default_contract_wording()
    assert "patient safety" in wording["confidentiality_limit"]
    assert "references" in wording["conflicts_of_interest"]
