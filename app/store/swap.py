"""Replacing a portfolio's database and its key file together, so that a kill at any
moment leaves a portfolio that opens: a new data key (``PRAGMA rekey`` on a copy) or a
backup restored over the current portfolio.

Beside the portfolio ``P`` (and its key file ``P.keys``) a swap uses two files:

- ``P.swap-new``: the replacement database, written under a temporary name, proved to
  open with its key, fsynced, and only then given this name;
- ``P.swap``: the journal, written atomically once the replacement is whole. It holds
  the replacement's key file and what ``P`` looked like when the replacement was taken
  (size, modification time): the commit point.

Then ``P``'s side files go, ``P.swap-new`` is renamed over ``P``, the key file is
replaced from the journal, and the journal is removed. Every unlock first calls
``finish_interrupted_swap``: without a journal a leftover replacement is removed (the
swap never happened); with one the swap is finished (each step can be done again),
unless ``P`` was written to after the replacement was taken (a program saved to it
after the kill), when the replacement is dropped instead. So every state between two
steps opens: the old database with the old key file, or the new with the new.

The replacement is taken while holding ``P`` exclusively (``exclusive``): no other
program may have it open, so nothing is saved to the old file meanwhile."""

from __future__ import annotations

import base64
import contextlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlcipher3

from app.domain.errors import KnownError, PortfolioBusy, PortfolioDamaged
from app.os_support import durable
from app.store.encrypted_copy import raw_key_pragma, verify_copy
from app.store.files import (
    atomic_write_private,
    fsync_dir,
    keyslot_path,
    os_error_to_known,
    printable,
    private_temp,
    side_files,
)

NEW_SUFFIX = ".swap-new"
JOURNAL_SUFFIX = ".swap"
_FORMAT = "mentee-portfolio-swap"
_MAX_JOURNAL = 64 * 1024

# Fills the replacement (a fresh file keyed with the copy key) from a connection.
Filler = Callable[["sqlcipher3.Connection"], None]
# Given the replacement's path once it holds the new key: add to it (an audit entry)
# and return the key file that goes with it.
Amend = Callable[[Path], bytes]


def replacement_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + NEW_SUFFIX)


def journal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + JOURNAL_SUFFIX)


@contextlib.contextmanager
def exclusive(db_path: Path, data_key: bytes) -> Iterator[sqlcipher3.Connection]:
    """``P`` opened with ``data_key`` and held so that no other connection can read or
    write it, its WAL folded in; PortfolioBusy if another program has it open."""
    conn = sqlcipher3.connect(str(db_path), isolation_level=None)
    try:
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(raw_key_pragma(data_key))
            conn.execute("PRAGMA busy_timeout = 2000")
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")  # the lock stays: locking_mode is EXCLUSIVE
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlcipher3.dbapi2.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise PortfolioBusy(
                    "The portfolio is open in another program (the desktop app or a"
                    " command); close it there and try again. Nothing was changed."
                ) from None
            raise PortfolioDamaged(f"{db_path.name} does not open: {exc}.") from None
        if busy and busy[0]:
            raise PortfolioBusy(
                "The portfolio is busy in another program; close it there and try again."
                " Nothing was changed."
            )
        yield conn
    finally:
        conn.close()


