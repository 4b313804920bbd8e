"""One table of what each editable record kind is: its dataclass, its row, its rules.
Everything generic (save, list, delete, export) reads this table, so adding a kind
is one entry here, not a new service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.domain import validation
from app.domain.enums import RecordKind
from app.domain.records import (
    Action,
    Checklist,
    ChecklistTemplate,
    Contract,
    Goal,
    Mentor,
    Relationship,
    SessionRecord,
)
from app.store.models import (
    ActionRow,
    ChecklistRow,
    ChecklistTemplateRow,
    ContractRow,
    GoalRow,
    MentorRow,
    RecordRow,
    RelationshipRow,
    SessionRow,
)


@dataclass(frozen=True)
class KindSpec:
    kind: RecordKind
    record_type: type[Any]
    row_type: type[RecordRow]
    validate: Callable[[Any], dict[str, str]]
    # The date lists are filtered and sorted by (newest first unless ascending).
    date_field: str | None
    ascending: bool = False
    label_field: str = "id"


SPECS: tuple[KindSpec, ...] = (
    KindSpec(
        RecordKind.MENTOR,
        Mentor,
        MentorRow,
        validation.validate_mentor,
        None,
        ascending=True,
        label_field="name",
    ),
    KindSpec(
        RecordKind.RELATIONSHIP,
        Relationship,
        RelationshipRow,
        validation.validate_relationship,
        "start_date",
    ),
    KindSpec(RecordKind.CONTRACT, Contract, ContractRow, validation.validate_contract, "agreed_on"),
    KindSpec(
        RecordKind.GOAL,
        Goal,
        GoalRow,
        validation.validate_goal,
        "target_date",
        ascending=True,
        label_field="title",
    ),
    KindSpec(
        RecordKind.CHECKLIST_TEMPLATE,
        ChecklistTemplate,
        ChecklistTemplateRow,
        validation.validate_checklist_template,
        None,
        ascending=True,
        label_field="name",
    ),
    KindSpec(
        RecordKind.CHECKLIST,
        Checklist,
        ChecklistRow,
        validation.validate_checklist,
        "completed_on",
        label_field="title",
    ),
    KindSpec(
        RecordKind.SESSION,
        SessionRecord,
        SessionRow,
        validation.validate_session,
        "held_on",
        label_field="held_on",
    ),
    KindSpec(
        RecordKind.ACTION,
        Action,
        ActionRow,
        validation.validate_action,
        "due_date",
        ascending=True,
        label_field="description",
    ),
)

BY_TYPE: dict[type[Any], KindSpec] = {spec.record_type: spec for spec in SPECS}
BY_KIND: dict[RecordKind, KindSpec] = {spec.kind: spec for spec in SPECS}


def spec_for(record_type: type[Any]) -> KindSpec:
    try:
        return BY_TYPE[record_type]
    except KeyError:
        raise TypeError(f"{record_type.__name__} is not an editable record kind") from None
