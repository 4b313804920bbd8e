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
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import DiskFull, KnownError, LocationNotWritable

PRIVATE_MODE = 0o600
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
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
    fd, name = tempfile.mkstemp(
        prefix=f".{final_name[:_NAME_ROOM]}.", suffix=TEMP_MARK, dir=directory
    )
    temp = TempFile(fd, Path(name))
    try:
        _hold(fd)
        yield temp  # mkstemp made it 0600
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
    os.fsync(fd)


def rename_no_clobber(source: Path, target: Path) -> None:
    """Move ``source`` to ``target``; FileExistsError if ``target`` exists, even when
    another process made it a moment ago (a hard link fails rather than replaces)."""
    if sys.platform == "win32":  # pragma: no cover - Windows: rename never replaces
        os.rename(source, target)
        return
    try:
        os.link(source, target, follow_symlinks=False)
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


def atomic_write_private(path: Path, data: bytes, what: str) -> None:
    """Replace ``path`` with ``data`` so a crash leaves either the old or new content.
    For the portfolio's own files (its key file); a file the user names goes through
    app.store.outputs.write_output, which checks where it is going first."""
    try:
        with private_temp(path.parent, path.name) as temp:
            write_all(temp.fd, data)
            os.replace(temp.path, path)
            temp.done = True
        fsync_dir(path.parent)
    except OSError as exc:
        raise os_error_to_known(exc, what, path) from None


if sys.platform == "win32":  # pragma: no cover - no flock; an open file cannot be deleted

    def _hold(fd: int) -> None:
        pass

    def remove_unless_in_use(path: Path) -> bool:
        """Delete ``path`` unless a live process has it open; True if it is gone."""
        try:
            os.unlink(path)
        except FileNotFoundError:
            return True
        except OSError:
            return False
        return True

else:
    import fcntl

    def _hold(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def remove_unless_in_use(path: Path) -> bool:
        """Delete ``path`` unless a live process holds it (a temporary file being
        written); True if it is gone. Never follows a symlink."""
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
