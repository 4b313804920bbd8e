"""Commands for signed records: verify, mark-ready, sign, amend, history.

`verify` exits 0 when the code is a genuine version of this portfolio (current or
superseded; the output says which), 3 when it is not (no such version, another
portfolio, a draft, altered) or a signed return kept with it no longer checks out,
and 2 when the code has a typo."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.periods import date_arg
from app.cli.unlocking import add_path, add_unlock_options, number, say, unlock
from app.domain import registry
from app.domain.enums import RecordKind, SignatureMethod, SignerRole
from app.domain.errors import KnownError
from app.services import history
from app.services.destinations import read_bounded
from app.services.signing import attachments, lifecycle
from app.services.signing.verify import Outcome, verify

NOT_GENUINE = 3


def _signable_names() -> list[str]:
    return [spec.kind.value for spec in registry.signable()]


def _kind(text: str) -> RecordKind:
    kind = registry.by_cli_name(text)
    if kind is None or kind not in registry.signable_kinds():
        raise argparse.ArgumentTypeError("must be one of " + ", ".join(_signable_names()))
    return kind


def _add_record(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "kind",
        metavar="KIND",
        type=_kind,
        help=", ".join(_signable_names())
        + " (a goals plan's ID is its relationship's; '-' may stand for '_')",
    )
    parser.add_argument("record_id", metavar="ID", type=number)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "verify",
        help="say which record and version a printed code is",
        epilog="Exit status: 0 genuine, 3 not genuine, 2 typo or other problem.",
    )
    add_path(p)
    p.add_argument("code", metavar="CODE", help="the verification code printed on the page")
    add_unlock_options(p)
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("mark-ready", help="freeze a record as its next version, ready to sign")
    add_path(p)
    _add_record(p)
    add_unlock_options(p)
    p.set_defaults(handler=cmd_mark_ready)

    p = sub.add_parser("sign", help="record a signature on a frozen version")
    add_path(p)
    _add_record(p)
    p.add_argument("--version", dest="version", metavar="N", type=number, required=True)
    p.add_argument("--role", choices=[r.value for r in SignerRole], required=True)
    p.add_argument("--name", required=True, help="the signer's name as signed")
    p.add_argument(
        "--date",
        dest="signed_on",
        type=date_arg,
        required=True,
        help="the date signed, e.g. 2026-02-03",
    )
    how = p.add_mutually_exclusive_group()
    how.add_argument(
        "--scan",
        metavar="FILE",
        type=Path,
        help="a scan or photo of the signed page (PDF, PNG or JPEG)",
    )
    how.add_argument(
        "--strokes",
        metavar="FILE.json",
        type=Path,
        help='a drawn signature: {"w": W, "h": H, "strokes": [[[x, y], ...]]}',
    )
    add_unlock_options(p)
    p.set_defaults(handler=cmd_sign)

    p = sub.add_parser("amend", help="open a signed record for a new, re-signed version")
    add_path(p)
    _add_record(p)
    p.add_argument("--reason", required=True, help="why the record is being amended")
    add_unlock_options(p)
    p.set_defaults(handler=cmd_amend)

    p = sub.add_parser("history", help="show the audit log, for one record or the portfolio")
    add_path(p)
    p.add_argument("kind", metavar="KIND", type=_kind, nargs="?")
    p.add_argument("record_id", metavar="ID", type=number, nargs="?")
    p.add_argument(
        "--versions",
        action="store_true",
        help="list the record's frozen versions instead of its log",
    )
    add_unlock_options(p)
    p.set_defaults(handler=cmd_history)


def cmd_verify(args: argparse.Namespace) -> int:
    portfolio = unlock(args)
    try:
        result = verify(portfolio, args.code)
        checks = []
        if result.genuine and result.kind is not None and result.record_id and result.version:
            # A signed return kept with the version: its file and signature checked again.
            from app.services.signing.returns import checks_for_version

            checks = checks_for_version(portfolio, result.kind, result.record_id, result.version)
    finally:
        portfolio.lock()
    if result.outcome is Outcome.TYPO:
        raise KnownError(" ".join(result.details) or result.headline)
    say(result.text)
    for check in checks:
        say(check.text)
    return 0 if result.genuine and all(c.ok for c in checks) else NOT_GENUINE


def cmd_mark_ready(args: argparse.Namespace) -> int:
    portfolio = unlock(args)
    try:
        info = lifecycle.mark_ready(portfolio, args.kind, args.record_id)
    finally:
        portfolio.lock()
    say(
        f"{args.kind.label} {args.record_id} version {info.version} is ready to sign;"
        f" its verification code is {info.code}."
    )
    return 0


# Strokes drawn on a pad: well under a megabyte even for a long signature.
MAX_STROKES_BYTES = 4 * 1024 * 1024


def _read_strokes(path: Path) -> object:
    data = read_bounded(path, MAX_STROKES_BYTES, "signature strokes")
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        raise KnownError(f"{path.name} is not a JSON file of signature strokes.") from None


def cmd_sign(args: argparse.Namespace) -> int:
    strokes = _read_strokes(args.strokes) if args.strokes else None
    portfolio = unlock(args)
    try:
        scan_id = None
        if args.scan is not None:
            scan_id = attachments.add_scan(portfolio, args.kind, args.record_id, args.scan).id
        try:
            info = lifecycle.sign(
                portfolio,
                args.kind,
                args.record_id,
                args.version,
                role=SignerRole(args.role),
                signer_name=args.name,
                signed_on=args.signed_on,
                method=SignatureMethod.DRAWN if strokes is not None else SignatureMethod.INK,
                strokes=strokes,
                scan_attachment_id=scan_id,
            )
        except KnownError:
            if scan_id is not None:
                attachments.discard_if_unused(portfolio, scan_id)
            raise
        status = lifecycle.signature_status(portfolio, args.kind, args.record_id)
    finally:
        portfolio.lock()
    say(
        f"Recorded the {args.role}'s signature on {args.kind.label.lower()} {args.record_id}"
        f" version {info.version}. Now: {status.label}."
    )
    return 0


def cmd_amend(args: argparse.Namespace) -> int:
    portfolio = unlock(args)
    try:
        lifecycle.amend(portfolio, args.kind, args.record_id, args.reason)
    finally:
        portfolio.lock()
    say(
        f"{args.kind.label} {args.record_id} can be edited again. When it is ready, mark it"
        " ready to sign: that makes the next version, which needs signing again."
    )
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    if (args.kind is None) != (args.record_id is None):
        raise KnownError("Give both KIND and ID for one record's history, or neither.")
    portfolio = unlock(args)
    try:
        if args.versions:
            if args.kind is None:
                raise KnownError("--versions needs KIND and ID.")
            for info in lifecycle.history(portfolio, args.kind, args.record_id):
                signed = "; ".join(s.summary for s in info.signatures) or "no signatures"
                reason = f" (amended: {info.reason})" if info.reason else ""
                say(
                    f"version {info.version}  {info.status.value:<13} {info.code}{reason}  {signed}"
                )
            return 0
        entries = (
            history.record_history(portfolio, args.kind, args.record_id)
            if args.kind is not None
            else history.portfolio_history(portfolio)
        )
    finally:
        portfolio.lock()
    for entry in entries:
        say(
            f"{entry.seq:>6}  {entry.at:%Y-%m-%d %H:%M} UTC  {entry.action_label:<22}"
            f" {entry.record_label}  {entry.display_detail}"
        )
    return 0
