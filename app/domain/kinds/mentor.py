"""A mentor: someone the mentee is (or was) mentored by."""

from __future__ import annotations

from app.domain.kind_spec import Export, Field, Messages, RecordKindSpec, Row, Search, Shape
from app.domain.record_kind import RecordKind
from app.domain.record_types import Mentor
from app.domain.validation import EMAIL_LONGEST, validate_mentor

SPEC = RecordKindSpec(
    kind=RecordKind.MENTOR,
    label="Mentor",
    plural="Mentors",
    form="app.ui.sections.mentor_form",
    record_type=Mentor,
    fields=(
        Field("name", "Name", required=True, short=True),
        Field("role", "Role", short=True),
        Field("organisation", "Organisation"),
        Field("email", "Email", short=True, searchable=False, longest=EMAIL_LONGEST),
        Field("phone", "Phone", short=True, searchable=False),
        Field("is_line_manager", "This mentor is my line manager", Shape.BOOL),
        Field("notes", "Notes", Shape.TEXT),
    ),
    validate=validate_mentor,
    row=Row("mentors"),
    title=lambda record, _mentor: record.name,
    ascending=True,
    label_field="name",
    letter="M",
    search=Search(number=2),
    export=Export("mentors", order=1, required=True),
    messages=Messages(
        still_referenced="This mentor still has relationships. Delete or reassign those first."
    ),
)
