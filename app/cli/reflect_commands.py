"""Appraisal exports as text: `cpd` (CPD entries as CSV or text) and `calendar`
(next meetings and reviews as an .ics file)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.print_commands import _date
from app.cli.unlocking import add_path, add_unlock_options, say, unlock
from app.domain.errors import KnownError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "cpd", help="CPD entries for a period, as CSV (OUT.csv) or plain text",
        description="Writes one CPD entry per mentoring meeting (title, date, hours, type"
        " 'mentoring', reflection from the appraisal summaries). Text that looks like a"
        " patient or third-party identifier stops the export until you edit it or pass"
        " --confirm-identifiers.")
    add_path(p)
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", type=_date, required=True)
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", type=_date, required=True)
    p.add_argument("-o", dest="out", metavar="OUT.csv|OUT.txt", type=Path, required=True)
    p.add_argument("--include-reflections", action="store_true",
                   help="add private reflections to the entries (left out unless asked)")
    p.add_argument("--confirm-identifiers", action="store_true",
                   help="export even though the identifier check found something")
    add_unlock_options(p)
    p.set_defaults(handler=cmd_cpd)

    p = sub.add_parser("calendar", help="next meetings and review dates as an .ics file")
    add_path(p)
    p.add_argument("-o", dest="out", metavar="OUT.ics", type=Path, required=True)
    add_unlock_options(p)
    p.set_defaults(handler=cmd_calendar)


def cmd_cpd(args: argparse.Namespace) -> int:
    from app.services import appraisal_text

    portfolio = unlock(args)
    try:
        entries = appraisal_text.cpd_entries(portfolio, args.date_from, args.date_to,
                                             include_reflections=args.include_reflections)
        if not entries:
            raise KnownError("There are no mentoring meetings in that period.")
        hits = appraisal_text.check_entries(entries, appraisal_text.people_names(portfolio))
        if hits and not args.confirm_identifiers:
            for hit in hits:
                sys.stderr.write(f"  {hit.where}: possible {hit.kind}: {hit.context}\n")
            raise KnownError(f"Found {len(hits)} possible identifier(s), listed above: edit"
                             " the notes, or pass --confirm-identifiers if they are fine.")
        appraisal_text.save_cpd(portfolio, entries, args.out,
                                as_spreadsheet=args.out.suffix.lower() == ".csv")
    finally:
        portfolio.lock()
    say(f"Wrote {len(entries)} CPD entries to {args.out}.")
    return 0


def cmd_calendar(args: argparse.Namespace) -> int:
    from app.services.calendar_export import save_calendar

    portfolio = unlock(args)
    try:
        count = save_calendar(portfolio, args.out)
    finally:
        portfolio.lock()
    say(f"Wrote {count} event{'s' if count != 1 else ''} to {args.out}.")
    return 0
