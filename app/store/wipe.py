"""Leave no trace of deleted text in the portfolio's files: the database rebuilt with
VACUUM (no free page or slack of a page keeps an old cell; SQLCipher encrypts the copy
with the same key, so nothing plain touches the disk: temp_store is MEMORY), then the
write-ahead log checkpointed and truncated to nothing, so no earlier image of a page
stays in it.

Both steps are SQLite transactions: a process killed part-way leaves the portfolio
as it was before the step (VACUUM in WAL mode commits through the log), and the next
open finishes a checkpoint by itself. ``PRAGMA secure_delete`` (set on every
connection, app/store/engine.py) has already overwritten each deleted cell with zeros
as the change was written."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from app.store.engine import secure_side_files


def _run(engine: Engine, statements: tuple[str, ...]) -> bool:
    """Run ``statements`` on a connection of their own (the pool's idle connections
    closed first: they would hold the log open), the last a checkpoint; True when the
    log was emptied."""
    engine.dispose()
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            for statement in statements:
                cursor.execute(statement)
            checkpoint = cursor.fetchone()
            busy = checkpoint is None or bool(checkpoint[0])
        finally:
            cursor.close()
    finally:
        raw.close()
    engine.dispose()
    return not busy


def wipe_free_space(engine: Engine, path: Path) -> bool:
    """Rebuild the database and empty its write-ahead log. True when the log is empty
    (False: another program was reading the portfolio at that moment; its next
    checkpoint, when that program lets go, writes over the log's old pages)."""
    emptied = _run(engine, ("VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"))
    secure_side_files(path)
    return emptied


def empty_log(engine: Engine) -> bool:
    """Checkpoint the write-ahead log and truncate it; True when it is empty."""
    return _run(engine, ("PRAGMA wal_checkpoint(TRUNCATE)",))
