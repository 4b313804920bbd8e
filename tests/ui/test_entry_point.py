"""The real entry point starts a window under a virtual X screen (Xvfb)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run")
def test_demo_starts_under_xvfb(tmp_path: Path) -> None:
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
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if list(tmp_path.glob("mentee-portfolio-demo-*/sample.mpf")):
                break
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            time.sleep(0.2)
        else:
            pytest.fail("the demo portfolio was never created")
        time.sleep(1.5)
        assert proc.poll() is None, "the app exited instead of showing its window"
        # The private log starts just after the first paint (app/ui/launch.py).
        [log] = list(tmp_path.rglob("mentee-portfolio.log"))
        assert "app.started" in log.read_text()
        assert (log.stat().st_mode & 0o777) == 0o600
    finally:
        os.killpg(proc.pid, 15)
        _, err = proc.communicate(timeout=20)
    assert b"Traceback" not in err
    # The demo folder goes when the app quits.
    deadline = time.monotonic() + 5
    while list(tmp_path.glob("mentee-portfolio-demo-*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not list(tmp_path.glob("mentee-portfolio-demo-*"))
