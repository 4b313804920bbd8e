"""A throw-away record kind for tests: a book or paper the mentee read for the
mentoring, and what they took from it. Declared as app/domain/kinds/<kind>.py would
declare it; tests/kinds/test_new_kind.py registers it and proves it is searchable,
exported and imported, printable, in the appraisal pack and on a form. SIGNED_SPEC is
the same kind declared signable (by mentee and mentor, what they took from it left
unsigned), as a kind module would declare it: the signing services take it from the
spec alone."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from app.domain.enums import SignerRole
from app.domain.kind_spec import (
    Document,
    Export,
    Field,
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

KIND = RecordKind.declare("reading_note")


@dataclass
class ReadingNote:
    id: int | None = None
    relationship_id: int | None = None
    read_on: date | None = None
    title: str = ""
    takeaway: str = ""


def validate(note: ReadingNote) -> dict[str, str]:
    return {} if note.title.strip() else {"title": "name what you read"}


SPEC = RecordKindSpec(
    kind=KIND,
    label="Reading note",
    plural="Reading notes",
    record_type=ReadingNote,
    form="tests.kinds.reading_note_form",
    fields=(
        Field("title", "Title", short=True, required=True),
        Field("relationship_id", "Relationship", Shape.REF),
        Field("read_on", "Read on", Shape.DATE),
        Field("takeaway", "What I took from it", Shape.TEXT),
    ),
    validate=validate,
    row=Row(
        "reading_notes",
        links=(
            Link("relationship_id", RecordKind.RELATIONSHIP, "CASCADE", index=True, owner=True),
        ),
    ),
    title=lambda note, _mentor: note.title,
    date_field="read_on",
    search=Search(number=40),
    export=Export("reading_notes", order=20),
    documents=(Document("reading_note", "Reading note", "tests.kinds.reading_note_page"),),
    pack=PackRole("Reading notes", 7, Inclusion.DATED_IN_PERIOD, "reading_note"),
)

SIGNED_SPEC = replace(
    SPEC,
    fields=tuple(
        replace(field, signed=False) if field.name == "takeaway" else field for field in SPEC.fields
    ),
    letter="N",
    signing=Signing(
        signers=frozenset({SignerRole.MENTEE, SignerRole.MENTOR}),
        key="reading_note",
        unsigned_note="What I took from it can still be edited on its own.",
    ),
)
