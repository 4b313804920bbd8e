"""A reusable checklist (the first-meeting checklist and the mentee's own); a new
portfolio starts with the default ones."""

from __future__ import annotations

from app.domain.kind_spec import Export, Field, RecordKindSpec, Row, Search, Shape
from app.domain.record_kind import RecordKind
from app.domain.record_types import ChecklistTemplate
from app.domain.validation import validate_checklist_template

SPEC = RecordKindSpec(
    kind=RecordKind.CHECKLIST_TEMPLATE,
    label="Checklist template",
    plural="Checklist templates",
    record_type=ChecklistTemplate,
    fields=(
        Field("name", "Name", required=True, short=True, searchable=False),
        Field("description", "Description", Shape.TEXT),
        Field("items", "Items", Shape.ITEMS),
        Field("is_default", "Default template", Shape.BOOL),
    ),
    validate=validate_checklist_template,
    row=Row("checklist_templates"),
    title=lambda record, _mentor: record.name,
    ascending=True,
    label_field="name",
    search=Search(number=6),
    export=Export("checklist_templates", order=5, required=True, seeded=True),
)
