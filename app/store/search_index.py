"""Full-text search kept in step with the records by a flush hook, so no service
can forget to index what it saves. The FTS5 table lives inside the encrypted file."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from app.domain.enums import RecordKind
from app.store.models import (
    ActionRow,
    ChecklistRow,
    ChecklistTemplateRow,
    ContractRow,
    GoalRow,
    MentorRow,
    SessionRow,
)


def _join(*parts: object) -> str:
    return "\n".join(str(p) for p in parts if p)


def document_for(row: Any) -> tuple[RecordKind, str, str] | None:
    """(kind, title, body) for an indexed row; None for rows that are not searched."""
    if isinstance(row, SessionRow):
        title = f"Session {row.held_on.isoformat() if row.held_on else ''}".strip()
        body = _join(
            row.location,
            row.since_last,
            row.topics,
            row.summary,
            row.key_learning,
            row.private_reflection,
            row.appraisal_learning,
            row.appraisal_practice_change,
            row.appraisal_next_steps,
        )
        return RecordKind.SESSION, title, body
    if isinstance(row, GoalRow):
        return (
            RecordKind.GOAL,
            row.title,
            _join(
                row.category,
                row.specific,
                row.measurable,
                row.achievable,
                row.relevant,
                row.time_bound,
                row.progress_notes,
            ),
        )
    if isinstance(row, ActionRow):
        first_line = row.description.splitlines()[0] if row.description else ""
        return RecordKind.ACTION, first_line[:120], _join(row.description, row.notes)
    if isinstance(row, ContractRow):
        return (
            RecordKind.CONTRACT,
            "Mentoring contract",
            _join(
                row.ground_rules,
                row.confidentiality,
                row.confidentiality_limit,
                row.boundaries,
                row.conflicts_of_interest,
                row.objectives,
                row.frequency,
                row.meeting_format,
                row.meeting_length,
                row.arrangements,
                row.contact_between_meetings,
                row.duration,
                row.ending,
                row.documentation,
            ),
        )
    if isinstance(row, ChecklistRow):
        items = row.items or []
        return (
            RecordKind.CHECKLIST,
            row.title,
            _join(*(f"{item.get('text', '')} {item.get('note', '')}" for item in items)),
        )
    if isinstance(row, ChecklistTemplateRow):
        return RecordKind.CHECKLIST_TEMPLATE, row.name, _join(row.description, *row.items)
    if isinstance(row, MentorRow):
        return RecordKind.MENTOR, row.name, _join(row.role, row.organisation, row.notes)
    return None


# Each record's index entry has a rowid derived from its kind and id, so replacing or
# removing it is a rowid lookup: a query on the UNINDEXED kind/record_id columns
# would scan the whole index on every save (measured: 8 minutes to index a decade).
_KIND_NUMBERS = {kind: number for number, kind in enumerate(RecordKind, start=1)}


def index_rowid(kind: RecordKind, record_id: int) -> int:
    return (_KIND_NUMBERS[kind] << 40) | record_id


# Letters that unicode61's remove_diacritics leaves alone (they do not decompose into
# a base letter and an accent), spelled as people type them on an English keyboard.
_PLAIN_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ħ": "h",
        "Ħ": "H",
        "ı": "i",
        "ŀ": "l",
        "Ŀ": "L",
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "TH",
    }
)


def plain_letters(text: str) -> str:
    return text.translate(_PLAIN_LETTERS)


def _delete(session: Session, kind: RecordKind, record_id: int) -> None:
    session.execute(
        text("DELETE FROM search_index WHERE rowid = :rowid"),
        {"rowid": index_rowid(kind, record_id)},
    )


def _index(session: Session, rows: Iterable[Any]) -> None:
    for row in rows:
        doc = document_for(row)
        if doc is None:
            continue
        kind, title, body = doc
        _delete(session, kind, row.id)
        whole = f"{title}\n{body}"
        folded = plain_letters(whole)
        session.execute(
            text(
                "INSERT INTO search_index (rowid, kind, record_id, title, body, folded)"
                " VALUES (:rowid, :kind, :id, :title, :body, :folded)"
            ),
            {
                "rowid": index_rowid(kind, row.id),
                "kind": kind.value,
                "id": row.id,
                "title": title,
                "body": body,
                "folded": folded if folded != whole else "",
            },
        )


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    _index(session, list(session.new) + list(session.dirty))
    for row in session.deleted:
        doc = document_for(row)
        if doc is not None:
            _delete(session, doc[0], row.id)


def rebuild(session: Session) -> None:
    """Index every record again (after an upgrade or an import)."""
    session.execute(text("DELETE FROM search_index"))
    for model in (
        SessionRow,
        GoalRow,
        ActionRow,
        ContractRow,
        ChecklistRow,
        ChecklistTemplateRow,
        MentorRow,
    ):
        _index(session, session.query(model).all())


_NOT_SEARCHABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def fts_query(user_text: str) -> str:
    """Turn what a user typed into a safe FTS5 query: every word must match, as a
    prefix, and FTS5 operators in the text are taken literally. Control characters
    and halves of characters (a NUL ends FTS5's string early) separate words."""
    typed = _NOT_SEARCHABLE.sub(" ", user_text)
    words = [w for w in typed.replace('"', " ").split() if w]
    return " ".join(f'"{w}"*' for w in words)
