"""Ending a relationship: the end-of-relationship review (expected, achieved, learned,
left to do, why it ends, evaluation) is recorded, the relationship is marked ended, and
from then on its records are read-only through every path (guards.py asks here).
Reopening is possible, with a reason, and is audited like the closure."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.domain.enums import RecordKind, RelationshipStatus
from app.domain.errors import RecordFrozen, RecordNotFound, ValidationFailed
from app.domain.records import Relationship
from app.domain.validation import MAX_TEXT, text_problem, validate_relationship
from app.services.mapping import to_record
from app.services.portfolio import Portfolio
from app.store import audit
from app.store.models import (
    ActionRow,
    ChecklistRow,
    ContractRow,
    GoalRow,
    RelationshipRow,
    SessionRow,
)

_ROWS: dict[RecordKind, Any] = {
    RecordKind.CONTRACT: ContractRow,
    RecordKind.GOAL: GoalRow,
    RecordKind.SESSION: SessionRow,
    RecordKind.ACTION: ActionRow,
    RecordKind.CHECKLIST: ChecklistRow,
}


@dataclass(frozen=True)
class EndReview:
    end_date: date
    reason: str
    expected: str = ""
    achieved: str = ""
    learned: str = ""
    left_to_do: str = ""
    evaluation: str = ""


def _ended(session: Session, relationship_id: int | None) -> bool:
    if relationship_id is None:
        return False
    row = session.get(RelationshipRow, relationship_id)
    return row is not None and row.status is RelationshipStatus.ENDED


def _refusal(kind: RecordKind) -> RecordFrozen:
    return RecordFrozen(
        f"This {kind.label.lower()} belongs to a mentoring relationship that"
        " has ended, so it is read-only. Reopen the relationship (with a"
        " reason) to change it."
    )


def check_not_closed(session: Session, kind: RecordKind, record: Any) -> None:
    """Refuse changes to a record of an ended relationship (or adding one to it)."""
    if kind is RecordKind.RELATIONSHIP:
        if record.id is not None and _ended(session, record.id):
            raise _refusal(kind)
        return
    if kind is RecordKind.GOALS_PLAN:
        if _ended(session, record):
            raise _refusal(kind)
        return
    if kind not in _ROWS:
        return
    if _ended(session, getattr(record, "relationship_id", None)):
        raise _refusal(kind)
    record_id = getattr(record, "id", None)
    if record_id is not None:
        row = session.get(_ROWS[kind], record_id)
        if row is not None and _ended(session, row.relationship_id):
            raise _refusal(kind)


def check_not_closed_delete(session: Session, kind: RecordKind, record_id: int) -> None:
    if kind is RecordKind.RELATIONSHIP:
        if _ended(session, record_id):
            raise _refusal(kind)
        return
    if kind in _ROWS:
        row = session.get(_ROWS[kind], record_id)
        if row is not None and _ended(session, row.relationship_id):
            raise _refusal(kind)


def close_relationship(
    portfolio: Portfolio, relationship_id: int, review: EndReview
) -> Relationship:
    problems = {}
    if not review.reason.strip():
        problems["reason"] = "say why the relationship is ending"
    if problems:
        raise ValidationFailed(problems)
    with portfolio.session() as session:
        row = session.get(RelationshipRow, relationship_id)
        if row is None:
            raise RecordNotFound(f"There is no relationship number {relationship_id}.")
        if row.status is RelationshipStatus.ENDED:
            raise RecordFrozen("This relationship has already ended.")
        if row.start_date is not None and review.end_date < row.start_date:
            raise ValidationFailed({"end_date": "must be on or after the start date"})
        # The relationship as it will be, by the rules of its form (lengths, dates).
        ended = replace(
            to_record(row, Relationship),
            end_date=review.end_date,
            end_reason=review.reason.strip(),
            end_expected=review.expected,
            end_achieved=review.achieved,
            end_learned=review.learned,
            end_left_to_do=review.left_to_do,
            end_evaluation=review.evaluation,
        )
        problems = {
            name if name == "end_date" else name.removeprefix("end_"): message
            for name, message in validate_relationship(ended).items()
        }
        if problems:
            raise ValidationFailed(problems)
        row.status = RelationshipStatus.ENDED
        row.end_date = review.end_date
        row.end_reason = review.reason.strip()
        row.end_expected = review.expected
        row.end_achieved = review.achieved
        row.end_learned = review.learned
        row.end_left_to_do = review.left_to_do
        row.end_evaluation = review.evaluation
        session.flush()
        audit.append(
            session,
            "close",
            RecordKind.RELATIONSHIP.value,
            relationship_id,
            detail=f"Relationship ended {review.end_date:%Y-%m-%d}",
        )
        return to_record(row, Relationship)


def reopen_relationship(portfolio: Portfolio, relationship_id: int, reason: str) -> None:
    if not reason.strip():
        raise ValidationFailed({"reason": "say why the relationship is being reopened"})
    problem = text_problem(reason, MAX_TEXT)
    if problem:
        raise ValidationFailed({"reason": problem})
    with portfolio.session() as session:
        row = session.get(RelationshipRow, relationship_id)
        if row is None:
            raise RecordNotFound(f"There is no relationship number {relationship_id}.")
        row.status = RelationshipStatus.ACTIVE
        session.flush()
        audit.append(
            session,
            "reopen",
            RecordKind.RELATIONSHIP.value,
            relationship_id,
            detail=f"Reopened: {reason.strip()[:200]}",
        )
