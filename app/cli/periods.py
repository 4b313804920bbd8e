"""Options and checks shared by the commands that share text for a period (`pack`,
`cpd`): the --from/--to dates and the identifier check that stops until confirmed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from app.cli.output import shown
from app.domain import clock
from app.domain.errors import KnownError
from app.domain.identifiers import IdentifierHit
from app.domain.typed_dates import DateNotUnderstood, DateOrder, order_of_pattern, read_date
from app.os_support.locale_dates import short_date_pattern
from app.services.portfolio import Portfolio


def locale_date_order() -> DateOrder:
    """The order of day and month in the user's locale, as the window follows it:
    03/04/2026 is 3 April in en_GB and March 4 in en_US. British order where no locale
    is set or it is not installed; 2026-04-03 always reads the same."""
    pattern = short_date_pattern()
    return DateOrder.DAY_FIRST if pattern is None else order_of_pattern(pattern)


def date_arg(text: str) -> date:
    """A date as the window reads one (2026-04-01, 01/04/2026 in the locale's order,
    today...); argparse turns a refusal into one sentence and exit status 2."""
    try:
        day = read_date(text, clock.today(), locale_date_order())
    except DateNotUnderstood as refused:
        raise argparse.ArgumentTypeError(refused.message) from None
    if day is None:
        raise argparse.ArgumentTypeError("is empty; give a date like 2026-04-01")
    return day


def add_period_options(
    parser: argparse.ArgumentParser, out_metavar: str, reflections_help: str, confirm_help: str
) -> None:
    parser.add_argument(
        "--from", dest="date_from", metavar="YYYY-MM-DD", type=date_arg, required=True
    )
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", type=date_arg, required=True)
    parser.add_argument("-o", dest="out", metavar=out_metavar, type=Path, required=True)
    parser.add_argument("--include-reflections", action="store_true", help=reflections_help)
    parser.add_argument("--confirm-identifiers", action="store_true", help=confirm_help)


def list_hits(hits: Sequence[IdentifierHit]) -> None:
    for hit in hits:
        sys.stderr.write(f"  {shown(hit.where)}: possible {hit.kind}: {shown(hit.context)}\n")
        if hit.prompt:
            sys.stderr.write(f"    {hit.prompt}\n")


def stop_unless_confirmed(
    hits: Sequence[IdentifierHit], confirmed: bool, what: str = "identifier(s)"
) -> None:
    """List the hits and refuse, unless there are none or the user confirmed them."""
    if hits and not confirmed:
        list_hits(hits)
        raise KnownError(
            f"Found {len(hits)} possible {what}, listed above: edit the notes,"
            " or pass --confirm-identifiers if they are fine."
        )


def keep_confirmed(
    portfolio: Portfolio, what: str, hits: Sequence[IdentifierHit]
) -> tuple[str, ...]:
    """Record in the history that the user kept what the check found (after
    stop_unless_confirmed let it through); the read-only warning if it cannot."""
    from app.services.sharing_check import keep

    return keep(portfolio, what, hits)
