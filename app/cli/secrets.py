"""Where the CLI gets secrets: a prompt, a file, or the environment; never argv."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from app.domain.errors import KnownError

PASSPHRASE_ENV = "MENTEE_PORTFOLIO_PASSPHRASE"
NEW_PASSPHRASE_ENV = "MENTEE_PORTFOLIO_NEW_PASSPHRASE"


def _read_secret_file(path: Path, what: str) -> str:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnownError(f"The {what} file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KnownError(f"Cannot read the {what} file {path}: {exc}.") from None
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
