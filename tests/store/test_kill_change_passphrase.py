"""change-passphrase killed at an exact write, again and again: the portfolio always
opens with the old passphrase or the new one, and passes check. The key file's copy
of the audit log's head never names an entry the kill kept from being committed, so
no kill leaves a false "entries were removed" behind.

The kill lands at the Nth call of a system call (strace fault injection, RECIPES.md):
the key file is written with write/fsync/rename, SQLite commits with pwrite64/fsync."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.errors import WrongPassphrase
from app.services.check import run_check
from app.services.portfolio import CreatedPortfolio, unlock_with_passphrase
from tests.conftest import PASSPHRASE

NEW = "the passphrase after it"
KILLS = [(call, n) for call in ("write", "fsync", "rename", "pwrite64") for n in (1, 2, 3, 4, 5, 7)]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace (packaging/dev.sh)")
def test_killed_anywhere_it_opens_with_one_passphrase_or_the_other(
    created: CreatedPortfolio, tmp_path: Path
) -> None:
    path = created.portfolio.path
    created.portfolio.lock()
    files = {PASSPHRASE: tmp_path / "old.txt", NEW: tmp_path / "new.txt"}
    for text, file in files.items():
        file.write_text(text + "\n")
    current, killed = PASSPHRASE, 0
    for call, n in KILLS:
        other = NEW if current == PASSPHRASE else PASSPHRASE
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
                "change-passphrase",
                str(path),
                "--new-passphrase-file",
                str(files[other]),
            ],
            env={**os.environ, "MENTEE_PORTFOLIO_PASSPHRASE": current},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        killed += result.returncode != 0
        for candidate in (current, other):
            try:
                portfolio = unlock_with_passphrase(path, candidate)
            except WrongPassphrase:
                continue
            try:
                report = run_check(portfolio)
                assert report.ok, (call, n, report.first_problem)
            finally:
                portfolio.lock()
            current = candidate
            break
        else:
            pytest.fail(f"after a kill at {call} #{n}, neither passphrase opens the portfolio")
    assert killed >= len(KILLS) // 2  # the kills did land
