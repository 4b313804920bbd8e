"""Which table row holds each record kind. The built-in kinds have hand-written, typed
rows in app/store/models.py; a row is found by the table its kind's spec names."""

from __future__ import annotations

from functools import cache
from typing import Any

from app.domain import registry
from app.domain.record_kind import RecordKind
from app.store.models import Base, RecordRow


@cache
def _by_table() -> dict[str, type[Any]]:
    mappers = Base.registry.mappers
    return {mapper.persist_selectable.description: mapper.class_ for mapper in mappers}


def row_of(kind: RecordKind) -> type[RecordRow]:
    """The row class of an editable kind (app/services/records.py)."""
    spec = registry.spec(kind)
    if spec.row is None:
        raise TypeError(f"The {kind.value} kind has no table of its own")
    row = _by_table().get(spec.row.table)
    if row is None or not issubclass(row, RecordRow):
        raise TypeError(f"No row maps the {spec.row.table} table of the {kind.value} kind")
    return row
