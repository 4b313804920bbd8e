"""Commands for signing from anywhere (issue 19): `signing-request` writes a PDF of a
record's frozen version for its signer to sign in their own PDF reader; `accept-signed`
takes the signed PDF back and records the signature. (`verify` checks a kept return
again: app/cli/sign_commands.py.)"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.output import shown
from app.cli.periods import list_hits
from app.cli.sign_commands import _add_record
from app.cli.unlocking import add_path, add_unlock_options, check_out, say, unlock
from app.domain.enums import SignerRole


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "signing-request",
        help="write a PDF of a record ready to sign, for the mentor to sign in their PDF reader",
        description="The PDF holds the record's current frozen version with a signature field"
        " in the signer's box and a note on how to sign it (Acrobat Reader, Preview, Okular,"
        " or on paper). Send it; take the signed copy back with accept-signed.",
    )
    add_path(p)
    _add_record(p)
    p.add_argument("-o", dest="out", metavar="OUT.pdf", type=Path, required=True)
    p.add_argument(
        "--role",
        choices=[r.value for r in SignerRole],
        default=SignerRole.MENTOR.value,
        help="whose signature it asks for (default: mentor)",
    )
    p.add_argument(
        "--confirm-identifiers",
        action="store_true",
        help="send it even though the check before sharing found identifiers or"
        " discoverable detail in the record's text",
    )
    add_unlock_options(p)
    p.set_defaults(handler=cmd_signing_request)

    p = sub.add_parser(
        "accept-signed",
        help="record the signature on a signed copy of a signing request",
        epilog="Exit status: 0 recorded, 2 refused (nothing recorded; the message says why).",
    )
    add_path(p)
    p.add_argument("signed", metavar="IN.pdf", type=Path, help="the signed PDF that came back")
    add_unlock_options(p)
    p.set_defaults(handler=cmd_accept_signed)


def _warn(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        sys.stderr.write(f"mentee-portfolio: warning: {shown(warning)}\n")


def cmd_signing_request(args: argparse.Namespace) -> int:
    from app.services import signing_requests as requests

    check_out(args, "the signing request")
    portfolio = unlock(args)
    try:
        hits = requests.request_findings(portfolio, args.kind, args.record_id)
        if hits:
            list_hits(hits)
        if hits and not args.confirm_identifiers:
            raise requests.SigningRefused(
                f"Found {len(hits)} possible identifier(s) or detail(s), listed above: amend"
                " the record, or pass --confirm-identifiers if they are fine."
            )
        request = requests.make_signing_request(
            portfolio,
            args.kind,
            args.record_id,
            args.out,
            role=SignerRole(args.role),
            confirm_findings=args.confirm_identifiers,
        )
    finally:
        portfolio.lock()
    _warn(request.warnings)
    say(
        f"Wrote {args.out}: a signing request for {args.kind.label.lower()} {args.record_id}"
        f" version {request.version} ({request.pages} page{'s' if request.pages != 1 else ''},"
        f" request {request.request_id}). Send it to the {request.role.value}; when it comes"
        " back signed, run accept-signed."
    )
    return 0


def cmd_accept_signed(args: argparse.Namespace) -> int:
    from app.services.signing import returns

    portfolio = unlock(args)
    try:
        accepted = returns.accept_signed_return(portfolio, args.signed)
    finally:
        portfolio.lock()
    _warn(accepted.warnings)
    say(accepted.summary)
    if accepted.certificate is not None:
        say(f"Signed on {accepted.signed_on:%-d %B %Y}; added: {accepted.changes}.")
    else:
        say(f"Added: {accepted.changes}.")
    return 0
