"""A file one process is writing is never removed by another (a second window or
command cleaning up what a killed one left).

POSIX: the writer holds an exclusive ``flock`` on it; a cleaner takes the lock without
waiting, or leaves the file. Windows needs no lock: a cleaner opens the file with no sharing
at all, which fails while any other process has it open, and deletes it through that
handle when it succeeds."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path


def hold(fd: int) -> None:
    """Mark the open file ``fd`` as being written (until it is closed)."""
    if sys.platform != "win32":
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


def remove_unless_in_use(path: Path) -> bool:
    """Delete ``path`` unless a live process is writing it; True if it is gone. Never
    follows a symlink, never removes anything but a regular file."""
    if sys.platform == "win32":
        from app.os_support import _windows

        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return False
        except FileNotFoundError:
            return True
        except OSError:
            return False
        return _windows.delete_unless_open(path)
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        if os.stat(path, follow_symlinks=False).st_ino != os.fstat(fd).st_ino:
            return False  # replaced meanwhile: not the file we locked
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
