"""Full-text search across the portfolio (FTS5 inside the encrypted database)."""

from __future__ import annotations

from sqlalchemy import text

from app.domain import registry
from app.domain.enums import RecordKind
from app.domain.record_types import SearchHit
from app.services.portfolio import Portfolio
from app.store.search_index import fts_query

# Marks around matches in snippets; control characters cannot occur in saved text
# in a way that matters here, and the UI turns them into highlighting.
MATCH_START = "\x02"
MATCH_END = "\x03"


def search(portfolio: Portfolio, query: str, limit: int = 50) -> list[SearchHit]:
    """The records that hold every typed word, best first. A snippet shows only text
    that may be shown: a match in a private field (a session's private reflection) is
    said, its words never leave the database."""
    fts = fts_query(query)
    if not fts:
        return []
    sql = text(
        "SELECT kind, record_id, title,"
        " snippet(search_index, 3, :start, :end, '…', 12) AS snip,"
        " instr(snippet(search_index, 5, :start, :end, '', 1), :start) > 0 AS in_private"
        " FROM search_index WHERE search_index MATCH :q ORDER BY rank LIMIT :limit"
    )
    with portfolio.transaction() as db:
        rows = db.execute(
            sql, {"q": fts, "limit": limit, "start": MATCH_START, "end": MATCH_END}
        ).all()
    hits = []
    for r in rows:
        kind = RecordKind(r.kind)
        shown_match = MATCH_START in r.snip
        where = "" if shown_match or not r.in_private else _private_place(kind)
        hits.append(SearchHit(kind, int(r.record_id), r.title, r.snip if not where else "", where))
    return hits


def _private_place(kind: RecordKind) -> str:
    """Where a private match is, in words: "in your private reflection"."""
    spec = registry.spec(kind)
    fields = (spec.field_named(name) for name in spec.private_fields())
    labels = list(dict.fromkeys(f.label.lower() for f in fields if f is not None))
    if not labels:
        return "in a private field"
    named = " or ".join(labels)
    return f"in your {named}" if named.startswith("private") else f"in your private {named}"
