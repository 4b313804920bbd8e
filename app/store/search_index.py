"""Full-text search kept in step with the records by a flush hook, so no service
can forget to index what it saves. The FTS5 table lives inside the encrypted file."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from app.domain import registry
from app.domain.enums import RecordKind
from app.store.rows import kind_of_row, row_of


class SearchEntry(NamedTuple):
    kind: RecordKind
    title: str
    body: str
    #: The searchable private fields' text (a session's private reflection): found by
    #: search, never shown in a result's snippet.
    private: str


def _texts(value: object) -> list[str]:
    """The words a field holds: text as it is, a list item by item (a dict's texts)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [" ".join(_texts(item)) if isinstance(item, dict) else str(item) for item in value]
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, str)]
    return []


def entry_for(row: Any) -> SearchEntry | None:
    """A row's search entry: its kind, its title (the kind's heading) and a body of its
    searchable fields (app/domain/kinds); None for rows that are not searched."""
    kind = kind_of_row(row)
    if kind is None:
        return None
    spec = registry.spec(kind)
    if spec.search is None:
        return None
    private = set(spec.private_fields())

    def joined(names: Iterable[str]) -> str:
        return "\n".join(text for name in names for text in _texts(getattr(row, name)) if text)

    searched = spec.searchable_fields()
    return SearchEntry(
        kind,
        spec.title(row, ""),
        joined(n for n in searched if n not in private),
        joined(n for n in searched if n in private),
    )


# Each record's index entry has a rowid derived from its kind and id, so replacing or
# removing it is a rowid lookup: a query on the UNINDEXED kind/record_id columns
# would scan the whole index on every save (measured: 8 minutes to index a decade).
def index_rowid(kind: RecordKind, record_id: int) -> int:
    search = registry.spec(kind).search
    if search is None:
        raise ValueError(f"{kind.value} records are not searched")
    return (search.number << 40) | record_id


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


def _delete(db: Session, kind: RecordKind, record_id: int) -> None:
    db.execute(
        text("DELETE FROM search_index WHERE rowid = :rowid"),
        {"rowid": index_rowid(kind, record_id)},
    )


def _index(db: Session, rows: Iterable[Any]) -> None:
    for row in rows:
        entry = entry_for(row)
        if entry is None:
            continue
        kind, title, body, private = entry
        _delete(db, kind, row.id)
        whole = f"{title}\n{body}\n{private}"
        folded = plain_letters(whole)
        db.execute(
            text(
                "INSERT INTO search_index (rowid, kind, record_id, title, body, folded, private)"
                " VALUES (:rowid, :kind, :id, :title, :body, :folded, :private)"
            ),
            {
                "rowid": index_rowid(kind, row.id),
                "kind": kind.value,
                "id": row.id,
                "title": title,
                "body": body,
                "folded": folded if folded != whole else "",
                "private": private,
            },
        )


@event.listens_for(Session, "after_flush")
def _after_flush(db: Session, _context: Any) -> None:
    _index(db, list(db.new) + list(db.dirty))
    for row in db.deleted:
        entry = entry_for(row)
        if entry is not None:
            _delete(db, entry.kind, row.id)


# The shape of the entries (titles, which fields make the body). An index written in
# another shape is rebuilt when the portfolio is unlocked; the shape's number is kept in
# the database's user_version, inside the encrypted file. Bump INDEX_FORMAT when titles
# change (2: sessions titled dd/mm/yyyy; 3: private fields in their own column); a kind's
# searchable fields count by themselves.
INDEX_FORMAT = 3


def index_format() -> int:
    shape = [str(INDEX_FORMAT)] + [
        f"{s.kind.value}:{s.search.number}:{','.join(s.searchable_fields())}"
        for s in registry.searchable()
        if s.search is not None
    ]
    return zlib.crc32("|".join(shape).encode()) & 0x7FFFFFFF


def is_current(db: Session) -> bool:
    return db.execute(text("PRAGMA user_version")).scalar() == index_format()


def mark_current(db: Session) -> None:
    """Say the index is in this version's shape (a new portfolio's, or once rebuilt)."""
    db.execute(text(f"PRAGMA user_version = {int(index_format())}"))


def rebuild(db: Session) -> None:
    """Index every record again (after an upgrade, an import, or when the index was
    written in another shape)."""
    db.execute(text("DELETE FROM search_index"))
    mark_current(db)
    for spec in registry.searchable():
        _index(db, db.scalars(select(row_of(spec.kind))).all())


_NOT_SEARCHABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def fts_query(user_text: str) -> str:
    """Turn what a user typed into a safe FTS5 query: every word must match, as a
    prefix, and FTS5 operators in the text are taken literally. Control characters
    and halves of characters (a NUL ends FTS5's string early) separate words."""
    typed = _NOT_SEARCHABLE.sub(" ", user_text)
    words = [w for w in typed.replace('"', " ").split() if w]
    return " ".join(f'"{w}"*' for w in words)
