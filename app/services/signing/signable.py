"""What a signable document *is*, for hashing: its canonical content, and which
version and verification code a printout of it carries.

Signable kinds: contract, session record, goals plan (record id = relationship id)
and checklist. The content is everything the signed page shows except the mentee's
own layers of a session (private reflection and appraisal summary), which a mentor
never signs and the mentee may write later, and the later
progress of actions and goals (status, completion, progress notes): a signature
covers what was agreed, so ticking an action done never needs a new signature."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.canonical import VerificationCode, canonical_json, content_hash, make_code
from app.domain.enums import ActionStatus, GoalStatus, RecordKind
from app.domain.errors import RecordNotFound
from app.domain.record_types import (
    Action,
    Checklist,
    Contract,
    Goal,
    Mentor,
    Relationship,
    SessionRecord,
)
from app.services.mapping import to_record
from app.services.portfolio import Portfolio
from app.services.profile import owner_in
from app.store.models import (
    ActionRow,
    ChecklistRow,
    ContractRow,
    GoalRow,
    MentorRow,
    RecordVersionRow,
    RelationshipRow,
    SessionRow,
)

SIGNABLE_KINDS = (
    RecordKind.CONTRACT,
    RecordKind.SESSION,
    RecordKind.GOALS_PLAN,
    RecordKind.CHECKLIST,
)
DRAFT = "draft"


@dataclass(frozen=True)
class PageIdentity:
    """What a printout's footer says about the record it shows."""

    kind: RecordKind
    record_id: int
    version: int
    state: str  # "draft" (not frozen yet) or a VersionStatus value
    content_hash: str
    code: VerificationCode


def _get(db: Session, row_type: Any, record_id: int | None, record_type: Any, what: str) -> Any:
    row = db.get(row_type, record_id) if record_id is not None else None
    if row is None:
        raise RecordNotFound(f"There is no {what} number {record_id}.")
    return to_record(row, record_type)


def _parties(db: Session, relationship_id: int | None) -> dict[str, Any]:
    owner = owner_in(db)
    if relationship_id is None:
        return {"mentee": owner.name}
    rel = _get(db, RelationshipRow, relationship_id, Relationship, "relationship")
    mentor = _get(db, MentorRow, rel.mentor_id, Mentor, "mentor")
    return {
        "mentee": owner.name,
        "mentor": mentor.name,
        "mentor_role": mentor.role,
        "mentor_organisation": mentor.organisation,
        "relationship": rel,
    }


def _as_agreed_action(action: Action) -> Action:
    return replace(action, status=ActionStatus.OPEN, completed_on=None, notes="")


def _as_agreed_goal(goal: Goal) -> Goal:
    return replace(goal, status=GoalStatus.NOT_STARTED, progress_notes="")


# Fields that are progress, not agreement: editable even when the record is signed.
ACTION_PROGRESS_FIELDS = frozenset({"status", "completed_on", "notes"})
GOAL_PROGRESS_FIELDS = frozenset({"status", "progress_notes"})
# The mentee's own layers of a session record: never signed, editable at any time.
SESSION_UNSIGNED_FIELDS = frozenset(
    {
        "private_reflection",
        "appraisal_learning",
        "appraisal_practice_change",
        "appraisal_next_steps",
    }
)
# Keys of signable content that describe the parties, not the record itself.
PARTY_KEYS = frozenset({"mentee", "mentor", "mentor_role", "mentor_organisation", "relationship"})


def signable_content(db: Session, kind: RecordKind, record_id: int) -> dict[str, Any]:
    """The content a signature covers, as plain domain objects."""
    if kind is RecordKind.CONTRACT:
        contract = _get(db, ContractRow, record_id, Contract, "contract")
        return {"contract": contract, **_parties(db, contract.relationship_id)}
    if kind is RecordKind.SESSION:
        record = _get(db, SessionRow, record_id, SessionRecord, "session record")
        actions = [
            _as_agreed_action(to_record(r, Action))
            for r in db.scalars(
                select(ActionRow)
                .where(ActionRow.origin_session_id == record_id)
                .order_by(ActionRow.id)
            )
        ]
        unsigned = dict.fromkeys(SESSION_UNSIGNED_FIELDS, "")
        return {
            "session": replace(record, **unsigned),
            "actions": actions,
            **_parties(db, record.relationship_id),
        }
    if kind is RecordKind.GOALS_PLAN:
        goals = [
            _as_agreed_goal(to_record(r, Goal))
            for r in db.scalars(
                select(GoalRow).where(GoalRow.relationship_id == record_id).order_by(GoalRow.id)
            )
        ]
        return {"goals": goals, **_parties(db, record_id)}
    if kind is RecordKind.CHECKLIST:
        checklist = _get(db, ChecklistRow, record_id, Checklist, "checklist")
        # Which template it started from is bookkeeping, not content (and a deleted
        # template must not change a signed checklist).
        checklist = replace(checklist, template_id=None)
        return {"checklist": checklist, **_parties(db, checklist.relationship_id)}
    raise ValueError(f"{kind.value} is not a signable kind")


def identify_in(db: Session, portfolio_id: str, kind: RecordKind, record_id: int) -> PageIdentity:
    return identify_content(
        db, portfolio_id, kind, record_id, signable_content(db, kind, record_id)
    )


def identify_content(
    db: Session, portfolio_id: str, kind: RecordKind, record_id: int, content: dict[str, Any]
) -> PageIdentity:
    """As identify_in, for content the caller has already read with signable_content."""
    digest = content_hash(canonical_json(content))
    latest = db.scalars(
        select(RecordVersionRow)
        .where(RecordVersionRow.record_kind == kind.value, RecordVersionRow.record_id == record_id)
        .order_by(RecordVersionRow.version.desc())
        .limit(1)
    ).first()
    if latest is not None and latest.content_hash == digest:
        version, state = latest.version, latest.status.value
    else:
        # Not frozen yet: the number it will have once frozen, so the code printed now
        # verifies as soon as this exact content is marked ready to sign.
        version, state = (latest.version + 1 if latest else 1), DRAFT
    return PageIdentity(
        kind,
        record_id,
        version,
        state,
        digest,
        make_code(portfolio_id, kind, record_id, version, digest),
    )


def identify(portfolio: Portfolio, kind: RecordKind, record_id: int) -> PageIdentity:
    with portfolio.transaction() as db:
        return identify_in(db, portfolio.portfolio_id, kind, record_id)
