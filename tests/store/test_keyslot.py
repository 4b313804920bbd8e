"""The passphrase key slot: the data key wrapped under the passphrase, unwrapped only
by it, checked against a recovery code without opening the database, and replaced
on disk so that a crash leaves the old slot or the new one, never neither."""

from __future__ import annotations

import base64
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain import recovery_code
from app.domain.errors import KeySlotMissing, NotAPortfolio, WrongPassphrase
from app.store import keyslot
from app.store.files import keyslot_path
from tests.conftest import TEST_KDF

PASSPHRASE = "correct horse battery"
PORTFOLIO_ID = "5f0c6a4e-3b5d-4c1e-9d7a-2b8f6e1a9c30"


def test_the_passphrase_unwraps_the_key_and_nothing_else_does() -> None:
    key = keyslot.new_data_key()
    slot = keyslot.wrap(key, PASSPHRASE, PORTFOLIO_ID, TEST_KDF)
    assert keyslot.unwrap(slot, PASSPHRASE) == key
    for wrong in ("correct horse batterY", "correct horse battery ", "", "ŝecret"):
        with pytest.raises(WrongPassphrase):
            keyslot.unwrap(slot, wrong)


def test_each_wrap_is_salted_afresh() -> None:
    key = keyslot.new_data_key()
    first = keyslot.wrap(key, PASSPHRASE, PORTFOLIO_ID, TEST_KDF)
    second = keyslot.wrap(key, PASSPHRASE, PORTFOLIO_ID, TEST_KDF)
    assert first.salt != second.salt and first.nonce != second.nonce
    assert first.wrapped_key != second.wrapped_key
    assert keyslot.unwrap(second, PASSPHRASE) == key


def test_a_slot_is_bound_to_its_portfolio() -> None:
    key = keyslot.new_data_key()
    slot = keyslot.wrap(key, PASSPHRASE, PORTFOLIO_ID, TEST_KDF)
    moved = keyslot.KeySlot(
        "another-portfolio", slot.kdf, slot.salt, slot.nonce, slot.wrapped_key, slot.key_check
    )
    with pytest.raises(WrongPassphrase):
        keyslot.unwrap(moved, PASSPHRASE)


def test_a_recovery_code_is_checked_against_the_slot() -> None:
    key = keyslot.new_data_key()
    slot = keyslot.wrap(key, PASSPHRASE, PORTFOLIO_ID, TEST_KDF)
    code = recovery_code.encode(key)
    assert keyslot.key_matches(slot, recovery_code.decode(code))
    other = recovery_code.encode(keyslot.new_data_key())
    assert not keyslot.key_matches(slot, recovery_code.decode(other))


def test_written_slot_reads_back_private_and_without_the_key(tmp_path: Path) -> None:
    db = tmp_path / "p.mpf"
    key = keyslot.new_data_key()
    keyslot.write_keyslot(db, keyslot.wrap(key, PASSPHRASE, PORTFOLIO_ID, TEST_KDF))
    path = keyslot_path(db)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_bytes()
    for spelling in (key, key.hex().encode(), base64.b64encode(key), PASSPHRASE.encode()):
        assert spelling not in raw
    read = keyslot.read_keyslot(db)
    assert read.portfolio_id == PORTFOLIO_ID and read.kdf == TEST_KDF
    assert keyslot.unwrap(read, PASSPHRASE) == key


def test_a_missing_or_foreign_slot_is_named(tmp_path: Path) -> None:
    db = tmp_path / "p.mpf"
    with pytest.raises(KeySlotMissing, match="recovery code"):
        keyslot.read_keyslot(db)
    for junk in (b"", b"not json", b"[]", b'{"format": "something else"}'):
        keyslot_path(db).write_bytes(junk)
        with pytest.raises(NotAPortfolio):
            keyslot.read_keyslot(db)


# Writes a new slot; run under strace, it is killed at a chosen system call.
WRITER = """
import sys
from pathlib import Path
from app.store import keyslot
from app.store.keyslot import KdfParams
key = bytes.fromhex(sys.argv[2])
slot = keyslot.wrap(key, sys.argv[3], sys.argv[4], KdfParams(n=2**12, r=8, p=1))
keyslot.write_keyslot(Path(sys.argv[1]), slot)
"""


@pytest.mark.parametrize(
    ("killed_at", "survivor"),
    [
        ("write", "old"),  # the new slot half written to its temporary file
        ("fsync:when=1", "old"),  # written, not yet on disk
        ("rename", "old"),  # about to take the slot's name
        ("fsync:when=2", "new"),  # renamed; the folder not yet synced
    ],
)
def test_a_crash_while_replacing_leaves_one_whole_slot(
    tmp_path: Path, killed_at: str, survivor: str
) -> None:
    db = tmp_path / "p.mpf"
    key = keyslot.new_data_key()
    keyslot.write_keyslot(db, keyslot.wrap(key, "old passphrase", PORTFOLIO_ID, TEST_KDF))
    call, _, when = killed_at.partition(":")
    injection = f"inject={call}:signal=KILL" + (f":{when}" if when else "")
    command = ["strace", "-f", "-o", "/dev/null", "-e", injection]
    command += [sys.executable, "-c", WRITER, str(db), key.hex(), "new passphrase", PORTFOLIO_ID]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(command, env=env, capture_output=True, timeout=120, check=False)
    assert done.returncode in (-signal.SIGKILL, 128 + signal.SIGKILL), done.stderr
    slot = keyslot.read_keyslot(db)
    assert keyslot.unwrap(slot, f"{survivor} passphrase") == key
    gone = "new" if survivor == "old" else "old"
    with pytest.raises(WrongPassphrase):
        keyslot.unwrap(slot, f"{gone} passphrase")
