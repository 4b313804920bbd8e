"""Names of related records for combos and list columns, read through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QLocale

from app.domain.records import Mentor, Relationship
from app.services import records
from app.services.portfolio import Portfolio
from app.ui.sections.fields import date_format


def format_date(locale: QLocale, value: date | None) -> str:
    return "" if value is None else locale.toString(QDate(value), date_format(locale))


def iso(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def relationship_labels(portfolio: Portfolio, locale: QLocale) -> dict[int, str]:
    mentors = {m.id: m.name for m in records.list_records(portfolio, Mentor)}
    labels: dict[int, str] = {}
    for rel in records.list_records(portfolio, Relationship):
        assert rel.id is not None
        name = mentors.get(rel.mentor_id, "?")
        since = f", from {format_date(locale, rel.start_date)}" if rel.start_date else ""
        labels[rel.id] = f"{name} ({rel.kind.label.lower()}{since})"
    return labels


def relationship_choices(portfolio: Portfolio, locale: QLocale) -> list[tuple[str, Any]]:
    return [(label, rid) for rid, label in relationship_labels(portfolio, locale).items()]
