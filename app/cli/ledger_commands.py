"""`ledger`: what left the portfolio (every file written from it: PDFs, the appraisal
pack, CPD entries, the calendar, JSON exports, scans, the recovery sheet), newest
first, one line each, or as JSON for a machine (app.services.ledger)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli.unlocking import add_path, add_unlock_options, say, unlock


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "ledger",
        help="what left the portfolio: every file written from it, newest first",
        description="One line per file written from the portfolio (a PDF, the appraisal"
        " pack, CPD entries, the calendar, a JSON export, a scan, the recovery sheet):"
        " when (UTC), what, which records and which layers, where to, and the SHA-256 of"
        " the file as written. The ledger is part of the audit log, so 'check' notices an"
        " entry changed or removed.",
    )
    add_path(p)
    p.add_argument(
        "--json",
        action="store_true",
        help="print a JSON array instead, newest first (UTC times in ISO 8601)",
    )
    p.add_argument(
        "--check",
        metavar="FILE",
        type=Path,
        help="say which entry wrote exactly the bytes of FILE (when, what), or that none"
        " did (exit status 1: it did not leave this portfolio, or was changed after)",
    )
    add_unlock_options(p)
    p.set_defaults(handler=cmd_ledger)


def cmd_ledger(args: argparse.Namespace) -> int:
    from app.services import ledger

    if args.check is not None:
        return _check(args)
    portfolio = unlock(args)
    try:
        entries = ledger.entries(portfolio)
    finally:
        portfolio.lock()
    if args.json:
        say(json.dumps([entry.as_plain() for entry in entries], indent=2, ensure_ascii=False))
        return 0
    if not entries:
        # On stderr: standard output holds one line per item, and there are none.
        sys.stderr.write("mentee-portfolio: no file has been written from this portfolio yet.\n")
    for entry in entries:
        say(f"{entry.at:%Y-%m-%d %H:%M:%S} UTC  {entry.sentence()}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from app.services import ledger

    ledger.fingerprint(args.check)  # an unreadable file is said before any unlocking
    portfolio = unlock(args)
    try:
        checked = ledger.check_file(portfolio, args.check)
    finally:
        portfolio.lock()
    if args.json:
        say(json.dumps(checked.as_plain(), indent=2, ensure_ascii=False))
    else:
        for sentence in checked.sentences():
            say(sentence)
    return 0 if checked.matches else 1
