"""Schema versions. A new portfolio is built by running every migration; an existing
one at an older revision is backed up, then upgraded on its already-keyed
connection; one from a newer app is refused rather than damaged. Alembic is only
imported when there is work for it, to keep unlocking fast."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from app.domain.errors import NewerSchema, NotAPortfolio

# In order, oldest first. tests/store/test_schema.py checks this against the scripts.
KNOWN_REVISIONS = (
    "0001_initial",
    "0002_search",
    "0003_condition_of_practice",
    "0004_search_rowids",
    "0005_search_folded",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


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
    with engine.begin() as connection:
        _upgrade(connection, target)


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
    with engine.begin() as connection:
        _upgrade(connection, HEAD_REVISION)
    return made
