"""Rules that make some records read-only. Every write path (services, CLI, import)
goes through app.services.records, which asks here first.

A record of a signable kind (its spec's ``signing``) whose latest version is ready to
sign, signed or locked is frozen until the user amends it; only the fields its spec
marks unsigned stay editable. What a signature covers is frozen with it: the parts the
spec names (the actions agreed in a frozen session record, the goals of a frozen goals
plan) and the records its ids list names (a goal a frozen session touched). The parts'
progress (status, completion, notes) stays editable, because a signature covers what
was agreed, not what happened next. The parties (mentor, relationship, owner profile)
stay editable too; their signed versions keep the names as they were."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import registry
from app.domain.enums import RecordKind
from app.domain.errors import RecordFrozen
from app.domain.kind_spec import Part, RecordKindSpec
from app.services import closure
from app.services.mapping import changed_fields
from app.services.signing import frozen
from app.services.signing.signable import is_signable, signing_of
from app.store.models import RecordVersionRow
from app.store.rows import row_of

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


class HeldBy(StrEnum):
    """Why a saved record may not change as a whole."""

    ENDED = "ended"  # its relationship has ended
    FROZEN = "frozen"  # it is ready to sign, signed or locked
    PART = "part"  # it is a part of a frozen whole (an action of a signed session)


@dataclass(frozen=True)
class Hold:
    """What keeps a record from changing, for a form to say so before anyone types:
    ``by`` is the record that holds it (the ended relationship, the record itself, the
    signed whole), ``version`` that record's frozen version, and ``editable`` the
    fields that may still change (the same rules check_editable enforces)."""

    cause: HeldBy
    by: tuple[RecordKind, int]
    version: int | None
    editable: frozenset[str]


def hold_on(db: Session, kind: RecordKind, record_id: int) -> Hold | None:
    """What holds a saved record, or None if every field of it may change."""
    try:
        closure.check_not_closed_delete(db, kind, record_id)
    except RecordFrozen:
        ended = closure.relationship_of(db, kind, record_id)
        assert ended is not None
        return Hold(HeldBy.ENDED, (RecordKind.RELATIONSHIP, ended), None, frozenset())
    if is_signable(kind):
        version = frozen.frozen_version(db, kind, record_id)
        if version is not None:
            unsigned = registry.spec(kind).unsigned_fields()
            return Hold(HeldBy.FROZEN, (kind, record_id), version.version, unsigned)
    for whole, part in registry.wholes_of(kind):
        row = db.get(row_of(kind), record_id)
        whole_id = getattr(row, part.link) if row is not None else None
        version = frozen.frozen_version(db, whole.kind, whole_id)
        if whole_id is not None and version is not None:
            progress = registry.spec(kind).progress_fields()
            return Hold(HeldBy.PART, (whole.kind, whole_id), version.version, progress)
    return None


def _changed(row: Any, record: Any, ignore: frozenset[str]) -> bool:
    return any(name not in ignore for name in changed_fields(row, record))


def check_editable(db: Session, kind: RecordKind, record: Any) -> None:
    """Raise RecordFrozen if ``record`` may not be changed in place."""
    closure.check_not_closed(db, kind, record)
    record_id = getattr(record, "id", None)
    if is_signable(kind) and record_id is not None:
        version = frozen.frozen_version(db, kind, record_id)
        if version is not None and not _only_unsigned_fields(db, kind, record):
            error = _refuse(kind, record_id, version, f"This {kind.label.lower()}")
            note = signing_of(kind).unsigned_note
            raise RecordFrozen(f"{error.message} {note}") if note else error
    for whole, part in registry.wholes_of(kind):
        _check_part(db, kind, record, whole.kind, part)


def _only_unsigned_fields(db: Session, kind: RecordKind, record: Any) -> bool:
    """A signed record's unsigned fields (a session record's private reflection and
    appraisal summary) stay editable."""
    unsigned = registry.spec(kind).unsigned_fields()
    if not unsigned:
        return False
    row = db.get(row_of(kind), record.id)
    return row is not None and not _changed(row, record, unsigned)


def _check_part(db: Session, kind: RecordKind, record: Any, whole: RecordKind, part: Part) -> None:
    """A part of a signed whole (an action of a session record, a goal of a goals plan)
    keeps what was agreed: moving it or changing more than its progress is refused."""
    link = part.link
    old = db.get(row_of(kind), record.id) if record.id is not None else None
    wholes = {getattr(record, link), getattr(old, link) if old else None} - {None}
    progress = registry.spec(kind).progress_fields()
    for whole_id in sorted(wholes):
        version = frozen.frozen_version(db, whole, whole_id)
        if version is None:
            continue
        if (
            old is None
            or getattr(old, link) != getattr(record, link)
            or _changed(old, record, progress)
        ):
            raise _refuse(whole, whole_id, version, f"{part.what} ({part.progress_note})")


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
    if is_signable(kind) and _has_versions(db, kind, record_id):
        raise _kept(kind, record_id)
    for whole, part in registry.wholes_of(kind):
        row = db.get(row_of(kind), record_id)
        whole_id = getattr(row, part.link) if row is not None else None
        version = frozen.frozen_version(db, whole.kind, whole_id)
        if whole_id is not None and version is not None:
            raise _refuse(whole.kind, whole_id, version, part.what)
    for whole, whole_id in _listed_in(db, kind, record_id):
        version = frozen.frozen_version(db, whole.kind, whole_id)
        if version is not None:
            raise _refuse(
                whole.kind,
                whole_id,
                version,
                f"A {kind.label.lower()} linked to a signed {whole.label.lower()}",
            )
    if kind is RecordKind.RELATIONSHIP:
        _check_relationship_delete(db, record_id)


def _listed_in(
    db: Session, kind: RecordKind, record_id: int
) -> Iterator[tuple[RecordKindSpec, int]]:
    """The signable records whose lists of ids name this record (the sessions that
    touched a goal): their signed content holds its id."""
    for whole in registry.signable():
        for many in whole.row.many if whole.row is not None else ():
            if many.to != kind:
                continue
            table = row_of(whole.kind).metadata.tables[many.table]
            own, other = table.c[f"{whole.kind.value}_id"], table.c[f"{kind.value}_id"]
            for whole_id in db.scalars(select(own).where(other == record_id)):
                yield whole, whole_id


def _check_relationship_delete(db: Session, relationship_id: int) -> None:
    """Deleting a relationship deletes its records; refuse if any has versions."""
    signable = registry.signable()
    for spec in signable:
        if spec.id_is is RecordKind.RELATIONSHIP and _has_versions(db, spec.kind, relationship_id):
            raise _kept(spec.kind, relationship_id)
    for spec in signable:
        link = spec.row.owner if spec.row is not None else None
        if link is None or link.to is not RecordKind.RELATIONSHIP:
            continue
        row_type = row_of(spec.kind)
        ids = db.scalars(
            select(row_type.id).where(getattr(row_type, link.field) == relationship_id)
        )
        for record_id in ids:
            if _has_versions(db, spec.kind, record_id):
                raise RecordFrozen(
                    f"This relationship's {spec.kind.label.lower()} {record_id} has been prepared"
                    " for signing or signed, so the relationship cannot be deleted; its"
                    " signed records are kept for good. You can mark it ended instead."
                )
