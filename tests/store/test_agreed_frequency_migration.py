"""Migration 0009: each existing contract's "How often we meet" is read once into the
agreed interval where it is plain, and left empty otherwise."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from app.store import keyslot, schema
from app.store.engine import open_engine
from app.store.schema import HEAD_REVISION, create_schema

TEXTS = {
    "Every 4 to 6 weeks": "every 4 to 6 weeks",
    "monthly": "every month",
    "We meet once a month.": "every month",
    "6-8 weekly": "every 6 to 8 weeks",
    "fortnightly": "every 2 weeks",
    "as needed": "",
    "weekly at first then monthly": "",
    "bi-monthly": "",
    "": "",
}


def _filled(connection: object, table: str, values: dict[str, object]) -> None:
    """INSERT a row giving every NOT NULL column without a default an empty value."""
    columns = connection.execute(text(f"PRAGMA table_info({table})")).all()  # type: ignore[attr-defined]
    row: dict[str, object] = {}
    for _cid, name, kind, not_null, default, primary in columns:
        if name in values:
            row[name] = values[name]
        elif not_null and default is None and not primary:
            row[name] = 0 if kind.upper() in ("INTEGER", "BOOLEAN") else ""
    names = ", ".join(row)
    marks = ", ".join(f":{n}" for n in row)
    connection.execute(text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), row)  # type: ignore[attr-defined]


def test_existing_contracts_texts_are_read_once_where_plain(tmp_path: Path) -> None:
    path = tmp_path / "old.mpf"
    path.touch(mode=0o600)
    key = keyslot.new_data_key()
    engine = open_engine(path, key)
    create_schema(engine, "0008_reflective_notes")
    with engine.begin() as conn:
        _filled(conn, "mentors", {"name": "Dr Old"})
        for n, phrase in enumerate(TEXTS, start=1):
            _filled(conn, "relationships", {"mentor_id": 1, "kind": "formal", "status": "active"})
            _filled(conn, "contracts", {"relationship_id": n, "frequency": phrase})
    schema._migrate(engine, HEAD_REVISION)
    with engine.connect() as conn:
        kept = dict(
            conn.execute(
                text("SELECT frequency, agreed_frequency FROM contracts ORDER BY id")
            ).all()
        )
    engine.dispose()
    assert kept == TEXTS  # the free text untouched, the reading beside it
