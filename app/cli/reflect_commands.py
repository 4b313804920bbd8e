"""Appraisal exports as text: `cpd` (CPD entries as CSV or text) and `calendar`
(next meetings and reviews as an .ics file)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.periods import add_period_options, keep_confirmed, stop_unless_confirmed
from app.cli.unlocking import add_path, add_unlock_options, check_out, say, unlock, warn
from app.domain.errors import KnownError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "cpd",
        help="CPD entries for a period, as CSV (OUT.csv) or plain text",
        description="Writes one CPD entry per mentoring session (title, date, hours, type"
        " 'mentoring', reflection from the appraisal summaries) and per reflective note"
        " with a learning summary (type 'reflection': the summary and the Good Medical"
        " Practice domains, never the private note). Text that looks like a"
        " patient or third-party identifier, or like discoverable detail of an incident (its"
        " time, ward or bed, a drug and dose, a colleague's name, an admission), stops the"
        " export until you edit it or pass --confirm-identifiers.",
    )
    add_path(p)
    add_period_options(
        p,
        "OUT.csv|OUT.txt",
        "add private reflections to the entries (left out unless asked)",
        "export even though the identifier check found something",
    )
    add_unlock_options(p)
    p.set_defaults(handler=cmd_cpd)

    p = sub.add_parser("calendar", help="next meetings and review dates as an .ics file")
    add_path(p)
    p.add_argument(
        "-o", dest="out", metavar="OUT.ics", type=Path, required=True, help="- for standard output"
    )
    add_unlock_options(p)
    p.set_defaults(handler=cmd_calendar)


def cmd_cpd(args: argparse.Namespace) -> int:
    from app.services import appraisal_text

    output = check_out(args, "the CPD export", allow_stdout=True)
    portfolio = unlock(args)
    try:
        entries = appraisal_text.cpd_entries(
            portfolio, args.date_from, args.date_to, include_reflections=args.include_reflections
        )
        if not entries:
            raise KnownError("There are no mentoring sessions or reflective notes in that period.")
        hits = appraisal_text.check_entries(entries, appraisal_text.people_names(portfolio))
        stop_unless_confirmed(hits, args.confirm_identifiers)
        unrecorded = keep_confirmed(portfolio, "CPD export", hits)
        unrecorded += appraisal_text.save_cpd(
            portfolio,
            entries,
            args.out,
            as_spreadsheet=args.out.suffix.lower() == ".csv",
            include_reflections=args.include_reflections,
        )
    finally:
        portfolio.lock()
    warn(unrecorded)
    say(f"Wrote {len(entries)} CPD entries to {output.shown}.", output=output)
    return 0


def cmd_calendar(args: argparse.Namespace) -> int:
    from app.services.calendar_export import save_calendar

    output = check_out(args, "the calendar", allow_stdout=True)
    portfolio = unlock(args)
    try:
        count = save_calendar(portfolio, args.out)
        unrecorded = portfolio.unrecorded("calendar")
    finally:
        portfolio.lock()
    warn(unrecorded)
    say(f"Wrote {count} event{'s' if count != 1 else ''} to {output.shown}.", output=output)
    return 0
