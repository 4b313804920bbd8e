"""Copying between the domain dataclasses and the ORM rows. Field names are shared,
so only the few fields with a different shape need code here."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.records import ChecklistItem
from app.store.models import ChecklistRow, GoalRow, SessionRow

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")


def to_record(row: Any, record_type: type[R]) -> R:
    values: dict[str, Any] = {}
    for f in fields(record_type):
        if f.name == "goal_ids" and isinstance(row, SessionRow):
            values["goal_ids"] = sorted(goal.id for goal in row.goals)
        elif f.name == "items" and isinstance(row, ChecklistRow):
            values["items"] = [
                ChecklistItem(
                    str(i.get("text", "")), bool(i.get("done", False)), str(i.get("note", ""))
                )
                for i in (row.items or [])
            ]
        elif f.name == "items":
            values["items"] = list(row.items or [])
        else:
            values[f.name] = getattr(row, f.name)
    return record_type(**values)


def changed_fields(row: Any, record: Any) -> list[str]:
    before = to_record(row, type(record))
    return [f.name for f in fields(record) if getattr(before, f.name) != getattr(record, f.name)]


def copy_to_row(session: Session, record: Any, row: Any) -> None:
    for f in fields(record):
        if f.name == "id":
            continue
        value = getattr(record, f.name)
        if f.name == "goal_ids" and isinstance(row, SessionRow):
            wanted = sorted(set(value))
            goals = session.scalars(select(GoalRow).where(GoalRow.id.in_(wanted))).all()
            row.goals = list(goals)
        elif f.name == "items" and isinstance(row, ChecklistRow):
            row.items = [{"text": i.text, "done": i.done, "note": i.note} for i in value]
        elif f.name == "items":
            row.items = list(value)
        else:
            setattr(row, f.name, value)
