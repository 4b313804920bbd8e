"""Ending a relationship records the end-of-relationship review and makes its records
read-only through every path: services, CLI, and a JSON import into the portfolio."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.domain.enums import RecordKind, RelationshipStatus
from app.domain.errors import RecordFrozen, ValidationFailed
from app.domain.record_types import Action, Contract, Goal, Mentor, Relationship, SessionRecord
from app.services import documents, records
from app.services.closure import EndReview, close_relationship, reopen_relationship
from app.services.portfolio import Portfolio, condition_of_practice_wording
from tests.cli.conftest import run_cli
from tests.printing.conftest import pdf_text

REVIEW = EndReview(
    end_date=date(2026, 11, 1),
    reason="Goals met; moving to a new post",
    expected="Help with the ST5 transition",
    achieved="Passed FRCA",
    learned="Asking for help early",
    left_to_do="Leadership course",
    evaluation="Very useful, 9/10",
)


@pytest.fixture
def ended(portfolio: Portfolio) -> dict[str, object]:
    mentor = records.save(portfolio, Mentor(name="Dr Rhys Ap Gwilym"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    contract = records.save(portfolio, Contract(relationship_id=rel.id, frequency="Monthly"))
    goal = records.save(portfolio, Goal(relationship_id=rel.id, title="Pass FRCA"))
    session = records.save(
        portfolio, SessionRecord(relationship_id=rel.id, held_on=date(2026, 2, 3), topics="Viva")
    )
    action = records.save(portfolio, Action(relationship_id=rel.id, description="Book course"))
    closed = close_relationship(portfolio, rel.id, REVIEW)
    assert closed.status is RelationshipStatus.ENDED and closed.end_learned == REVIEW.learned
    return {
        "rel": closed,
        "contract": contract,
        "goal": goal,
        "session": session,
        "action": action,
        "mentor": mentor,
    }


def test_every_record_of_an_ended_relationship_is_read_only(
    portfolio: Portfolio, ended: dict[str, object]
) -> None:
    rel = ended["rel"]
    for key, changes in (
        ("contract", {"frequency": "Weekly"}),
        ("goal", {"title": "x"}),
        ("session", {"topics": "y"}),
        ("action", {"description": "z"}),
        ("rel", {"scheme": "new"}),
    ):
        with pytest.raises(RecordFrozen, match="has ended"):
            records.save(portfolio, records.copy_with(ended[key], **changes))
    with pytest.raises(RecordFrozen, match="has ended"):
        records.save(
            portfolio,
            SessionRecord(topics="Catch-up", relationship_id=rel.id, held_on=date(2026, 11, 5)),
        )
    for key, kind in (
        ("session", SessionRecord),
        ("action", Action),
        ("goal", Goal),
        ("rel", Relationship),
    ):
        with pytest.raises(RecordFrozen):
            records.delete(portfolio, kind, ended[key].id)
    # The mentor is a person, not a record of the relationship: still editable.
    records.save(portfolio, records.copy_with(ended["mentor"], email="rhys@example.org"))
    reopen_relationship(portfolio, rel.id, "Started again after a break")
    records.save(portfolio, records.copy_with(ended["goal"], title="Pass FRCA (viva)"))


def test_closure_needs_a_reason_and_prints_its_review(
    portfolio: Portfolio, ended: dict[str, object], tmp_path: Path
) -> None:
    with pytest.raises(RecordFrozen, match="already ended"):
        close_relationship(portfolio, ended["rel"].id, REVIEW)
    doc = documents.render(portfolio, "relationship", ended["rel"].id)
    path = tmp_path / "closure.pdf"
    path.write_bytes(doc.pdf)
    text = pdf_text(path)
    for value in (
        REVIEW.reason,
        REVIEW.expected,
        REVIEW.achieved,
        REVIEW.learned,
        REVIEW.left_to_do,
        REVIEW.evaluation,
        "End-of-relationship review",
        "Ended",
    ):
        assert value in text
    other = records.save(portfolio, Relationship(mentor_id=ended["mentor"].id))
    with pytest.raises(ValidationFailed, match="ending"):
        close_relationship(portfolio, other.id, EndReview(date(2026, 1, 1), reason=" "))


def test_cli_and_import_cannot_change_an_ended_relationship(
    portfolio: Portfolio, ended: dict[str, object], tmp_path: Path
) -> None:
    export = tmp_path / "all.json"
    portfolio.lock()
    assert run_cli("export-json", portfolio.path, "-o", export).code == 0
    # Import only ever goes into an empty portfolio: it cannot touch this one.
    refused = run_cli("import-json", portfolio.path, export)
    assert refused.code == 2 and "already holds records" in refused.err
    # A copy imported elsewhere keeps the relationship ended and read-only.
    copy = tmp_path / "copy.mpf"
    assert run_cli("init", copy, "--owner", "Copy").code == 0
    assert run_cli("import-json", copy, export).code == 0
    from app.services.portfolio import unlock_with_passphrase
    from tests.conftest import PASSPHRASE

    imported = unlock_with_passphrase(copy, PASSPHRASE)
    try:
        (rel,) = records.list_records(imported, Relationship)
        assert rel.status is RelationshipStatus.ENDED and rel.end_achieved == "Passed FRCA"
        (goal,) = records.list_records(imported, Goal)
        with pytest.raises(RecordFrozen):
            records.save(imported, records.copy_with(goal, title="changed"))
    finally:
        imported.lock()
    assert RecordKind.RELATIONSHIP.value == "relationship"


def test_condition_of_practice_mode(portfolio: Portfolio, tmp_path: Path) -> None:
    mentor = records.save(portfolio, Mentor(name="Dr Ng"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id))
    with pytest.raises(ValidationFailed, match="requiring_body"):
        records.save(portfolio, Contract(relationship_id=rel.id, condition_of_practice=True))
    wording = condition_of_practice_wording()["reporting_expectations"]
    assert "mentee's knowledge" in wording
    contract = records.save(
        portfolio,
        Contract(
            relationship_id=rel.id,
            condition_of_practice=True,
            requiring_body="General Medical Council (undertakings)",
            reporting_expectations=wording,
        ),
    )
    path = tmp_path / "contract.pdf"
    path.write_bytes(documents.render(portfolio, "contract", contract.id).pdf)
    text = pdf_text(path)
    assert "Mentoring as a condition of practice" in text
    assert "General Medical Council (undertakings)" in text
    assert "with the mentee's knowledge" in text
