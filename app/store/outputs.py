"""Where a file the user names may be written: one check for every caller.

PDFs, exports, the recovery code, the backup folder and restored copies go where the
user points, from the command line or a save dialog. A mistyped or hostile path must
never destroy a portfolio, so before anything is written the path is resolved (a
symlink is followed deliberately: the write goes to its target, which is checked the
same way, and the link itself is never replaced) and refused, with one sentence,
when it is:

- a portfolio's own file: the database, its key file (and key files moved aside),
  its side files (``-wal``, ``-shm``, ``-journal``), its temporary files, anything in
  its backup folder; the owners named by the caller, and any other portfolio found
  beside the path (a file with a key file beside it, a key file, an encrypted
  database, a ``backups`` folder beside a portfolio);
- a file the command itself reads (a passphrase or recovery code file);
- not a regular file: a folder, a device node, a FIFO, a socket, a symlink loop,
  anything under /dev or /proc.

Data goes to a private temporary file beside the target, is fsynced and renamed over
it: a crash leaves the old file or the new one. ``-`` means standard output where the
caller allows it (text formats)."""

from __future__ import annotations

import math
import os
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import OutputRefused
from app.os_support import durable
from app.os_support.names import path_problem
from app.os_support.places import is_system_path
from app.store.files import (
    BACKUP_FOLDER,
    KEYSLOT_SUFFIX,
    SQLITE_SIDE_SUFFIXES,
    fsync_dir,
    os_error_to_known,
    printable,
    private_temp,
    remove_leftovers,
    write_all,
)

STDOUT = "-"
# What a path must leave room for on Windows: the temporary name a file is written
# under (".NAME.12345678.mentee-tmp") and the journal SQLite may make beside it; in a
# backup folder, a backup's name ("-pre-upgrade-20261201-103000-99" and ".keys").
_BESIDE = len("..12345678.mentee-tmp") + len("-journal")
_BACKUP_STAMP = len("-pre-upgrade-20261201-103000-99.keys")
_NAME_GUESS = 40
_SNIFF = 4096
_KEYSLOT_MARK = b'"mentee-portfolio-keyslot"'


@dataclass(frozen=True)
class Output:
    """A checked destination: ``path`` resolved, or None for standard output."""

    path: Path | None
    shown: str  # as the user gave it, for messages

    @property
    def is_stdout(self) -> bool:
        return self.path is None


def check_output(
    path: Path | str,
    what: str,
    *,
    owners: Iterable[Path] = (),
    inputs: Iterable[Path] = (),
    allow_stdout: bool = False,
    must_be_new: bool = False,
) -> Output:
    """Where ``what`` would be written, or OutputRefused saying why not. ``owners``
    are the portfolios involved, ``inputs`` files the command reads."""
    shown = printable(path)
    if shown == STDOUT:
        if not allow_stdout:
            raise OutputRefused(
                f"{_capital(what)} cannot be written to standard output; give a file name."
            )
        return Output(None, "standard output")
    target = _resolve(Path(path), shown, what)
    refusal = _why_not(target, list(owners), list(inputs), must_be_new) or path_problem(
        target, room=_BESIDE
    )
    if refusal:
        raise OutputRefused(f"Refused to write {what} to {shown}: {refusal}.")
    return Output(target, shown)


def check_folder(
    path: Path, what: str, *, owners: Iterable[Path] = (), inputs: Iterable[Path] = ()
) -> Path:
    """A folder new files (backups) will be made in: an existing folder, or a name
    that can become one; never a portfolio's file or anything but a folder."""
    shown = printable(path)
    target = _resolve(path, shown, what)
    owner_list = list(owners)
    kind = _kind(target)
    if kind == "folder":
        refusal = _owned(target, owner_list, list(inputs), folder=True)
    elif kind == "missing":
        # Not a folder named like another portfolio's side file (P-wal would stop P opening).
        refusal = (
            _owned(target, owner_list, list(inputs))
            or _system(target)
            or _beside_a_portfolio(target)
        )
    else:
        refusal = _owned(target, owner_list, list(inputs)) or f"it is {kind}, not a folder"
    longest = max((len(owner.name) for owner in owner_list), default=_NAME_GUESS)
    refusal = refusal or path_problem(target, room=1 + longest + _BACKUP_STAMP + _BESIDE)
    if refusal:
        raise OutputRefused(f"Refused to write {what} to {shown}: {refusal}.")
    return target


