"""Full-text search across the portfolio (FTS5 inside the encrypted database)."""

from __future__ import annotations

from sqlalchemy import text

from app.domain.enums import RecordKind
from app.domain.record_types import SearchHit
from app.services.portfolio import Portfolio
from app.store.search_index import fts_query

# Marks around matches in snippets; control characters cannot occur in saved text
# in a way that matters here, and the UI turns them into highlighting.
MATCH_START = "\x02"
MATCH_END = "\x03"


def search(portfolio: Portfolio, query: str, limit: int = 50) -> list[SearchHit]:
    fts = fts_query(query)
    if not fts:
        return []
    sql = text(
        "SELECT kind, record_id, title,"
        " snippet(search_index, 3, :start, :end, '…', 12) AS snip"
        " FROM search_index WHERE search_index MATCH :q ORDER BY rank LIMIT :limit"
    )
    with portfolio.transaction() as db:
        rows = db.execute(
            sql, {"q": fts, "limit": limit, "start": MATCH_START, "end": MATCH_END}
        ).all()
    return [SearchHit(RecordKind(r.kind), int(r.record_id), r.title, r.snip) for r in rows]