def write_replacement(
    db_path: Path, fill: Filler, copy_key: bytes, new_key: bytes, amend: Amend | None
) -> bytes | None:
    """Write ``P.swap-new``: filled under ``copy_key``, rekeyed to ``new_key`` if that
    differs, amended, proved to open with ``new_key``, fsynced. Returns what ``amend``
    returned (the key file for the journal). A replacement left by an earlier swap that
    never reached its journal is removed first."""
    finish_interrupted_swap(db_path)
    target = replacement_path(db_path)
    key_file: bytes | None = None
    try:
        with private_temp(db_path.parent, target.name) as temp:
            dest = sqlcipher3.connect(str(temp.path), isolation_level=None)
            try:
                dest.execute("PRAGMA cipher_log_level = NONE")
                dest.execute(raw_key_pragma(copy_key))
                for pragma in durable.SQLITE_PRAGMAS:  # the platform's full fsync
                    dest.execute(pragma)
                fill(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
                if new_key != copy_key:
                    dest.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
            finally:
                dest.close()
            if amend is not None:
                key_file = amend(temp.path)
                _one_file(temp.path, new_key)
            durable.flush(temp.fd)
            verify_copy(temp.path, new_key)
            durable.replace(temp.path, target)
            temp.done = True
        fsync_dir(db_path.parent)
    except OSError as exc:
        raise os_error_to_known(exc, "the replacement portfolio", target) from None
    except sqlcipher3.dbapi2.Error as exc:
        raise KnownError(f"The replacement portfolio could not be written: {exc}.") from None
    return key_file


def _one_file(path: Path, key: bytes) -> None:
    """Fold a WAL an amendment left into the file, and leave it in rollback mode."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(raw_key_pragma(key))
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    for side in side_files(path):
        side.unlink(missing_ok=True)


def commit(db_path: Path, key_file: bytes) -> None:
    """Write the journal (the commit point): from here the swap is finished, by this
    process or by the next unlock. ``P`` must be closed by every connection."""
    try:
        st = os.stat(db_path)
    except OSError as exc:
        raise os_error_to_known(exc, "the portfolio", db_path) from None
    doc = {
        "format": _FORMAT,
        "version": 1,
        "key_file": base64.b64encode(key_file).decode("ascii"),
        "replaces": {"size": st.st_size, "mtime_ns": st.st_mtime_ns},
    }
    atomic_write_private(journal_path(db_path), json.dumps(doc).encode(), "the portfolio")


def finish_interrupted_swap(db_path: Path) -> str:
    """Finish or undo a swap a kill interrupted (see the module's docstring); "" when
    there was none, else "finished" or "undone"."""
    journal, new = journal_path(db_path), replacement_path(db_path)
    try:
        if not os.path.lexists(journal):
            if os.path.lexists(new):
                new.unlink()
                fsync_dir(db_path.parent)
                return "undone"
            return ""
        doc = _read_journal(journal)
        if doc is None:
            _drop(db_path)
            return "undone"
        key_file, size, mtime_ns = doc
        if os.path.lexists(new):
            if not _unchanged(db_path, size, mtime_ns):
                _drop(db_path)
                return "undone"
            for side in side_files(db_path):
                side.unlink(missing_ok=True)
            durable.replace(new, db_path)
            fsync_dir(db_path.parent)
        atomic_write_private(keyslot_path(db_path), key_file, "the key file")
        journal.unlink()
        fsync_dir(db_path.parent)
    except OSError as exc:
        raise KnownError(
            f"An interrupted change to {printable(db_path.name)} could not be finished:"
            f" {exc.strerror}. Nothing was lost; try again where the folder can be written."
        ) from None
    return "finished"


def _drop(db_path: Path) -> None:
    replacement_path(db_path).unlink(missing_ok=True)
    journal_path(db_path).unlink(missing_ok=True)
    fsync_dir(db_path.parent)


def _unchanged(db_path: Path, size: int, mtime_ns: int) -> bool:
    """``P`` as it was when the replacement was taken: nothing saved to it since."""
    try:
        st = os.stat(db_path)
        wal = db_path.with_name(db_path.name + "-wal")
        wal_size = os.stat(wal).st_size if os.path.lexists(wal) else 0
    except OSError:
        return False
    return st.st_size == size and st.st_mtime_ns == mtime_ns and wal_size == 0


def _read_journal(journal: Path) -> tuple[bytes, int, int] | None:
    try:
        raw = journal.read_bytes()[: _MAX_JOURNAL + 1]
        doc = json.loads(raw.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != _FORMAT or doc.get("version") != 1:
            return None
        replaces = doc["replaces"]
        size, mtime_ns = replaces["size"], replaces["mtime_ns"]
        if not isinstance(size, int) or not isinstance(mtime_ns, int):
            return None
        return base64.b64decode(doc["key_file"], validate=True), size, mtime_ns
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
