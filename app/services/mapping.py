"""Copying between the domain dataclasses and the ORM rows. Field names are shared;
the two shapes that differ are handled by the kind's spec, for every kind alike: a Many
(``goal_ids`` is the row's ``goals``) and a JSON list of small dataclasses (a checklist's
items are dicts in the row)."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import registry
from app.domain.kind_spec import Many
from app.services.portable import record_from_plain, to_plain
from app.store.rows import kind_of_row_type, many_attribute, row_of

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")
Reader = Callable[[Any], Any]


def _many_fields(row_type: type[Any]) -> dict[str, Many]:
    kind = kind_of_row_type(row_type)
    spec = registry.spec(kind) if kind is not None else None
    if spec is None or spec.row is None:
        return {}
    return {many.field: many for many in spec.row.many}


def _item_type(hint: Any) -> type[Any] | None:
    """The dataclass a list field holds (list[ChecklistItem]), else None."""
    if typing.get_origin(hint) is not list:
        return None
    (item,) = typing.get_args(hint)
    return item if dataclasses.is_dataclass(item) and isinstance(item, type) else None


_hint_cache: dict[type[Any], dict[str, Any]] = {}
_reader_cache: dict[tuple[type[Any], type[Any]], tuple[tuple[str, Reader], ...]] = {}


def _hints(record_type: type[Any]) -> dict[str, Any]:
    if record_type not in _hint_cache:
        _hint_cache[record_type] = typing.get_type_hints(record_type)
    return _hint_cache[record_type]


def _reader(name: str, hint: Any, many: Many | None) -> Reader:
    if many is not None:
        attribute = many_attribute(many)

        def ids(row: Any) -> list[int]:
            return sorted(linked.id for linked in getattr(row, attribute))

        return ids
    item_type = _item_type(hint)
    if item_type is not None:

        def items(row: Any) -> list[Any]:
            return [record_from_plain(item_type, plain) for plain in getattr(row, name)]

        return items
    if typing.get_origin(hint) is list:

        def values(row: Any) -> list[Any]:
            return list(getattr(row, name) or [])

        return values

    def value(row: Any) -> Any:
        return getattr(row, name)

    return value


def _readers(row_type: type[Any], record_type: type[Any]) -> tuple[tuple[str, Reader], ...]:
    key = (row_type, record_type)
    if key not in _reader_cache:
        many = _many_fields(row_type)
        hints = _hints(record_type)
        _reader_cache[key] = tuple(
            (f.name, _reader(f.name, hints[f.name], many.get(f.name)))
            for f in dataclasses.fields(record_type)
        )
    return _reader_cache[key]


def to_record(row: Any, record_type: type[R]) -> R:
    return record_type(**{name: read(row) for name, read in _readers(type(row), record_type)})


def changed_fields(row: Any, record: Any) -> list[str]:
    before = to_record(row, type(record))
    return [
        f.name
        for f in dataclasses.fields(record)
        if getattr(before, f.name) != getattr(record, f.name)
    ]


def copy_to_row(db: Session, record: Any, row: Any) -> None:
    many = _many_fields(type(row))
    hints = _hints(type(record))
    for f in dataclasses.fields(record):
        if f.name == "id":
            continue
        value = getattr(record, f.name)
        if f.name in many:
            target = row_of(many[f.name].to)
            wanted = sorted(set(value))
            linked = db.scalars(select(target).where(target.id.in_(wanted))).all()
            setattr(row, many_attribute(many[f.name]), list(linked))
        elif _item_type(hints[f.name]) is not None:
            setattr(row, f.name, [to_plain(item) for item in value])
        elif typing.get_origin(hints[f.name]) is list:
            setattr(row, f.name, list(value))
        else:
            setattr(row, f.name, value)
