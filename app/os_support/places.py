"""Where things are, for code that does not ask Qt (QStandardPaths answers for the app's
folders in app/paths.py): the system's device trees, the temporary folder, and the
local socket that finds the window a portfolio is open in."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import PurePath

from app.os_support.names import is_device_name
from app.os_support.private import PRIVATE_FILE_MODE

# A Unix socket path must stay under 108 bytes (104 on macOS).
MAX_SOCKET_PATH = 100
_POSIX_SYSTEM_TREES = ("/dev", "/proc")
_WINDOWS_DEVICE_PREFIXES = ("\\\\.\\", "\\\\?\\globalroot")


def is_system_path(path: PurePath) -> bool:
    """Whether ``path`` names a device or the kernel's own files rather than a place for
    a document: /dev and /proc on POSIX; \\\\.\\ paths and device names (NUL, CON) on
    Windows."""
    text = str(path)
    if sys.platform == "win32":
        return text.casefold().startswith(_WINDOWS_DEVICE_PREFIXES) or is_device_name(path.name)
    return any(text == tree or text.startswith(tree + "/") for tree in _POSIX_SYSTEM_TREES)


def temp_folder() -> PurePath:
    """The system's temporary folder (``$TMPDIR``, /tmp, ``%TEMP%``)."""
    return PurePath(tempfile.gettempdir())


def local_server_name(folder: PurePath, key: str) -> str:
    """The name a local server for ``key`` listens on: a socket file in our private
    ``folder`` on POSIX (or, if that path is too long for a socket, ``key`` alone, in
    Qt's temporary folder); on Windows a named pipe, named ``key``."""
    if sys.platform == "win32":
        return key
    socket_path = str(folder / f"{key}.sock")
    return key if len(os.fsencode(socket_path)) > MAX_SOCKET_PATH else socket_path


def make_local_server_private(full_name: str) -> None:
    """Only the user may connect to the listening socket or pipe ``full_name``. On
    Windows Qt's UserAccessOption already gave the pipe an ACL for the user alone."""
    if sys.platform != "win32":
        os.chmod(full_name, PRIVATE_FILE_MODE)


def make_lock_file_private(path: str) -> None:
    """Only the user may read the lock file saying which process has a portfolio open.
    On Windows it is in the user's own temporary folder, inside the profile, and Qt
    keeps it open without sharing while it is held."""
    if sys.platform != "win32":
        os.chmod(path, PRIVATE_FILE_MODE)
