"""`retention`: show which private layers (a session's private reflection, a reflective
note's private note) are older than N months and would be deleted, and which backups
still hold them; with --apply, delete them for good (app.services.retention)."""

from __future__ import annotations

import argparse

from app.cli.unlocking import add_path, add_unlock_options, say, unlock
from app.services.retention import MOST_MONTHS, month_count_problem


def months(text: str) -> int:
    if not text.isascii() or not text.isdigit() or month_count_problem(int(text)):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of months from 1 to {MOST_MONTHS}"
        )
    return int(text)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "retention",
        help="delete private layers older than N months (shows what would go unless --apply)",
        description="Lists the private layers (sessions' private reflections, reflective"
        " notes' private notes) of records dated more than N months ago, except pinned"
        " records: each record, its date and how many characters would go, and the"
        " backups beside the portfolio (backups/) that still hold them. Nothing changes"
        " unless --apply is given: then the text is deleted for good (the search index"
        " rebuilt, the free space in the file wiped) and the history records how many"
        " records, never what they said.",
    )
    add_path(p)
    p.add_argument(
        "--months",
        metavar="N",
        type=months,
        required=True,
        help="delete what is older than N months (1 to 1200)",
    )
    p.add_argument("--apply", action="store_true", help="delete what the preview lists")
    p.add_argument(
        "--prune-backups",
        action="store_true",
        help="with --apply: also delete the backups listed as still holding the text"
        " (a fresh backup is made first if no other would remain)",
    )
    add_unlock_options(p)
    p.set_defaults(handler=cmd_retention)


def cmd_retention(args: argparse.Namespace) -> int:
    from app.services import retention

    if args.prune_backups and not args.apply:
        from app.domain.errors import KnownError

        raise KnownError(
            "--prune-backups deletes backups only together with --apply; nothing changed."
        )
    portfolio = unlock(args)
    try:
        shown = retention.preview(portfolio, args.months)
        for line in shown.lines():
            say(line)
        if not args.apply:
            say("Nothing changed: run again with --apply to delete this.")
            return 0
        say(retention.apply(portfolio, shown).sentence())
        if args.prune_backups:
            say(retention.prune_backups(portfolio, shown).sentence())
    finally:
        portfolio.lock()
    return 0
