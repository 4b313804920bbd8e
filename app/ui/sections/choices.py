"""Choice lists for reference fields, read through the services."""

from __future__ import annotations

from typing import Any

from app.domain import registry
from app.domain.bidi import isolate
from app.domain.enums import RecordKind
from app.domain.record_types import Mentor, Relationship
from app.services import records
from app.services.portfolio import Portfolio
from app.ui.common import format_date


def mentors(portfolio: Portfolio) -> list[tuple[Any, str]]:
    return [(m.id, m.name) for m in records.list_records(portfolio, Mentor)]


def relationships(portfolio: Portfolio) -> list[tuple[Any, str]]:
    names = dict(mentors(portfolio))
    out: list[tuple[Any, str]] = []
    for rel in records.list_records(portfolio, Relationship):
        started = format_date(rel.start_date)
        # The name isolated: a right-to-left one would reorder the words after it.
        label = f"{isolate(names.get(rel.mentor_id, '')) or 'Mentor'} ({rel.kind.label}"
        out.append((rel.id, label + (f", from {started})" if started else ")")))
    return out


def of_kind(kind: RecordKind, portfolio: Portfolio) -> list[tuple[Any, str]]:
    """The records a field linking to ``kind`` may choose, each by its heading (a
    relationship by its mentor, kind and start)."""
    if kind is RecordKind.RELATIONSHIP:
        return relationships(portfolio)
    record_type = registry.spec(kind).dataclass
    return [(r.id, registry.heading(kind, r)) for r in records.list_records(portfolio, record_type)]
