"""Shared options and unlocking for commands that open a portfolio."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from app.cli import secrets
from app.cli.output import say as say  # the commands take it from here
from app.cli.output import shown
from app.services.destinations import Output, check_output
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


def unlock(
    args: argparse.Namespace, path: Path | None = None, *, note_key_file: bool = True
) -> Portfolio:
    target = path or args.path
    if getattr(args, "recovery_code_file", None) is not None:
        portfolio = unlock_with_recovery_code(
            target, secrets.recovery_code(args.recovery_code_file)
        )
        if portfolio.key_file_problem and note_key_file:
            # One line on stderr: the command goes on, and says how to mend the key file.
            sys.stderr.write(
                f"mentee-portfolio: note: the key file {portfolio.path.name}.keys"
                f" {portfolio.key_file_problem}, so no passphrase opens this portfolio;"
                f" 'mentee-portfolio change-passphrase {portfolio.path} --recovery-code-file"
                f" {args.recovery_code_file}' writes a fresh one.\n"
            )
        return portfolio
    return unlock_with_passphrase(target, secrets.passphrase(args.passphrase_file))


def warn(warnings: Sequence[str]) -> None:
    for warning in warnings:
        sys.stderr.write(f"mentee-portfolio: warning: {shown(warning)}\n")


def files_read(args: argparse.Namespace) -> list[Path]:
    """The files this command reads: never a place to write to."""
    names = ("passphrase_file", "recovery_code_file", "new_passphrase_file", "source")
    return [p for p in (getattr(args, n, None) for n in names) if isinstance(p, Path)]


def check_out(
    args: argparse.Namespace, what: str, *, allow_stdout: bool = False, path: Path | None = None
) -> Output:
    """Refuse a bad -o before any work: the same check the write makes (app.services.destinations),
    with the files this command reads added."""
    return check_output(
        path or args.out,
        what,
        owners=[args.path],
        inputs=files_read(args),
        allow_stdout=allow_stdout,
    )
