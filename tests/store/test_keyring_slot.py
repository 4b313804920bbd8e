"""The "remember on this computer" slot against the real Secret Service of the test
command: one entry per portfolio, read back exactly, forgotten on request; anything
but a 256-bit key in an entry is ignored; a store that is not the operating
system's own is refused rather than written to."""

from __future__ import annotations

import importlib
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from app.domain.errors import KeyringUnavailable
from app.store import keyring_slot, keyslot
from tests.services.plain_file_keyring import PlainFileKeyring


@pytest.fixture
def portfolio_ids(secret_service: None) -> Iterator[list[str]]:
    """Fresh ids, and their entries gone afterwards whatever the test did."""
    ids = [str(uuid.uuid4()) for _ in range(2)]
    yield ids
    for portfolio_id in ids:
        keyring_slot.forget(portfolio_id)


@pytest.mark.keyring
def test_a_remembered_key_is_recalled_exactly_then_forgotten(portfolio_ids: list[str]) -> None:
    first, second = portfolio_ids
    key_one, key_two = keyslot.new_data_key(), keyslot.new_data_key()
    assert keyring_slot.recall(first) is None
    keyring_slot.remember(first, key_one)
    keyring_slot.remember(second, key_two)
    assert keyring_slot.recall(first) == key_one
    assert keyring_slot.recall(second) == key_two
    # Kept by the Secret Service itself, under the app's name.
    assert keyring.get_password(keyring_slot.SERVICE, first) == key_one.hex()
    keyring_slot.forget(first)
    assert keyring_slot.recall(first) is None
    assert keyring_slot.recall(second) == key_two
    keyring_slot.forget(first)  # forgetting twice is not an error


@pytest.mark.keyring
def test_a_new_key_replaces_the_old_one(portfolio_ids: list[str]) -> None:
    portfolio_id = portfolio_ids[0]
    keyring_slot.remember(portfolio_id, keyslot.new_data_key())
    newer = keyslot.new_data_key()
    keyring_slot.remember(portfolio_id, newer)
    assert keyring_slot.recall(portfolio_id) == newer


@pytest.mark.keyring
def test_an_entry_that_is_not_a_key_is_ignored(portfolio_ids: list[str]) -> None:
    portfolio_id = portfolio_ids[0]
    for stored in ("not hex at all", "ab" * 16, "ab" * 33, ""):
        keyring.set_password(keyring_slot.SERVICE, portfolio_id, stored)
        assert keyring_slot.recall(portfolio_id) is None, stored


def test_a_store_outside_the_operating_system_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "keys.json"
    monkeypatch.setenv("PLAIN_KEYRING_FILE", str(plain))
    previous = keyring.get_keyring()
    keyring.set_keyring(PlainFileKeyring())
    try:
        with pytest.raises(KeyringUnavailable):
            keyring_slot.remember("some-portfolio", keyslot.new_data_key())
        with pytest.raises(KeyringUnavailable):
            keyring_slot.recall("some-portfolio")
        with pytest.raises(KeyringUnavailable):
            keyring_slot.probe()
    finally:
        keyring.set_keyring(previous)
    assert not plain.exists()


@pytest.mark.parametrize(
    ("module", "name"),
    [("keyring.backends.Windows", "WinVaultKeyring"), ("keyring.backends.macOS", "Keyring")],
)
def test_the_windows_credential_manager_and_the_macos_keychain_are_accepted(
    module: str, name: str
) -> None:
    """They are the operating system's own stores (issue 22); the backend is only
    chosen here, not used, so this runs on any platform."""
    backend = getattr(importlib.import_module(module), name)()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        assert keyring_slot._keyring() is backend
    finally:
        keyring.set_keyring(previous)


@pytest.mark.skipif(sys.platform != "win32", reason="the Windows Credential Manager")
def test_windows_the_key_stays_on_this_computer() -> None:
    """Kept in the Credential Manager with local-machine persistence, not copied to
    other computers a domain profile roams to."""
    from keyring.backends.Windows import WinVaultKeyring
    from win32ctypes.pywin32 import win32cred

    portfolio_id = str(uuid.uuid4())
    keyring_slot.remember(portfolio_id, keyslot.new_data_key())
    try:
        backend = keyring_slot._keyring()
        assert isinstance(backend, WinVaultKeyring)
        entry = backend._resolve_credential(keyring_slot.SERVICE, portfolio_id)
        assert entry is not None
        assert entry["Persist"] == win32cred.CRED_PERSIST_LOCAL_MACHINE
        assert keyring_slot.recall(portfolio_id) is not None
    finally:
        keyring_slot.forget(portfolio_id)
