"""A checklist of a relationship, often started from a template: items ticked and
noted. Signed by mentee and mentor."""

from __future__ import annotations

from app.domain.enums import SignerRole
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
    Signing,
)
from app.domain.record_kind import RecordKind
from app.domain.record_types import Checklist
from app.domain.registry import with_mentor
from app.domain.validation import validate_checklist

SPEC = RecordKindSpec(
    kind=RecordKind.CHECKLIST,
    label="Checklist",
    plural="Checklists",
    form="app.ui.sections.checklist_form",
    record_type=Checklist,
    fields=(
        Field("title", "Title", required=True, short=True, searchable=False),
        Field("relationship_id", "Relationship", Shape.REF),
        Field(
            "completed_on",
            "Completed on",
            Shape.DATE,
            future=Future.REFUSED,
            why_past="a checklist is completed on a day that has come",
        ),
        Field("items", "Items", Shape.ITEMS),
    ),
    validate=validate_checklist,
    row=Row(
        "checklists",
        links=(
            Link("relationship_id", RecordKind.RELATIONSHIP, "CASCADE", owner=True),
            Link("template_id", RecordKind.CHECKLIST_TEMPLATE, "SET NULL"),
        ),
    ),
    title=lambda record, _mentor: record.title or "Checklist",
    sentence=lambda record, record_id, mentor: (
        f"Checklist {record_id} “{(record.title if record is not None else '') or 'Checklist'}”"
        + with_mentor(mentor)
    ),
    date_field="completed_on",
    label_field="title",
    letter="K",
    search=Search(number=7),
    export=Export("checklists", order=6, required=True),
    documents=(Document("checklist", "Checklist", "app.printing.checklist_page"),),
    signing=Signing(
        signers=frozenset({SignerRole.MENTEE, SignerRole.MENTOR}),
        key="checklist",
        # Which template it started from is bookkeeping, not content (and a deleted
        # template must not change a signed checklist).
        bookkeeping=frozenset({"template_id"}),
    ),
    pack=PackRole("Checklists", 4, Inclusion.UNDATED_OR_IN_PERIOD, "checklist"),
)
