"""A new recovery code: the data key itself replaced (SQLCipher ``PRAGMA rekey``), for
when the old code or passphrase may have been seen.

The current portfolio is copied while no other program has it open, the copy is
rekeyed to a fresh data key and records the change in its history, and then copy and
key file are swapped in by ``app.store.swap``, whose every intermediate state opens
(the old database with the old key file, or the new with the new). The passphrase
stays the same; the key file is re-wrapped under it, the keyring entry (if this
computer remembered the portfolio) is replaced. Backups made before keep the old key:
they open with the old recovery code, and with the passphrase they were made under."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from app.domain import recovery_code
from app.domain.errors import KnownError, WrongPassphrase
from app.services.portfolio import Portfolio, is_remembered, reopen
from app.store import audit, audit_head, keyring_slot, keyslot, swap
from app.store.engine import open_engine, unit_of_work
from app.store.keyslot import KdfParams

ACTION = "new-recovery-code"
OLD_BACKUPS = (
    "Backups made before now keep the old key: they open with the old recovery code (and"
    " the passphrase they were made under), not with the new one."
)


@dataclass(frozen=True)
class NewKeyResult:
    recovery_code: str
    remembered: bool  # this computer's keyring holds the new key
    keyring_message: str  # why the keyring could not be updated, or ""

    @property
    def message(self) -> str:
        text = (
            "The portfolio now has a new data key and a new recovery code; the old code no"
            " longer opens it. " + OLD_BACKUPS
        )
        if self.keyring_message:
            text += " " + self.keyring_message
        return text


def new_recovery_code(
    portfolio: Portfolio, passphrase: str, kdf: KdfParams | None = None
) -> NewKeyResult:
    """Replace the data key of the unlocked ``portfolio`` (whose passphrase must be
    ``passphrase``: the new key file is wrapped under it); the portfolio stays unlocked,
    with the new key. KnownError, with the old key still in place, when it cannot."""
    path, old_key, portfolio_id = portfolio.path, portfolio.data_key, portfolio.portfolio_id
    slot = keyslot.read_keyslot(path)
    if slot.portfolio_id != portfolio_id or keyslot.unwrap(slot, passphrase) != old_key:
        raise WrongPassphrase()
    remembered_before = is_remembered(portfolio)
    new_key = keyslot.new_data_key()
    fresh = keyslot.wrap(new_key, passphrase, portfolio_id, kdf or KdfParams())

    def amend(copy: Path) -> bytes:
        engine = open_engine(copy, new_key)
        try:
            with unit_of_work(engine, copy) as db:
                last = audit.append(
                    db,
                    ACTION,
                    "portfolio",
                    detail="the data key was replaced: a new recovery code; backups made"
                    " before keep the old one",
                )
                return audit_head.with_head(fresh, new_key, last).to_json()
        finally:
            engine.dispose()

    portfolio.engine.dispose()
    committed = False
    try:
        with swap.exclusive(path, old_key) as source:

            def fill(dest: sqlcipher3.Connection) -> None:
                source.backup(dest)

            key_file = swap.write_replacement(path, fill, old_key, new_key, amend)
        assert key_file is not None
        swap.commit(path, key_file)
        committed = True
        swap.finish_interrupted_swap(path)
    except BaseException:
        if not committed:
            swap.replacement_path(path).unlink(missing_ok=True)
            reopen(portfolio, old_key)
        raise
    reopen(portfolio, new_key)
    remembered, message = False, ""
    if remembered_before:
        try:
            keyring_slot.remember(portfolio_id, new_key)
            remembered = True
        except KnownError as err:
            message = (
                "This computer no longer remembers the portfolio (the keyring could not be"
                f" updated: {err.message}); unlock it with your passphrase."
            )
            with contextlib.suppress(KnownError):
                keyring_slot.forget(portfolio_id)
    return NewKeyResult(recovery_code.encode(new_key), remembered, message)
