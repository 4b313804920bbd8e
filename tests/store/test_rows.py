"""Rows generated from a kind's spec: the hand-written rows of the built-in kinds are
exactly what the generator makes from their specs, so a new kind's generated row is
built by the same rules as the tables the migrations made."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.schema import CreateIndex, CreateTable, Table

from app.domain import registry
from app.store import rows
from app.store.models import Base


def _ddl(table: Table) -> list[str]:
    dialect = sqlite.dialect()
    create = str(CreateTable(table).compile(dialect=dialect)).strip()
    indexes = sorted(str(CreateIndex(i).compile(dialect=dialect)) for i in table.indexes)
    defaults = sorted(
        f"{c.name}={getattr(c.default, 'arg', None)!r}".replace("<function", "fn").split(" at ")[0]
        for c in table.columns
    )
    return [create, *indexes, *defaults]


def test_each_hand_written_row_equals_the_row_generated_from_its_spec() -> None:
    class Generated(DeclarativeBase):
        pass

    class Parent(Generated):
        __abstract__ = True
        id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)

    built: dict[str, Any] = {}
    for spec in registry.exported():  # targets of links first
        built[spec.kind.value] = rows.build_row(spec, Parent)
    assert set(built) == {s.kind.value for s in registry.editable()}
    for spec in registry.editable():
        assert spec.row is not None
        hand_written = Base.metadata.tables[spec.row.table]
        generated = Generated.metadata.tables[spec.row.table]
        assert rows.row_of(spec.kind).__table__ is hand_written
        assert _ddl(generated) == _ddl(hand_written), spec.kind
    assert _ddl(Generated.metadata.tables["session_goals"]) == _ddl(
        Base.metadata.tables["session_goals"]
    )


def test_a_row_object_names_its_kind() -> None:
    for spec in registry.editable():
        row = rows.row_of(spec.kind)()
        assert rows.kind_of_row(row) is spec.kind
    assert rows.kind_of_row(object()) is None
