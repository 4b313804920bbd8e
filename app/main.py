"""The `mentee-portfolio` program. With no subcommand it opens the desktop app
(app/ui/launch.py); otherwise it runs a command (app/cli/commands.py). It sits above
both, so the window and the commands never import each other.

Every known problem ends as one line on stderr and exit status 2; a bug ends as one
line too (exit 1), never as a traceback that could show portfolio data."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from app.cli.commands import PROG, build_parser
from app.cli.output import OutputFailed, flush_output, shown
from app.domain.errors import KnownError
from app.hardening import forbid_core_files, forbid_dumping
from app.services.destinations import discard_standard_output


def plain_launch_args() -> argparse.Namespace:
    """What the parser gives for no arguments at all (a test keeps the two equal)."""
    return argparse.Namespace(demo=False, portfolio=None, self_test=False, command=None)


def report(message: str) -> None:
    sys.stderr.write(f"{PROG}: {shown(message)}\n")


def _log_for_an_error() -> None:
    """An error before the desktop app's first paint finds no log yet: start it, and
    never let Python's last-resort handler print the traceback, message and all, to
    stderr instead."""
    import logging

    logging.lastResort = None
    from app.logging_setup import start_logging

    start_logging()


# Options of the bare `mentee-portfolio` (the desktop app) and whether they take a value.
APP_OPTIONS = {"--demo": False, "--self-test": False, "--portfolio": True}


def _opens_the_app(argv: Sequence[str]) -> bool:
    """True when no subcommand is given: then the command modules (and the store, crypto
    and printing they import) are not loaded before the first window is painted."""
    items = list(argv)
    while items:
        item = items.pop(0)
        name = item.split("=", 1)[0]
        if name not in APP_OPTIONS:
            return False
        if APP_OPTIONS[name] and "=" not in item:
            if not items:
                return False
            items.pop(0)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; whatever happens to its output (`history | head`, a full disk
    behind `> file`) ends in one sentence, never a traceback."""
    try:
        code = _run(argv)
        flush_output()  # here, not at exit, where an error could not be reported
    except OutputFailed as failed:
        discard_standard_output()
        if isinstance(failed.error, BrokenPipeError):
            report(
                "the rest of the output was not shown: the program reading it stopped"
                " reading (as head does)."
            )
        else:
            report(f"the output could not be written: {failed.error.strerror or failed.error}.")
        return 2
    return code


def _run(argv: Sequence[str] | None) -> int:
    os.umask(0o077)  # everything we create is the owner's alone
    forbid_core_files()  # a crash must not write decrypted records to disk
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv:
        args = build_parser(with_commands=not _opens_the_app(argv)).parse_args(argv)
    else:  # the usual launch: argparse's gettext lookups would cost the first paint ~3 ms
        args = plain_launch_args()
    if args.command is not None or args.self_test:
        from app.logging_setup import start_logging

        forbid_dumping()  # the desktop app does this after its first paint (run_app)
        start_logging()  # likewise its log
    try:
        if args.self_test:
            from app.selftest import run_self_test

            return run_self_test()
        if args.command is None:
            from app.ui.launch import run_app

            return run_app(args)
        from app.logging_setup import log_event

        log_event("cli.command", command=args.command)
        result: int = args.handler(args)
        return result
    except KnownError as err:
        from app.logging_setup import log_event

        _log_for_an_error()
        log_event("cli.refused", error_class=type(err).__name__)
        report(err.message)
        return 2
    except KeyboardInterrupt:
        report("interrupted.")
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if isinstance(exc, OutputFailed):
            raise  # main() says what happened to the output
        # Only the exception type: its message could quote portfolio text.
        from app.logging_setup import log_error

        _log_for_an_error()
        log_error("cli.internal_error", exc, command=args.command or "app")
        report(
            f"internal error ({type(exc).__name__}); please report this, with the command you ran."
        )
        if os.environ.get("MENTEE_PORTFOLIO_DEBUG"):
            raise
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
