"""Commands that print: `pdf` (one record as a portfolio page) and `pack` (the
appraisal pack for a period)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.output import shown
from app.cli.periods import (
    add_period_options,
    keep_confirmed,
    list_hits,
    stop_unless_confirmed,
)
from app.cli.unlocking import add_path, add_unlock_options, check_out, number, say, unlock
from app.domain import registry
from app.domain.errors import KnownError
from app.services.portfolio import Portfolio

# The recovery sheet is the portfolio's own page, not a record's.
RECOVERY = "recovery"


def _documents() -> list[str]:
    return [document.name for _, document in registry.documents()] + [RECOVERY]


def _names() -> list[str]:
    """Every KIND the pdf command takes: the documents' names and earlier spellings."""
    aliases = [alias for _, document in registry.documents() for alias in document.aliases]
    return _documents() + aliases


def _document_name(text: str) -> str:
    return text if text == RECOVERY else registry.document(text)[1].name


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "pdf",
        help="print one record as a PDF portfolio page",
        description="KIND is one of: " + ", ".join(_documents()) + ". For goals, actions and"
        " relationship, RECORD_ID is the relationship's number; for recovery (the recovery"
        " sheet) it is ignored: use 0.",
    )
    add_path(p)
    p.add_argument("kind", metavar="KIND", choices=_names())
    p.add_argument("record_id", metavar="RECORD_ID", type=number)
    p.add_argument("-o", dest="out", metavar="OUT.pdf", type=Path, required=True)
    p.add_argument(
        "--include-reflection",
        action="store_true",
        help="include the private reflection on a session record",
    )
    p.add_argument(
        "--version",
        dest="record_version",
        metavar="N",
        type=number,
        help="print frozen version N of a signable record instead of the current one",
    )
    p.add_argument(
        "--confirm-identifiers",
        action="store_true",
        help="print even though the check before sharing found identifiers or"
        " discoverable detail in the record's text",
    )
    add_unlock_options(p)
    p.set_defaults(handler=cmd_pdf)

    p = sub.add_parser("pack", help="build the appraisal pack for a period")
    add_path(p)
    add_period_options(
        p,
        "OUT.pdf",
        "include private reflections (left out unless asked)",
        "build the pack even though the identifier check found something",
    )
    p.add_argument(
        "--include-amendments",
        action="store_true",
        help="after each amended record's last signed version, also print its amendment"
        " awaiting signature, marked DRAFT (left out unless asked)",
    )
    add_unlock_options(p)
    p.set_defaults(handler=cmd_pack)


def _warn(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        sys.stderr.write(f"mentee-portfolio: warning: {shown(warning)}\n")


def cmd_pdf(args: argparse.Namespace) -> int:
    from app.services import documents

    kind = _document_name(args.kind)
    signed = documents.signed_kind(kind)
    if args.record_version is not None and signed is None:
        raise KnownError(f"Only signed kinds of record have versions; {kind} has none.")
    check_out(args, "the PDF")
    portfolio = unlock(args)
    kept: tuple[str, ...] = ()
    try:
        if args.record_version is not None and signed is not None:
            doc = documents.render_version(portfolio, signed, args.record_id, args.record_version)
        else:
            kept = _check_record(portfolio, kind, args)
            doc = documents.render(
                portfolio, kind, args.record_id, include_reflection=args.include_reflection
            )
        unrecorded = documents.save_pdf(portfolio, doc, args.out)
    finally:
        portfolio.lock()
    _warn(doc.warnings + kept + unrecorded)
    code = f", verification code {doc.code}" if doc.code else ""
    say(f"Wrote {args.out} ({doc.pages} page{'s' if doc.pages != 1 else ''}{code}).")
    return 0


def _check_record(portfolio: Portfolio, kind: str, args: argparse.Namespace) -> tuple[str, ...]:
    """The check before sharing on the record's text: stops unless confirmed; a kept
    finding is recorded (the warnings of a read-only portfolio that cannot)."""
    from app.services.appraisal_text import people_names
    from app.services.sharing_check import document_findings

    hits = document_findings(
        portfolio,
        people_names(portfolio),
        kind,
        args.record_id,
        include_private=args.include_reflection,
    )
    if args.confirm_identifiers:
        list_hits(hits)
    stop_unless_confirmed(hits, args.confirm_identifiers, "identifier(s) or detail(s)")
    return keep_confirmed(portfolio, f"PDF of {kind} {args.record_id}", hits)


def cmd_pack(args: argparse.Namespace) -> int:
    from app.services.pack import PackRequest, build_pack

    request = PackRequest(
        args.date_from,
        args.date_to,
        include_reflections=args.include_reflections,
        include_amendments=args.include_amendments,
    )
    request.check()
    check_out(args, "the appraisal pack")
    portfolio = unlock(args)
    try:
        from app.services.appraisal_text import period_hits

        hits = period_hits(
            portfolio, args.date_from, args.date_to, include_reflections=args.include_reflections
        )
        if args.confirm_identifiers:
            list_hits(hits)
        stop_unless_confirmed(
            hits, args.confirm_identifiers, "patient or third-party identifier(s) or detail(s)"
        )
        kept = keep_confirmed(portfolio, "appraisal pack", hits)
        doc = build_pack(portfolio, request)
        from app.services.documents import save_pdf

        unrecorded = save_pdf(portfolio, doc, args.out, "the appraisal pack")
    finally:
        portfolio.lock()
    _warn(doc.warnings + kept + unrecorded)
    if hits:
        _warn((f"The pack keeps {len(hits)} possible identifier(s) you confirmed.",))
    say(f"Wrote {args.out} ({doc.pages} pages).")
    return 0
