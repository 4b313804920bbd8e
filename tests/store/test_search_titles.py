"""Search results name records the way the rest of the app does: a session by its date
as dd/mm/yyyy, and a portfolio indexed by an earlier version is re-indexed on unlock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import text

from app.domain.enums import RecordKind
from app.domain.record_types import Mentor, Relationship, SessionRecord
from app.services import records, search
from app.services.portfolio import Portfolio, unlock_with_passphrase
from tests.conftest import PASSPHRASE


def _session(portfolio: Portfolio) -> SessionRecord:
    mentor = records.save(portfolio, Mentor(name="Dr Ada Lovelace"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id))
    return records.save(
        portfolio,
        SessionRecord(relationship_id=rel.id, held_on=date(2026, 2, 3), topics="Rota planning"),
    )


def test_a_session_is_named_by_its_date_as_the_app_shows_dates(portfolio: Portfolio) -> None:
    _session(portfolio)
    [hit] = search.search(portfolio, "rota")
    assert hit.kind is RecordKind.SESSION and hit.title == "Session of 03/02/2026"


def test_an_index_of_an_earlier_version_is_rebuilt_on_unlock(
    portfolio: Portfolio, portfolio_path: Path
) -> None:
    session = _session(portfolio)
    with portfolio.transaction() as db:  # as an earlier version left it
        db.execute(
            text("UPDATE search_index SET title = 'Session 2026-02-03' WHERE record_id = :id"),
            {"id": session.id},
        )
        db.execute(text("PRAGMA user_version = 0"))
    portfolio.lock()
    reopened = unlock_with_passphrase(portfolio_path, PASSPHRASE)
    try:
        [hit] = search.search(reopened, "rota")
        assert hit.title == "Session of 03/02/2026"
    finally:
        reopened.lock()
