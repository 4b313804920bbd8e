"""Where the CLI gets secrets: a prompt, a file, or the environment; never argv."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from app.domain.errors import KnownError
from app.services.destinations import read_bounded

PASSPHRASE_ENV = "MENTEE_PORTFOLIO_PASSPHRASE"
NEW_PASSPHRASE_ENV = "MENTEE_PORTFOLIO_NEW_PASSPHRASE"


# A passphrase or recovery code is short; a file longer than this is the wrong file.
MAX_SECRET_BYTES = 64 * 1024


def _read_secret_file(path: Path, what: str) -> str:
    if not path.exists():
        raise KnownError(f"The {what} file {path} does not exist.")
    data = read_bounded(path, MAX_SECRET_BYTES, what)  # a pipe (`<(pass show ...)`) works
    try:
        raw = data.decode("utf-8")
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


def _as_text(value: str, where: str) -> str:
    """A secret whose bytes are not UTF-8 arrives with halves of characters in it
    (Python's surrogate escapes): say so rather than fail on them later."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise KnownError(f"The passphrase in {where} is not text (UTF-8).") from None
    return value


def passphrase(file: Path | None, *, confirm: bool = False, label: str = "passphrase") -> str:
    if file is not None:
        return _read_secret_file(file, label)
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env:
        return _as_text(from_env, PASSPHRASE_ENV)
    return _as_text(_prompt(label, confirm), "what was typed")


def new_passphrase(file: Path | None) -> str:
    if file is not None:
        return _read_secret_file(file, "new passphrase")
    from_env = os.environ.get(NEW_PASSPHRASE_ENV)
    if from_env:
        return _as_text(from_env, NEW_PASSPHRASE_ENV)
    return _as_text(_prompt("new passphrase", confirm=True), "what was typed")


def recovery_code(file: Path) -> str:
    return _read_secret_file(file, "recovery code")
