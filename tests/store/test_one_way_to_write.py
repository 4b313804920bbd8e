"""A file the user names is written by app.store.outputs.write_output, which checks
where it goes first; nothing else in the app writes files, so no caller can bypass
the check (found in review: five commands wrote over the portfolio)."""

from __future__ import annotations

import re
from pathlib import Path

import app

APP = Path(app.__file__).parent

# What writes files, and the only modules allowed to use it.
WRITERS = {
    r"\batomic_write_private\(": {"store/files.py", "store/keyslot.py", "store/swap.py"},
    r"\.write_bytes\(|\.write_text\(": set(),
    r"\bos\.(replace|rename)\(|\.rename\(|\bshutil\.(copy|move)": {
        "store/files.py",
        "store/outputs.py",
        "store/swap.py",  # the portfolio's own files, swapped in through its journal
        "os_support/durable.py",  # the platform's rename, for store/files.py and outputs.py
        "store/repair.py",  # a copy of the portfolio with its search index rebuilt
    },
    r"\bopen\([^)]*[\"'][wax]b?\+?[\"']|fdopen\(": {"logging_setup.py"},
    r"\bO_WRONLY\b|\bO_RDWR\b|\bO_CREAT\b|\bmkstemp\(": {
        "store/files.py",
        "store/outputs.py",  # standard output's descriptor, when the reader went away
        "logging_setup.py",
        # The platform's ways to create a private file, used by store/files.py and the log.
        "os_support/private.py",
        "os_support/_windows.py",
    },
    r"\bsqlcipher3\.connect\(": {
        "store/encrypted_copy.py",
        "store/swap.py",
        "store/repair.py",
        "store/engine.py",  # scratch_engine: a database in memory, never a file
    },
}


def test_only_the_store_writes_files() -> None:
    found = []
    for source in sorted(APP.rglob("*.py")):
        name = source.relative_to(APP).as_posix()
        text = source.read_text(encoding="utf-8")
        for pattern, allowed in WRITERS.items():
            if name not in allowed and re.search(pattern, text):
                found.append(f"{name}: {pattern}")
    assert found == [], "write through app.store.outputs.write_output instead"


def test_the_patterns_find_what_they_look_for() -> None:
    samples = {
        r"\batomic_write_private\(": "atomic_write_private(p, b, 'x')",
        r"\.write_bytes\(|\.write_text\(": "out.write_bytes(data)",
        r"\bos\.(replace|rename)\(|\.rename\(|\bshutil\.(copy|move)": "os.replace(a, b)",
        r"\bopen\([^)]*[\"'][wax]b?\+?[\"']|fdopen\(": 'open(path, "wb")',
        r"\bO_WRONLY\b|\bO_RDWR\b|\bO_CREAT\b|\bmkstemp\(": "os.open(p, os.O_CREAT)",
        r"\bsqlcipher3\.connect\(": "sqlcipher3.connect(str(p))",
    }
    assert samples.keys() == WRITERS.keys()
    for pattern, sample in samples.items():
        assert re.search(pattern, sample), pattern
