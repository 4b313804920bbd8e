"""Keep decrypted records and keys out of crash dumps. A core file (or a dump kept by
systemd-coredump, Windows Error Reporting or a debugger) holds the whole memory of the
process: the data key, the passphrase as typed and every record read. No Qt, so the CLI
and the pack process use it too. How each platform is covered:
app/os_support/crash_dumps.py."""

from __future__ import annotations

from app.os_support.crash_dumps import forbid_core_files, forbid_dumping, is_dumpable

__all__ = ["forbid_core_files", "forbid_dumping", "is_dumpable"]
