"""Record ids are never reused, so a new record never inherits a deleted one's audit
entries, versions or signatures (found in review: deleting the newest record gave its
id to the next). Migration 0006 brings portfolios made at 0005 along, their rows,
constraints, triggers and signatures intact."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.domain.enums import RecordKind, SignatureMethod, SignerRole
from app.domain.record_types import Action, Checklist, Goal, Mentor, Relationship, SessionRecord
from app.services import portfolio as portfolios
from app.services import records
from app.services.check import run_check
from app.services.portfolio import Portfolio
from app.services.signing import lifecycle
from app.store import audit, keyslot
from app.store.engine import open_engine
from app.store.models import OwnerProfileRow, PortfolioInfo
from app.store.repair import SEARCH_INDEX_SQL
from app.store.schema import KNOWN_REVISIONS, create_schema
from tests.conftest import PASSPHRASE, TEST_KDF

PREVIOUS = "0005_search_folded"
# Tables of one portfolio-wide row, keyed by a constant: nothing to reuse.
SINGLE_ROW = {"owner_profile", "portfolio_info"}


def test_previous_is_the_one_before_ids_were_never_reused() -> None:
    assert KNOWN_REVISIONS[KNOWN_REVISIONS.index("0006_ids_never_reused") - 1] == PREVIOUS


@pytest.mark.parametrize(
    "make",
    [
        lambda pf, rel: Mentor(name="Dr New"),
        lambda pf, rel: SessionRecord(
            topics="Catch-up", relationship_id=rel.id, held_on=date(2026, 3, 1)
        ),
        lambda pf, rel: Goal(relationship_id=rel.id, title="New goal"),
        lambda pf, rel: Action(relationship_id=rel.id, description="New action"),
        lambda pf, rel: Checklist(relationship_id=rel.id, title="New checklist"),
    ],
    ids=["mentor", "session", "goal", "action", "checklist"],
)
def test_the_newest_id_is_not_given_again(
    portfolio: Portfolio, make: Callable[[Portfolio, Relationship], Any]
) -> None:
    rel = records.save(
        portfolio, Relationship(mentor_id=records.save(portfolio, Mentor(name="M")).id)
    )
    first = records.save(portfolio, make(portfolio, rel))
    records.delete(portfolio, type(first), first.id)
    second = records.save(portfolio, make(portfolio, rel))
    assert second.id > first.id


def test_every_table_of_records_counts_up(portfolio: Portfolio) -> None:
    with portfolio.engine.connect() as conn:
        tables = conn.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        ).all()
        for name, sql in tables:
            if name in SINGLE_ROW or name.startswith(("sqlite_", "search_index")):
                continue
            columns = [c[1] for c in conn.exec_driver_sql(f"PRAGMA table_info({name})")]
            if "id" in columns:
                assert "AUTOINCREMENT" in sql, name


def _portfolio_at_previous(path: Path) -> Portfolio:
    """A portfolio made by the version before ids were never reused: schema 0005,
    filled through the app's services (the models read and write 0005's tables)."""
    key = keyslot.new_data_key()
    path.touch(mode=0o600)
    engine = open_engine(path, key)
    create_schema(engine, PREVIOUS)
    # The search index in today's shape (0007 gave private fields their own column),
    # so today's services can fill it; 0006 leaves the index alone and 0007 rebuilds it.
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE search_index"))
        connection.execute(text(SEARCH_INDEX_SQL))
    portfolio_id = str(uuid.uuid4())
    pf = Portfolio(path, portfolio_id, engine, key)
    with pf.transaction() as session:
        session.add(
            PortfolioInfo(
                portfolio_id=portfolio_id,
                created_at=datetime(2026, 1, 1),
                created_by_version="0.9",
            )
        )
        session.add(
            OwnerProfileRow(
                id=1,
                name="Old Owner",
                role_grade="",
                specialty="",
                organisation="",
                registration_number="",
                email="",
            )
        )
        audit.append(session, "create", "portfolio", detail="portfolio created")
    keyslot.write_keyslot(path, keyslot.wrap(key, PASSPHRASE, portfolio_id, TEST_KDF))
    return pf


@pytest.mark.today("2026-11-23")
def test_a_portfolio_from_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "old.mpf"
    pf = _portfolio_at_previous(path)
    mentor = records.save(pf, Mentor(name="Dr Old"))
    rel = records.save(pf, Relationship(mentor_id=mentor.id))
    kept = records.save(
        pf, SessionRecord(topics="Catch-up", relationship_id=rel.id, held_on=date(2026, 2, 1))
    )
    lifecycle.mark_ready(pf, RecordKind.SESSION, kept.id)
    for role, name in ((SignerRole.MENTEE, "Old Owner"), (SignerRole.MENTOR, "Dr Old")):
        lifecycle.sign(
            pf,
            RecordKind.SESSION,
            kept.id,
            1,
            role=role,
            signer_name=name,
            signed_on=date(2026, 11, 23),
            method=SignatureMethod.INK,
        )
    gone = [
        records.save(
            pf, SessionRecord(topics="Catch-up", relationship_id=rel.id, held_on=date(2026, 3, n))
        )
        for n in (1, 2)
    ]
    for session in reversed(gone):  # the newest first: 0005 would give both ids again
        records.delete(pf, SessionRecord, session.id)
    pf.lock()

    opened = portfolios.unlock_with_passphrase(path, PASSPHRASE)
    try:
        assert opened.upgrade_backup is not None
        report = run_check(opened)
        assert report.ok, report.first_problem
        assert records.get(opened, SessionRecord, kept.id).held_on == date(2026, 2, 1)
        assert lifecycle.signature_status(opened, RecordKind.SESSION, kept.id).label == "signed"
        new = records.save(
            opened,
            SessionRecord(topics="Catch-up", relationship_id=rel.id, held_on=date(2026, 4, 1)),
        )
        assert new.id > max(s.id for s in gone)
        # Constraints and triggers came through the rebuild.
        with opened.engine.connect() as conn:
            with pytest.raises(IntegrityError):
                conn.execute(text("UPDATE sessions SET format = 'carrier pigeon'"))
            conn.rollback()
            with pytest.raises(IntegrityError):
                conn.execute(text("DELETE FROM mentors"))  # relationships still point at it
            conn.rollback()
            with pytest.raises(Exception, match="frozen version cannot be deleted"):
                conn.execute(text("DELETE FROM record_versions"))
            conn.rollback()
            with pytest.raises(Exception, match="signature cannot be changed"):
                conn.execute(text("UPDATE signatures SET signer_name = 'x'"))
            conn.rollback()
    finally:
        opened.lock()


def test_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from app.store.schema import HEAD_REVISION, MIGRATIONS_DIR, current_revision

    engine = open_engine(tmp_path / "d.mpf", b"\x07" * 32)
    create_schema(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO mentors (name, role, organisation, email, phone,"
                " is_line_manager, notes) VALUES ('M', '', '', '', '', 0, '')"
            )
        )
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
        conn.commit()
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = conn
        with conn.begin():
            command.downgrade(config, PREVIOUS)
        conn.exec_driver_sql("PRAGMA foreign_keys = ON")
        conn.commit()
        assert current_revision(conn) == PREVIOUS
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'mentors'")).scalar()
        assert "AUTOINCREMENT" not in sql and "PRIMARY KEY" in sql
    create_schema(engine)
    with engine.connect() as conn:
        assert current_revision(conn) == HEAD_REVISION
        assert conn.execute(text("SELECT name FROM mentors")).scalars().all() == ["M"]
    engine.dispose()
