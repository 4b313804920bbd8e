"""Create, edit, delete, list and filter every record kind. Each call is one unit of
work and returns detached dataclasses; no ORM object leaves this module."""

from __future__ import annotations

from dataclasses import Field, dataclass, replace
from datetime import date
from typing import Any, ClassVar, Protocol, TypeVar

from sqlalchemy import Integer, Select, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain import registry
from app.domain.enums import ActionOwner
from app.domain.errors import KnownError, RecordNotFound, ValidationFailed
from app.domain.kind_spec import RecordKindSpec
from app.services import guards
from app.services.mapping import changed_fields, copy_to_row, to_record
from app.services.portfolio import Portfolio
from app.store import audit
from app.store.models import RecordRow
from app.store.rows import row_of
from app.store.search_index import fts_query


class EditableRecord(Protocol):
    """A record of an editable kind (app/domain/kinds): a dataclass whose id is None
    until saved."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]
    id: int | None


R = TypeVar("R", bound=EditableRecord)


def saved_id(record: EditableRecord) -> int:
    """The id of a record read from the portfolio or returned by save; only a record
    not saved yet has none."""
    if record.id is None:
        raise TypeError(f"This {type(record).__name__.lower()} has not been saved yet.")
    return record.id


@dataclass(frozen=True)
class RecordFilter:
    """What a list shows. Unset fields do not filter."""

    relationship_id: int | None = None
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    owner: ActionOwner | None = None
    open_only: bool = False
    origin_session_id: int | None = None
    limit: int | None = None
    offset: int = 0


def spec_for(record_type: type[Any]) -> RecordKindSpec:
    """The spec of an editable kind's dataclass; TypeError for any other type."""
    spec = registry.spec_for(record_type)
    if spec not in registry.editable():
        raise TypeError(f"{record_type.__name__} is not an editable record kind")
    return spec


def _closed_statuses(spec: RecordKindSpec) -> list[str]:
    """The values of the kind's status that mean it is finished (done, dropped)."""
    status = spec.field_named("status")
    members = list(status.enum) if status is not None and status.enum is not None else []
    return [m.value for m in members if getattr(m, "is_closed", False)]


def _filtered(spec: RecordKindSpec, flt: RecordFilter) -> Select[Any]:
    row = row_of(spec.kind)
    query = select(row)
    if flt.relationship_id is not None and hasattr(row, "relationship_id"):
        query = query.where(row.relationship_id == flt.relationship_id)
    if flt.status is not None and hasattr(row, "status"):
        query = query.where(row.status == flt.status)
    if flt.owner is not None and hasattr(row, "owner"):
        query = query.where(row.owner == flt.owner)
    closed = _closed_statuses(spec) if flt.open_only else []
    if closed and hasattr(row, "status"):
        query = query.where(row.status.not_in(closed))
    if flt.origin_session_id is not None and hasattr(row, "origin_session_id"):
        query = query.where(row.origin_session_id == flt.origin_session_id)
    if spec.date_field:
        column = getattr(row, spec.date_field)
        if flt.date_from is not None:
            query = query.where(column >= flt.date_from)
        if flt.date_to is not None:
            query = query.where(column <= flt.date_to)
    if flt.text.strip():
        matches = text(
            "SELECT record_id FROM search_index WHERE search_index MATCH :q AND kind = :kind"
        ).bindparams(q=fts_query(flt.text), kind=spec.kind.value)
        query = query.where(row.id.in_(matches.columns(record_id=Integer)))
    return query


def _ordered(spec: RecordKindSpec, query: Select[Any]) -> Select[Any]:
    row = row_of(spec.kind)
    if spec.date_field:
        column = getattr(row, spec.date_field)
        if spec.ascending:
            # Undated last, so what is due soonest comes first.
            return query.order_by(column.is_(None), column, row.id)
        return query.order_by(column.is_(None), column.desc(), row.id.desc())
    label = getattr(row, spec.label_field)
    return query.order_by(func.lower(label), row.id)


def list_records(
    portfolio: Portfolio, record_type: type[R], flt: RecordFilter | None = None
) -> list[R]:
    spec = spec_for(record_type)
    flt = flt or RecordFilter()
    query = _ordered(spec, _filtered(spec, flt))
    if flt.limit is not None:
        query = query.limit(flt.limit).offset(flt.offset)
    with portfolio.transaction() as db:
        return [to_record(row, record_type) for row in db.scalars(query)]


def count_records(
    portfolio: Portfolio, record_type: type[Any], flt: RecordFilter | None = None
) -> int:
    spec = spec_for(record_type)
    inner = _filtered(spec, flt or RecordFilter()).subquery()
    with portfolio.transaction() as db:
        return int(db.execute(select(func.count()).select_from(inner)).scalar_one())


def get(portfolio: Portfolio, record_type: type[R], record_id: int) -> R:
    with portfolio.transaction() as db:
        return get_in(db, record_type, record_id)


