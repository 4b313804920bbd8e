"""The benchmark harness runs end to end on tiny data and writes a complete table.
No timing is asserted: only that every benchmark ran and was reported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = (
    "Start (first run): launch to WelcomeWindow painted",
    "Start (a known portfolio): launch to UnlockDialog painted",
    "key-slot KDF",
    "raw key (keyring)",
    "open (raw key",
    "first page of a list",
    "full-text search",
    "peak RSS",
    "SQLCipher vs plain SQLite, same queries",
    "session-record pages per second",
    "from the portfolio",
    "appraisal pack end to end",
    "longest event-loop stall",
    "Overview pictures: redraw",
)


def test_quick_run_writes_every_benchmark(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        MENTEE_PORTFOLIO_BENCH_CACHE=str(tmp_path / "cache"),
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--quick",
            "--reps",
            "1",
            "--sessions",
            "40",
            "--pack-sessions",
            "4",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # 1 means a target was missed on this (loaded, tiny) run; anything else is a crash.
    assert done.returncode in (0, 1), done.stderr
    # A traceback exits 1 as well: it wrote nothing.
    assert out.exists(), done.stderr[-3000:]
    text = out.read_text()
    assert "| Benchmark | Floor |" in text
    assert "python -m bench.run --quick" in text
    assert "Load average" in text and "SQLCipher 4." in text
    table = [line for line in text.splitlines() if line.startswith("| ")][1:]
    for name in BENCHMARKS:
        rows = [line for line in table if name in line]
        assert rows, f"{name} missing from the table"
        assert rows[0].rstrip().endswith(("pass |", "**FAIL** |", "report |"))


def test_the_page_floor_draws_the_same_words_as_the_app(tmp_path: Path) -> None:
    """The raw-ReportLab floor must print what the app's session page prints, or the
    pages ratio would compare unlike things."""
    from collections import Counter

    from app.domain.record_types import SessionRecord
    from app.services import documents
    from app.services.demo import create_demo_portfolio
    from app.services.records import list_records
    from bench.probes import page_texts
    from bench.raw_pages import draw_pdf
    from tests.conftest import TEST_KDF

    def words(pdf: bytes) -> Counter[str]:
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, check=True, capture_output=True
        ).stdout.decode()
        return Counter(w for w in text.split() if w != "•")

    portfolio = create_demo_portfolio(tmp_path, kdf=TEST_KDF)
    try:
        sessions = [s.id for s in list_records(portfolio, SessionRecord)][:3]
        texts = page_texts(portfolio, sessions)
        for session_id, text in zip(sessions, texts, strict=True):
            app = documents.render(portfolio, "session", session_id)
            floor, pages = draw_pdf(text)
            assert words(floor) == words(app.pdf)
            assert pages == app.pages
    finally:
        portfolio.lock()
