"""Ending a relationship: the end-of-relationship review (expected, achieved, learned,
left to do, why it ends, evaluation) is recorded, the relationship is marked ended, and
from then on its records are read-only through every path (guards.py asks here).
Reopening is possible, with a reason, and is audited like the closure."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.domain import registry
from app.domain.enums import RecordKind, RelationshipStatus
from app.domain.errors import RecordFrozen, RecordNotFound, ValidationFailed
from app.domain.record_types import Relationship
from app.domain.validation import MAX_TEXT, text_problem, validate_relationship
from app.services.mapping import to_record
from app.services.portfolio import Portfolio
from app.store import audit
from app.store.models import RelationshipRow
from app.store.rows import row_of


@dataclass(frozen=True)
class EndReview:
    end_date: date
    reason: str
    expected: str = ""
    achieved: str = ""
    learned: str = ""
    left_to_do: str = ""
    evaluation: str = ""


def _ended(db: Session, relationship_id: int | None) -> bool:
    if relationship_id is None:
        return False
    row = db.get(RelationshipRow, relationship_id)
    return row is not None and row.status is RelationshipStatus.ENDED


def _refusal(kind: RecordKind) -> RecordFrozen:
    return RecordFrozen(
        f"This {kind.label.lower()} belongs to a mentoring relationship that"
        " has ended, so it is read-only. Reopen the relationship (with a"
        " reason) to change it."
    )


def relationship_of(db: Session, kind: RecordKind, record_id: int | None) -> int | None:
    """The relationship a record belongs to, following its kind's owner link (a goals
    plan's id is its relationship's); None for records that belong to none."""
    if record_id is None:
        return None
    if kind is RecordKind.RELATIONSHIP:
        return record_id
    spec = registry.spec(kind)
    if spec.id_is is not None:
        return relationship_of(db, spec.id_is, record_id)
    link = spec.row.owner if spec.row is not None else None
    if link is None:
        return None
    row = db.get(row_of(kind), record_id)
    return None if row is None else relationship_of(db, link.to, getattr(row, link.field))


def check_not_closed(db: Session, kind: RecordKind, record: Any) -> None:
    """Refuse changes to a record of an ended relationship (or adding one to it)."""
    if isinstance(record, int):  # a whole known by its id alone (a goals plan)
        owners = {relationship_of(db, kind, record)}
    else:
        owners = {relationship_of(db, kind, getattr(record, "id", None))}
        shape = registry.spec(kind).row
        link = shape.owner if shape is not None else None
        if link is not None:
            owners.add(relationship_of(db, link.to, getattr(record, link.field)))
    if any(_ended(db, owner) for owner in owners):
        raise _refusal(kind)


def check_not_closed_delete(db: Session, kind: RecordKind, record_id: int) -> None:
    if _ended(db, relationship_of(db, kind, record_id)):
        raise _refusal(kind)


def close_relationship(
    portfolio: Portfolio, relationship_id: int, review: EndReview
) -> Relationship:
    problems = {}
    if not review.reason.strip():
        problems["reason"] = "say why the relationship is ending"
    if problems:
        raise ValidationFailed(problems)
    with portfolio.transaction() as db:
        row = db.get(RelationshipRow, relationship_id)
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
        db.flush()
        audit.append(
            db,
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
    with portfolio.transaction() as db:
        row = db.get(RelationshipRow, relationship_id)
        if row is None:
            raise RecordNotFound(f"There is no relationship number {relationship_id}.")
        row.status = RelationshipStatus.ACTIVE
        db.flush()
        audit.append(
            db,
            "reopen",
            RecordKind.RELATIONSHIP.value,
            relationship_id,
            detail=f"Reopened: {reason.strip()[:200]}",
        )
