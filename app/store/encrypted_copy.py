"""Encrypted copies of a portfolio. A backup is made with SQLite's online backup API
into a file keyed with the same data key, so it opens with the same passphrase (its
key file is copied beside it) or the same recovery code.

A copy is written under a temporary name (app.store.files.private_temp), fsynced,
proved by opening it with the key, and only then given its final name, key file
first: a file with a backup's name is a whole backup. Rotation counts only the
backups that open with this portfolio's key and never deletes the newest of them;
what a killed backup or restore left behind is removed at the next start
(``remove_interrupted_work``)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import sqlcipher3
from sqlalchemy import Engine

from app.domain import clock
from app.domain.errors import AlreadyExists, KnownError, PortfolioDamaged
from app.store.files import (
    BACKUP_FOLDER,
    KEYSLOT_SUFFIX,
    fsync_dir,
    keyslot_path,
    os_error_to_known,
    printable,
    private_temp,
    remove_leftovers,
    remove_unless_in_use,
    rename_no_clobber,
    side_files,
    write_all,
)

# No ':' or other characters Windows refuses in a file name.
_STAMP = "%Y%m%d-%H%M%S"
_STAMP_RE = r"(\d{8}-\d{6})(?:-(\d+))?"
# Names an interrupted restore of an earlier version left beside the portfolio.
_OLD_RESTORING = re.compile(r"^.+-restoring-\d{8}-\d{6}(?:-\d+)?(?:\.[^.]*)?(?:\.keys)?$")

Copier = Callable[["sqlcipher3.Connection"], None]
# SQLite's backup progress: (status, pages left, pages in all).
ProgressPages = Callable[[int, int, int], None]
T = TypeVar("T")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made_at: datetime
    counter: int = 1


def default_backup_dir(db_path: Path) -> Path:
    return db_path.parent / BACKUP_FOLDER


def _pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(
        re.escape(db_path.stem)
        + r"-(?:backup|pre-upgrade)-"
        + _STAMP_RE
        + re.escape(db_path.suffix)
        + "$"
    )


def list_backups(db_path: Path, directory: Path) -> list[BackupFile]:
    """Files named as this portfolio's backups in ``directory``, newest first. A name
    proves nothing: ``verified_backups`` opens them."""
    pattern = _pattern(db_path)
    found = []
    try:
        candidates = list(directory.iterdir()) if directory.is_dir() else []
    except OSError:
        candidates = []
    for candidate in candidates:
        match = pattern.match(candidate.name)
        if match:
            try:
                made_at = datetime.strptime(match[1], _STAMP)
            except ValueError:  # 20261399-...: not a name we made
                continue
            found.append(BackupFile(candidate, made_at, int(match[2] or 1)))
    return sorted(found, key=lambda b: (b.made_at, b.counter), reverse=True)


def verified_backups(db_path: Path, directory: Path, data_key: bytes) -> list[BackupFile]:
    """This portfolio's whole backups in ``directory`` (``is_whole``), newest first."""
    return [b for b in list_backups(db_path, directory) if is_whole(b.path, data_key)]


def raw_key_pragma(data_key: bytes) -> str:
    return f"PRAGMA key = \"x'{data_key.hex()}'\""


def _taken(path: Path) -> bool:
    return any(os.path.lexists(p) for p in (path, keyslot_path(path), *side_files(path)))


def _target_name(db_path: Path, directory: Path, label: str) -> Path:
    stamp = clock.now().strftime(_STAMP)
    target = directory / f"{db_path.stem}-{label}-{stamp}{db_path.suffix}"
    counter = 1
    while _taken(target):
        counter += 1
        target = directory / f"{db_path.stem}-{label}-{stamp}-{counter}{db_path.suffix}"
    return target


def verify_copy(path: Path, data_key: bytes) -> None:
    """Open ``path`` with the key, read-only, and check it holds a whole portfolio.
    A file with a journal beside it was interrupted mid-write: opening it would roll
    the journal back, so it is refused untouched."""
    if os.path.lexists(path.with_name(path.name + "-journal")):
        raise PortfolioDamaged(
            f"The copy at {printable(path)} was interrupted while it was written."
        )
    if not path.is_file() or path.is_symlink():
        raise PortfolioDamaged(f"There is no copy at {printable(path)}.")
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(raw_key_pragma(data_key))
        conn.execute("PRAGMA query_only = ON")
        result = conn.execute("PRAGMA quick_check").fetchone()
        holds = conn.execute("SELECT count(*) FROM portfolio_info").fetchone()
    except sqlcipher3.dbapi2.DatabaseError as exc:
        raise PortfolioDamaged(f"The copy at {printable(path)} does not open: {exc}.") from None
    finally:
        conn.close()
    if not result or result[0] != "ok":
        raise PortfolioDamaged(f"The copy at {printable(path)} failed its check: {result}.")
    if not holds or holds[0] < 1:
        raise PortfolioDamaged(f"The copy at {printable(path)} holds no portfolio.")


