"""A new recovery code: the data key replaced with PRAGMA rekey on a verified copy, the
key file re-wrapped, the keyring entry replaced; old backups keep the old code; every
state a kill can leave between the steps opens with the old key or the new one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain import recovery_code
from app.domain.errors import KnownError, PortfolioBusy, WrongPassphrase
from app.domain.record_types import Mentor
from app.services import backup as backup_service
from app.services import records
from app.services.check import run_check
from app.services.history import portfolio_history
from app.services.portfolio import (
    CreatedPortfolio,
    Portfolio,
    is_remembered,
    remember_on_this_computer,
    unlock_with_keyring,
    unlock_with_passphrase,
    unlock_with_recovery_code,
)
from app.services.rekey import new_recovery_code
from app.store import keyring_slot, keyslot, swap
from app.store.encrypted_copy import opens_with
from app.store.files import keyslot_path
from tests.conftest import PASSPHRASE, TEST_KDF


def _opens_with_code(path: Path, code: str) -> bool:
    try:
        unlock_with_recovery_code(path, code).lock()
    except KnownError:
        return False
    return True


def test_new_code_opens_old_code_does_not_and_old_backups_keep_it(
    created: CreatedPortfolio,
) -> None:
    pf = created.portfolio
    records.save(pf, Mentor(name="Dr Ngozi Okonkwo-Byrne"))
    old_key = pf.data_key
    before, _ = backup_service.backup(pf)
    result = new_recovery_code(pf, PASSPHRASE, TEST_KDF)
    assert result.recovery_code != created.recovery_code
    assert "Backups made before now keep the old key" in result.message
    assert pf.is_open and pf.data_key != old_key  # still unlocked, with the new key
    assert [m.name for m in records.list_records(pf, Mentor)] == ["Dr Ngozi Okonkwo-Byrne"]
    pf.lock()
    assert _opens_with_code(pf.path, result.recovery_code)
    assert not _opens_with_code(pf.path, created.recovery_code)
    again = unlock_with_passphrase(pf.path, PASSPHRASE)  # the passphrase is unchanged
    try:
        assert run_check(again).ok
        assert any(e.action == "new-recovery-code" for e in portfolio_history(again))
    finally:
        again.lock()
    assert opens_with(before, old_key)  # the backup made before: the old code
    assert not opens_with(before, recovery_code.decode(result.recovery_code))
    assert not swap.journal_path(pf.path).exists()
    assert not swap.replacement_path(pf.path).exists()


def test_a_wrong_passphrase_changes_nothing(created: CreatedPortfolio) -> None:
    pf = created.portfolio
    key_file = keyslot_path(pf.path).read_bytes()
    with pytest.raises(WrongPassphrase):
        new_recovery_code(pf, "not the passphrase", TEST_KDF)
    assert keyslot_path(pf.path).read_bytes() == key_file
    assert _opens_with_code(pf.path, created.recovery_code)


def test_open_in_another_program_changes_nothing(created: CreatedPortfolio) -> None:
    pf = created.portfolio
    other = unlock_with_passphrase(pf.path, PASSPHRASE)
    records.save(other, Mentor(name="held open"))
    key_file = keyslot_path(pf.path).read_bytes()
    try:
        with pytest.raises(PortfolioBusy, match="Nothing was changed"):
            new_recovery_code(pf, PASSPHRASE, TEST_KDF)
    finally:
        other.lock()
    assert keyslot_path(pf.path).read_bytes() == key_file
    assert pf.is_open and records.list_records(pf, Mentor)  # still usable, old key
    assert not swap.replacement_path(pf.path).exists()
    pf.lock()
    assert _opens_with_code(pf.path, created.recovery_code)


def test_the_keyring_entry_is_replaced(created: CreatedPortfolio, secret_service: None) -> None:
    pf = created.portfolio
    remember_on_this_computer(pf, True)
    new_recovery_code(pf, PASSPHRASE, TEST_KDF)
    assert is_remembered(pf)
    pf.lock()
    silently = unlock_with_keyring(pf.path)
    assert silently is not None
    assert silently.data_key == pf.data_key if pf.is_open else True
    silently.lock()
    keyring_slot.forget(pf.portfolio_id)


def _prepared(pf: Portfolio) -> tuple[bytes, bytes, bytes]:
    """A swap taken to just before its journal; returns (old key, new key, key file)."""
    old_key = pf.data_key
    new_key = os.urandom(32)
    pf.lock()
    with swap.exclusive(pf.path, old_key) as source:
        slot = keyslot_path(pf.path).read_bytes()
        key_file = swap.write_replacement(
            pf.path, source.backup, old_key, new_key, lambda _copy: slot
        )
    assert key_file is not None
    return old_key, new_key, key_file


def test_every_state_between_the_steps_opens(created: CreatedPortfolio) -> None:
    """Replacement but no journal: undone. Journal: finished, whether the database was
    renamed yet or not. Journal but the old file written to since: undone."""
    path = created.portfolio.path
    _prepared(created.portfolio)
    unlock_with_recovery_code(path, created.recovery_code).lock()  # undone
    assert not swap.replacement_path(path).exists()

    pf = unlock_with_passphrase(path, PASSPHRASE)
    _, new_key, _ = _prepared(pf)
    # The journal carries a key file wrapping the new key under the same passphrase.
    fresh = keyslot.wrap(new_key, PASSPHRASE, pf.portfolio_id, TEST_KDF).to_json()
    swap.commit(path, fresh)
    os.replace(swap.replacement_path(path), path)  # killed right after the rename
    again = unlock_with_passphrase(path, PASSPHRASE)
    assert again.data_key == new_key
    assert not swap.journal_path(path).exists()

    _, newer, _ = _prepared(again)
    swap.commit(path, keyslot.wrap(newer, PASSPHRASE, again.portfolio_id, TEST_KDF).to_json())
    # Another program (an earlier version) saved to the old file after the kill:
    os.utime(path, ns=(1, 1))
    last = unlock_with_passphrase(path, PASSPHRASE)
    assert last.data_key == new_key  # the swap was given up: nothing saved is lost
    last.lock()
    assert not swap.journal_path(path).exists()
    assert not swap.replacement_path(path).exists()


KILLS = [
    *(("pwrite64", n) for n in (1, 3, 6, 10, 15, 20, 30, 45, 60)),
    *(("fsync", n) for n in (1, 2, 3, 4, 5, 6, 7, 8)),
    *(("rename", n) for n in (1, 2, 3)),
    *(("unlink", n) for n in (1, 2, 3)),
    *(("write", n) for n in (1, 2)),
]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace (packaging/dev.sh)")
def test_killed_anywhere_it_opens_with_the_old_key_or_the_new(
    created: CreatedPortfolio, tmp_path: Path
) -> None:
    pf = created.portfolio
    for n in range(30):
        records.save(pf, Mentor(name=f"Mentor {n}", notes="x" * 3000))
    path = pf.path
    keys = {pf.data_key}
    pf.lock()
    killed = 0
    for call, n in KILLS:
        out = tmp_path / f"code-{call}-{n}.txt"
        result = subprocess.run(
            [
                "strace",
                "-f",
                "-o",
                os.devnull,
                "-e",
                f"inject={call}:signal=KILL:when={n}",
                sys.executable,
                "-m",
                "app",
                "new-recovery-code",
                str(path),
                "--recovery-code-out",
                str(out),
            ],
            env={**os.environ, "MENTEE_PORTFOLIO_PASSPHRASE": PASSPHRASE},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert "Traceback" not in result.stderr, result.stderr
        killed += result.returncode != 0
        if out.exists():
            keys.add(recovery_code.decode(out.read_text().strip()))
        portfolio = unlock_with_passphrase(path, PASSPHRASE)
        try:
            # The key is one we know of (the old, or a new one the command reported),
            # or a new one whose command was killed before it could say it.
            report = run_check(portfolio)
            assert report.ok, (call, n, report.first_problem)
            assert records.count_records(portfolio, Mentor) == 30, (call, n)
            keys.add(portfolio.data_key)
        finally:
            portfolio.lock()
        assert not swap.journal_path(path).exists()
        assert not swap.replacement_path(path).exists()
    assert killed >= 20, killed


def test_a_swap_s_files_are_never_an_output(created: CreatedPortfolio) -> None:
    from app.domain.errors import OutputRefused
    from app.store.outputs import SWAP_SUFFIXES, check_output

    path = created.portfolio.path
    assert {swap.JOURNAL_SUFFIX, swap.NEW_SUFFIX} == set(SWAP_SUFFIXES)
    for own in (swap.journal_path(path), swap.replacement_path(path)):
        with pytest.raises(OutputRefused, match="portfolio's own database files"):
            check_output(own, "the export", owners=[path])
