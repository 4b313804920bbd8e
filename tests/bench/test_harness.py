"""The benchmark harness runs end to end on tiny data and writes a complete table.
No timing is asserted: only that every benchmark ran and was reported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ("Start: launch to first window", "key-slot KDF", "raw key (keyring)",
              "open (raw key", "first page of a list", "full-text search", "peak RSS",
              "SQLCipher vs plain SQLite, same queries", "session-record pages per second",
              "appraisal pack end to end", "longest event-loop stall")


def test_quick_run_writes_every_benchmark(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--reps", "1", "--sessions", "40",
         "--pack-sessions", "4", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    # 1 means a target was missed on this (loaded, tiny) run; anything else is a crash.
    assert done.returncode in (0, 1), done.stderr
    text = out.read_text()
    assert "| Benchmark | Floor |" in text
    assert "python -m bench.run --quick" in text
    assert "Load average" in text and "SQLCipher 4." in text
    table = [line for line in text.splitlines() if line.startswith("| ")][1:]
    for name in BENCHMARKS:
        rows = [line for line in table if name in line]
        assert rows, f"{name} missing from the table"
        assert rows[0].rstrip().endswith(("pass |", "**FAIL** |", "report |"))
