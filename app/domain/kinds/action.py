"""An action agreed in a session (or on its own): who does what by when, and how it went.
A session's signature covers what was agreed; the progress stays editable."""

from __future__ import annotations

from app.domain.enums import ActionOwner, ActionStatus
from app.domain.kind_spec import (
    Document,
    Export,
    Field,
    Future,
    Inclusion,
    Link,
    PackRole,
    RecordKindSpec,
    Row,
    Search,
    Shape,
)
from app.domain.record_kind import RecordKind
from app.domain.record_types import Action
from app.domain.validation import validate_action


def _first_line(text: str) -> str:
    return text.splitlines()[0][:120] if text else ""


SPEC = RecordKindSpec(
    kind=RecordKind.ACTION,
    label="Action",
    plural="Actions",
    form="app.ui.sections.action_form",
    record_type=Action,
    fields=(
        Field("description", "Action", Shape.TEXT, required=True),
        Field("relationship_id", "Relationship", Shape.REF),
        Field("origin_session_id", "Agreed in session", Shape.REF),
        Field("owner", "Owner", Shape.ENUM, enum=ActionOwner),
        Field("due_date", "Due", Shape.DATE, future=Future.MARKED),
        Field("status", "Status", Shape.ENUM, enum=ActionStatus, progress=True),
        Field(
            "completed_on",
            "Completed on",
            Shape.DATE,
            progress=True,
            future=Future.REFUSED,
            why_past="an action is done on a day that has come",
        ),
        Field("notes", "Notes", Shape.TEXT, progress=True),
    ),
    validate=validate_action,
    row=Row(
        "actions",
        links=(
            Link("relationship_id", RecordKind.RELATIONSHIP, "CASCADE", index=True, owner=True),
            Link("origin_session_id", RecordKind.SESSION, "SET NULL", index=True),
        ),
        indexed=("due_date", "status"),
    ),
    title=lambda record, _mentor: _first_line(record.description),
    date_field="due_date",
    ascending=True,
    label_field="description",
    letter="A",
    search=Search(number=9),
    export=Export("actions", order=8, required=True),
    # A relationship's actions, printed from the relationship.
    documents=(
        Document(
            "actions",
            "Action log",
            "app.printing.action_log_page",
            per=RecordKind.RELATIONSHIP,
            offered_on=(RecordKind.RELATIONSHIP,),
        ),
    ),
    pack=PackRole("Action logs", 6, Inclusion.ONCE_PER_RELATIONSHIP, "actions"),
)