def audit_entries_of_copy(
    path: Path, data_key: bytes, seq: int
) -> tuple[tuple[int, str] | None, str | None]:
    """Read a copy's audit log, read-only: its last entry (sequence number and hash)
    and the hash of entry ``seq`` (None where there is none)."""
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(raw_key_pragma(data_key))
        conn.execute("PRAGMA query_only = ON")
        last = conn.execute(
            "SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        kept = conn.execute("SELECT entry_hash FROM audit_log WHERE seq = ?", (seq,)).fetchone()
    finally:
        conn.close()
    return (
        None if last is None else (int(last[0]), str(last[1])),
        None if kept is None else str(kept[0]),
    )


def read_copy(path: Path, data_key: bytes, then: Callable[[sqlcipher3.Connection], T]) -> T:
    """``then`` run on ``path`` opened read-only with the key (a backup looked at)."""
    conn = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(raw_key_pragma(data_key))
        conn.execute("PRAGMA query_only = ON")
        return then(conn)
    finally:
        conn.close()


def copier_from_file(source: Path, data_key: bytes, progress: ProgressPages | None) -> Copier:
    """What copies the portfolio file ``source`` (read only) into a new file."""

    def copy(dest: sqlcipher3.Connection) -> None:
        read_copy(
            source,
            data_key,
            lambda src: (
                src.backup(dest, pages=16, progress=progress)
                if progress is not None
                else src.backup(dest)
            ),
        )

    return copy


def opens_with(path: Path, data_key: bytes) -> bool:
    """The thorough check a new copy gets (``verify_copy``), as a yes or no."""
    try:
        verify_copy(path, data_key)
    except PortfolioDamaged:
        return False
    return True


def is_ours(path: Path, data_key: bytes) -> bool:
    """Opens with ``data_key`` and holds a portfolio: this portfolio's file."""
    return _inspect(path, data_key, whole=False)


def is_whole(path: Path, data_key: bytes) -> bool:
    """Ours, and every page there and intact: the header's page count fills the file
    and every page's HMAC holds (SQLCipher's cipher_integrity_check: about a second for
    a 120 MB portfolio, where quick_check takes five)."""
    return _inspect(path, data_key, whole=True)


def _inspect(path: Path, data_key: bytes, *, whole: bool) -> bool:
    if os.path.lexists(path.with_name(path.name + "-journal")):
        return False  # interrupted mid-write: opening it would roll the journal back
    if not path.is_file() or path.is_symlink():
        return False
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(raw_key_pragma(data_key))
        conn.execute("PRAGMA query_only = ON")
        if conn.execute("SELECT count(*) FROM portfolio_info").fetchone()[0] < 1:
            return False
        if not whole:
            return True
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        if pages * size != path.stat().st_size:
            return False
        return not conn.execute("PRAGMA cipher_integrity_check").fetchall()
    except (sqlcipher3.dbapi2.Error, OSError, ValueError):
        return False
    finally:
        conn.close()


def write_verified_copy(
    copy: Copier,
    data_key: bytes,
    names: Iterator[Path],
    slot: bytes | None,
    what: str,
) -> Path:
    """Copy into a temporary file beside the first of ``names``, make it one
    self-contained file (no WAL), fsync, verify it opens with ``data_key``, then give
    it the first of ``names`` that nothing holds (its key file ``slot`` first, if
    any); AlreadyExists when ``names`` runs out."""
    first = next(names)
    directory = first.parent
    try:
        with private_temp(directory, first.name) as temp:
            dest = sqlcipher3.connect(str(temp.path))
            try:
                dest.execute("PRAGMA cipher_log_level = NONE")
                dest.execute(raw_key_pragma(data_key))
                copy(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
            os.fsync(temp.fd)
            verify_copy(temp.path, data_key)
            target: Path | None = first
            while target is not None:
                try:
                    _rename_with_key_file(temp.path, target, slot)
                except FileExistsError:
                    target = next(names, None)
                    continue
                temp.done = True
                break
        fsync_dir(directory)
    except OSError as exc:
        raise os_error_to_known(exc, what, first) from None
    except sqlcipher3.dbapi2.Error as exc:
        if "full" in str(exc).lower():
            raise os_error_to_known(OSError(28, "No space left on device"), what, first) from None
        raise KnownError(f"{what[:1].upper()}{what[1:]} could not be written: {exc}.") from None
    if target is None:
        raise AlreadyExists(f"{printable(first)} already exists; nothing was overwritten.")
    return target


def _rename_with_key_file(copy: Path, target: Path, slot: bytes | None) -> None:
    """Key file first, then the database, neither replacing anything. The key file's
    temporary stays locked until the database has its name, so a cleaner in another
    process never takes the new key file for an orphan."""
    if slot is None:
        rename_no_clobber(copy, target)
        return
    slot_path = keyslot_path(target)
    with private_temp(target.parent, slot_path.name) as slot_temp:
        write_all(slot_temp.fd, slot)
        rename_no_clobber(slot_temp.path, slot_path)
        slot_temp.done = True
        try:
            rename_no_clobber(copy, target)
        except BaseException:
            slot_path.unlink(missing_ok=True)
            raise


def _fresh_names(db_path: Path, directory: Path, label: str) -> Iterator[Path]:
    while True:
        yield _target_name(db_path, directory, label)


# Told the fraction copied (0..1) as a backup goes; may raise to stop it.
CopyProgress = Callable[[float], None]


def make_backup(
    engine: Engine,
    db_path: Path,
    data_key: bytes,
    directory: Path,
    label: str = "backup",
    progress: CopyProgress | None = None,
) -> Path:
    """A verified copy in ``directory``. ``progress`` (if given) is told how far the copy
    has gone, and may raise to stop it: then nothing is left behind."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        slot_file = keyslot_path(db_path)
        slot = slot_file.read_bytes() if slot_file.exists() else None
    except OSError as exc:
        raise os_error_to_known(exc, "the backup", directory / "x") from None
    remove_interrupted_backups(db_path, directory)

    def copy(dest: sqlcipher3.Connection) -> None:
        raw = engine.raw_connection()
        try:
            driver = raw.driver_connection
            assert driver is not None  # None only once the pool has discarded it
            if progress is None:
                driver.backup(dest)
            else:
                driver.backup(
                    dest,
                    pages=256,
                    progress=lambda _s, left, total: progress(1 - left / total if total else 1),
                )
        finally:
            raw.close()

    return write_verified_copy(
        copy, data_key, _fresh_names(db_path, directory, label), slot, "the backup"
    )


def copy_portfolio_file(source: Path, data_key: bytes, target: Path, slot: bytes | None) -> Path:
    """A verified copy of the portfolio file ``source`` at ``target``, which must not
    exist (a restore); ``source`` is only read."""
    if os.path.lexists(source.with_name(source.name + "-journal")):
        raise PortfolioDamaged(
            f"{printable(source.name)} was interrupted while it was written, so it cannot be"
            " restored."
        )

    def copy(dest: sqlcipher3.Connection) -> None:
        src = sqlcipher3.connect(str(source))
        try:
            src.execute("PRAGMA cipher_log_level = NONE")
            src.execute(raw_key_pragma(data_key))
            src.execute("PRAGMA query_only = ON")
            src.backup(dest)
        finally:
            src.close()

    remove_leftovers(target.parent)
    return write_verified_copy(copy, data_key, iter([target]), slot, "the restored portfolio")


def remove_backup(path: Path) -> None:
    """A backup, its key file and any side files."""
    for candidate in [path, keyslot_path(path), *side_files(path)]:
        candidate.unlink(missing_ok=True)


def rotate(
    db_path: Path, directory: Path, keep: int, data_key: bytes, also_keep: Path | None = None
) -> list[Path]:
    """Keep ``keep`` (at least 1) whole backups and delete this portfolio's others.
    ``also_keep``, the backup just made and verified, is the newest whatever its name
    says (a clock set back gives it an older stamp) and counts first; then the newest
    by name that are whole (``is_whole``). A file that is not whole is not counted; one
    that does not open with ``data_key`` is never deleted (it may be another
    portfolio's). Returns what was deleted."""
    counted = 0 if also_keep is None else 1
    removed = []
    for backup in list_backups(db_path, directory):  # newest first
        if backup.path == also_keep:
            continue
        if counted < max(keep, 1):
            counted += is_whole(backup.path, data_key)
        elif is_ours(backup.path, data_key):
            remove_backup(backup.path)
            removed.append(backup.path)
    return removed


def remove_interrupted_backups(db_path: Path, directory: Path) -> list[Path]:
    """Temporary files of killed backups in ``directory``, and key files a killed
    backup renamed without its database."""
    removed = remove_leftovers(directory)
    pattern = _pattern(db_path)
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        if name.endswith(KEYSLOT_SUFFIX) and pattern.match(name[: -len(KEYSLOT_SUFFIX)]):
            database = directory / name[: -len(KEYSLOT_SUFFIX)]
            if not os.path.lexists(database) and remove_unless_in_use(directory / name):
                removed.append(directory / name)
    return removed


def remove_interrupted_work(db_path: Path) -> list[Path]:
    """What killed work left beside the portfolio and in its backup folder: temporary
    files (key files, exports, restores, backups) and an earlier version's
    ``-restoring-`` copies. Never a file another process is still writing."""
    legacy_key_temp = re.compile(
        r"^\." + re.escape(db_path.name + KEYSLOT_SUFFIX) + r"\.[a-z0-9_]{8}\.tmp$"
    )
    removed = remove_leftovers(db_path.parent, also=[legacy_key_temp, _OLD_RESTORING])
    backups = default_backup_dir(db_path)
    if backups.is_dir():
        removed += remove_interrupted_backups(db_path, backups)
    return removed
