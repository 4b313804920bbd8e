"""The `mentee-portfolio` command line: its parser, with the subcommands each command
module registers. app/main.py runs it (or opens the desktop app)."""

from __future__ import annotations

import argparse
import importlib
from typing import NoReturn

import app
from app.cli.output import shown

# Each module adds its subcommands with register(subparsers).
COMMAND_MODULES = (
    "app.cli.store_commands",
    "app.cli.sign_commands",
    "app.cli.print_commands",
    "app.cli.reflect_commands",
    "app.cli.ledger_commands",
    "app.cli.return_commands",
)
PROG = "mentee-portfolio"


class _Parser(argparse.ArgumentParser):
    """A usage mistake is one line, like every other refusal, pointing to --help."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {shown(message)} (see {self.prog} --help)\n")


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        allow_abbrev=False,
        description="A private, encrypted portfolio of your mentoring relationship."
        " Run with no command to open the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {app.__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the desktop app with a throw-away sample portfolio",
    )
    parser.add_argument(
        "--portfolio", metavar="PATH", help="open the desktop app on this portfolio file"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that this installation works (creates and prints a"
        " throw-away portfolio in a temporary folder), then exit",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES if with_commands else ():
        importlib.import_module(name).register(subparsers)
    for command in subparsers.choices.values():
        # No abbreviations: "--passphrase secret" must never be taken for a file name.
        command.allow_abbrev = False
    return parser
