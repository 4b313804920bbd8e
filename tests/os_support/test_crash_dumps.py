"""app/os_support/crash_dumps.py on each platform, in a fresh process each time (the
settings last for the life of a process). Linux runs here; macOS and Windows run in
the workflow's jobs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def _run(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


BEFORE_AND_AFTER = (
    "from app.os_support import crash_dumps\n"
    "print(crash_dumps.is_dumpable())\n"
    "crash_dumps.forbid_core_files()\n"
    "crash_dumps.forbid_dumping(deny_debuggers={deny})\n"
    "print(crash_dumps.is_dumpable())\n"
)


def test_a_process_can_dump_until_it_forbids_it() -> None:
    assert _run(BEFORE_AND_AFTER.format(deny=False)) == ["True", "False"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
def test_core_files_are_limited_to_nothing_for_children_too() -> None:
    code = (
        "import resource, subprocess, sys\n"
        "from app.os_support import crash_dumps\n"
        "crash_dumps.forbid_core_files()\n"
        "child = 'import resource; print(resource.getrlimit(resource.RLIMIT_CORE))'\n"
        "subprocess.run([sys.executable, '-c', child], check=True)\n"
    )
    assert _run(code) == ["(0,", "0)"]


@pytest.mark.skipif(sys.platform != "darwin", reason="macOS PT_DENY_ATTACH")
def test_macos_the_installed_app_denies_debuggers_and_goes_on() -> None:
    assert _run(BEFORE_AND_AFTER.format(deny=True)) == ["True", "False"]


@pytest.mark.skipif(sys.platform != "win32", reason="Windows Error Reporting")
def test_windows_no_crash_dialog_and_no_heap_in_reports() -> None:
    code = (
        "import ctypes\n"
        "from app.os_support import crash_dumps\n"
        "crash_dumps.forbid_dumping()\n"
        "print(ctypes.windll.kernel32.GetErrorMode() & 0x0002 == 0x0002)\n"
        "print(crash_dumps.is_dumpable())\n"
    )
    assert _run(code) == ["True", "False"]
