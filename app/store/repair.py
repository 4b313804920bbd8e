"""Finding damage, and mending the one part that can be mended: the search index,
which holds only words copied from the records.

SQLCipher authenticates every page, so a damaged page is found exactly (`PRAGMA
cipher_integrity_check`), and each table is checked on its own connection: after a
read of a damaged page a connection fails on every later read, even of sound tables,
so a damaged connection is thrown away, never returned to the pool.

Mending cannot happen in place: SQLite reads a table's pages to drop it, and VACUUM
reads the old pages it writes over. So the file is copied byte for byte (its pages
stay encrypted), the search tables are taken out of the copy's schema (their pages
are then never read), the index is made anew from the records, the copy is compacted
into a clean file (`VACUUM INTO` reads only what the schema names), that file is
checked, and only then does it replace the portfolio; the damaged file is kept in
the backups folder. Until that last rename the portfolio is untouched."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from app.domain import clock
from app.domain.errors import KnownError, PortfolioDamaged
from app.store.files import (
    fsync_dir,
    keyslot_path,
    make_private,
    os_error_to_known,
    side_files,
)

SEARCH_TABLE = "search_index"
# FTS5 keeps the index in these tables of its own ("shadow tables").
SEARCH_TABLES = frozenset(
    {
        SEARCH_TABLE,
        *(f"{SEARCH_TABLE}_{part}" for part in ("data", "idx", "content", "docsize", "config")),
    }
)
# As the last migration creating it made it (0005_search_folded; a test keeps the two
# equal): used when the index is missing altogether.
SEARCH_INDEX_SQL = (
    "CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, record_id UNINDEXED,"
    " title, body, folded, private, tokenize = 'unicode61 remove_diacritics 2')"
)
_HMAC_FAILED = re.compile(r"page (\d+)")


def expected_tables() -> frozenset[str]:
    from app.store.models import Base

    return frozenset({*Base.metadata.tables, "alembic_version", *SEARCH_TABLES})


@dataclass(frozen=True)
class Damage:
    """What is damaged: page numbers, and the tables whose pages they are."""

    pages: tuple[int, ...]
    tables: tuple[str, ...]
    other: tuple[str, ...] = ()  # what a whole-file check says besides (unused pages…)
    missing: tuple[str, ...] = ()  # tables that are not there at all

    @property
    def none(self) -> bool:
        return not self.pages and not self.tables and not self.other and not self.missing

    @property
    def only_search_index(self) -> bool:
        broken = {*self.tables, *self.missing}
        return bool(broken) and broken <= SEARCH_TABLES


def _fresh_query(engine: Engine, sql: str) -> list[tuple[object, ...]] | None:
    """Rows of ``sql`` on a connection of its own; None when the read hit damage (the
    connection is then discarded)."""
    connection = engine.connect()
    try:
        rows = [tuple(row) for row in connection.execute(text(sql)).all()]
    except DBAPIError:
        connection.invalidate()
        return None
    finally:
        connection.close()
    return rows


def find_damage(engine: Engine) -> Damage:
    """Every page that fails its authentication, and every table that cannot be read
    whole."""
    cipher = _fresh_query(engine, "PRAGMA cipher_integrity_check") or []
    pages = sorted({int(m[1]) for row in cipher for m in [_HMAC_FAILED.search(str(row[0]))] if m})
    names = _fresh_query(
        engine, "SELECT name FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL"
    )
    present = {str(name) for (name,) in names or []}
    missing = tuple(sorted(expected_tables() - present)) if names is not None else ()
    tables = []
    for (name,) in names or []:
        if name == SEARCH_TABLE:  # a virtual table: its shadow tables are checked
            continue
        quoted = str(name).replace('"', '""')
        result = _fresh_query(engine, f'PRAGMA integrity_check("{quoted}")')
        if result != [("ok",)]:
            tables.append(str(name))
    other: tuple[str, ...] = ()
    if not tables:  # the tables are sound: the file's own bookkeeping (free pages…)
        whole = _fresh_query(engine, "PRAGMA integrity_check") or [("unreadable",)]
        if whole != [("ok",)]:
            lines = [line for row in whole for line in str(row[0]).splitlines()]
            other = tuple(line for line in lines if not line.startswith("***"))[:5]
    return Damage(tuple(pages), tuple(sorted(tables)), other, missing)


def describe(damage: Damage) -> str:
    if damage.missing and not damage.tables:
        return "missing table(s): " + ", ".join(damage.missing)
    if not damage.tables and damage.other:
        return "; ".join(damage.other)
    pages = ", ".join(map(str, damage.pages[:8])) + (" …" if len(damage.pages) > 8 else "")
    where = ", ".join(damage.tables) or "no table (unused pages)"
    shown = f"page{'s' if len(damage.pages) != 1 else ''} {pages}, in " if damage.pages else ""
    return f"damaged: {shown}{where}"


@contextmanager
def _keyed(
    path: Path, data_key: bytes, *, exclusive: bool = False
) -> Iterator[sqlcipher3.Connection]:
    connection = sqlcipher3.connect(str(path), isolation_level=None, timeout=5)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        if exclusive:
            connection.execute("PRAGMA locking_mode = EXCLUSIVE")
            connection.execute("BEGIN EXCLUSIVE")
            connection.execute("COMMIT")
        yield connection
    finally:
        connection.close()


def _drop_from_schema(connection: sqlcipher3.Connection) -> None:
    """Take the search tables out of the schema without reading their pages, and
    create the index table again, empty, in the same transaction."""
    connection.execute("BEGIN IMMEDIATE")
    row = connection.execute(
        "SELECT sql FROM sqlite_master WHERE name = ?", (SEARCH_TABLE,)
    ).fetchone()
    create = SEARCH_INDEX_SQL if row is None else str(row[0])
    version = connection.execute("PRAGMA schema_version").fetchone()[0]
    connection.execute("PRAGMA writable_schema = ON")
    marks = ", ".join("?" for _ in SEARCH_TABLES)
    connection.execute(
        f"DELETE FROM sqlite_master WHERE tbl_name IN ({marks})", tuple(sorted(SEARCH_TABLES))
    )
    connection.execute(f"PRAGMA schema_version = {int(version) + 1}")
    connection.execute("PRAGMA writable_schema = OFF")
    connection.execute(create)
    connection.execute("COMMIT")


def _verify(path: Path, data_key: bytes, counts: dict[str, int]) -> None:
    with _keyed(path, data_key) as connection:
        problems = connection.execute("PRAGMA cipher_integrity_check").fetchall()
        integrity = connection.execute("PRAGMA integrity_check").fetchall()
        for table, count in counts.items():
            quoted = table.replace('"', '""')
            if connection.execute(f'SELECT count(*) FROM "{quoted}"').fetchone()[0] != count:
                problems.append((f"{table} lost rows",))
    if problems or integrity != [("ok",)]:
        raise PortfolioDamaged(
            "The mended copy did not pass its check, so the portfolio was left as it was."
        )


def _record_counts(connection: sqlcipher3.Connection) -> dict[str, int]:
    names = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL"
    ).fetchall()
    counts = {}
    for (name,) in names:
        if name in SEARCH_TABLES:
            continue
        quoted = str(name).replace('"', '""')
        counts[str(name)] = connection.execute(f'SELECT count(*) FROM "{quoted}"').fetchone()[0]
    return counts


def mend_search_index(path: Path, data_key: bytes, keep_in: Path) -> Path:
    """Replace the portfolio at ``path`` by a copy without the damaged search pages,
    with an empty search index (the caller fills it from the records). The damaged
    file is kept in ``keep_in``; returns where."""
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    work = path.with_name(f".{path.name}.mending.tmp")
    clean = path.with_name(f".{path.name}.mended.tmp")
    kept = keep_in / f"{path.stem}-damaged-{stamp}{path.suffix}"
    leftovers = [work, clean, *side_files(work), *side_files(clean)]
    try:
        keep_in.mkdir(mode=0o700, parents=True, exist_ok=True)
        with _keyed(path, data_key, exclusive=True) as original:
            # Nothing else can read or write the portfolio until this block ends.
            original.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            for leftover in leftovers:
                leftover.unlink(missing_ok=True)
            shutil.copyfile(path, work)
            wal = side_files(path)[0]
            if wal.exists() and wal.stat().st_size:
                shutil.copyfile(wal, side_files(work)[0])
            with _keyed(work, data_key) as copy:
                _drop_from_schema(copy)
                counts = _record_counts(copy)
                copy.execute("VACUUM INTO ?", (str(clean),))
            _verify(clean, data_key, counts)
            make_private(clean)
            shutil.copyfile(path, kept)
            make_private(kept)
            slot = keyslot_path(path)
            if slot.exists():
                shutil.copyfile(slot, keyslot_path(kept))
                make_private(keyslot_path(kept))
            fsync_dir(keep_in)
            for side in side_files(path):  # the old file's (checkpointed, empty)
                side.unlink(missing_ok=True)
            os.replace(clean, path)
            fsync_dir(path.parent)
    except sqlcipher3.dbapi2.Error as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise KnownError(
                "The portfolio is in use by another program (the app or another command);"
                " close it and try again. Nothing was changed."
            ) from None
        raise PortfolioDamaged(
            f"The search index could not be rebuilt ({exc}); the portfolio was left as it"
            " was. Restore it from a backup."
        ) from None
    except OSError as exc:
        raise os_error_to_known(exc, "the mended portfolio", path) from None
    finally:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
    return kept
