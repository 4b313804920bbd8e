"""`retention --apply` killed at an exact write, at points spread over its run (the
emptied fields' commit, the index rebuild, VACUUM, the checkpoint, the key file's copy of
the log's head): the portfolio always opens, passes check, and holds either all of the
private text that was due or none of it, never half; the next run finishes the wipe a
killed one left undone.

The kill lands at the Nth call of a system call (strace fault injection, RECIPES.md)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.record_types import SessionRecord
from app.services import records, retention
from app.services.check import run_check
from app.services.portfolio import unlock_with_passphrase
from app.store.files import keyslot_path, side_files
from tests.cli.conftest import _leave_libfaketime
from tests.conftest import PASSPHRASE, pinned_now
from tests.services.decrypted_pages import everything_decrypted
from tests.services.test_retention import GONE, Kept, ReflectiveNote, kept, tail  # noqa: F401

DAY = "2026-11-23"


def _copy(source: Path, folder: Path) -> Path:
    folder.mkdir()
    for part in (source, keyslot_path(source), *side_files(source)):
        if part.exists():
            shutil.copy2(part, folder / part.name)
    return folder / source.name


def _run(path: Path, inject: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MENTEE_PORTFOLIO_PASSPHRASE": PASSPHRASE}
    _leave_libfaketime(env)
    moment = pinned_now()
    assert moment is not None
    trace = ["-e", f"inject={inject}"] if inject else ["-e", "trace=pwrite64", "-o", "/dev/stdout"]
    command = [
        "strace",
        "-f",
        *(["-o", os.devnull] if inject else []),
        *trace,
        "faketime",
        "-f",
        f"@{moment:%Y-%m-%d %H:%M:%S}",
        sys.executable,
        "-m",
        "app",
        "retention",
        str(path),
        "--months",
        "12",
        "--apply",
    ]
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.slow
@pytest.mark.today(DAY)
@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace (packaging/dev.sh)")
def test_killed_anywhere_it_is_whole_and_all_or_nothing(kept: Kept, tmp_path: Path) -> None:  # noqa: F811
    kept.portfolio.lock()
    pristine = _copy(kept.portfolio.path, tmp_path / "pristine")
    counted = _run(_copy(pristine, tmp_path / "counted"), None)
    assert counted.returncode == 0, counted.stderr
    writes = counted.stdout.count("pwrite64(") + counted.stderr.count("pwrite64(")
    assert writes > 20, "the run wrote too little to be killed part-way"
    # The first few land in the commit that empties the fields; the rest in VACUUM,
    # the checkpoint and the audit entry's key file copy.
    points = sorted({2, 5, 9} | {writes * share // 100 for share in (50, 97)})
    states = []
    for n in points:
        path = _copy(pristine, tmp_path / f"killed-{n}")
        result = _run(path, f"pwrite64:signal=KILL:when={n}")
        portfolio = unlock_with_passphrase(path, PASSPHRASE)
        try:
            report = run_check(portfolio)
            assert report.ok, (n, report.first_problem)
            session = records.get(portfolio, SessionRecord, kept.old_session.id)
            note = records.get(portfolio, ReflectiveNote, kept.old_note.id)
            held = (bool(session.private_reflection), bool(note.part_1), bool(note.part_3))
            assert held in ((True, True, True), (False, False, False)), (n, held)
            assert records.get(portfolio, SessionRecord, kept.young_session.id).private_reflection
            states.append((result.returncode != 0, held[0]))
            # The next run finishes what the killed one left: nothing of it in any page.
            retention.apply(portfolio, retention.preview(portfolio, 12))
            scanned = everything_decrypted(portfolio.path, portfolio.data_key)
            assert not any(tail(word) in scanned for word in GONE), n
        finally:
            portfolio.lock()
    assert any(killed for killed, _ in states), "no kill landed"
    assert any(not held for _, held in states), "no kill landed after the commit"
