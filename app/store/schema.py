"""Schema versions. A new portfolio is built by running every migration; an existing
one at an older revision is backed up, then upgraded on its already-keyed
connection; one from a newer app is refused rather than damaged. Alembic is only
imported when there is work for it, to keep unlocking fast."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from app.domain.errors import NewerSchema, NotAPortfolio, PortfolioDamaged

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
    _migrate(engine, target)


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
