"""Where a portfolio's companion files live, and how we write files safely:
owner-only permissions, and atomic replacement (temp file, fsync, rename, fsync dir).

Every temporary file is named ``.<final name>.<random>.mentee-tmp`` and held under an
exclusive lock while it is written, so leftovers of a killed process are recognised
and removed at the next start (``remove_leftovers``) while work in progress in
another process is left alone."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import DiskFull, KnownError, LocationNotWritable
from app.os_support import durable, locks, pipes, private
from app.os_support.durable import rename_no_clobber as rename_no_clobber
from app.os_support.locks import remove_unless_in_use as remove_unless_in_use

PRIVATE_MODE = private.PRIVATE_FILE_MODE
KEYSLOT_SUFFIX = ".keys"
BACKUP_FOLDER = "backups"  # beside the portfolio, unless the user names another
SQLITE_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def keyslot_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + KEYSLOT_SUFFIX)


def side_files(db_path: Path) -> list[Path]:
    return [db_path.with_name(db_path.name + suffix) for suffix in SQLITE_SIDE_SUFFIXES]


def printable(path: Path | str) -> str:
    """A path as one line of a message: a newline or other control character in a file
    name is shown escaped, never split the line or move the cursor."""
    return "".join(
        char if char.isprintable() or char == " " else repr(char)[1:-1] for char in str(path)
    )


def os_error_to_known(exc: OSError, what: str, path: Path) -> KnownError:
    """Translate an OSError into a message a user can act on."""
    folder = printable(path.parent)
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return DiskFull(what)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return LocationNotWritable(
            f"Cannot write {what}: the folder {folder} is read-only or not yours."
        )
    if exc.errno == errno.ENOENT:
        return LocationNotWritable(f"Cannot write {what}: the folder {folder} does not exist.")
    return LocationNotWritable(f"Cannot write {what} at {printable(path)}: {exc.strerror}.")


def fsync_dir(directory: Path) -> None:
    durable.sync_folder(directory)


TEMP_MARK = ".mentee-tmp"
_TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}" + re.escape(TEMP_MARK) + r"$")
_NAME_ROOM = 100  # of the final name in a temporary name, well inside 255 bytes


@dataclass
class TempFile:
    """A private temporary file beside its final name, locked while it exists."""

    fd: int
    path: Path
    done: bool = False  # renamed into place: nothing to clean up


@contextmanager
def private_temp(directory: Path, final_name: str) -> Iterator[TempFile]:
    """A new owner-only file in ``directory``, locked against ``remove_leftovers``
    until the block ends; removed then unless the caller marked it done. OSError
    propagates (the caller knows what it was writing)."""
    fd, path = private.new_private_temp(directory, f".{final_name[:_NAME_ROOM]}.", TEMP_MARK)
    temp = TempFile(fd, path)
    try:
        locks.hold(fd)
        yield temp
    finally:
        if not temp.done:
            for leftover in [temp.path, *side_files(temp.path)]:
                leftover.unlink(missing_ok=True)
        os.close(fd)  # last: closing releases the lock


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    durable.flush(fd)


def atomic_write_private(path: Path, data: bytes, what: str) -> None:
    """Replace ``path`` with ``data`` so a crash leaves either the old or new content.
    For the portfolio's own files (its key file); a file the user names goes through
    app.store.outputs.write_output, which checks where it is going first."""
    try:
        with private_temp(path.parent, path.name) as temp:
            write_all(temp.fd, data)
            durable.replace(temp.path, path)
            temp.done = True
        fsync_dir(path.parent)
    except OSError as exc:
        raise os_error_to_known(exc, what, path) from None


def remove_leftovers(directory: Path, also: Sequence[re.Pattern[str]] = ()) -> list[Path]:
    """Remove what killed work left in ``directory``: our temporary files (and the
    journals SQLite made beside them), and names matching ``also``; never a file
    another process is still writing. Returns what was removed."""
    removed: list[Path] = []
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return removed
    for name in names:  # sorted: a database before the journal SQLite made beside it
        if _leftover(directory, name, also) and remove_unless_in_use(directory / name):
            removed.append(directory / name)
    return removed


def _leftover(directory: Path, name: str, also: Sequence[re.Pattern[str]]) -> bool:
    def ours(candidate: str) -> bool:
        return bool(_TEMP_NAME.match(candidate)) or any(p.match(candidate) for p in also)

    if ours(name):
        return True
    base = _base_of_side_file(name)
    # A journal goes only once its database is gone: it may belong to work in progress.
    return base is not None and ours(base) and not os.path.lexists(directory / base)


def _base_of_side_file(name: str) -> str | None:
    for suffix in SQLITE_SIDE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None


def create_private_empty(path: Path, what: str) -> None:
    """Create ``path`` as an empty owner-only file; refuse to clobber an existing one."""
    try:
        os.close(private.create_private(path))
    except FileExistsError:
        raise LocationNotWritable(f"{path} already exists; choose another name.") from None
    except OSError as exc:
        raise os_error_to_known(exc, what, path) from None


def make_private(path: Path) -> None:
    """Take away what others may do with ``path``; never give its owner more (a
    portfolio its owner made read-only stays read-only). A file this process may not
    change the mode of (another user's, or immutable) is left as it is."""
    with suppress(FileNotFoundError, PermissionError):
        private.make_private(path)


class InputRefused(KnownError):
    """A file the user named to be read is not one that can be."""


def _read_pipe(path: Path, limit: int) -> bytes:
    """A pipe's bytes, up to one past ``limit``; empty when nothing writes to it
    (app/os_support/pipes.py opens it without waiting for a writer)."""
    with pipes.open_pipe_to_read(path) as handle:
        return handle.read(limit + 1)


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a file the user named, refusing what is not a file to read: a
    folder, a device (/dev/zero never ends), or more than ``limit`` bytes. A pipe
    (`<(...)`) is read, up to one byte past the limit."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise InputRefused(f"{path} is a folder, not the {what} file.")
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
            raise InputRefused(f"{path} is a device, not the {what} file.")
        if stat.S_ISFIFO(mode):
            data = _read_pipe(path, limit)
            if not data:
                raise InputRefused(
                    f"{path} is a named pipe with nothing written to it, not the {what} file."
                )
        else:
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputRefused(f"There is no file at {path}.") from None
    except OSError as exc:
        raise InputRefused(f"Cannot read {path}: {exc.strerror}.") from None
    if len(data) > limit:
        raise InputRefused(f"{path.name} is more than {limit:,} bytes: too long to be the {what}.")
    return data
