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


def wipe_free_space(engine: Engine, path: Path) -> bool:
    """Rebuild the database and empty its write-ahead log. True when the log is empty
    (False: another program was reading the portfolio at that moment; its next
    checkpoint, when that program lets go, writes over the log's old pages)."""
    engine.dispose()  # the pool's idle connections would hold the log open
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            checkpoint = cursor.fetchone()
            busy = checkpoint is None or bool(checkpoint[0])
        finally:
            cursor.close()
    finally:
        raw.close()
    engine.dispose()
    secure_side_files(path)
    return not busy
