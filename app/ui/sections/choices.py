"""Choice lists for reference fields, read through the services."""

from __future__ import annotations

from typing import Any

from app.domain.records import Mentor, Relationship, SessionRecord
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
        label = f"{names.get(rel.mentor_id, 'Mentor')} ({rel.kind.label}"
        out.append((rel.id, label + (f", from {started})" if started else ")")))
    return out


def sessions(portfolio: Portfolio) -> list[tuple[Any, str]]:
    return [
        (s.id, f"Session {format_date(s.held_on)}")
        for s in records.list_records(portfolio, SessionRecord)
    ]
