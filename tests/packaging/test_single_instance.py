"""One window per portfolio, across real processes."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ui.single_instance import Claim, SingleInstance, instance_key, open_in_app

OWNER_SCRIPT = """
import signal, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from app.ui.single_instance import SingleInstance
app = QCoreApplication([])
guard = SingleInstance(Path(sys.argv[1]))
guard.activation_requested.connect(lambda: print("activated", flush=True))
print(guard.claim().value, flush=True)
if sys.argv[2] == "serve":
    app.exec()
else:
    signal.pause()  # an owner that has stopped answering, until the test kills it
"""


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # Short, like /run/user/1000: a Unix socket path must stay under 108 bytes.
    folder = Path(tempfile.mkdtemp(prefix="mp-rt-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def start_owner(runtime: Path) -> Iterator:  # noqa: ANN001
    started: list[subprocess.Popen[str]] = []

    def start(portfolio: Path, mode: str) -> subprocess.Popen[str]:
        child = subprocess.Popen(
            [sys.executable, "-c", OWNER_SCRIPT, str(portfolio), mode],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
        )
        started.append(child)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "owner"
        return child

    yield start
    for child in started:
        if child.poll() is None:
            child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()


def test_second_launch_brings_the_first_forward(
    qapp,
    start_owner,
    runtime: Path,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    portfolio = tmp_path / "Siân's portfolio.mentee"
    owner = start_owner(portfolio, "serve")
    second = SingleInstance(tmp_path / "." / "Siân's portfolio.mentee")  # same file
    assert second.claim() is Claim.FORWARDED
    assert owner.stdout.readline().strip() == "activated"
    assert not second.owns
    # Names reveal nothing about the portfolio, and the socket is the owner's alone.
    names = [p.name for p in runtime.iterdir()]
    assert all("Si" not in name for name in names)
    socket = runtime / f"{instance_key(portfolio)}.sock"
    assert stat.S_IMODE(socket.stat().st_mode) & 0o077 == 0
    lock = runtime / f"{instance_key(portfolio)}.lock"
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600
    # A different portfolio is not affected.
    other = SingleInstance(tmp_path / "other.mentee")
    assert other.claim() is Claim.OWNER
    other.release()


def test_unresponsive_owner_means_open_elsewhere(
    qapp,
    start_owner,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    portfolio = tmp_path / "p.mentee"
    start_owner(portfolio, "hang")
    assert SingleInstance(portfolio).claim() is Claim.OPEN_ELSEWHERE


def test_long_runtime_folder_still_works(
    qapp,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    folder = tmp_path / ("deep" * 20)
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    guard = SingleInstance(tmp_path / "p.mentee")
    assert guard.claim() is Claim.OWNER
    assert guard._server is not None and guard._server.isListening()
    guard.release()


def test_lock_of_a_dead_process_is_taken_over(
    qapp,
    start_owner,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    portfolio = tmp_path / "p.mentee"
    owner = start_owner(portfolio, "serve")
    assert open_in_app(portfolio)
    owner.send_signal(signal.SIGKILL)
    owner.wait()
    assert not open_in_app(portfolio)
    guard = SingleInstance(portfolio)
    assert guard.claim() is Claim.OWNER
    assert guard.owns
    guard.release()
    assert not guard.owns


def test_instance_key_is_the_sha256_of_the_absolute_path(tmp_path: Path) -> None:
    """Computed with Qt's hash (cheaper at launch); it must stay the same name an
    earlier version of the app listens on."""
    import hashlib

    portfolio = tmp_path / "Siân's portfolio.mentee"
    expected = hashlib.sha256(str(portfolio.resolve()).encode("utf-8")).hexdigest()[:32]
    assert instance_key(tmp_path / "." / portfolio.name) == f"mentee-portfolio-{expected}"
