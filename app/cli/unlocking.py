"""Shared options and unlocking for commands that open a portfolio."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from app.cli import secrets
from app.cli.output import say as say  # the commands take it from here
from app.cli.output import shown
from app.services.portfolio import Portfolio, unlock_with_passphrase, unlock_with_recovery_code

# Record and version numbers as the database holds them (exact in JSON and SQLite).
LARGEST_NUMBER = 2**53


def number(text: str) -> int:
    """A record or version number typed on the command line: digits only (not -1,
    1e3 or 1.0), and no larger than any record can be."""
    if not text.isascii() or not text.isdigit() or int(text) > LARGEST_NUMBER:
        raise argparse.ArgumentTypeError(f"{text!r} is not a record or version number")
    return int(text)


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


def warn(warnings: Sequence[str]) -> None:
    for warning in warnings:
        sys.stderr.write(f"mentee-portfolio: warning: {shown(warning)}\n")