def write_output(
    path: Path | str,
    data: bytes,
    what: str,
    *,
    owners: Iterable[Path] = (),
    inputs: Iterable[Path] = (),
    allow_stdout: bool = False,
) -> Output:
    """Check ``path`` (``check_output``), then write ``data`` there: owner-only,
    atomically, never through a link it was not checked through."""
    owner_list, input_list = list(owners), list(inputs)
    output = check_output(
        path, what, owners=owner_list, inputs=input_list, allow_stdout=allow_stdout
    )
    if output.path is None:
        _to_stdout(data, what)
        return output
    target = output.path
    remove_leftovers(target.parent)
    try:
        with private_temp(target.parent, target.name) as temp:
            write_all(temp.fd, data)
            # Checked again at the last moment: what is there now is what is replaced.
            refusal = _why_not(target, owner_list, input_list, must_be_new=False)
            if refusal:
                raise OutputRefused(f"Refused to write {what} to {output.shown}: {refusal}.")
            durable.replace(temp.path, target)
            temp.done = True
        fsync_dir(target.parent)
    except OSError as exc:
        raise os_error_to_known(exc, what, target) from None
    return output


def discard_standard_output() -> None:
    """Point standard output at the null device, so that the interpreter's own flush at
    exit cannot fail a second time after the reader went away."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, AttributeError, ValueError):
        pass


def _to_stdout(data: bytes, what: str) -> None:
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        # The reader went away; Python would complain again when it exits.
        discard_standard_output()
        raise OutputRefused(
            f"Standard output was closed before all of {what} was written."
        ) from None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _resolve(path: Path, shown: str, what: str) -> Path:
    """The file a write to ``path`` reaches: its folders resolved, and its last part
    followed link by link, each hop refused if it leads into a system tree (so
    /dev/stdout, or a link to /proc/self/fd/1, is refused however it resolves)."""
    try:
        current = Path(os.path.abspath(path.expanduser()))
        for _ in range(_MAX_HOPS):
            if _system(current):
                raise OutputRefused(f"Refused to write {what} to {shown}: {_system(current)}.")
            current = _real(current.parent) / current.name
            if _system(current):
                raise OutputRefused(f"Refused to write {what} to {shown}: {_system(current)}.")
            if not os.path.islink(current):
                return current
            current = Path(os.path.abspath(current.parent / os.readlink(current)))
        return current  # a loop: _kind calls it a link that leads nowhere
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not a usable file name"
        raise OutputRefused(f"Refused to write {what} to {shown}: {reason}.") from None


_MAX_HOPS = 40


def _same(a: Path, b: Path) -> bool:
    return _norm(a) == _norm(b)


def _norm(path: Path) -> str:
    # Case-insensitive disks (Windows, macOS) make P.MPF the portfolio p.mpf.
    return os.path.normcase(str(path)).casefold()


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path.absolute()))


def _kind(path: Path) -> str:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"not reachable ({exc.strerror})"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISLNK(mode):
        return "a link that leads nowhere (it points back at itself)"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def _why_not(target: Path, owners: list[Path], inputs: list[Path], must_be_new: bool) -> str:
    refusal = _owned(target, owners, inputs)
    if refusal:
        return refusal
    kind = _kind(target)
    if kind == "folder":
        return "it is a folder"
    if kind == "missing":
        return _system(target) or _parent_problem(target) or _beside_a_portfolio(target)
    if kind != "file":
        return f"it is {kind}, not a regular file"
    if must_be_new:
        return "it already exists"
    return _system(target) or _beside_a_portfolio(target) or _portfolio_content(target)


def _system(target: Path) -> str:
    if is_system_path(target):
        return "it is a device or a system file, not a regular file"
    return ""


def _parent_problem(target: Path) -> str:
    parent = target.parent
    if not parent.exists():
        return f"the folder {printable(parent)} does not exist"
    if not parent.is_dir():
        return f"{printable(parent)} is not a folder"
    return ""


def _owned(target: Path, owners: list[Path], inputs: list[Path], *, folder: bool = False) -> str:
    """Why ``target`` (resolved) belongs to one of ``owners`` or is one of ``inputs``."""
    for source in inputs:
        if _same(target, _real(source)) or _same_file(target, source):
            return "the command reads that file"
    for owner in owners:
        reason = _owned_by(target, owner, folder)
        if reason:
            return reason
    return ""


def _owned_by(target: Path, owner: Path, folder: bool) -> str:
    """The portfolio at ``owner`` owns its database, key file (and key files moved
    aside), side files, temporary files and backup folder, under the name it was
    given and under its resolved name."""
    for view in {owner.absolute(), _real(owner)}:
        backups = _real(view.parent / BACKUP_FOLDER)
        if _inside(target, backups) and not (folder and _same(target, backups)):
            return "it is in the portfolio's backup folder"
        for suffix in ("", *_OWN_SUFFIXES):
            own = view.with_name(view.name + suffix)
            if _same(target, _real(own)) or _same_file(target, own):
                return _describe(suffix)
        if _same(target.parent, _real(view.parent)):
            name, candidate = view.name.casefold(), target.name.casefold()
            if candidate.startswith(name + KEYSLOT_SUFFIX):
                return _describe(KEYSLOT_SUFFIX)
            if any(candidate.startswith(name + s) for s in SQLITE_SIDE_SUFFIXES):
                return _describe("-wal")
            if candidate.startswith("." + name):
                return "it is a temporary file of the portfolio"
    return ""


# A swap's journal and replacement beside the portfolio (app/store/swap.py).
SWAP_SUFFIXES = (".swap", ".swap-new")
_OWN_SUFFIXES = (KEYSLOT_SUFFIX, *SQLITE_SIDE_SUFFIXES, *SWAP_SUFFIXES)


def _describe(suffix: str) -> str:
    if suffix == "":
        return "it is the portfolio itself"
    if suffix == KEYSLOT_SUFFIX:
        return "it is the portfolio's key file"
    return "it is one of the portfolio's own database files"


def _inside(target: Path, folder: Path) -> bool:
    folder_norm = _norm(folder)
    return any(_norm(p) == folder_norm for p in (target, *target.parents))


def _same_file(target: Path, other: Path) -> bool:
    """Hard links and other names for one file."""
    try:
        a, b = os.stat(target), os.stat(other)
    except (OSError, ValueError):
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _beside_a_portfolio(target: Path) -> str:
    """Another portfolio's files, known by what lies beside them."""
    name = target.name
    if (
        name.casefold().endswith(KEYSLOT_SUFFIX)
        and target.with_name(name[: -len(KEYSLOT_SUFFIX)]).is_file()
    ):
        return "it is a portfolio's key file"
    for suffix in SQLITE_SIDE_SUFFIXES:
        if name.casefold().endswith(suffix) and target.with_name(name[: -len(suffix)]).is_file():
            return "SQLite would take it for part of the database beside it"
    if target.with_name(name + KEYSLOT_SUFFIX).exists():
        return "it is a portfolio (its key file is beside it)"
    for folder in target.parents:
        if folder.name.casefold() == BACKUP_FOLDER and _holds_a_portfolio(folder.parent):
            return "it is in a portfolio's backup folder"
    return ""


