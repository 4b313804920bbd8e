"""The table row of each record kind. The built-in kinds keep their hand-written, typed
rows (app/store/models.py, found by the table their spec names); every other kind gets a
row generated from its dataclass and its spec's table shape, on ``Base`` as soon as this
module is imported, so migrations and autogenerate see it too.

Column types follow the dataclass's type hints: text is TEXT (NOT NULL, default ""),
dates DATE, numbers INTEGER, flags BOOLEAN, enums VARCHAR(32) with a CHECK, lists a JSON
column, a Many a link table; a Link adds the foreign key, its ``on delete``, uniqueness
and index. tests/store/test_rows.py holds the hand-written rows to the same rules."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any, Union

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import mapped_column, relationship

from app.domain import registry
from app.domain.kind_spec import Many, RecordKindSpec
from app.domain.record_kind import RecordKind
from app.store.models import Base, RecordRow, enum_type

_rows: dict[RecordKind, type[Any]] = {}


def _hand_written() -> dict[str, type[Any]]:
    return {m.persist_selectable.description: m.class_ for m in Base.registry.mappers}


def row_of(kind: RecordKind) -> type[RecordRow]:
    """The row class of a kind with a table of its own."""
    row = _rows.get(kind)
    if row is None:
        spec = registry.spec(kind)
        if spec.row is None:
            raise TypeError(f"The {kind.value} kind has no table of its own")
        row = _hand_written().get(spec.row.table) or build_row(spec)
        _rows[kind] = row
    return row


def use_row(kind: RecordKind, row: type[Any]) -> None:
    """Keep a kind's rows in a table of another declarative base (a test's own)."""
    _rows[kind] = row


def forget_row(kind: RecordKind) -> None:
    _rows.pop(kind, None)


_kinds: dict[type[Any], RecordKind | None] = {}


def kind_of_row(row: object) -> RecordKind | None:
    """The kind whose record a row object holds; None for other rows (audit, versions)."""
    return kind_of_row_type(type(row))


def kind_of_row_type(row_type: type[Any]) -> RecordKind | None:
    if row_type not in _kinds:
        found = next((k for k, r in _rows.items() if r is row_type), None)
        if found is None:
            table = getattr(getattr(row_type, "__table__", None), "name", None)
            found = next(
                (s.kind for s in registry.all_specs() if s.row and s.row.table == table), None
            )
        _kinds[row_type] = found
    return _kinds[row_type]


def _optional(hint: Any) -> tuple[Any, bool]:
    if typing.get_origin(hint) in (Union, types.UnionType) and type(None) in typing.get_args(hint):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return inner, True
    return hint, False


def _column(spec: RecordKindSpec, name: str, hint: Any) -> Any:
    assert spec.row is not None
    kind, optional = _optional(hint)
    nullable = optional and name not in spec.row.not_null
    index = name in spec.row.indexed
    link = spec.row.link(name)
    if link is not None:
        target = registry.spec(link.to).row
        if target is None:
            raise TypeError(
                f"{spec.kind.value}.{name} links to {link.to.value}, which has no table"
            )
        return mapped_column(
            ForeignKey(f"{target.table}.id", ondelete=link.on_delete),
            nullable=not link.not_null,
            unique=link.unique or None,
            index=link.index or index or None,
        )
    if kind is str:
        return mapped_column(Text, default="", nullable=False, index=index or None)
    if isinstance(kind, type) and issubclass(kind, Enum):
        if not issubclass(kind, StrEnum):
            raise TypeError(f"{spec.kind.value}.{name}: only StrEnum values are stored")
        return mapped_column(enum_type(kind), nullable=nullable, index=index or None)
    if kind is RecordKind:
        return mapped_column(String(32), nullable=nullable, index=index or None)
    if kind is bool:
        return mapped_column(Boolean, default=False, nullable=nullable, index=index or None)
    if kind is int:
        return mapped_column(Integer, nullable=nullable, index=index or None)
    if kind is date:
        return mapped_column(Date, nullable=nullable, index=index or None)
    if kind is datetime:
        return mapped_column(DateTime, nullable=nullable, index=index or None)
    if typing.get_origin(kind) is list:
        return mapped_column(JSON, default=list, nullable=nullable)
    raise TypeError(f"{spec.kind.value}.{name}: no column type for {hint!r}")


def _mapped_class(parent: type[Any], table: str) -> type[Any]:
    for mapper in parent.registry.mappers:
        if mapper.persist_selectable.description == table:
            return mapper.class_  # type: ignore[no-any-return]
    raise TypeError(f"No row maps the {table} table")


def _many(spec: RecordKindSpec, many: Many, parent: type[Any]) -> Any:
    metadata = parent.metadata
    assert spec.row is not None
    target = registry.spec(many.to).row
    if target is None:
        raise TypeError(f"{spec.kind.value}.{many.field} lists {many.to.value}, which has no table")
    own = f"{spec.kind.value}_id"
    other = f"{many.to.value}_id"
    table = metadata.tables.get(many.table)
    if table is None:
        table = Table(
            many.table,
            metadata,
            Column(own, ForeignKey(f"{spec.row.table}.id", ondelete="CASCADE"), primary_key=True),
            Column(other, ForeignKey(f"{target.table}.id", ondelete="CASCADE"), primary_key=True),
        )
    target_table = target.table
    return relationship(
        lambda: _mapped_class(parent, target_table), secondary=table, lazy="selectin"
    )


def many_attribute(many: Many) -> str:
    """The row attribute holding a Many's records: goal_ids -> goals."""
    return many.field.removesuffix("_ids") + "s"


def build_row(spec: RecordKindSpec, parent: type[Any] = RecordRow) -> type[Any]:
    """A row class for ``spec`` on ``parent``'s declarative base: an abstract class with
    an integer primary key ``id`` (RecordRow on Base)."""
    if spec.row is None or spec.record_type is None:
        raise TypeError(f"The {spec.kind.value} kind has no table of its own")
    hints = typing.get_type_hints(spec.record_type)
    many = {m.field: m for m in spec.row.many}
    attributes: dict[str, Any] = {"__tablename__": spec.row.table}
    for field in dataclasses.fields(spec.record_type):
        if field.name == "id":
            continue
        if field.name in many:
            attributes[many_attribute(many[field.name])] = _many(spec, many[field.name], parent)
        else:
            attributes[field.name] = _column(spec, field.name, hints[field.name])
    name = "".join(part.capitalize() for part in spec.kind.value.split("_")) + "Row"
    return type(name, (parent,), attributes)


def _install_generated_rows() -> None:
    """Rows of every registered kind that has a table but no hand-written row."""
    tables = _hand_written()
    for spec in registry.all_specs():
        has_table = spec.row is not None and spec.record_type is not None
        if has_table and spec.row is not None and spec.row.table not in tables:
            _rows[spec.kind] = build_row(spec)


_install_generated_rows()
