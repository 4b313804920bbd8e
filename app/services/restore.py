"""Restoring in the app: which backups there are, what one holds, and putting it back,
to a new file or over the current portfolio (which is backed up first).

A backup is checked before anything is written: it must be a portfolio file, open with
the key given (its own key file and passphrase, or the recovery code of its time), pass
its integrity check, hold a portfolio of a schema this version knows, and (to replace
the current portfolio) be a backup of that same portfolio. Anything else is refused in
one sentence, with nothing replaced. Replacing goes through ``app.store.swap``: a kill
at any moment leaves the portfolio as it was or as the backup was, and the copy made
just before is kept in the backup folder either way."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import sqlcipher3

from app.domain.errors import KnownError, NewerSchema, NotAPortfolio, PortfolioDamaged
from app.services import backup as backup_service
from app.services.portfolio import Portfolio, reopen
from app.store import audit, keyslot, swap
from app.store.encrypted_copy import (
    BackupFile,
    copier_from_file,
    default_backup_dir,
    list_backups,
    read_copy,
    verify_copy,
)
from app.store.engine import check_plausible_file
from app.store.files import keyslot_path, printable
from app.store.schema import KNOWN_REVISIONS

T = TypeVar("T")
# Progress: a fraction from 0 to 1. Raising Cancelled from it stops the work.
Progress = Callable[[float], None]

_ANY_BACKUP = re.compile(r"^(?P<stem>.+)-(?:backup|pre-upgrade)-\d{8}-\d{6}(?:-\d+)?\.[^.]+$")

# What the list of a backup's contents counts, as the user names it.
COUNTED = (
    ("Mentors", "mentors"),
    ("Relationships", "relationships"),
    ("Contracts", "contracts"),
    ("Goals", "goals"),
    ("Checklists", "checklists"),
    ("Sessions", "sessions"),
    ("Actions", "actions"),
    ("Attachments", "attachments"),
    ("Signatures", "signatures"),
    ("History entries", "audit_log"),
)


@dataclass(frozen=True)
class BackupEntry:
    path: Path
    made_at: datetime
    size: int  # bytes


@dataclass(frozen=True)
class BackupContents:
    portfolio_id: str
    counts: tuple[tuple[str, int], ...]  # (what, how many)


def backups_of(db_path: Path, folders: list[Path | None]) -> list[BackupEntry]:
    """This portfolio's backups in ``folders`` (None: ``backups/`` beside it), newest
    first, with their size."""
    found: list[BackupFile] = []
    seen: set[Path] = set()
    for folder in folders:
        where = (folder or default_backup_dir(db_path)).absolute()
        if where not in seen:
            seen.add(where)
            found += list_backups(db_path, where)
    found.sort(key=lambda b: (b.made_at, b.counter), reverse=True)
    entries = [_entry(b) for b in found]
    return [e for e in entries if e.size >= 0]


def _entry(backup: BackupFile) -> BackupEntry:
    try:
        size = backup.path.stat().st_size
    except OSError:
        size = -1
    return BackupEntry(backup.path, backup.made_at, size)


def backups_in_folder(folder: Path) -> list[BackupEntry]:
    """Every portfolio's backups in ``folder`` (chosen in the welcome window, where no
    portfolio is open), newest first."""
    stems: set[str] = set()
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        match = _ANY_BACKUP.match(name)
        if match:
            stems.add(match["stem"])
    entries: list[BackupEntry] = []
    for stem in stems:
        entries += backups_of(folder.parent / f"{stem}.mpf", [folder])
    return sorted(entries, key=lambda e: e.made_at, reverse=True)


def backup_key(
    backup_path: Path, *, passphrase: str | None = None, recovery_code: str | None = None
) -> tuple[bytes, bytes | None]:
    """The backup's data key, and its own key file (None when missing or not its own),
    after checking it is a whole portfolio this version can open; one sentence if not."""
    backup_path = backup_path.expanduser().absolute()
    check_plausible_file(backup_path)
    data_key, slot = backup_service.key_of(backup_path, passphrase, recovery_code)
    try:
        verify_copy(backup_path, data_key)
    except PortfolioDamaged:
        raise PortfolioDamaged(
            f"The backup {printable(backup_path.name)} is damaged (it does not pass its"
            " check), so it cannot be restored; nothing was changed."
        ) from None
    revision, _ = _read(backup_path, data_key, lambda conn: None)
    if revision not in KNOWN_REVISIONS:
        raise NewerSchema(
            f"The backup {printable(backup_path.name)} was made by a newer version of Mentee"
            " Portfolio; install that version to restore it. Nothing was changed."
        )
    return data_key, slot


def contents(backup_path: Path, data_key: bytes) -> BackupContents:
    """What the backup holds (read only)."""

    def count(conn: sqlcipher3.Connection) -> tuple[tuple[str, int], ...]:
        return tuple(
            (label, int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]))  # noqa: S608 - fixed names
            for label, table in COUNTED
        )

    _, (portfolio_id, counts) = _read(backup_path, data_key, count)
    return BackupContents(portfolio_id, counts)


def _read(
    path: Path, data_key: bytes, then: Callable[[sqlcipher3.Connection], T]
) -> tuple[str | None, tuple[str, T]]:
    def look(conn: sqlcipher3.Connection) -> tuple[str | None, tuple[str, T]]:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlcipher3.dbapi2.OperationalError:
            row = None
        info = conn.execute("SELECT portfolio_id FROM portfolio_info").fetchone()
        return (None if row is None else str(row[0])), (str(info[0]), then(conn))

    try:
        return read_copy(path, data_key, look)
    except sqlcipher3.dbapi2.Error:
        raise NotAPortfolio(
            f"{printable(path.name)} is not a backup of a portfolio; nothing was changed."
        ) from None


def restore_to_new_file(
    backup_path: Path,
    target: Path,
    *,
    passphrase: str | None = None,
    recovery_code: str | None = None,
) -> Path:
    """The backup copied to ``target`` (a new file), after the checks above."""
    backup_service.check_restore_target(backup_path, target)
    backup_key(backup_path, passphrase=passphrase, recovery_code=recovery_code)
    return backup_service.restore(
        backup_path, target, passphrase=passphrase, recovery_code=recovery_code
    )


@dataclass(frozen=True)
class ReplaceResult:
    safety_copy: Path  # the portfolio as it was, just before


def replace_with_backup(
    portfolio: Portfolio,
    backup_path: Path,
    *,
    passphrase: str | None = None,
    recovery_code: str | None = None,
    progress: Progress | None = None,
) -> ReplaceResult:
    """Replace the unlocked ``portfolio`` with the backup, after backing it up; the
    portfolio stays unlocked, now holding the backup (with the backup's key)."""
    backup_path = backup_path.expanduser().absolute()
    report = progress or (lambda _fraction: None)
    if any(_same_file(backup_path, own) for own in (portfolio.path, keyslot_path(portfolio.path))):
        raise KnownError(
            f"{printable(backup_path.name)} is the portfolio itself, not a backup of it;"
            " nothing was changed."
        )
    data_key, slot = backup_key(backup_path, passphrase=passphrase, recovery_code=recovery_code)
    held = contents(backup_path, data_key)
    if held.portfolio_id != portfolio.portfolio_id:
        raise KnownError(
            f"The backup {printable(backup_path.name)} is of another portfolio; restore it to"
            " a new file instead. Nothing was changed."
        )
    if slot is None:
        if not keyslot.holds_key_file_of(portfolio.path, portfolio.portfolio_id, data_key):
            raise KnownError(
                f"The backup {printable(backup_path.name)} has no key file of its own; restore"
                " it to a new file instead. Nothing was changed."
            )
        slot = keyslot_path(portfolio.path).read_bytes()
    report(0.05)
    safety, _ = backup_service.backup(portfolio)
    report(0.4)
    old_key = portfolio.data_key
    portfolio.engine.dispose()
    committed = False
    try:
        with swap.exclusive(portfolio.path, old_key):
            fill = copier_from_file(backup_path, data_key, _step(report))
            swap.write_replacement(portfolio.path, fill, data_key, data_key, None)
        report(0.9)
        swap.commit(portfolio.path, slot)
        committed = True
        swap.finish_interrupted_swap(portfolio.path)
    except BaseException:
        if not committed:
            swap.replacement_path(portfolio.path).unlink(missing_ok=True)
            reopen(portfolio, old_key)
        raise
    reopen(portfolio, data_key)
    try:
        report(0.95)
        with portfolio.transaction() as db:
            audit.append(
                db,
                "restore",
                "portfolio",
                detail=f"restored from {backup_path.name}; the portfolio as it was is"
                f" {safety.name}",
            )
    except KnownError:
        pass  # restored all the same (a Cancel too late to count); only the entry is missing
    return ReplaceResult(safety)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _step(report: Progress) -> Callable[[int, int, int], None]:
    def step(_status: int, remaining: int, total: int) -> None:
        report(0.4 + 0.5 * (1 - remaining / total if total else 1))

    return step
