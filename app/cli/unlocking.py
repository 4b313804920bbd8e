"""Shared options and unlocking for commands that open a portfolio."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import secrets
from app.services.portfolio import Portfolio, unlock_with_passphrase, unlock_with_recovery_code


def add_path(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", type=Path, help="the portfolio's database file")


def add_unlock_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--passphrase-file",
        metavar="F",
        type=Path,
        help=f"read the passphrase from F (or set {secrets.PASSPHRASE_ENV})",
    )
    group.add_argument(
        "--recovery-code-file",
        metavar="F",
        type=Path,
        help="unlock with the recovery code in F instead of a passphrase",
    )


def unlock(args: argparse.Namespace, path: Path | None = None) -> Portfolio:
    target = path or args.path
    if getattr(args, "recovery_code_file", None) is not None:
        return unlock_with_recovery_code(target, secrets.recovery_code(args.recovery_code_file))
    return unlock_with_passphrase(target, secrets.passphrase(args.passphrase_file))


def say(message: str) -> None:
    print(message)  # noqa: T201 - the CLI's own output
