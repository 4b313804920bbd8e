"""Rules that make some records read-only. Every write path (services, CLI, import)
goes through app.services.records, which asks here first.

A contract, session record or checklist whose latest version is ready to sign,
signed or locked is frozen until the user amends it. What a frozen record covers is
frozen with it: the actions agreed in a frozen session record and the goals of a
frozen goals plan. Their progress (status, completion, notes) stays editable, because
a signature covers what was agreed, not what happened next. The parties (mentor,
relationship, owner profile) stay editable too; their signed versions keep the
names as they were."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import RecordKind
from app.domain.errors import RecordFrozen
from app.services import closure
from app.services.mapping import changed_fields
from app.services.signing import frozen
from app.services.signing.signable import (
    ACTION_PROGRESS_FIELDS,
    GOAL_PROGRESS_FIELDS,
    SESSION_UNSIGNED_FIELDS,
    SIGNABLE_KINDS,
)
from app.store.models import (
    ActionRow,
    ChecklistRow,
    ContractRow,
    GoalRow,
    RecordVersionRow,
    SessionRow,
    session_goals,
)

_STATE = {
    "ready_to_sign": "ready to sign",
    "signed": "signed",
    "locked": "signed and locked",
    "superseded": "superseded",
}


def _refuse(kind: RecordKind, record_id: int, version: RecordVersionRow, what: str) -> RecordFrozen:
    state = _STATE.get(version.status.value, version.status.value)
    return RecordFrozen(
        f"{what} cannot be changed: {kind.label.lower()} {record_id} version {version.version}"
        f" is {state}. Choose Amend on the {kind.label.lower()} (with a reason) to make a new"
        " version that is signed again."
    )


def _changed(row: Any, record: Any, ignore: frozenset[str]) -> bool:
    return any(name not in ignore for name in changed_fields(row, record))


def check_editable(db: Session, kind: RecordKind, record: Any) -> None:
    """Raise RecordFrozen if ``record`` may not be changed in place."""
    closure.check_not_closed(db, kind, record)
    record_id = getattr(record, "id", None)
    if kind in SIGNABLE_KINDS and record_id is not None:
        version = frozen.frozen_version(db, kind, record_id)
        if version is not None and not _only_unsigned_fields(db, kind, record):
            error = _refuse(kind, record_id, version, f"This {kind.label.lower()}")
            if kind is RecordKind.SESSION:
                error = RecordFrozen(
                    error.message + " Its private reflection and appraisal"
                    " summary can still be edited on their own."
                )
            raise error
    elif kind is RecordKind.ACTION:
        _check_action(db, record)
    elif kind is RecordKind.GOAL:
        _check_goal(db, record)


def _only_unsigned_fields(db: Session, kind: RecordKind, record: Any) -> bool:
    """A signed session record's private reflection and appraisal summary stay editable."""
    if kind is not RecordKind.SESSION:
        return False
    row = db.get(SessionRow, record.id)
    return row is not None and not _changed(row, record, SESSION_UNSIGNED_FIELDS)


def _check_part(
    db: Session,
    record: Any,
    row_type: Any,
    link: str,
    whole: RecordKind,
    progress: frozenset[str],
    what: str,
) -> None:
    """A part of a signed whole (an action of a session record, a goal of a goals plan)
    keeps what was agreed: moving it or changing more than its progress is refused."""
    old = db.get(row_type, record.id) if record.id is not None else None
    wholes = {getattr(record, link), getattr(old, link) if old else None} - {None}
    for whole_id in sorted(wholes):
        version = frozen.frozen_version(db, whole, whole_id)
        if version is None:
            continue
        if (
            old is None
            or getattr(old, link) != getattr(record, link)
            or _changed(old, record, progress)
        ):
            raise _refuse(whole, whole_id, version, what)


def _check_action(db: Session, record: Any) -> None:
    _check_part(
        db,
        record,
        ActionRow,
        "origin_session_id",
        RecordKind.SESSION,
        ACTION_PROGRESS_FIELDS,
        "An action agreed in a signed session record (only its status, completion and notes)",
    )


def _check_goal(db: Session, record: Any) -> None:
    _check_part(
        db,
        record,
        GoalRow,
        "relationship_id",
        RecordKind.GOALS_PLAN,
        GOAL_PROGRESS_FIELDS,
        "A goal in a signed goals plan (only its status and progress notes)",
    )


def _has_versions(db: Session, kind: RecordKind, record_id: int) -> bool:
    return frozen.latest_version(db, kind, record_id) is not None


def _kept(kind: RecordKind, record_id: int) -> RecordFrozen:
    return RecordFrozen(
        f"{kind.label} {record_id} has been prepared for signing or signed, so it is part of"
        " the portfolio's verifiable history and cannot be deleted. Amend it instead."
    )


def check_deletable(db: Session, kind: RecordKind, record_id: int) -> None:
    """Raise RecordFrozen if the record may not be deleted."""
    closure.check_not_closed_delete(db, kind, record_id)
    if kind in SIGNABLE_KINDS:
        if _has_versions(db, kind, record_id):
            raise _kept(kind, record_id)
    elif kind is RecordKind.ACTION:
        row = db.get(ActionRow, record_id)
        if row is not None and row.origin_session_id is not None:
            version = frozen.frozen_version(db, RecordKind.SESSION, row.origin_session_id)
            if version is not None:
                raise _refuse(
                    RecordKind.SESSION,
                    row.origin_session_id,
                    version,
                    "An action agreed in a signed session record",
                )
    elif kind is RecordKind.GOAL:
        _check_goal_delete(db, record_id)
    elif kind is RecordKind.RELATIONSHIP:
        _check_relationship_delete(db, record_id)


def _check_goal_delete(db: Session, goal_id: int) -> None:
    row = db.get(GoalRow, goal_id)
    if row is not None and row.relationship_id is not None:
        version = frozen.frozen_version(db, RecordKind.GOALS_PLAN, row.relationship_id)
        if version is not None:
            raise _refuse(
                RecordKind.GOALS_PLAN, row.relationship_id, version, "A goal in a signed goals plan"
            )
    linked = db.scalars(
        select(session_goals.c.session_id).where(session_goals.c.goal_id == goal_id)
    )
    for session_id in linked:
        version = frozen.frozen_version(db, RecordKind.SESSION, session_id)
        if version is not None:
            raise _refuse(
                RecordKind.SESSION, session_id, version, "A goal linked to a signed session record"
            )


def _check_relationship_delete(db: Session, relationship_id: int) -> None:
    """Deleting a relationship deletes its records; refuse if any has versions."""
    if _has_versions(db, RecordKind.GOALS_PLAN, relationship_id):
        raise _kept(RecordKind.GOALS_PLAN, relationship_id)
    for kind, row_type in (
        (RecordKind.CONTRACT, ContractRow),
        (RecordKind.SESSION, SessionRow),
        (RecordKind.CHECKLIST, ChecklistRow),
    ):
        ids = db.scalars(select(row_type.id).where(row_type.relationship_id == relationship_id))
        for record_id in ids:
            if _has_versions(db, kind, record_id):
                raise RecordFrozen(
                    f"This relationship's {kind.label.lower()} {record_id} has been prepared"
                    " for signing or signed, so the relationship cannot be deleted; its"
                    " signed records are kept for good. You can mark it ended instead."
                )
