"""Encrypted copies of a portfolio. A backup is made with SQLite's online backup API
into a file keyed with the same data key, so it opens with the same passphrase
(its key file is copied beside it) or the same recovery code, then reopened to
prove it is readable before it counts."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine

from app.domain import clock
from app.domain.errors import KnownError, PortfolioDamaged
from app.store.files import (
    create_private_empty,
    keyslot_path,
    make_private,
    os_error_to_known,
    side_files,
)

_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made_at: datetime


def default_backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def _pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(
        re.escape(db_path.stem)
        + r"-(?:backup|pre-upgrade)-(\d{8}-\d{6})(?:-\d+)?"
        + re.escape(db_path.suffix)
        + "$"
    )


def list_backups(db_path: Path, directory: Path) -> list[BackupFile]:
    """This portfolio's backups in ``directory``, newest first."""
    pattern = _pattern(db_path)
    found = []
    if directory.is_dir():
        for candidate in directory.iterdir():
            match = pattern.match(candidate.name)
            if match:
                found.append(BackupFile(candidate, datetime.strptime(match[1], _STAMP)))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def _raw_key_pragma(data_key: bytes) -> str:
    return f"PRAGMA key = \"x'{data_key.hex()}'\""


def _target_name(db_path: Path, directory: Path, label: str) -> Path:
    stamp = clock.now().strftime(_STAMP)
    target = directory / f"{db_path.stem}-{label}-{stamp}{db_path.suffix}"
    counter = 1
    while target.exists():
        counter += 1
        target = directory / f"{db_path.stem}-{label}-{stamp}-{counter}{db_path.suffix}"
    return target


def verify_copy(path: Path, data_key: bytes) -> None:
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(_raw_key_pragma(data_key))
        result = conn.execute("PRAGMA quick_check").fetchone()
    except sqlcipher3.dbapi2.DatabaseError as exc:
        raise PortfolioDamaged(f"The copy at {path} does not open: {exc}.") from None
    finally:
        conn.close()
    if not result or result[0] != "ok":
        raise PortfolioDamaged(f"The copy at {path} failed its check: {result}.")


def make_backup(
    engine: Engine, db_path: Path, data_key: bytes, directory: Path, label: str = "backup"
) -> Path:
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error_to_known(exc, "the backup", directory / "x") from None
    target = _target_name(db_path, directory, label)
    create_private_empty(target, "the backup")
    try:
        dest = sqlcipher3.connect(str(target))
        try:
            dest.execute(_raw_key_pragma(data_key))
            raw = engine.raw_connection()
            try:
                driver = raw.driver_connection
                assert driver is not None  # None only once the pool has discarded it
                driver.backup(dest)
            finally:
                raw.close()
        finally:
            dest.close()
        verify_copy(target, data_key)
        slot = keyslot_path(db_path)
        if slot.exists():
            shutil.copyfile(slot, keyslot_path(target))
            make_private(keyslot_path(target))
    except OSError as exc:
        _remove_quietly(target)
        raise os_error_to_known(exc, "the backup", target) from None
    except sqlcipher3.dbapi2.Error as exc:
        _remove_quietly(target)
        if "full" in str(exc).lower():
            raise os_error_to_known(
                OSError(28, "No space left on device"), "the backup", target
            ) from None
        raise KnownError(f"The backup could not be written: {exc}.") from None
    except BaseException:
        _remove_quietly(target)
        raise
    return target


def _remove_quietly(path: Path) -> None:
    for candidate in [path, keyslot_path(path), *side_files(path)]:
        candidate.unlink(missing_ok=True)


def rotate(db_path: Path, directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups; return what was deleted."""
    removed = []
    for old in list_backups(db_path, directory)[keep:]:
        _remove_quietly(old.path)
        removed.append(old.path)
    return removed
