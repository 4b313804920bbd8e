"""Named pipes, where the platform has them."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import BinaryIO


def open_pipe_to_read(path: Path) -> BinaryIO:
    """Open the named pipe ``path`` to read without waiting for a writer: opened plainly,
    a pipe nothing has opened for writing waits for one forever; opened this way it reads
    as empty, and a pipe with a writer (`<(...)`) is read to its end as usual."""
    if sys.platform == "win32":  # no named pipes among a folder's files there
        return path.open("rb")
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(descriptor, True)
    return open(descriptor, "rb")  # noqa: SIM115 - the caller closes it
