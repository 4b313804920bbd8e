"""Where a portfolio's companion files live, and how we write files safely:
owner-only permissions, and atomic replacement (temp file, fsync, rename, fsync dir)."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from app.domain.errors import DiskFull, KnownError, LocationNotWritable

PRIVATE_MODE = 0o600
KEYSLOT_SUFFIX = ".keys"
SQLITE_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def keyslot_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + KEYSLOT_SUFFIX)


def side_files(db_path: Path) -> list[Path]:
    return [db_path.with_name(db_path.name + suffix) for suffix in SQLITE_SIDE_SUFFIXES]


def os_error_to_known(exc: OSError, what: str, path: Path) -> KnownError:
    """Translate an OSError into a message a user can act on."""
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return DiskFull(what)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return LocationNotWritable(
            f"Cannot write {what}: the folder {path.parent} is read-only or not yours."
        )
    if exc.errno == errno.ENOENT:
        return LocationNotWritable(f"Cannot write {what}: the folder {path.parent} does not exist.")
    return LocationNotWritable(f"Cannot write {what} at {path}: {exc.strerror}.")


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_private(path: Path, data: bytes, what: str) -> None:
    """Replace ``path`` with ``data`` so a crash leaves either the old or new content."""
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), PRIVATE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        fsync_dir(path.parent)
    except OSError as exc:
        raise os_error_to_known(exc, what, path) from None
    finally:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)


def create_private_empty(path: Path, what: str) -> None:
    """Create ``path`` as an empty owner-only file; refuse to clobber an existing one."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
        os.close(fd)
    except FileExistsError:
        raise LocationNotWritable(f"{path} already exists; choose another name.") from None
    except OSError as exc:
        raise os_error_to_known(exc, what, path) from None


def make_private(path: Path) -> None:
    """Take away what others may do with ``path``; never give its owner more (a
    portfolio its owner made read-only stays read-only). A file this process may not
    change the mode of (another user's, or immutable) is left as it is."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except (FileNotFoundError, PermissionError):
        pass


class InputRefused(KnownError):
    """A file the user named to be read is not one that can be."""


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
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputRefused(f"There is no file at {path}.") from None
    except OSError as exc:
        raise InputRefused(f"Cannot read {path}: {exc.strerror}.") from None
    if len(data) > limit:
        raise InputRefused(f"{path.name} is more than {limit:,} bytes: too long to be the {what}.")
    return data
