"""Migrations: the scripts build exactly the models' schema; an older portfolio is
backed up then upgraded; a newer one is refused untouched."""

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from app.domain.errors import NewerSchema
from app.domain.record_types import OwnerProfile, SessionRecord
from app.services import portfolio as portfolios
from app.services import records, search
from app.store import keyslot, schema
from app.store.engine import open_engine
from app.store.models import Base
from app.store.schema import HEAD_REVISION, KNOWN_REVISIONS, MIGRATIONS_DIR, create_schema
from tests.conftest import PASSPHRASE, TEST_KDF


def test_known_revisions_match_the_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    history = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert tuple(history) == KNOWN_REVISIONS
    assert script.get_current_head() == HEAD_REVISION


def test_migrations_build_the_models_schema(tmp_path: Path) -> None:
    engine = open_engine(tmp_path / "m.mpf", b"\x07" * 32)
    create_schema(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    # The FTS5 table and its shadow tables are made by raw SQL, not by the models.
    real = [
        d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith("search_index"))
    ]
    assert real == []


def _clauses(sql: str | None) -> str:
    """A statement with its lines in a fixed order: Alembic's table rebuilds write a
    table's constraints in an order that varies from run to run (PYTHONHASHSEED)."""
    if sql is None:
        return ""
    return "\n".join(sorted(line.strip().rstrip(",") for line in sql.splitlines()))


def _everything(path: Path, key: bytes) -> tuple[list[tuple[str, ...]], dict[str, list[tuple]]]:
    """Every schema entry and every row of every table (shadow tables included)."""
    engine = open_engine(path, key)
    with engine.connect() as connection:
        entries = [
            (*(str(v) for v in row[:3]), _clauses(row[3]))
            for row in connection.exec_driver_sql(
                "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name"
            )
        ]
        tables = [e[1] for e in entries if e[0] == "table" and e[3] and "VIRTUAL" not in e[3]]
        rows = {
            name: sorted(tuple(r) for r in connection.exec_driver_sql(f'SELECT * FROM "{name}"'))
            for name in tables
        }
        rows["user_version"] = [tuple(connection.exec_driver_sql("PRAGMA user_version"))]
    engine.dispose()
    return entries, rows


def test_a_new_portfolio_is_exactly_what_the_migrations_build(tmp_path: Path) -> None:
    """create_schema replays the migrations' result; it must equal running them."""
    key = keyslot.new_data_key()
    replayed, migrated = tmp_path / "replayed.mpf", tmp_path / "migrated.mpf"
    for path in (replayed, migrated):
        path.touch(mode=0o600)
    engine = open_engine(replayed, key)
    create_schema(engine)
    engine.dispose()
    engine = open_engine(migrated, key)
    schema._migrate(engine, HEAD_REVISION)
    engine.dispose()
    assert _everything(replayed, key) == _everything(migrated, key)
    entries, _ = _everything(replayed, key)
    names = {e[1] for e in entries}
    # The replay made the virtual table (and SQLite its shadow tables) and the triggers.
    assert {"search_index", "search_index_data", "audit_log_no_update"} <= names


def _portfolio_at(path: Path, revision: str) -> bytes:
    """A portfolio file whose schema stops at ``revision``, with one owner row."""
    key = keyslot.new_data_key()
    path.touch(mode=0o600)
    engine = open_engine(path, key)
    create_schema(engine, revision)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO portfolio_info (portfolio_id, created_at,"
                " created_by_version) VALUES ('pid-1', '2026-01-01 00:00:00', '0.0')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO owner_profile (id, name, role_grade, specialty,"
                " organisation, registration_number, email)"
                " VALUES (1, 'Old Owner', '', '', '', '', '')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO mentors (name, role, organisation, email, phone,"
                " is_line_manager, notes) VALUES ('Dr Old', '', '', '', '', 0, '')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO relationships (mentor_id, kind, scheme, status,"
                " end_reason, end_expected, end_achieved, end_learned,"
                " end_left_to_do, end_evaluation)"
                " VALUES (1, 'formal', '', 'active', '', '', '', '', '', '')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO sessions (relationship_id, held_on, duration_minutes, format,"
                " location, since_last, topics, summary, key_learning, private_reflection,"
                " appraisal_learning, appraisal_practice_change, appraisal_next_steps)"
                " VALUES (1, '2025-03-01', 60, 'video', '', '', 'rota planning before upgrade',"
                " '', '', '', '', '', '')"
            )
        )
    engine.dispose()
    keyslot.write_keyslot(path, keyslot.wrap(key, PASSPHRASE, "pid-1", TEST_KDF))
    return key


def test_older_schema_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.mpf"
    _portfolio_at(path, KNOWN_REVISIONS[0])
    opened = portfolios.unlock_with_passphrase(path, PASSPHRASE)
    try:
        assert opened.upgrade_backup is not None and opened.upgrade_backup.exists()
        assert "pre-upgrade" in opened.upgrade_backup.name
        # Records from before the upgrade are searchable afterwards.
        hits = search.search(opened, "planning")
        assert [h.record_id for h in hits] == [1]
        assert records.get(opened, SessionRecord, 1).topics == "rota planning before upgrade"
    finally:
        opened.lock()
    # The backup is still the old schema and opens with the same passphrase's key file.
    backup_engine = open_engine(
        opened.upgrade_backup,
        keyslot.unwrap(keyslot.read_keyslot(opened.upgrade_backup), PASSPHRASE),
    )
    with backup_engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    backup_engine.dispose()
    assert version == KNOWN_REVISIONS[0]
    again = portfolios.unlock_with_passphrase(path, PASSPHRASE)
    assert again.upgrade_backup is None
    again.lock()


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.mpf"
    created = portfolios.create_portfolio(path, OwnerProfile(name="A"), PASSPHRASE, kdf=TEST_KDF)
    with created.portfolio.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    created.portfolio.lock()
    before = path.read_bytes()
    with pytest.raises(NewerSchema, match="newer version of Mentee Portfolio"):
        portfolios.unlock_with_passphrase(path, PASSPHRASE)
    assert path.read_bytes() == before
