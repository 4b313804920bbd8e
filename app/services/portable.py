"""Turning records into plain JSON values and back, driven by the dataclasses' type
hints, and the JSON Schema those values follow. Shared by export and import."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from typing import Any, Union

from app.domain import registry
from app.domain.record_kind import RecordKind
from app.domain.validation import MAX_TEXT

_NONE = type(None)


def _args(hint: Any) -> tuple[Any, ...]:
    return typing.get_args(hint)


def _is_optional(hint: Any) -> bool:
    origin = typing.get_origin(hint)
    return origin in (Union, types.UnionType) and _NONE in _args(hint)


def _inner(hint: Any) -> Any:
    return next(a for a in _args(hint) if a is not _NONE)


def to_plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    return value


def from_plain(hint: Any, value: Any) -> Any:
    """Build a value of type ``hint`` from JSON; input is already schema-validated."""
    if _is_optional(hint):
        return None if value is None else from_plain(_inner(hint), value)
    if isinstance(hint, type) and issubclass(hint, Enum | RecordKind):
        return hint(value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if typing.get_origin(hint) is list:
        (item,) = _args(hint)
        return [from_plain(item, v) for v in value]
    if dataclasses.is_dataclass(hint):
        return record_from_plain(hint, value)
    return value


def record_from_plain(cls: Any, data: dict[str, Any]) -> Any:
    """Missing optional fields take the dataclass default, so a file written before a
    field was added still imports."""
    hints = typing.get_type_hints(cls)
    return cls(
        **{
            f.name: from_plain(hints[f.name], data[f.name])
            for f in dataclasses.fields(cls)
            if f.name in data
        }
    )


def schema_for(hint: Any) -> dict[str, Any]:
    if _is_optional(hint):
        return {"anyOf": [schema_for(_inner(hint)), {"type": "null"}]}
    if isinstance(hint, type) and issubclass(hint, Enum):
        return {"type": "string", "enum": [m.value for m in hint]}
    if hint is RecordKind:
        return {"type": "string", "enum": [s.kind.value for s in registry.all_specs()]}
    if hint is datetime:
        return {"type": "string", "format": "date-time", "maxLength": 40}
    if hint is date:
        return {"type": "string", "format": "date", "maxLength": 10}
    if hint is str:
        return {"type": "string", "maxLength": MAX_TEXT}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer", "minimum": 0, "maximum": 2**53}
    if typing.get_origin(hint) is list:
        (item,) = _args(hint)
        return {"type": "array", "items": schema_for(item), "maxItems": 10_000}
    if dataclasses.is_dataclass(hint):
        return record_schema(hint)
    raise TypeError(f"no JSON schema for {hint!r}")


# A stored record always has its id: links between records depend on it.
_ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 2**53}


def _is_identity(name: str, hint: Any) -> bool:
    return name == "id" or (name.endswith("_id") and not _is_optional(hint))


def record_schema(cls: Any) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    return {
        "type": "object",
        "additionalProperties": False,
        # Only identity and links are required: fields added later in the same schema
        # version default when absent, so older exports stay importable.
        "required": [n for n in names if _is_identity(n, hints[n])],
        "properties": {
            name: (_ID_SCHEMA if name == "id" else schema_for(hints[name])) for name in names
        },
    }
