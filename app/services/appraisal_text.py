"""Appraisal exports as text: CPD-style entries built from the mentee's appraisal
summaries (never the private reflection unless the mentee includes it) and reflective
notes' learning summaries (never their private note), as plain text to paste or CSV to
upload into an appraisal toolkit, and the identifier check that runs over them first."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.domain import clock
from app.domain.enums import RecordKind
from app.domain.errors import ValidationFailed
from app.domain.hours import hours_text, session_hours
from app.domain.identifiers import IdentifierHit
from app.domain.kinds.reflective_note import KIND as NOTE
from app.domain.kinds.reflective_note import ReflectiveNote
from app.domain.record_types import Mentor, Relationship, SessionRecord
from app.services import ledger
from app.services.mapping import to_record
from app.services.portfolio import Portfolio
from app.services.profile import owner_in
from app.services.sharing_check import dated_findings, findings
from app.store.models import MentorRow, RelationshipRow, SessionRow
from app.store.rows import row_of

CPD_TYPE = "mentoring"
NOTE_TYPE = "reflection"


@dataclass(frozen=True)
class CpdEntry:
    title: str
    on: date
    hours: float | None  # None: not timed (a reflective note)
    type: str
    reflection: str
    record_id: int
    kind: RecordKind = RecordKind.SESSION

    @property
    def hours_text(self) -> str:
        return "" if self.hours is None else hours_text(self.hours)

    @property
    def named(self) -> str:
        """The entry in the check's findings: "session of 01/10/2026"."""
        what = "reflective note" if self.kind == NOTE else "session"
        return f"{what} of {self.on:%d/%m/%Y}"


def _reflection(record: SessionRecord, include_private: bool) -> str:
    parts = [
        ("What I learned", record.appraisal_learning),
        ("What changed in my practice", record.appraisal_practice_change),
        ("Next steps", record.appraisal_next_steps),
    ]
    if include_private:
        parts.append(("Private reflection", record.private_reflection))
    text = "\n".join(f"{label}: {value.strip()}" for label, value in parts if value.strip())
    return text or "No appraisal summary written for this session yet."


TOPIC_LIMIT = 80
_LIST_MARK = re.compile(r"^\s*(?:[-*•‣◦]|\d{1,3}[.)])\s+")


def _topic(text: str) -> str:
    """What a session was about, for its CPD entry's title: the text's lines (list marks
    taken off) joined with "; ", on one line, cut with "…" at TOPIC_LIMIT characters."""
    lines = [_LIST_MARK.sub("", line).strip() for line in text.splitlines()]
    text = " ".join("; ".join(line for line in lines if line).split())
    return text if len(text) <= TOPIC_LIMIT else text[: TOPIC_LIMIT - 1].rstrip() + "…"


def people_names(portfolio: Portfolio) -> list[str]:
    """Names of the people in the portfolio, which the identifier check looks for."""
    with portfolio.transaction() as db:
        names = [owner_in(db).name]
        names += [to_record(r, Mentor).name for r in db.scalars(select(MentorRow))]
    return [n for n in names if n]


def cpd_entries(
    portfolio: Portfolio, date_from: date, date_to: date, *, include_reflections: bool = False
) -> list[CpdEntry]:
    if date_from > date_to:
        raise ValidationFailed({"date_from": "The period must start before it ends."})
    with portfolio.transaction() as db:
        kinds = {r.id: to_record(r, Relationship) for r in db.scalars(select(RelationshipRow))}
        rows = db.scalars(
            select(SessionRow)
            .where(
                SessionRow.held_on >= date_from, SessionRow.held_on <= min(date_to, clock.today())
            )
            .order_by(SessionRow.held_on, SessionRow.id)
        )
        # The row's held_on and ids: a stored session always has them.
        sessions = [(r.held_on, r.relationship_id, r.id, to_record(r, SessionRecord)) for r in rows]
    entries = []
    for held_on, relationship_id, session_id, record in sessions:
        rel = kinds.get(relationship_id)
        scheme = f", {rel.scheme}" if rel is not None and rel.scheme else ""
        kind = rel.kind.label.lower() if rel is not None else "formal"
        # The title tells entries apart by what the session gave the mentee, in the words
        # they wrote for sharing: the shared record's topics stay out of the export.
        topic = _topic(record.appraisal_learning)
        topic = f": {topic}" if topic else ""
        entries.append(
            CpdEntry(
                title=f"Mentoring session{topic} ({kind} mentoring{scheme})",
                on=held_on,
                hours=session_hours(record.duration_minutes),
                type=CPD_TYPE,
                reflection=_reflection(record, include_reflections),
                record_id=session_id,
            )
        )
    entries += _note_entries(portfolio, date_from, min(date_to, clock.today()))
    return sorted(entries, key=lambda e: (e.on, e.kind != RecordKind.SESSION, e.record_id))