def _holds_a_portfolio(folder: Path) -> bool:
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    present = set(names)
    return any(n.endswith(KEYSLOT_SUFFIX) and n[: -len(KEYSLOT_SUFFIX)] in present for n in names)


def _portfolio_content(target: Path) -> str:
    """An existing file that holds a key file or an encrypted database, whatever its
    name (a copy, a backup whose key file was lost)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(target, flags)
    except OSError:
        return ""
    try:
        size = os.fstat(fd).st_size
        head = os.read(fd, _SNIFF)
    except OSError:
        return ""
    finally:
        os.close(fd)
    if _KEYSLOT_MARK in head:
        return "it is a portfolio's key file"
    if head.startswith(b"SQLite format 3\x00"):
        return "it is a database"
    if _looks_encrypted(head, size):
        return "it looks like an encrypted database (a portfolio or a backup)"
    return ""


def _looks_encrypted(head: bytes, size: int) -> bool:
    """SQLCipher files are whole pages (512 bytes to 64 KiB) of what reads as noise
    from the first byte (a random salt). PDFs, JSON, CSV and calendars start with
    readable text."""
    if size < 4096 or size % 512 or len(head) < 4096:
        return False
    if all(32 <= byte < 127 for byte in head[:8]):
        return False
    counts = [0] * 256
    for byte in head:
        counts[byte] += 1
    entropy = -sum(c / len(head) * math.log2(c / len(head)) for c in counts if c)
    return entropy > 7.5
