"""record ids are never reused: AUTOINCREMENT on every table of records

Revision ID: 0006_ids_never_reused
Revises: 0005_search_folded
Create Date: 2026-12-01
"""

from __future__ import annotations

import re
from collections.abc import Callable

from alembic import op
from sqlalchemy import Connection, text

revision = "0006_ids_never_reused"
down_revision = "0005_search_folded"
branch_labels = None
depends_on = None

# Table -> the record kind its ids appear under in the audit log (None: not logged by
# its own id). SQLite reuses the highest id after that row is deleted; a new record
# would then inherit the deleted one's audit entries, versions and signatures.
TABLES: dict[str, str | None] = {
    "mentors": "mentor",
    "relationships": "relationship",
    "contracts": "contract",
    "goals": "goal",
    "checklist_templates": "checklist_template",
    "checklists": "checklist",
    "sessions": "session",
    "actions": "action",
    "attachments": "attachment",
    "record_versions": None,
    "signatures": None,
}

_COLUMN = re.compile(r"(\n\s*id INTEGER NOT NULL)(,)")
_COLUMN_KEY = re.compile(r"(\n\s*id INTEGER NOT NULL) PRIMARY KEY(,)")
_COLUMN_AUTO = re.compile(r"(\n\s*id INTEGER NOT NULL) PRIMARY KEY AUTOINCREMENT(,)")
_TABLE_KEY = re.compile(r",\s*\n\s*PRIMARY KEY \(id\)")
_CREATE = re.compile(r'^CREATE TABLE "?(\w+)"? \(')


def upgrade() -> None:
    # The app runs migrations with foreign keys off and checks them before committing
    # (app.store.schema): rebuilding a parent table must not cascade into its children.
    connection = op.get_bind()
    for table, kind in TABLES.items():
        _rebuild(connection, table, _with_autoincrement)
        _never_below_the_audit_log(connection, table, kind)


def downgrade() -> None:
    connection = op.get_bind()
    for table in TABLES:
        _rebuild(connection, table, _without_autoincrement)
        connection.execute(text("DELETE FROM sqlite_sequence WHERE name = :t"), {"t": table})


def _with_autoincrement(sql: str) -> str:
    # As 0001 made it (a table-level key), or as a downgrade left it (a column key).
    sql, columns = _COLUMN_KEY.subn(r"\1 PRIMARY KEY AUTOINCREMENT\2", sql, count=1)
    if columns == 1:
        return sql
    sql, columns = _COLUMN.subn(r"\1 PRIMARY KEY AUTOINCREMENT\2", sql, count=1)
    sql, keys = _TABLE_KEY.subn("", sql, count=1)
    if (columns, keys) != (1, 1):
        raise RuntimeError("unexpected table definition: not changed")
    return sql


def _without_autoincrement(sql: str) -> str:
    # A column-level primary key is the same rowid key as the table-level one it was.
    sql, columns = _COLUMN_AUTO.subn(r"\1 PRIMARY KEY\2", sql, count=1)
    if columns != 1:
        raise RuntimeError("unexpected table definition: not changed")
    return sql


def _rebuild(connection: Connection, table: str, rewrite: Callable[[str], str]) -> None:
    """SQLite's own recipe for a change ALTER TABLE cannot make: a new table from the
    rewritten definition, the rows copied, the old one dropped, the new one renamed,
    its indexes and triggers made again from their stored definitions."""
    sql = connection.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table}
    ).scalar_one()
    others = connection.execute(
        text(
            "SELECT sql FROM sqlite_master WHERE tbl_name = :t"
            " AND type IN ('index', 'trigger') AND sql IS NOT NULL"
        ),
        {"t": table},
    ).scalars()
    keep = list(others)
    staging = f"_rebuild_{table}"
    created = _CREATE.sub(f"CREATE TABLE {staging} (", rewrite(sql), count=1)
    connection.exec_driver_sql(created)
    connection.exec_driver_sql(f"INSERT INTO {staging} SELECT * FROM {table}")
    connection.exec_driver_sql(f"DROP TABLE {table}")
    connection.exec_driver_sql(f"ALTER TABLE {staging} RENAME TO {table}")
    for statement in keep:
        connection.exec_driver_sql(statement)


def _never_below_the_audit_log(connection: Connection, table: str, kind: str | None) -> None:
    """Ids deleted before this upgrade are known only to the audit log: the next id is
    above every id it names for this kind, as well as above every row."""
    highest = connection.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar() or 0
    if kind is not None:
        logged = connection.execute(
            text("SELECT max(record_id) FROM audit_log WHERE record_kind = :k"), {"k": kind}
        ).scalar()
        highest = max(highest, logged or 0)
    connection.execute(text("DELETE FROM sqlite_sequence WHERE name = :t"), {"t": table})
    connection.execute(
        text("INSERT INTO sqlite_sequence (name, seq) VALUES (:t, :n)"), {"t": table, "n": highest}
    )
