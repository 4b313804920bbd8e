"""A reflective note: the mentee's reflection on an event or on learning, stand-alone or
linked to a session and to goals, written in a structure chosen when starting it (Gibbs;
What? So what? Now what?; the AoMRC's What happened / What did I learn / What will I do
next; free text) and tagged to the four domains of Good Medical Practice. Two layers,
as a session has: the private note (its parts, never printed or shared unless asked)
and the anonymised learning summary, which may be shared."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from app.domain.kind_spec import (
    Document,
    Export,
    Field,
    Future,
    Inclusion,
    Link,
    Many,
    PackRole,
    RecordKindSpec,
    Row,
    Search,
    Shape,
)
from app.domain.record_kind import RecordKind

KIND = RecordKind.declare("reflective_note")


class Structure(StrEnum):
    GIBBS = "gibbs"
    WHAT_SO_WHAT = "what_so_what"
    AOMRC = "aomrc"
    FREE = "free"

    @property
    def label(self) -> str:
        return STRUCTURE_LABELS[self]

    @property
    def headings(self) -> tuple[str, ...]:
        """The headings of the private note's parts, in order (one part per heading)."""
        return HEADINGS[self]


STRUCTURE_LABELS = {
    Structure.GIBBS: "Gibbs' reflective cycle",
    Structure.WHAT_SO_WHAT: "What? So what? Now what?",
    Structure.AOMRC: "AoMRC: what happened, what I learned, what next",
    Structure.FREE: "Free text",
}
HEADINGS = {
    Structure.GIBBS: (
        "Description",
        "Feelings",
        "Evaluation",
        "Analysis",
        "Conclusion",
        "Action plan",
    ),
    Structure.WHAT_SO_WHAT: ("What?", "So what?", "Now what?"),
    Structure.AOMRC: ("What happened?", "What did I learn?", "What will I do next?"),
    Structure.FREE: ("Reflection",),
}
PARTS = ("part_1", "part_2", "part_3", "part_4", "part_5", "part_6")

#: The four domains of the GMC's Good Medical Practice, as appraisal asks for them.
DOMAINS = (
    ("domain_knowledge", "Knowledge, skills and performance"),
    ("domain_safety", "Safety and quality"),
    ("domain_communication", "Communication, partnership and teamwork"),
    ("domain_trust", "Maintaining trust"),
)


@dataclass
class ReflectiveNote:
    id: int | None = None
    title: str = ""
    written_on: date | None = None
    structure: Structure = Structure.GIBBS
    relationship_id: int | None = None
    session_id: int | None = None
    domain_knowledge: bool = False
    domain_safety: bool = False
    domain_communication: bool = False
    domain_trust: bool = False
    part_1: str = ""
    part_2: str = ""
    part_3: str = ""
    part_4: str = ""
    part_5: str = ""
    part_6: str = ""
    learning_summary: str = ""
    goal_ids: list[int] = field(default_factory=list)

    def parts(self) -> list[tuple[str, str]]:
        """(heading, text) of the private note's parts its structure has."""
        return [
            (heading, getattr(self, name))
            for heading, name in zip(self.structure.headings, PARTS, strict=False)
        ]

    def domains(self) -> list[str]:
        return [label for name, label in DOMAINS if getattr(self, name)]


def validate(note: ReflectiveNote) -> dict[str, str]:
    problems = {}
    if not note.title.strip():
        problems["title"] = "is empty: give the note a title that names what you learned about"
    left_over = PARTS[len(note.structure.headings) :]
    if any(getattr(note, name).strip() for name in left_over):
        problems["structure"] = (
            f"has fewer parts than this note holds: {note.structure.label} has"
            f" {len(note.structure.headings)}; move the text of the others first"
        )
    return problems


def _part(number: int) -> Field:
    return Field(
        f"part_{number}",
        "Private note",  # each part's heading is its structure's (the form, the page)
        Shape.TEXT,
        private=True,
        help="Private: never printed or shared unless you tick it in.",
    )


SPEC = RecordKindSpec(
    kind=KIND,
    label="Reflective note",
    plural="Reflective notes",
    record_type=ReflectiveNote,
    form="app.ui.sections.reflective_note_form",
    fields=(
        Field("title", "Title", short=True, required=True),
        Field(
            "written_on",
            "Written on",
            Shape.DATE,
            required=True,
            future=Future.REFUSED,
            why_past="a reflection is written about what has happened",
        ),
        Field("structure", "Structure", Shape.ENUM, enum=Structure),
        Field("relationship_id", "Relationship", Shape.REF),
        Field("session_id", "Session", Shape.REF),
        *(Field(name, label, Shape.BOOL) for name, label in DOMAINS),
        *(_part(number) for number in range(1, 7)),
        Field(
            "learning_summary",
            "Learning summary (may be shared)",
            Shape.TEXT,
            help="What you learned and will do, without names, dates, places or the"
            " facts of an incident: this layer may be printed and shared.",
        ),
        Field("goal_ids", "Goals it touches", Shape.IDS),
    ),
    validate=validate,
    row=Row(
        "reflective_notes",
        links=(
            Link("relationship_id", RecordKind.RELATIONSHIP, "SET NULL", index=True, owner=True),
            Link("session_id", RecordKind.SESSION, "SET NULL", index=True),
        ),
        many=(Many("goal_ids", "reflective_note_goals", RecordKind.GOAL),),
        indexed=("written_on",),
        not_null=("written_on",),
    ),
    title=lambda note, _mentor: note.title,
    date_field="written_on",
    search=Search(number=10),
    export=Export("reflective_notes", order=9),
    documents=(
        Document("reflective_note", "Reflective note", "app.printing.reflective_note_page"),
    ),
    pack=PackRole("Reflective notes", 7, Inclusion.DATED_IN_PERIOD, "reflective_note"),
    cli_names=("reflection", "note"),
    says_something=PARTS + ("learning_summary",),
    nothing_said="is empty: write your reflection or its learning summary before saving",
)
