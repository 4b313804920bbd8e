"""File names and paths every platform accepts. The app makes its names (backups, key
files, suggested names for PDFs and exports, logs) with ``safe_file_name`` or from
fixed parts, and checks a path the user gives with ``path_problem`` before writing.

Windows is the strictest: it refuses ``< > : " / \\ | ? *`` and control characters
in a name, a name ending in a dot or a space, and the device names CON, PRN, AUX,
NUL, COM1-9 and LPT1-9 (with any extension: ``nul.pdf`` is the null device); and,
a path of 260 characters or more.
The rules are checked here on every platform, so names made on Linux work on Windows,
and the path rule takes ``windows=True`` so it can be tested anywhere."""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from pathlib import PurePath

# A full path (drive, folders, name and the terminating NUL) fits in MAX_PATH (260).
WINDOWS_MAX_PATH = 260
MAX_NAME = 255  # characters of one name (NTFS, APFS) or bytes (ext4)
_FORBIDDEN = set('<>:"/\\|?*') | {chr(code) for code in range(32)} | {"\x7f"}
_DEVICES = (
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{n}" for n in [*"123456789", "\u00b9", "\u00b2", "\u00b3"]}
    | {f"LPT{n}" for n in [*"123456789", "\u00b9", "\u00b2", "\u00b3"]}
)
_RUNS = re.compile(r"-{2,}")


def name_problem(name: str) -> str:
    """Why ``name`` (one part of a path) is not a usable file name on every platform,
    as the end of a sentence ("it contains ':'"), or "" when it is."""
    if name in ("", ".", ".."):
        return "it is not a file name"
    bad = sorted({char for char in name if char in _FORBIDDEN})
    if bad:
        shown = ", ".join(repr(char) for char in bad)
        return f"it contains {shown}, which Windows does not allow in a file name"
    if name[-1] in ". ":
        return "it ends with a dot or a space, which Windows removes"
    if is_device_name(name):
        return f"{name.split('.')[0].rstrip(' ')} is a device name on Windows"
    if len(name) > MAX_NAME or len(os.fsencode(name)) > MAX_NAME:
        return f"it is longer than {MAX_NAME} characters"
    return ""


def is_device_name(name: str) -> bool:
    """Whether Windows takes ``name`` for a device (``nul``, ``CON.pdf``, ``com1.txt``)."""
    return name.split(".")[0].rstrip(" ").upper() in _DEVICES


def safe_file_name(text: str, suffix: str = "", fallback: str = "document") -> str:
    """A file name made from ``text`` (a title a user typed, say) that every platform
    accepts: characters Windows refuses become "-", device names get a "-file" ending,
    trailing dots and spaces go, and the whole fits in one name with ``suffix``."""
    cleaned = unicodedata.normalize("NFC", text)
    cleaned = "".join("-" if char in _FORBIDDEN else char for char in cleaned)
    cleaned = _RUNS.sub("-", cleaned).strip(" .-") or fallback
    room = MAX_NAME - len(suffix) - len("-file")
    while len(os.fsencode(cleaned)) > room:
        cleaned = cleaned[:-1]
    cleaned = cleaned.rstrip(" .-") or fallback
    if is_device_name(cleaned + suffix):
        cleaned += "-file"
    return cleaned + suffix


def path_problem(path: PurePath | str, *, room: int = 0, windows: bool | None = None) -> str:
    """Why Windows would refuse ``path`` for its length (with ``room`` characters to
    spare for a longer companion, such as a temporary name beside it), as the end of a
    sentence, or "". ``windows`` defaults to whether this is Windows. The limit holds
    even where a machine has long paths switched on: Explorer, and so the user's own
    copies and backups, still stop at 260 characters."""
    if windows is None:
        windows = sys.platform == "win32"
    if not windows:
        return ""
    length = len(str(path)) + room
    if length < WINDOWS_MAX_PATH:
        return ""
    return (
        f"the path is {length} characters long (with the names the app makes beside it),"
        f" and Windows allows at most {WINDOWS_MAX_PATH - 1}: choose a folder nearer the"
        " top of the drive or a shorter name"
    )
