"""Files and folders only the signed-in user can open.

POSIX: mode 0600 for files, 0700 for folders. Windows has no modes (``os.chmod`` only
sets the read-only flag): a file we make gets a protected ACL with one entry, full
control for the user, so it stays private even in a folder others can read (a shared
or synced folder, a second drive). Files under the user's profile (Documents, AppData),
where the app keeps everything by default, are the user's already; the ACL changes
nothing there. The ACL is set before any data is written."""

from __future__ import annotations

import errno
import os
import secrets
import stat
import sys
import tempfile
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700


def make_private(path: Path) -> None:
    """Only the user may open the file at ``path`` from now on. Takes away what others
    may do, never gives the owner more: a file its owner made read-only stays so (POSIX:
    the group's and others' bits go; Windows: the read-only attribute is not an ACL
    entry and stays)."""
    if sys.platform == "win32":
        from app.os_support import _windows

        _windows.restrict_to_user(path, folder=False)
    else:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)


def ensure_private_folder(path: Path) -> Path:
    """Create ``path`` (and missing parents) as a folder only the user can open, and
    return it; a folder that exists already is left as it is."""
    try:
        path.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True)
    except FileExistsError:
        if not path.is_dir():
            raise
        return path
    if sys.platform == "win32":
        from app.os_support import _windows

        _windows.restrict_to_user(path, folder=True)
    return path


def new_private_temp(directory: Path, prefix: str, suffix: str) -> tuple[int, Path]:
    """A new, empty file only the user can open, under a random name (``prefix``, 8
    characters of [a-z0-9_], ``suffix``); its descriptor (open for writing) and path.
    On Windows it can be renamed while open, as on POSIX."""
    if sys.platform != "win32":
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=directory)  # 0600
        return fd, Path(name)
    from app.os_support import _windows

    for _ in range(100):
        path = directory / f"{prefix}{''.join(secrets.choice(_LETTERS) for _ in range(8))}{suffix}"
        try:
            return _windows.create_private_file(path), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "No free temporary name", str(directory))


_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"


def create_private(path: Path) -> int:
    """Create ``path`` as a new file only the user can open (FileExistsError if there is
    one) and return its descriptor, open for writing."""
    if sys.platform == "win32":
        from app.os_support import _windows

        return _windows.create_private_file(path)
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)


def open_private_append(path: Path) -> int:
    """Open ``path`` for appending (created if missing), made private first: a file an
    older version made with looser permissions is tightened."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        make_private(path)
    except OSError:
        os.close(fd)
        raise
    return fd
