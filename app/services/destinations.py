"""Files the user names, for the layers above services (which reach storage only
through services): where one may be written (a PDF, an export, the recovery code, a
backup folder: the one check of app.store.outputs), a portfolio's own backup folder,
and how a named file is read (a secret file, strokes: with a bound, never a device or
a folder)."""

from __future__ import annotations

from app.store.encrypted_copy import default_backup_dir
from app.store.files import read_bounded
from app.store.outputs import (
    Output,
    check_folder,
    check_output,
    discard_standard_output,
    write_output,
)

__all__ = [
    "Output",
    "check_folder",
    "check_output",
    "default_backup_dir",
    "discard_standard_output",
    "read_bounded",
    "write_output",
]
