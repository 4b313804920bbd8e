"""Backups killed at any point never cost a good backup: a file with a backup's name is
always a whole backup with its key file, rotation counts only backups that open with
the key and keeps the newest, and what a kill left behind is gone at the next start
(found in review)."""

from __future__ import annotations

import dataclasses
import fcntl
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.domain.record_types import Mentor, OwnerProfile, Relationship, SessionRecord
from app.services import backup as backup_service
from app.services import portfolio as portfolios
from app.services import records
from app.services.check import run_check
from app.store.encrypted_copy import default_backup_dir, list_backups, opens_with
from app.store.files import TEMP_MARK, keyslot_path
from app.store.keyslot import KeySlot, read_keyslot
from tests.conftest import PASSPHRASE, TEST_KDF

WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
# (system call, which call of it gets SIGKILL): through unlocking, the copy into the
# temporary file, its journal, fsyncs, the key file, the renames, rotation's deletions
# and the audit entry written last.
KILL_POINTS = [
    *(("pwrite64", n) for n in (1, 4, 9, 15, 25, 40, 60, 80, 100, 120, 150, 180, 200)),
    *(("fsync", n) for n in (1, 2, 4, 6, 8, 10, 12, 14)),
    *(("write", n) for n in (1, 2, 3)),
    *(("linkat", n) for n in (1, 2)),
    *(("unlink", n) for n in (1, 2, 3, 5, 7)),
    *(("flock", n) for n in (1, 2)),
]


@pytest.fixture
def big(tmp_path: Path) -> tuple[Path, str]:
    """A 700 KB portfolio (a backup is ~200 page writes) and its recovery code."""
    created = portfolios.create_portfolio(
        tmp_path / "p.mpf", OwnerProfile(name="K"), PASSPHRASE, kdf=TEST_KDF
    )
    pf = created.portfolio
    mentor = records.save(pf, Mentor(name="Dr K"))
    rel = records.save(pf, Relationship(mentor_id=mentor.id))
    for n in range(60):
        records.save(
            pf,
            SessionRecord(relationship_id=rel.id, held_on=date(2026, 1, 1), topics=f"{n} " * 900),
        )
    pf.lock()
    return pf.path, created.recovery_code


def run_backup(path: Path, *extra: str, kill_at: tuple[str, int] | None = None) -> int:
    command = [sys.executable, "-m", "app", "backup", str(path), "--keep", "3", *extra]
    if kill_at is not None:
        call, n = kill_at
        command = ["strace", "-f", "-o", "/dev/null", "-e", f"inject={call}:signal=KILL:when={n}"]
        command += [sys.executable, "-m", "app", "backup", str(path), "--keep", "3", *extra]
    env = {**os.environ, "MENTEE_PORTFOLIO_PASSPHRASE": PASSPHRASE}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode


def wrapping(path: Path) -> KeySlot:
    return dataclasses.replace(read_keyslot(path), audit_head=None)


def assert_every_named_backup_is_whole(path: Path, data_key: bytes) -> list[Path]:
    folder = default_backup_dir(path)
    named = [b.path for b in list_backups(path, folder)]
    for made in named:
        assert opens_with(made, data_key), made.name
        # The same wrapped key; the audit head it carries is the backup's own (the
        # portfolio's log has moved on by the entry recording the backup).
        assert wrapping(made) == wrapping(path), made.name
        assert not WINDOWS_FORBIDDEN.search(made.name)
    return named


@pytest.mark.slow
def test_sigkill_loop_then_keep_three(big: tuple[Path, str]) -> None:
    path, code = big
    opened = portfolios.unlock_with_passphrase(path, PASSPHRASE)
    data_key = opened.data_key
    good = [backup_service.backup(opened)[0] for _ in range(2)]
    opened.lock()
    kills = 0
    whole = len(good)
    for point in KILL_POINTS:
        code_or_signal = run_backup(path, kill_at=point)
        kills += code_or_signal in (-9, 137)
        assert code_or_signal in (0, -9, 137), point
        # Every file with a backup's name opens and has its key file, and a kill never
        # leaves fewer whole backups than there were (rotation keeps three).
        now = len(assert_every_named_backup_is_whole(path, data_key))
        assert now >= min(whole, 3), point
        whole = now
    assert kills >= 20
    assert run_backup(path) == 0
    folder = default_backup_dir(path)
    kept = assert_every_named_backup_is_whole(path, data_key)
    assert len(kept) == 3
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [p.name for p in kept] + [keyslot_path(p).name for p in kept]
    ), "leftovers of the kills were not cleaned"
    for made in kept:
        again = portfolios.unlock_with_recovery_code(made, code)
        again.lock()
        opened = portfolios.unlock_with_passphrase(made, PASSPHRASE)
        try:
            assert run_check(opened).ok
        finally:
            opened.lock()
    final = portfolios.unlock_with_passphrase(path, PASSPHRASE)
    try:
        assert run_check(final).ok
        assert len(records.list_records(final, SessionRecord)) == 60
    finally:
        final.lock()


