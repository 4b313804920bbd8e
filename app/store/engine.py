"""The encrypted engine: SQLCipher 4 keyed with the raw 256-bit data key.

The pysqlcipher dialect issues ``PRAGMA key`` from the URL password on every new
connection (a key set in a connect event would come too late). Never log the URL:
its password field holds the key."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool, StaticPool

from app.domain.errors import (
    DiskFull,
    KnownError,
    LocationNotWritable,
    MissingFile,
    NotAPortfolio,
    PortfolioBusy,
    PortfolioDamaged,
)
from app.os_support import durable
from app.store.files import make_private, side_files

_PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"


def _pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA cipher_log_level = NONE")
        # A wrong key fails here, before anything else touches the file.
        cursor.execute("SELECT count(*) FROM sqlite_master")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.execute("PRAGMA cache_size = -65536")
        cursor.execute("PRAGMA busy_timeout = 5000")
        # Deleted text is overwritten with zeros as it is deleted (retention, a record
        # deleted), not left in a free page or a page's slack for a later write.
        cursor.execute("PRAGMA secure_delete = ON")
        for pragma in durable.SQLITE_PRAGMAS:  # the platform's full fsync, where needed
            cursor.execute(pragma)
    finally:
        cursor.close()


def scratch_engine() -> Engine:
    """An empty database in memory, never on disk and holding nothing of anyone's: the
    schema is built there once to be replayed into new portfolios (app/store/schema.py)."""
    return create_engine(
        "sqlite://", creator=lambda: sqlcipher3.connect(":memory:"), poolclass=StaticPool
    )


def check_plausible_file(path: Path) -> None:
    """Refuse things that cannot be a portfolio before any key is tried on them."""
    try:
        if not path.exists():
            raise MissingFile(f"There is no portfolio at {path}.")
        if path.is_dir():
            raise NotAPortfolio(f"{path} is a folder, not a portfolio file.")
        if not stat.S_ISREG(path.stat().st_mode):  # reading a device or a pipe may not end
            raise NotAPortfolio(f"{path} is not a file (a device or a pipe), not a portfolio.")
        with path.open("rb") as handle:
            header = handle.read(1024)
    except OSError as exc:
        raise MissingFile(f"Cannot read {path}: {exc.strerror}.") from None
    if header.startswith(_PLAIN_SQLITE_HEADER):
        raise NotAPortfolio(f"{path} is an unencrypted SQLite database, not a portfolio.")
    if len(header) < 1024:
        raise PortfolioDamaged(
            f"{path} is too short to be a portfolio: it is empty or was cut off."
            " Restore it from a backup."
        )


def is_read_only(path: Path) -> bool:
    """Whether this process may not write the portfolio: the file is read-only (mode
    0444, another user's), or its folder is (a read-only disk or mount, where SQLite
    cannot create the files it writes beside it)."""
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _read_only_database(path: Path) -> tuple[str, dict[str, str]]:
    """How to open a portfolio that cannot be written. Where SQLite can make its side
    files (a read-only file in a writable folder) it opens the file read-only by
    itself. Where it cannot (a read-only folder or disk) nobody can write the portfolio
    either, so it is opened as immutable: no side files, no locks. A write-ahead log
    left beside it holds saved changes, so then SQLite reads it the usual way."""
    if os.access(path.parent, os.W_OK) or side_files(path)[0].exists():
        return str(path), {}
    return f"file:{quote(str(path))}", {"uri": "true", "immutable": "1"}


def open_engine(path: Path, data_key: bytes, *, read_only: bool = False) -> Engine:
    hexkey = data_key.hex()
    if len(hexkey) != 64:
        raise ValueError("the data key must be 32 bytes")
    database, query = _read_only_database(path) if read_only else (str(path), {})
    url = URL.create("sqlite+pysqlcipher", password=f"x'{hexkey}'", database=database, query=query)
    # Pooled connections keep SQLCipher's per-connection setup and the WAL checkpoint
    # off every unit of work; Portfolio.lock() disposes the pool, closing them all.
    # A pooled connection may serve a worker thread after the GUI thread; the pool
    # hands each to one thread at a time, so the driver's same-thread check is off.
    engine = create_engine(
        url,
        module=sqlcipher3,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", _pragmas)
    return engine


def secure_side_files(path: Path) -> None:
    for side in [path, *side_files(path)]:
        make_private(side)


def translate_db_error(exc: BaseException, path: Path) -> KnownError | None:
    """Map a driver error to a known error, or None if it is a bug."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    text = str(original).lower()
    if "database is locked" in text or "database table is locked" in text:
        return PortfolioBusy()
    if "database or disk is full" in text or "disk i/o error" in text and _disk_full(path):
        return DiskFull()
    if "database is locked" in text or "database table is locked" in text:
        return PortfolioBusy(
            f"{path.name} is busy: another program (the app, or another mentee-portfolio"
            " command) is writing to it. Try again when it has finished; this step was"
            " not saved."
        )
    if "readonly database" in text or "read-only" in text:
        return LocationNotWritable(
            f"The portfolio at {path} is read-only, so nothing could be saved."
            " Check the folder's permissions or copy the portfolio somewhere writable."
        )
    if "unable to open database file" in text:
        return LocationNotWritable(f"Cannot open {path}: the folder is missing or not writable.")
    if "file is not a database" in text or "file is encrypted" in text:
        return PortfolioDamaged(
            f"{path} cannot be read with this key: it is not a portfolio or it is damaged."
        )
    if "no such table" in text or "no such column" in text:
        return PortfolioDamaged(
            f"{path.name} is missing part of its structure ({original}): it was changed"
            " outside the app or is damaged. Restore it from a backup."
        )
    if "malformed" in text or "invalid size" in text or "corrupt" in text:
        return PortfolioDamaged(
            f"{path} is damaged ({original}). Restore it from a backup; run"
            " 'mentee-portfolio check' for details."
        )
    return None


def _disk_full(path: Path) -> bool:
    import shutil

    try:
        return shutil.disk_usage(path.parent).free < 1024 * 1024
    except OSError:
        return False


@contextmanager
def unit_of_work(engine: Engine, path: Path) -> Iterator[Session]:
    """A session that commits on success, rolls back on error, and turns storage
    failures into known errors (the caller's data stays in the caller's hands)."""
    session = Session(engine, expire_on_commit=False, autoflush=True)
    try:
        yield session
        session.commit()
    except (DBAPIError, sqlcipher3.dbapi2.Error) as exc:
        session.rollback()
        known = translate_db_error(exc, path)
        if known is not None:
            raise known from None
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
