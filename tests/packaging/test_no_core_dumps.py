"""A crash must not write the process's memory (the data key, the passphrase as
typed, every record read) to a core file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux prctl")
def test_a_cli_command_cannot_dump_core() -> None:
    code = (
        "import resource\n"
        "from app.main import main\n"
        "from app.hardening import is_dumpable\n"
        "assert is_dumpable()\n"
        "main(['check', '/nonexistent/p.mpf'])\n"
        "print(is_dumpable(), resource.getrlimit(resource.RLIMIT_CORE))\n"
    )
    assert _run(code) == "False (0, 0)"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux prctl")
def test_the_desktop_app_cannot_dump_core_once_its_window_is_up(tmp_path: Path) -> None:
    code = (
        "import resource\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from app.hardening import is_dumpable\n"
        "import app.ui.launch as launch\n"
        "real = launch.finish_start_up\n"
        "def then(controller):\n"
        "    real(controller)\n"
        "    print(is_dumpable(), resource.getrlimit(resource.RLIMIT_CORE), flush=True)\n"
        "    QApplication.quit()\n"
        "launch.finish_start_up = then\n"
        "from app.main import main\n"
        "main([])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path),
            "XDG_STATE_HOME": str(tmp_path),
            "XDG_RUNTIME_DIR": str(tmp_path),
        },
    )
    assert done.stdout.strip().splitlines()[-1] == "False (0, 0)", done.stderr[-2000:]
