"""How a record kind is declared: one ``RecordKindSpec`` per kind module in
app/domain/kinds. Plain data and pure functions, so every layer can read it; each layer
interprets the part it owns (docs/ARCHITECTURE.md, "The record-kind registry")."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum
from typing import Any, Literal

from app.domain import clock
from app.domain.enums import SignerRole
from app.domain.record_kind import RecordKind
from app.domain.validation import MAX_NAME, MAX_TEXT


class Shape(StrEnum):
    """How a field is edited and stored."""

    LINE = "line"  # one line of text
    TEXT = "text"  # several lines
    DATE = "date"
    ENUM = "enum"  # one member of Field.enum
    BOOL = "bool"
    INT = "int"
    REF = "ref"  # the id of another record (the kind's Row names the link)
    ITEMS = "items"  # a list kept in one JSON column (checklist items)
    IDS = "ids"  # ids of other records kept in a link table (a Many)


TEXT_SHAPES = frozenset({Shape.LINE, Shape.TEXT, Shape.ITEMS})


class Future(StrEnum):
    """What a date field makes of a day after today."""

    ALLOWED = "allowed"  # a plan or a past alike (a relationship's start)
    MARKED = "marked"  # usually ahead (a next meeting, a due date): the form says so
    REFUSED = "refused"  # only ever past (a session held): validation refuses it


def after_today(why_past: str) -> str:
    """The refusal of a day ahead where only a past one can be ("is after today: a
    session is recorded once it has been held")."""
    return f"is after today: {why_past}" if why_past else "is after today"


@dataclass(frozen=True)
class Field:
    """One field of a kind's dataclass, as people see it."""

    name: str
    label: str  # its one user-facing name: form, messages
    shape: Shape = Shape.LINE
    required: bool = False
    short: bool = False  # one line of a name's size (MAX_NAME characters), else MAX_TEXT
    private: bool = False  # never printed unless asked, never shared
    signed: bool = True  # False: the mentee's own layer, still editable after signing
    progress: bool = False  # a part's progress: editable after its whole is signed
    searchable: bool | None = None  # in the search entry's body; None: text shapes are
    enum: type[Enum] | None = None  # Shape.ENUM: the choices
    maximum: int | None = None  # Shape.INT: the largest value the form offers
    future: Future = Future.ALLOWED  # Shape.DATE: a day after today
    why_past: str = ""  # Future.REFUSED: why it cannot be ahead, for the refusal
    longest: int | None = None  # Shape.LINE: most characters (None: MAX_NAME)
    help: str = ""  # a tooltip: what to write here

    @property
    def most_characters(self) -> int:
        """The longest text the field takes: a line of a name's size, or a long text."""
        if self.shape is Shape.LINE:
            return self.longest or MAX_NAME
        return MAX_TEXT

    def problem(self, value: Any, today: date, *, typed: bool = True) -> str | None:
        """What is wrong with ``value`` in this field whatever the kind: a line that
        is not one line or is too long (for text being typed: records kept before
        these rules came back whole from an export), a day after today where only a
        past one can be; None if nothing."""
        if typed and self.shape is Shape.LINE and isinstance(value, str):
            if value.splitlines() not in ([], [value]):  # \n, \r, U+2028, \x0b...
                return "takes one line (it holds a line break)"
            if len(value) > self.most_characters:
                return (
                    f"is too long ({len(value):,} characters; at most"
                    f" {self.most_characters:,} on one line)"
                )
        if self.future is Future.REFUSED and isinstance(value, date) and value > today:
            return after_today(self.why_past)
        return None

    @property
    def in_search(self) -> bool:
        return self.shape in TEXT_SHAPES if self.searchable is None else self.searchable


OnDelete = Literal["CASCADE", "SET NULL", "RESTRICT"]


@dataclass(frozen=True)
class Link:
    """A field holding the id of a record of another kind (a foreign key)."""

    field: str
    to: RecordKind
    on_delete: OnDelete
    not_null: bool = False  # optional in the form until saved, required in the table
    unique: bool = False
    index: bool = False
    owner: bool = False  # the record belongs to the target (closing it reaches this one)


@dataclass(frozen=True)
class Many:
    """A list of ids of another kind, kept in a link table (a session's goals)."""

    field: str
    table: str
    to: RecordKind


@dataclass(frozen=True)
class Row:
    """The shape of the kind's table."""

    table: str
    links: tuple[Link, ...] = ()
    many: tuple[Many, ...] = ()
    indexed: tuple[str, ...] = ()  # other columns with an index
    not_null: tuple[str, ...] = ()  # optional in the dataclass, required in the table

    def link(self, name: str) -> Link | None:
        return next((link for link in self.links if link.field == name), None)

    @property
    def owner(self) -> Link | None:
        return next((link for link in self.links if link.owner), None)


@dataclass(frozen=True)
class Search:
    """The kind's entries in the full-text index."""

    number: int  # fixed forever: the high bits of each entry's rowid


@dataclass(frozen=True)
class Export:
    """The kind's section of a JSON export (docs/export-format.md)."""

    section: str  # the key in the file, never renamed
    order: int  # load order: every link's target loads first (a test checks)
    required: bool = False  # True only for the sections of schema version 1
    seeded: bool = False  # a new portfolio starts with some (checklist templates)


@dataclass(frozen=True)
class Document:
    """A printed page of the kind (the `pdf` command's KIND)."""

    name: str  # "goals_plan"
    title: str  # the Print… menu's entry
    page: str  # the printing module that lays it out, e.g. "app.printing.goals_plan_page"
    aliases: tuple[str, ...] = ()  # earlier spellings the `pdf` command still takes
    per: RecordKind | None = None  # the kind whose id it takes, if not its own kind's
    offered_on: tuple[RecordKind, ...] = ()  # other kinds' forms whose Print… offers it


@dataclass(frozen=True)
class Part:
    """Records of another kind that a signature of this kind also covers."""

    kind: RecordKind  # ACTION
    link: str  # their field naming the whole: "origin_session_id"
    key: str  # their key in the signed content: "actions"
    what: str  # in refusals: "An action agreed in a signed session record"
    progress_note: str = ""  # what stays editable: "only its status, completion and notes"


@dataclass(frozen=True)
class Signing:
    """How the kind is frozen and signed (docs/signing.md)."""

    signers: frozenset[SignerRole]  # who must sign before it is fully signed
    key: str | None  # the record's key in the signed content; None: a whole of parts
    parts: tuple[Part, ...] = ()
    needs_parts: str = ""  # refusal when a whole of parts has none yet
    bookkeeping: frozenset[str] = frozenset()  # fields left out of the content
    unsigned_note: str = ""  # added to a refusal: what can still be edited on its own


class Inclusion(StrEnum):
    """Which records of a kind an appraisal pack for a period holds."""

    DATED_IN_PERIOD = "dated_in_period"  # its date field falls in the period
    UNDATED_OR_IN_PERIOD = "undated_or_in_period"
    ALL = "all"  # every one of the pack's relationships' records
    ONCE_PER_RELATIONSHIP = "once_per_relationship"  # a page per relationship
    PER_RELATIONSHIP_WITH_PARTS = "per_relationship_with_parts"  # if it has parts


@dataclass(frozen=True)
class PackRole:
    """How the kind appears in the appraisal pack."""

    group: str  # the bookmark group: "Session records"
    order: int
    include: Inclusion
    document: str  # the document that prints it


@dataclass(frozen=True)
class Messages:
    """Sentences for refusals the database gives (a foreign key, a unique column)."""

    still_referenced: str = ""
    duplicate: str = ""


def _no_problems(_record: Any) -> dict[str, str]:
    return {}


@dataclass(frozen=True)
class RecordKindSpec:
    """Everything the app knows about one record kind, declared once."""

    kind: RecordKind
    label: str  # "Session record"
    plural: str  # "Session records"
    record_type: type[Any] | None  # None: a whole made of parts (goals plan)
    fields: tuple[Field, ...] = ()
    validate: Callable[[Any], dict[str, str]] = _no_problems
    row: Row | None = None
    #: Created, edited, listed and deleted through app.services.records and a form.
    editable: bool = True
    #: The heading of one record ("Session of 03/02/2026"); mentor: the other party.
    title: Callable[[Any, str], str] = lambda _record, _mentor: ""
    #: A record named in a sentence, from (record or None, id, mentor): "Session record
    #: 12 of 3 February 2026 with Dr X"; None: "<label> <id> with <mentor>".
    sentence: Callable[[Any, int, str], str] | None = None
    date_field: str | None = None  # list order and a pack's period
    ascending: bool = False  # lists: oldest (or soonest due) first
    label_field: str = "id"  # lists without a date: ordered by this field
    letter: str | None = None  # the verification code's letter, fixed forever
    id_is: RecordKind | None = None  # goals plan: its id is a relationship's id
    search: Search | None = None
    export: Export | None = None
    documents: tuple[Document, ...] = ()
    signing: Signing | None = None
    pack: PackRole | None = None
    form: str | None = None  # the window's form module, e.g. "app.ui.sections.session_form"
    cli_names: tuple[str, ...] = ()  # other spellings the command line takes
    messages: Messages = Messages()
    #: A record is not empty: at least one of these fields holds text, or check()
    #: refuses it with ``nothing_said`` (on the first of them).
    says_something: tuple[str, ...] = ()
    nothing_said: str = ""

    @property
    def dataclass(self) -> type[Any]:
        """The kind's record type; TypeError for a whole made of parts."""
        if self.record_type is None:
            raise TypeError(f"The {self.kind.value} kind has no record type of its own")
        return self.record_type

    def check(self, record: Any, *, typed: bool = True, kept: Any = None) -> dict[str, str]:
        """Every problem of ``record``: each field's own (one line, length, and, for a
        record being typed, a day after today where only a past one can be, and
        nothing said at all), then the kind's rules. An import (``typed`` False)
        brings back records kept before: a day that has come since, or a line kept
        before one-line fields had their limits, is no reason to lose them. ``kept``:
        the record as it is saved now (an edit), whose unchanged fields are not refused
        again (a session dated ahead before that was refused can still be edited)."""
        today = clock.today() if typed else date.max

        def problem_of(f: Field) -> str | None:
            value = getattr(record, f.name, None)
            if kept is not None and getattr(kept, f.name, None) == value:
                return None  # kept as it was saved: not refused again for a later rule
            return f.problem(value, today, typed=typed)

        problems = {f.name: problem for f in self.fields if (problem := problem_of(f)) is not None}
        if (
            typed
            and self.says_something
            and not any(
                str(getattr(record, name, "") or "").strip() for name in self.says_something
            )
        ):
            problems.setdefault(self.says_something[0], self.nothing_said)
        for name, problem in self.validate(record).items():
            problems.setdefault(name, problem)
        return problems

    def field_named(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def fields_where(self, test: Callable[[Field], bool]) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if test(f))

    def private_fields(self) -> tuple[str, ...]:
        return self.fields_where(lambda f: f.private)

    def unsigned_fields(self) -> frozenset[str]:
        return frozenset(self.fields_where(lambda f: not f.signed))

    def progress_fields(self) -> frozenset[str]:
        return frozenset(self.fields_where(lambda f: f.progress))

    def searchable_fields(self) -> tuple[str, ...]:
        return self.fields_where(lambda f: f.in_search)

    def short_fields(self) -> tuple[str, ...]:
        return self.fields_where(lambda f: f.short)

    def required_fields(self) -> tuple[str, ...]:
        return self.fields_where(lambda f: f.required)

    def links(self) -> Iterable[Link]:
        return self.row.links if self.row is not None else ()
