"""Keep decrypted records and keys out of crash dumps. A core file (or a dump kept by
systemd-coredump) holds the whole memory of the process: the data key, the passphrase
as typed and every record read. No Qt, so the CLI and the pack process use it too."""

from __future__ import annotations

import contextlib
import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def forbid_core_files() -> None:
    """No core file from this process or its children (cheap: done first thing)."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def forbid_dumping() -> None:
    """Linux: mark the process not dumpable, which also covers core handlers that
    ignore the size limit and stops other processes of the user attaching a debugger.
    It does not survive exec, so a spawned process calls it again. (ctypes costs ~2 ms,
    so the desktop app calls this just after its first paint.)"""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def is_dumpable() -> bool:
    """For tests and the self-test: whether a crash could still dump this process."""
    import ctypes
    import resource

    if resource.getrlimit(resource.RLIMIT_CORE) != (0, 0):
        return True
    if sys.platform.startswith("linux"):
        return bool(ctypes.CDLL(None, use_errno=True).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
    return False
