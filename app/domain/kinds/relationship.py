"""A mentoring relationship with one mentor: its kind, dates and end-of-relationship
review. The other records of the relationship belong to it."""

from __future__ import annotations

from app.domain.enums import RelationshipKind, RelationshipStatus
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
    Shape,
)
from app.domain.record_kind import RecordKind
from app.domain.record_types import Relationship
from app.domain.registry import with_mentor
from app.domain.validation import validate_relationship

SPEC = RecordKindSpec(
    kind=RecordKind.RELATIONSHIP,
    label="Relationship",
    plural="Relationships",
    form="app.ui.sections.relationship_form",
    record_type=Relationship,
    fields=(
        Field("mentor_id", "Mentor", Shape.REF, required=True),
        Field("kind", "Kind", Shape.ENUM, enum=RelationshipKind),
        Field("scheme", "Scheme", short=True),
        Field("status", "Status", Shape.ENUM, enum=RelationshipStatus),
        Field("start_date", "Start date", Shape.DATE),
        Field("review_date", "Review date", Shape.DATE, future=Future.MARKED),
        Field("end_date", "End date", Shape.DATE),
        Field("end_reason", "Why it ended", Shape.TEXT),
        Field("end_expected", "End review: what I expected", Shape.TEXT),
        Field("end_achieved", "End review: what I achieved", Shape.TEXT),
        Field("end_learned", "End review: what I learned", Shape.TEXT),
        Field("end_left_to_do", "End review: what is left to do", Shape.TEXT),
        Field("end_evaluation", "End review: evaluation", Shape.TEXT),
    ),
    validate=validate_relationship,
    row=Row(
        "relationships",
        links=(Link("mentor_id", RecordKind.MENTOR, "RESTRICT", not_null=True),),
    ),
    title=lambda _record, mentor: f"Relationship{with_mentor(mentor)}",
    date_field="start_date",
    letter="R",
    export=Export("relationships", order=2, required=True),
    documents=(
        Document("relationship", "Relationship summary", "app.printing.relationship_summary_page"),
    ),
    pack=PackRole("Relationships", 1, Inclusion.ONCE_PER_RELATIONSHIP, "relationship"),
)
