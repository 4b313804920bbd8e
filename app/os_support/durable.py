"""Writes that survive a crash or a power cut: a file's data reaches the disk before
its new name does, and the new name reaches the disk before we say it is saved.

POSIX: fsync the file, rename, fsync the folder. macOS's fsync leaves the data in the
drive's cache: F_FULLFSYNC asks the drive to write it (and SQLite is told to do the
same, ``SQLITE_PRAGMAS``). Windows cannot open a folder to flush it: the rename itself
is written through (MoveFileExW with MOVEFILE_WRITE_THROUGH), and ``os.fsync`` is
FlushFileBuffers on the file's handle."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

# Run on every new database connection: SQLite's own fsyncs, as durable as ours.
SQLITE_PRAGMAS: tuple[str, ...] = (
    ("PRAGMA fullfsync = ON", "PRAGMA checkpoint_fullfsync = ON")
    if sys.platform == "darwin"
    else ()
)


def flush(fd: int) -> None:
    """Everything written to ``fd`` is on the disk (Windows: FlushFileBuffers; macOS:
    F_FULLFSYNC, where the file system has it)."""
    if sys.platform == "darwin":
        import fcntl

        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except OSError:
            pass  # not on this file system (some network shares): fsync as elsewhere
    os.fsync(fd)


def replace(source: Path, target: Path) -> None:
    """Rename ``source`` over ``target`` in one step: a reader sees the old file or the
    new one. Call ``sync_folder`` afterwards for the rename to be durable."""
    if sys.platform == "win32":
        from app.os_support import _windows

        _windows.move(source, target, replace=True)
    else:
        os.replace(source, target)


def sync_folder(directory: Path) -> None:
    """The names in ``directory`` (a rename just made) are on the disk. Windows: nothing
    to do, as its renames here are written through."""
    if sys.platform == "win32":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        flush(fd)
    finally:
        os.close(fd)


def rename_no_clobber(source: Path, target: Path) -> None:
    """Move ``source`` to ``target``; FileExistsError if ``target`` exists, even when
    another process made it a moment ago."""
    if sys.platform == "win32":
        from app.os_support import _windows

        _windows.move(source, target, replace=False)  # never replaces
        return
    try:
        os.link(source, target, follow_symlinks=False)  # fails rather than replaces
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        # No hard links here (FAT, some network shares): the check and the rename are
        # not one step, but nothing else writes these names.
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
        os.rename(source, target)
        return
    os.unlink(source)
