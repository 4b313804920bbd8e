"""The real entry point starts a window under a virtual X screen (Xvfb)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

ROOT = Path(__file__).parents[2]


def _demo_portfolios(tmp_path: Path) -> list[Path]:
    return list(tmp_path.glob("mentee-portfolio-demo-*/sample.mpf"))


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run")
def test_demo_starts_under_xvfb(tmp_path: Path, qtbot: QtBot) -> None:
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "TMPDIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("QT_QPA_PLATFORM", None)
    proc = subprocess.Popen(
        ["xvfb-run", "-a", sys.executable, "-m", "app", "--demo"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )

    def started() -> bool:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        return bool(_demo_portfolios(tmp_path))

    def first_paint_logged() -> bool:
        # The private log starts just after the first paint (app/ui/launch.py).
        assert proc.poll() is None, "the app exited instead of showing its window"
        logs = list(tmp_path.rglob("mentee-portfolio.log"))
        return bool(logs) and "app.started" in logs[0].read_text()

    try:
        qtbot.waitUntil(started, timeout=60_000)
        qtbot.waitUntil(first_paint_logged, timeout=60_000)
        [log] = list(tmp_path.rglob("mentee-portfolio.log"))
        assert (log.stat().st_mode & 0o777) == 0o600
    finally:
        os.killpg(proc.pid, 15)
        _, err = proc.communicate(timeout=20)
    assert b"Traceback" not in err
    # The demo folder goes when the app quits.
    qtbot.waitUntil(lambda: not list(tmp_path.glob("mentee-portfolio-demo-*")), timeout=5_000)