def test_rotation_never_counts_a_backup_that_does_not_open(big: tuple[Path, str]) -> None:
    """The issue's case: two good backups, two interrupted ones under backup names
    (one with a journal and no key file), then `backup --keep 3`."""
    path, _ = big
    folder = default_backup_dir(path)
    opened = portfolios.unlock_with_passphrase(path, PASSPHRASE)
    good = [backup_service.backup(opened)[0] for _ in range(2)]
    data_key = opened.data_key
    opened.lock()
    newest = good[-1].read_bytes()
    broken = [
        folder / "p-backup-29990101-000000.mpf",
        folder / "p-backup-29990101-000001.mpf",
        folder / "p-backup-29990101-000002.mpf",
    ]
    broken[0].write_bytes(newest[: len(newest) // 3])
    broken[1].write_bytes(newest)
    broken[1].with_name(broken[1].name + "-journal").write_bytes(os.urandom(9000))
    keyslot_path(broken[0]).write_bytes(keyslot_path(path).read_bytes())
    rotten = bytearray(newest)  # a page gone bad after it was written
    rotten[4096 * 40 + 200 : 4096 * 40 + 230] = os.urandom(30)
    broken[2].write_bytes(bytes(rotten))
    keyslot_path(broken[2]).write_bytes(keyslot_path(path).read_bytes())
    assert run_backup(path) == 0
    assert all(g.exists() for g in good)  # counted: the new one and both good ones
    assert all(b.exists() for b in broken)  # not counted, and not ours to delete
    assert broken[1].read_bytes() == newest
    assert run_backup(path) == 0
    # Three whole backups, the one just made among them (which older one went depends
    # on the clock: a test run under faketime starts every command at the same moment).
    whole = [b.path for b in list_backups(path, folder) if opens_with(b.path, data_key)]
    assert len(whole) == 3
    assert all(b.exists() for b in broken)
    assert broken[2].read_bytes() == bytes(rotten)  # newer than all: never counted


def test_another_portfolios_backups_are_never_rotated(
    big: tuple[Path, str], tmp_path: Path
) -> None:
    """Two portfolios both called p.mpf backing up into one folder: each rotation counts
    its own backups only."""
    path, _ = big
    shared = tmp_path / "shared"
    other_dir = tmp_path / "elsewhere"
    other_dir.mkdir()
    other = portfolios.create_portfolio(
        other_dir / "p.mpf", OwnerProfile(name="O"), PASSPHRASE, kdf=TEST_KDF
    ).portfolio
    theirs = [backup_service.backup(other, shared)[0] for _ in range(3)]
    other.lock()
    opened = portfolios.unlock_with_passphrase(path, PASSPHRASE)
    try:
        for _ in range(3):
            backup_service.backup(opened, shared, keep=1)
    finally:
        opened.lock()
    assert all(t.exists() for t in theirs)


def test_leftovers_are_cleaned_at_the_next_start(big: tuple[Path, str]) -> None:
    path, _ = big
    folder = default_backup_dir(path)
    opened = portfolios.unlock_with_passphrase(path, PASSPHRASE)
    made = backup_service.backup(opened)[0]
    opened.lock()
    leftovers = [
        path.parent / f".{path.name}.keys.k3j_9x2a.tmp",  # an earlier version's key file temp
        path.parent / f".{path.name}.keys.abcdefgh{TEMP_MARK}",
        path.parent / "p-backup-20261201-101010-restoring-20261202-111111.mpf",
        path.parent / "p-backup-20261201-101010-restoring-20261202-111111.mpf.keys",
        folder / f".p-backup-20261202-101010.mpf.zz9_aa1b{TEMP_MARK}",
        folder / f".p-backup-20261202-101010.mpf.zz9_aa1b{TEMP_MARK}-journal",
        folder / "p-backup-20261202-101010.mpf.keys",  # renamed before a kill; no database
    ]
    for leftover in leftovers:
        leftover.write_bytes(os.urandom(100))
    # Work in progress in another process: locked, so left alone.
    busy = folder / f".p-backup-20261203-000000.mpf.busy0000{TEMP_MARK}"
    busy.write_bytes(b"")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(busy)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        portfolios.unlock_with_passphrase(path, PASSPHRASE).lock()  # the desktop app's unlock
        assert [p for p in leftovers if p.exists()] == []
        assert busy.exists()
    finally:
        holder.communicate("")  # its stdin closes: it lets go and ends
    kept = [made, keyslot_path(made), path, keyslot_path(path)]
    assert all(p.exists() for p in kept)
    env = {**os.environ, "MENTEE_PORTFOLIO_PASSPHRASE": PASSPHRASE}
    subprocess.run([sys.executable, "-m", "app", "check", str(path)], env=env, check=True)
    assert not busy.exists()  # the CLI's open: its writer is gone now


HOLD = """
import fcntl, sys
f = open(sys.argv[1], "rb")
fcntl.flock(f, fcntl.LOCK_EX)
print("locked", flush=True)
sys.stdin.read()
"""


def test_the_lock_is_what_tells_work_in_progress(tmp_path: Path) -> None:
    from app.store.files import private_temp, remove_leftovers

    with (
        private_temp(tmp_path, "x.pdf") as temp,
        open(temp.path, "rb") as other,
        pytest.raises(BlockingIOError),
    ):
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    assert list(tmp_path.iterdir()) == []
    assert remove_leftovers(tmp_path) == []
