"""No copy of the process's memory (the data key, the passphrase as typed, every
record read) in a core file, a crash dump or a debugger of another program.

- Linux: RLIMIT_CORE 0 (no core file), and PR_SET_DUMPABLE 0, which also covers
  core handlers that ignore the limit (systemd-coredump) and stops other processes of
  the user attaching a debugger or reading /proc/<pid>/mem.
- macOS: RLIMIT_CORE 0 (crash reports in ~/Library/Logs/DiagnosticReports hold stack
  traces and registers, not the heap), and in the installed app ``PT_DENY_ATTACH``,
  which keeps debuggers out (a process already being debugged would exit on it, so
  a developer running from source keeps the debugger).
- Windows: no core files; Windows Error Reporting gets no "stopped working" dialog
  and no heap in its reports (SetErrorMode, WerSetFlags), and the installed app is
  excluded from reporting for the user (WerAddExcludedApplication). A dump an
  administrator collects on purpose (LocalDumps, a debugger) is beyond an app's reach.
"""

from __future__ import annotations

import contextlib
import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
PT_DENY_ATTACH = 31


def forbid_core_files() -> None:
    """No core file from this process or its children (cheap: done first thing)."""
    if sys.platform == "win32":
        return  # Windows writes no core files; see forbid_dumping
    import resource

    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def forbid_dumping(*, deny_debuggers: bool | None = None) -> None:
    """The rest of the platform's protection (ctypes costs ~2 ms, so the desktop app
    calls this just after its first paint). Not inherited by a spawned process: it
    calls this again. ``deny_debuggers`` (macOS) defaults to whether this is the
    installed app."""
    if deny_debuggers is None:
        deny_debuggers = bool(getattr(sys, "frozen", False))
    if sys.platform == "win32":
        from app.os_support import _windows

        with contextlib.suppress(OSError, AttributeError):
            _windows.no_crash_dialogs_or_heap_dumps()
            if deny_debuggers:
                _windows.exclude_from_error_reporting(sys.executable)
        return
    if not (sys.platform.startswith("linux") or sys.platform == "darwin"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        if sys.platform == "darwin":
            if deny_debuggers:
                libc.ptrace(PT_DENY_ATTACH, 0, None, 0)
        else:
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def is_dumpable() -> bool:
    """For tests and the self-test: whether a crash could still dump this process."""
    if sys.platform == "win32":
        from app.os_support import _windows

        return _windows.crash_dumps_allowed()
    import resource

    if resource.getrlimit(resource.RLIMIT_CORE) != (0, 0):
        return True
    if sys.platform.startswith("linux"):
        import ctypes

        return bool(ctypes.CDLL(None, use_errno=True).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
    return False
