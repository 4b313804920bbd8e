"""Two processes on one portfolio: a command run while another process (the desktop
app, or any writer) has it open works, or fails with one sentence that is true.

The second process is real (tests/store/portfolio_writer.py), on a real SQLCipher
file; audit entries are serialised by the write lock, so none clash."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select

from app.services.check import run_check
from app.services.portfolio import CreatedPortfolio, unlock_with_passphrase
from app.store import keyslot
from app.store.models import AuditRow
from tests.cli.conftest import assert_one_line_error, run_cli
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
NEW_PASSPHRASE = "a brand new passphrase"


def _writer(path: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "MENTEE_PORTFOLIO_PASSPHRASE": PASSPHRASE}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.portfolio_writer", str(path), *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@contextmanager
def writers_running(path: Path, tmp_path: Path, count: int = 1) -> Iterator[list[str]]:
    """``count`` processes saving records one after another until the block ends;
    yields a list that then holds each writer's last line ("saved N")."""
    stop = tmp_path / "stop-writing"
    stop.unlink(missing_ok=True)
    procs = [_writer(path, "loop", str(stop)) for _ in range(count)]
    results: list[str] = []
    try:
        for proc in procs:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()  # type: ignore[union-attr]
        yield results
    finally:
        stop.touch()
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            results.append(out.strip().splitlines()[-1])


def _entries(path: Path, passphrase: str = PASSPHRASE) -> list[AuditRow]:
    pf = unlock_with_passphrase(path, passphrase)
    try:
        with pf.transaction() as session:
            return list(session.scalars(select(AuditRow).order_by(AuditRow.seq)))
    finally:
        pf.lock()


def _check_passes(path: Path, passphrase: str = PASSPHRASE) -> None:
    pf = unlock_with_passphrase(path, passphrase)
    try:
        report = run_check(pf)
        assert report.ok, report.first_problem
    finally:
        pf.lock()


def test_change_passphrase_while_another_process_writes(
    created: CreatedPortfolio, tmp_path: Path
) -> None:
    path = created.portfolio.path
    created.portfolio.lock()
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW_PASSPHRASE + "\n")
    with writers_running(path, tmp_path) as results:
        changed = run_cli("change-passphrase", path, "--new-passphrase-file", new_file)
    assert changed.code == 0, changed.err
    assert "Passphrase changed" in changed.out
    assert results[0].startswith("saved ")
    # What the command said is what happened: the new passphrase opens, the old does not.
    assert_one_line_error(run_cli("check", path), "does not open")
    checked = run_cli("check", path, passphrase=NEW_PASSPHRASE)
    assert checked.code == 0, checked.out + checked.err
    actions = [e.action for e in _entries(path, NEW_PASSPHRASE)]
    assert actions.count("change-passphrase") == 1
    assert actions.count("create") > 1  # the writer's records are all there


def test_backup_while_another_process_writes(created: CreatedPortfolio, tmp_path: Path) -> None:
    path = created.portfolio.path
    created.portfolio.lock()
    backups = tmp_path / "bk"
    with writers_running(path, tmp_path):
        made = [run_cli("backup", path, "--to", backups) for _ in range(3)]
    for result in made:
        assert result.code == 0, result.err
        assert "Backup written to" in result.out
    copies = sorted(p for p in backups.iterdir() if p.suffix == ".mpf")
    assert len(copies) == 3
    for copy in copies:
        _check_passes(copy)  # each backup's key file agrees with its own history
    assert [e.action for e in _entries(path)].count("backup") == 3
    _check_passes(path)


def test_two_processes_and_commands_writing_at_once(
    created: CreatedPortfolio, tmp_path: Path
) -> None:
    path = created.portfolio.path
    created.portfolio.lock()
    before = len(_entries(path))
    with writers_running(path, tmp_path, count=2) as results:
        exports = [run_cli("export-json", path, "-o", tmp_path / f"e{i}.json") for i in range(2)]
    for result in exports:
        assert result.code == 0, result.err
    saved = sum(int(line.split()[1]) for line in results)
    entries = _entries(path)
    # Every save and every export has its entry, numbered without a gap or a clash.
    assert len(entries) >= before + saved + 2
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    _check_passes(path)


@pytest.fixture
def held(created: CreatedPortfolio) -> Iterator[subprocess.Popen[str]]:
    """Another process in the middle of a write, holding the write lock."""
    path = created.portfolio.path
    created.portfolio.lock()
    proc = _writer(path, "hold")
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "holding", proc.stderr.read()  # type: ignore[union-attr]
    yield proc
    if proc.poll() is None:
        proc.communicate("go\n", timeout=60)


def test_commands_refused_honestly_while_a_write_is_held_open(
    created: CreatedPortfolio, held: subprocess.Popen[str], tmp_path: Path
) -> None:
    path = created.portfolio.path
    key_file = keyslot.read_keyslot(path)
    key_bytes = (path.parent / (path.name + ".keys")).read_bytes()
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW_PASSPHRASE + "\n")
    backups = tmp_path / "bk"
    env = {**os.environ, "MENTEE_PORTFOLIO_PASSPHRASE": PASSPHRASE}
    # Both commands at once: each waits for the lock, then says what it did and did not do.
    commands = [
        subprocess.Popen(
            [sys.executable, "-m", "app", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        for args in (
            ["change-passphrase", str(path), "--new-passphrase-file", str(new_file)],
            ["backup", str(path), "--to", str(backups)],
        )
    ]
    outcomes = [(proc.wait(timeout=120), *proc.communicate()) for proc in commands]
    # Checked, not hoped: the key file is byte for byte what it was.
    assert (path.parent / (path.name + ".keys")).read_bytes() == key_bytes
    assert keyslot.read_keyslot(path) == key_file
    held.communicate("go\n", timeout=60)
    assert held.returncode == 0
    (pass_code, _, pass_err), (backup_code, _, backup_err) = outcomes
    assert pass_code == 2, pass_err
    assert "busy" in pass_err and "passphrase was not changed" in pass_err, pass_err
    assert "internal error" not in pass_err + backup_err
    assert len(pass_err.strip().splitlines()) == 1
    # The backup itself needs no lock: it is made, verified, and said not to be recorded.
    assert backup_code == 2, backup_err
    assert "was written and verified, but it could not be recorded" in backup_err
    assert "busy" in backup_err and len(backup_err.strip().splitlines()) == 1
    (copy,) = [p for p in backups.iterdir() if p.suffix == ".mpf"]
    _check_passes(copy)
    # The held write went through afterwards, the key file followed it, and the old
    # passphrase still opens the portfolio.
    entries = _entries(path)
    assert entries[-1].detail == "held open by a test"
    head = keyslot.read_keyslot(path).audit_head
    assert (head["seq"], head["hash"]) == (entries[-1].seq, entries[-1].entry_hash)
    _check_passes(path)
