"""A SMART goal of the mentee, usually within a relationship (whose goals plan covers it)."""

from __future__ import annotations

from app.domain.enums import GoalStatus
from app.domain.kind_spec import Export, Field, Future, Link, RecordKindSpec, Row, Search, Shape
from app.domain.record_kind import RecordKind
from app.domain.record_types import Goal
from app.domain.validation import validate_goal

SPEC = RecordKindSpec(
    kind=RecordKind.GOAL,
    label="Goal",
    plural="Goals",
    form="app.ui.sections.goal_form",
    record_type=Goal,
    fields=(
        Field("title", "Title", required=True, short=True, searchable=False),
        Field("relationship_id", "Relationship", Shape.REF),
        Field("specific", "Specific", Shape.TEXT, help="What exactly will you do?"),
        Field("measurable", "Measurable", Shape.TEXT, help="How will you know?"),
        Field("achievable", "Achievable", Shape.TEXT, help="Is it realistic?"),
        Field("relevant", "Relevant", Shape.TEXT, help="Why does it matter now?"),
        Field("time_bound", "Time-bound", Shape.TEXT, help="By when?"),
        Field("category", "Category", short=True),
        Field("status", "Status", Shape.ENUM, enum=GoalStatus, progress=True),
        Field("target_date", "Target date", Shape.DATE, future=Future.MARKED),
        Field("progress_notes", "Progress notes", Shape.TEXT, progress=True),
    ),
    validate=validate_goal,
    row=Row(
        "goals",
        links=(Link("relationship_id", RecordKind.RELATIONSHIP, "SET NULL", owner=True),),
    ),
    title=lambda record, _mentor: record.title,
    date_field="target_date",
    ascending=True,
    label_field="title",
    search=Search(number=5),
    export=Export("goals", order=4, required=True),
)
