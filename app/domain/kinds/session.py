"""A mentoring session and its record: date, length, topics, summary, the goals it
touched, a private reflection and the appraisal summary. Its actions are its parts."""

from __future__ import annotations

from app.domain.enums import SessionFormat, SignerRole
from app.domain.kind_spec import (
    Document,
    Export,
    Field,
    Future,
    Inclusion,
    Link,
    Many,
    PackRole,
    Part,
    RecordKindSpec,
    Row,
    Search,
    Shape,
    Signing,
)
from app.domain.record_kind import RecordKind
from app.domain.record_types import SessionRecord
from app.domain.registry import with_mentor
from app.domain.validation import LOCATION_LONGEST, MAX_SESSION_MINUTES, validate_session

SPEC = RecordKindSpec(
    kind=RecordKind.SESSION,
    label="Session record",
    plural="Session records",
    form="app.ui.sections.session_form",
    record_type=SessionRecord,
    fields=(
        Field(
            "held_on",
            "Date",
            Shape.DATE,
            required=True,
            future=Future.REFUSED,
            why_past="a session is recorded once it has been held",
        ),
        Field("relationship_id", "Relationship", Shape.REF, required=True),
        Field("duration_minutes", "Length (minutes)", Shape.INT, maximum=MAX_SESSION_MINUTES),
        Field("format", "Format", Shape.ENUM, enum=SessionFormat),
        Field("location", "Location", short=True, longest=LOCATION_LONGEST),
        Field("since_last", "Since last time", Shape.TEXT),
        Field("topics", "Topics", Shape.TEXT),
        Field("summary", "Summary", Shape.TEXT),
        Field("key_learning", "Key learning", Shape.TEXT),
        # The mentee's own layers: never signed, editable at any time.
        Field("private_reflection", "Private reflection", Shape.TEXT, private=True, signed=False),
        Field("appraisal_learning", "For appraisal: what I learned", Shape.TEXT, signed=False),
        Field(
            "appraisal_practice_change",
            "For appraisal: change in practice",
            Shape.TEXT,
            signed=False,
        ),
        Field("appraisal_next_steps", "For appraisal: next steps", Shape.TEXT, signed=False),
        Field("next_meeting", "Next meeting", Shape.DATE, future=Future.MARKED),
        Field("goal_ids", "Goals this session touched", Shape.IDS),
    ),
    validate=validate_session,
    row=Row(
        "sessions",
        links=(
            Link(
                "relationship_id",
                RecordKind.RELATIONSHIP,
                "CASCADE",
                not_null=True,
                index=True,
                owner=True,
            ),
        ),
        many=(Many("goal_ids", "session_goals", RecordKind.GOAL),),
        indexed=("held_on",),
        not_null=("held_on",),
    ),
    title=lambda record, _mentor: (
        f"Session of {record.held_on:%d/%m/%Y}" if record.held_on else "Session"
    ),
    sentence=lambda record, record_id, mentor: (
        f"Session record {record_id}"
        + (f" of {record.held_on:%-d %B %Y}" if record is not None and record.held_on else "")
        + with_mentor(mentor)
    ),
    date_field="held_on",
    label_field="held_on",
    letter="S",
    search=Search(number=8),
    export=Export("sessions", order=7, required=True),
    documents=(Document("session", "Session record", "app.printing.session_page"),),
    signing=Signing(
        signers=frozenset({SignerRole.MENTEE, SignerRole.MENTOR}),
        key="session",
        parts=(
            Part(
                RecordKind.ACTION,
                "origin_session_id",
                "actions",
                "An action agreed in a signed session record",
                "only its status, completion and notes",
            ),
        ),
        unsigned_note="Its private reflection and appraisal summary can still be edited"
        " on their own.",
    ),
    pack=PackRole("Session records", 5, Inclusion.DATED_IN_PERIOD, "session"),
    says_something=("topics", "since_last", "summary", "key_learning"),
    nothing_said="is empty: write what you discussed (Topics, Summary, Since last time or"
    " Key learning) before saving the session",
)
