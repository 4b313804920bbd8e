"""Where the CLI gets secrets: a prompt, a file, or the environment; never argv."""

from __future__ import annotations

import getpass
import os
import stat
import sys
from pathlib import Path

from app.domain.errors import KnownError

PASSPHRASE_ENV = "MENTEE_PORTFOLIO_PASSPHRASE"
NEW_PASSPHRASE_ENV = "MENTEE_PORTFOLIO_NEW_PASSPHRASE"


# A passphrase or recovery code is short; a file longer than this is the wrong file.
MAX_SECRET_BYTES = 64 * 1024


def _read_secret_file(path: Path, what: str) -> str:
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            raise KnownError(f"The {what} file {path} is a folder or a device, not a file.")
        with path.open("rb") as handle:  # a pipe (`<(pass show ...)`) works too
            data = handle.read(MAX_SECRET_BYTES + 1)
        if len(data) > MAX_SECRET_BYTES:
            raise KnownError(f"The {what} file {path} is far too long to hold a {what}.")
        raw = data.decode("utf-8")
    except FileNotFoundError:
        raise KnownError(f"The {what} file {path} does not exist.") from None
    except OSError as exc:
        raise KnownError(f"Cannot read the {what} file {path}: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise KnownError(f"The {what} file {path} is not text (UTF-8).") from None
    # One trailing newline is how editors save files; it is not part of the secret.
    value = raw[:-1] if raw.endswith("\n") else raw
    value = value[:-1] if value.endswith("\r") else value
    if not value:
        raise KnownError(f"The {what} file {path} is empty.")
    return value


def _prompt(label: str, confirm: bool) -> str:
    if not sys.stdin.isatty():
        raise KnownError(
            f"No {label} given. Use --passphrase-file, --recovery-code-file or"
            f" {PASSPHRASE_ENV}, or run in a terminal to be asked."
        )
    first = getpass.getpass(f"{label.capitalize()}: ")
    if confirm and getpass.getpass(f"{label.capitalize()} again: ") != first:
        raise KnownError("The two entries do not match.")
    return first


def passphrase(file: Path | None, *, confirm: bool = False, label: str = "passphrase") -> str:
    if file is not None:
        return _read_secret_file(file, label)
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env:
        return from_env
    return _prompt(label, confirm)


def new_passphrase(file: Path | None) -> str:
    if file is not None:
        return _read_secret_file(file, "new passphrase")
    from_env = os.environ.get(NEW_PASSPHRASE_ENV)
    if from_env:
        return from_env
    return _prompt("new passphrase", confirm=True)


def recovery_code(file: Path) -> str:
    return _read_secret_file(file, "recovery code")
