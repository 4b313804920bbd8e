"""Backups and restores of a whole portfolio (encrypted copies, verified, rotated)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from app.domain import recovery_code as codes
from app.domain.errors import KnownError, MissingFile, WrongRecoveryCode
from app.services.portfolio import Portfolio
from app.store import audit_head, keyslot
from app.store.encrypted_copy import (
    CopyProgress,
    copy_portfolio_file,
    default_backup_dir,
    is_ours,
    make_backup,
    rotate,
    verify_copy,
)
from app.store.engine import check_plausible_file
from app.store.files import keyslot_path, printable
from app.store.outputs import check_folder, check_output

DEFAULT_KEEP = 10


def backup(
    portfolio: Portfolio,
    directory: Path | None = None,
    keep: int | None = None,
    progress: CopyProgress | None = None,
) -> tuple[Path, list[Path]]:
    """Make a verified encrypted copy; return it and the old copies rotated out.

    Other processes may go on saving while the copy is made (a decade's portfolio
    takes seconds); the key file beside the copy is then given the copy's own audit
    head, and the backup is recorded in the history afterwards, in turn with them.
    Rotation counts only copies that open with this portfolio's key and always keeps
    the one just made."""
    target_dir = (
        check_folder(directory, "the backup", owners=[portfolio.path])
        if directory is not None
        else default_backup_dir(portfolio.path)
    )
    made = make_backup(
        portfolio.engine, portfolio.path, portfolio.data_key, target_dir, progress=progress
    )
    try:
        audit_head.match_copy(made, portfolio.data_key)
        with portfolio.transaction() as db:
            portfolio.record_output(db, "backup", "portfolio", detail=f"backup {made.name}")
    except KnownError as err:
        raise KnownError(
            f"The backup {made} was written and verified, but it could not be recorded in"
            f" the portfolio's history: {err.message}"
        ) from None
    removed = (
        rotate(portfolio.path, target_dir, keep, portfolio.data_key, also_keep=made)
        if keep is not None
        else []
    )
    return made, removed


def check_restore_target(backup_path: Path, target: Path, inputs: Iterable[Path] = ()) -> Path:
    """Where a restore may write: a new file (and no key file beside it), never one of
    the backup's own files, a device or a folder (app.store.outputs)."""
    backup_path = backup_path.expanduser().absolute()
    read = [backup_path, *inputs]
    check_output(
        keyslot_path(target),
        "the restored portfolio's key file",
        owners=[backup_path],
        inputs=read,
        must_be_new=True,
    )
    checked = check_output(
        target, "the restored portfolio", owners=[backup_path], inputs=read, must_be_new=True
    )
    assert checked.path is not None
    return checked.path


def restore(
    backup_path: Path,
    target: Path,
    *,
    passphrase: str | None = None,
    recovery_code: str | None = None,
) -> Path:
    """Copy a backup (and its key file) to ``target`` after proving it opens with the
    key. The backup is only read (an older schema is upgraded when the copy is first
    opened); restoring never overwrites anything."""
    backup_path = backup_path.expanduser().absolute()
    check_plausible_file(backup_path)
    target = check_restore_target(backup_path, target)
    if not target.parent.is_dir():
        raise MissingFile(f"The folder {printable(target.parent)} does not exist.")
    data_key, slot = key_of(backup_path, passphrase, recovery_code)
    verify_copy(backup_path, data_key)
    return copy_portfolio_file(backup_path, data_key, target, slot)


def key_of(
    backup_path: Path, passphrase: str | None, recovery_code: str | None
) -> tuple[bytes, bytes | None]:
    """The data key, and the key file to restore beside the copy (None when the
    backup's own key file is missing or is not this backup's)."""
    if recovery_code:
        data_key = codes.decode(recovery_code)
        try:
            slot = keyslot.read_keyslot(backup_path)
        except KnownError:
            return data_key, None
        if not keyslot.key_matches(slot, data_key):
            if is_ours(backup_path, data_key):
                return data_key, None  # a stray key file: the copy gets none
            raise WrongRecoveryCode()
        return data_key, _raw(backup_path)
    slot = keyslot.read_keyslot(backup_path)
    return keyslot.unwrap(slot, passphrase or ""), _raw(backup_path)


def _raw(backup_path: Path) -> bytes | None:
    """The key file as it is (fields this version does not know included)."""
    try:
        return keyslot_path(backup_path).read_bytes()
    except OSError:
        return None