def get_in(db: Session, record_type: type[R], record_id: int) -> R:
    """As get, inside a caller's transaction."""
    spec = spec_for(record_type)
    row = db.get(row_of(spec.kind), record_id)
    if row is None:
        raise RecordNotFound(f"There is no {spec.kind.label.lower()} number {record_id}.")
    return to_record(row, record_type)


def check(record: EditableRecord, kept: EditableRecord | None = None) -> None:
    """Raise ValidationFailed if the record breaks its kind's rules (``kept``: the
    record as saved now; what the edit leaves as it was is not refused again)."""
    problems = spec_for(type(record)).check(record, kept=kept)
    if problems:
        raise ValidationFailed(problems)


def as_saved(portfolio: Portfolio, record: R) -> R | None:
    """The record as it is saved now, or None for a new (or since deleted) one."""
    if record.id is None:
        return None
    try:
        return get(portfolio, type(record), record.id)
    except RecordNotFound:
        return None


def save(portfolio: Portfolio, record: R) -> R:
    """Insert (id None) or update a record; returns it with its id."""
    check(record, as_saved(portfolio, record))
    spec = spec_for(type(record))
    try:
        with portfolio.transaction() as db:
            return save_in(db, record)
    except IntegrityError as exc:
        raise _integrity_message(spec, exc) from None


def save_in(db: Session, record: R) -> R:
    """As save, inside a caller's transaction (several records saved all or none); the
    caller has checked the record. The guards, the audit entry and the search index
    apply as in save."""
    spec = spec_for(type(record))
    record_id = record.id
    try:
        guards.check_editable(db, spec.kind, record)
        row: RecordRow | None
        if record_id is None:
            row = row_of(spec.kind)()
            copy_to_row(db, record, row)
            db.add(row)
            db.flush()
            audit.append(db, "create", spec.kind.value, row.id)
        else:
            row = db.get(row_of(spec.kind), record_id)
            if row is None:
                raise RecordNotFound(
                    f"That {spec.kind.label.lower()} no longer exists; it may have been deleted."
                )
            changed = changed_fields(row, record)
            if not changed:
                return record
            copy_to_row(db, record, row)
            db.flush()
            audit.append(
                db, "edit", spec.kind.value, record_id, detail="changed: " + ", ".join(changed)
            )
        return to_record(row, type(record))
    except IntegrityError as exc:
        raise _integrity_message(spec, exc) from None


@dataclass(frozen=True)
class EditState:
    """What the user may do with a saved record, asked before offering it: ``hold``
    says what keeps it from changing (None: every field may), ``not_deletable`` why
    Delete would be refused ("" if it would not)."""

    hold: guards.Hold | None
    not_deletable: str


def edit_state(portfolio: Portfolio, record_type: type[Any], record_id: int) -> EditState:
    """The rules save and delete apply, asked without writing anything."""
    spec = spec_for(record_type)
    with portfolio.transaction() as db:
        hold = guards.hold_on(db, spec.kind, record_id)
        try:
            guards.check_deletable(db, spec.kind, record_id)
        except KnownError as refused:
            return EditState(hold, refused.message)
        return EditState(hold, _still_referenced(db, spec, record_id))


def _still_referenced(db: Session, spec: RecordKindSpec, record_id: int) -> str:
    """Why deleting would break a reference that is neither cascaded nor cleared (a
    mentor's relationships), as delete would say it; "" if none would."""
    row_type = row_of(spec.kind)
    for other in row_type.metadata.tables.values():
        for key in other.foreign_keys:
            # By name: a kind declared in its own module may keep its rows in a metadata
            # of its own, where another table's key cannot be resolved to a column.
            refers_to = key.target_fullname.rsplit(".", 1)[0]
            if refers_to != row_type.__tablename__ or key.ondelete in ("CASCADE", "SET NULL"):
                continue
            found = db.execute(select(key.parent).where(key.parent == record_id).limit(1)).first()
            if found is not None:
                return spec.messages.still_referenced or (
                    f"Other records still refer to this {spec.kind.label.lower()}, so it"
                    " cannot be deleted."
                )
    return ""


def delete(portfolio: Portfolio, record_type: type[Any], record_id: int) -> None:
    spec = spec_for(record_type)
    try:
        with portfolio.transaction() as db:
            row = db.get(row_of(spec.kind), record_id)
            if row is None:
                return
            guards.check_deletable(db, spec.kind, record_id)
            db.delete(row)
            db.flush()
            audit.append(db, "delete", spec.kind.value, record_id)
    except IntegrityError as exc:
        raise _integrity_message(spec, exc) from None


def _integrity_message(spec: RecordKindSpec, exc: IntegrityError) -> KnownError:
    detail = str(exc.orig).lower()
    if "foreign key" in detail:
        if spec.messages.still_referenced:
            return KnownError(spec.messages.still_referenced)
        return KnownError(
            f"This {spec.kind.label.lower()} refers to a record that does not"
            " exist, or other records still refer to it."
        )
    if "unique" in detail and spec.messages.duplicate:
        return KnownError(spec.messages.duplicate)
    return KnownError(f"The {spec.kind.label.lower()} could not be saved: {exc.orig}.")


def copy_with(record: R, **changes: Any) -> R:
    return replace(record, **changes)
