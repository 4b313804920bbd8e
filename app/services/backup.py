"""Backups and restores of a whole portfolio (encrypted copies, rotated)."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.domain.errors import LocationNotWritable, MissingFile
from app.services.portfolio import Portfolio, unlock_with_passphrase, unlock_with_recovery_code
from app.store.backup import default_backup_dir, make_backup, rotate
from app.store.engine import check_plausible_file
from app.store.files import keyslot_path, make_private, os_error_to_known, side_files

DEFAULT_KEEP = 10


def backup(
    portfolio: Portfolio,
    directory: Path | None = None,
    keep: int | None = None,
) -> tuple[Path, list[Path]]:
    """Make a verified encrypted copy; return it and the old copies rotated out."""
    target_dir = (directory or default_backup_dir(portfolio.path)).expanduser().absolute()
    made = make_backup(portfolio.engine, portfolio.path, portfolio.data_key, target_dir)
    removed = rotate(portfolio.path, target_dir, keep) if keep is not None else []
    with portfolio.session() as session:
        portfolio.record_output(session, "backup", "portfolio", detail=f"backup {made.name}")
    return made, removed


def restore(
    backup_path: Path,
    target: Path,
    *,
    passphrase: str | None = None,
    recovery_code: str | None = None,
) -> Path:
    """Copy a backup (and its key file) to ``target`` after proving it opens.
    Refuses to overwrite: restoring never destroys the portfolio that is there."""
    backup_path = backup_path.expanduser().absolute()
    target = target.expanduser().absolute()
    check_plausible_file(backup_path)
    if target.exists() or keyslot_path(target).exists():
        raise LocationNotWritable(
            f"{target} already exists. Restore to a new file name, or move the existing"
            " portfolio away first; restore never overwrites a portfolio."
        )
    if not target.parent.is_dir():
        raise MissingFile(f"The folder {target.parent} does not exist.")
    opened = (
        unlock_with_recovery_code(backup_path, recovery_code)
        if recovery_code
        else unlock_with_passphrase(backup_path, passphrase or "")
    )
    try:
        # A consistent snapshot through the backup API rather than a raw file copy,
        # which could miss pages still in the backup's WAL.
        made = make_backup(opened.engine, backup_path, opened.data_key, target.parent, "restoring")
    finally:
        opened.lock()
    try:
        made.rename(target)
        made_slot = keyslot_path(made)
        if made_slot.exists():
            made_slot.rename(keyslot_path(target))
        elif keyslot_path(backup_path).exists():
            shutil.copyfile(keyslot_path(backup_path), keyslot_path(target))
        make_private(keyslot_path(target))
    except OSError as exc:
        for leftover in [made, keyslot_path(made), *side_files(made)]:
            leftover.unlink(missing_ok=True)
        raise os_error_to_known(exc, "the restored portfolio", target) from None
    return target