def _note_entries(portfolio: Portfolio, date_from: date, date_to: date) -> list[CpdEntry]:
    """A CPD entry per reflective note written in the period that has a learning
    summary: its title, the summary and the domains of Good Medical Practice it is
    tagged with. The private note never goes, whatever the caller includes."""
    row = row_of(NOTE)
    with portfolio.transaction() as db:
        notes = [
            to_record(r, ReflectiveNote)
            for r in db.scalars(
                select(row)
                .where(row.written_on >= date_from, row.written_on <= date_to)  # type: ignore[attr-defined]
                .order_by(row.written_on, row.id)  # type: ignore[attr-defined]
            )
        ]
    entries = []
    for note in notes:
        summary = note.learning_summary.strip()
        if not summary or note.written_on is None or note.id is None:
            continue  # nothing that may be shared
        domains = note.domains()
        reflection = f"What I learned: {summary}"
        if domains:
            reflection += "\nGood Medical Practice: " + "; ".join(domains)
        entries.append(
            CpdEntry(
                title=f"Reflective note: {' '.join(note.title.split())}",
                on=note.written_on,
                hours=None,
                type=NOTE_TYPE,
                reflection=reflection,
                record_id=note.id,
                kind=NOTE,
            )
        )
    return entries


def check_entries(entries: Sequence[CpdEntry], people: Sequence[str]) -> list[IdentifierHit]:
    """What the check before sharing finds in the entries (app.services.sharing_check)."""
    return findings(
        (
            (f"{entry.named}, {label}", text)
            for entry in entries
            for label, text in (("title", entry.title), ("reflection", entry.reflection))
        ),
        people,
    )


def as_text(entries: Sequence[CpdEntry]) -> str:
    blocks = []
    for entry in entries:
        blocks.append(
            "\n".join(
                [
                    entry.title,
                    f"Date: {entry.on:%d/%m/%Y}",
                    *([f"Hours: {entry.hours_text}"] if entry.hours is not None else []),
                    f"Type: {entry.type}",
                    "",
                    entry.reflection,
                ]
            )
        )
    total = round(sum(e.hours or 0 for e in entries), 2)
    sessions = sum(e.kind == RecordKind.SESSION for e in entries)
    notes = len(entries) - sessions
    counted = f"{sessions} session{'s' * (sessions != 1)}"
    if notes:
        counted += f" and {notes} reflective note{'s' * (notes != 1)}"
    header = f"Mentoring CPD: {counted}, {hours_text(total)} hours\n"
    return header + "\n\n" + "\n\n----\n\n".join(blocks) + "\n"


CSV_COLUMNS = ("Title", "Date", "Hours", "Type", "Reflection")


def as_csv(entries: Sequence[CpdEntry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow(
            [
                _cell(entry.title),
                entry.on.strftime("%d/%m/%Y"),
                entry.hours_text,
                entry.type,
                _cell(entry.reflection),
            ]
        )
    return buffer.getvalue()


def _cell(text: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; quote them."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def save_cpd(
    portfolio: Portfolio,
    entries: Sequence[CpdEntry],
    path: Path,
    as_spreadsheet: bool,
    *,
    include_reflections: bool = False,
) -> tuple[str, ...]:
    """Write the entries (CSV with a byte-order mark, so Excel reads accents, or plain
    UTF-8 text) with mode 0600 (``-``: standard output), never over the portfolio's own
    files (app.store.outputs), and record it in the ledger of what left the portfolio;
    returns warnings (a read-only portfolio cannot record it). ``include_reflections``:
    the entries carry private reflections (cpd_entries was asked for them)."""
    data = ("\ufeff" + as_csv(entries)) if as_spreadsheet else as_text(entries)
    outgoing = ledger.Outgoing(
        ledger.CPD,
        f"{'CSV' if as_spreadsheet else 'Text'}, {len(entries)}"
        f" entr{'y' if len(entries) == 1 else 'ies'}",
        ledger.record_refs(
            RecordKind.SESSION.value, [e.record_id for e in entries if e.kind != NOTE]
        )
        + ledger.record_refs(NOTE.value, [e.record_id for e in entries if e.kind == NOTE]),
        (ledger.SHARED, ledger.PRIVATE) if include_reflections else (ledger.SHARED,),
    )
    return ledger.save(
        portfolio, outgoing, data.encode("utf-8"), path, "the CPD export", allow_stdout=True
    )


SHARED_SESSION_FIELDS = (
    ("since the last session", "since_last"),
    ("topics", "topics"),
    ("summary", "summary"),
    ("key learning", "key_learning"),
    ("learning", "appraisal_learning"),
    ("practice change", "appraisal_practice_change"),
    ("next steps", "appraisal_next_steps"),
)


def period_hits(
    portfolio: Portfolio, date_from: date, date_to: date, *, include_reflections: bool = False
) -> list[IdentifierHit]:
    """What the check before sharing finds in the session records of a period, as the
    appraisal pack would show them."""
    people = people_names(portfolio)
    fields = SHARED_SESSION_FIELDS + (
        (("private reflection", "private_reflection"),) if include_reflections else ()
    )
    with portfolio.transaction() as db:
        records = [
            to_record(r, SessionRecord)
            for r in db.scalars(
                select(SessionRow)
                .where(
                    SessionRow.held_on >= date_from,
                    SessionRow.held_on <= min(date_to, clock.today()),
                )
                .order_by(SessionRow.held_on)
            )
        ]
    end = min(date_to, clock.today())
    return findings(
        (
            (f"session of {record.held_on:%d/%m/%Y}, {label}", getattr(record, name))
            for record in records
            for label, name in fields
        ),
        people,
    ) + dated_findings(
        portfolio,
        people,
        date_from,
        end,
        include_private=include_reflections,
        besides=frozenset({RecordKind.SESSION}),
    )
