"""Schema versions. A new portfolio gets the schema every migration builds; an existing
one at an older revision is backed up, then upgraded on its already-keyed
connection; one from a newer app is refused rather than damaged. Alembic is only
imported when there is work for it, to keep unlocking fast."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from app.domain.errors import NewerSchema, NotAPortfolio, PortfolioDamaged
from app.store.engine import scratch_engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# In order, oldest first. Each migration script is named for its revision
# (versions/NNNN_what.py), so a new one is known by adding its file;
# tests/store/test_schema.py checks this against Alembic's own reading of the scripts.
KNOWN_REVISIONS = tuple(
    sorted(p.stem for p in (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
)
HEAD_REVISION = KNOWN_REVISIONS[-1]


def _upgrade(connection: Connection, target: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    command.upgrade(config, target)


def current_revision(connection: Connection) -> str | None:
    try:
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    except OperationalError:
        return None
    return None if row is None else str(row[0])


def create_schema(engine: Engine, target: str = HEAD_REVISION) -> None:
    """Give a new, empty portfolio the schema of ``target``.

    At head (every new portfolio the app makes) this replays what the migrations leave
    behind (`head_schema`) in one transaction, instead of running the whole migration
    chain through Alembic again for each portfolio: the same statements, a fraction of
    the time. tests/store/test_schema.py checks that the two give identical databases."""
    with engine.connect() as connection:
        existing = current_revision(connection)
    if target != HEAD_REVISION or existing is not None:  # not empty: migrate it
        _migrate(engine, target)
        return
    schema = head_schema()
    with engine.connect() as connection, connection.begin():
        connection.exec_driver_sql("BEGIN")  # so the DDL is undone with the rest
        for statement in schema.statements:
            connection.exec_driver_sql(statement)
        for table, rows in schema.rows:
            for row in rows:
                marks = ", ".join("?" for _ in row)
                connection.exec_driver_sql(f'INSERT INTO "{table}" VALUES ({marks})', row)


class HeadSchema:
    """What the migrations leave in an empty database: the statements that build its
    tables, virtual tables, indexes, views and triggers (in an order each can be made
    in), and the rows its tables hold (Alembic's version, SQLite's sequences)."""

    def __init__(
        self, statements: tuple[str, ...], rows: tuple[tuple[str, tuple[tuple[Any, ...], ...]], ...]
    ) -> None:
        self.statements = statements
        self.rows = rows


_ORDER = {"table": 0, "virtual": 1, "index": 2, "view": 3, "trigger": 4}


@functools.cache
def head_schema() -> HeadSchema:
    """The migrations run once per process on an empty database in memory (a schema, no
    one's data), and read back."""
    memory = scratch_engine()
    try:
        _migrate(memory, HEAD_REVISION)
        with memory.connect() as connection:
            kinds = {
                str(row[1]): str(row[2])
                for row in connection.exec_driver_sql("PRAGMA main.table_list").fetchall()
            }
            entries = connection.exec_driver_sql(
                "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY rowid"
            ).fetchall()
            made: list[tuple[int, str]] = []
            for entry_type, name, sql in entries:
                kind = kinds.get(name, entry_type) if entry_type == "table" else entry_type
                if kind == "shadow" or name.startswith("sqlite_"):
                    continue  # made by its virtual table, or by SQLite itself
                made.append((_ORDER[kind], str(sql)))
            statements = tuple(sql for _, sql in sorted(made, key=lambda item: item[0]))
            rows = tuple(
                (
                    name,
                    tuple(tuple(r) for r in connection.exec_driver_sql(f'SELECT * FROM "{name}"')),
                )
                for name, kind in kinds.items()
                if kind == "table" and name not in ("sqlite_schema", "sqlite_temp_schema")
            )
    finally:
        memory.dispose()
    return HeadSchema(statements, tuple((name, found) for name, found in rows if found))


def _migrate(engine: Engine, target: str) -> None:
    """Run the migrations to ``target`` as one transaction, DDL included, with foreign
    keys off so a table can be rebuilt (SQLite's recipe for what ALTER TABLE cannot
    do) without its rows' children cascading away; they are checked before commit."""
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")  # only outside a transaction
        connection.commit()
        try:
            with connection.begin():
                # The driver would begin only at the first INSERT; DDL before it would
                # not be undone by a rollback.
                connection.exec_driver_sql("BEGIN")
                _upgrade(connection, target)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise PortfolioDamaged(
                        f"Upgrading left {len(broken)} broken reference(s); nothing was changed."
                    )
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys = ON")
            connection.commit()


def ensure_current(engine: Engine, path: Path, backup: Callable[[], Path]) -> Path | None:
    """Bring the schema to head. Returns the backup made before upgrading, if any."""
    with engine.connect() as connection:
        revision = current_revision(connection)
    if revision == HEAD_REVISION:
        return None
    if revision is None:
        raise NotAPortfolio(f"{path} opens with this key but holds no portfolio.")
    if revision not in KNOWN_REVISIONS:
        raise NewerSchema(
            f"{path} was saved by a newer version of Mentee Portfolio (schema {revision})."
            " Install the newer version to open it; this version will not change it."
        )
    made = backup()
    _migrate(engine, HEAD_REVISION)
    return made
