"""What a verification code from a printed page proves: which record and version
it is, whether that version is current, who signed it and when. Read-only."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.domain import clock, registry
from app.domain.bidi import isolate
from app.domain.canonical import (
    BadVerificationCode,
    VerificationCode,
    content_hash,
    matches,
    parse_code,
)
from app.domain.enums import RecordKind, VersionStatus
from app.domain.errors import KnownError
from app.services.portfolio import Portfolio
from app.services.signing import frozen
from app.services.signing.lifecycle import ROLE_LABEL, content_objects, version_info
from app.services.signing.signable import identify_in, is_signable


class Outcome(StrEnum):
    CURRENT = "current"
    SUPERSEDED = "superseded"
    DRAFT = "draft"
    NO_SUCH_VERSION = "no_such_version"
    OTHER_PORTFOLIO = "other_portfolio"
    ALTERED = "altered"
    TYPO = "typo"


@dataclass(frozen=True)
class VerifyResult:
    outcome: Outcome
    headline: str
    details: tuple[str, ...] = ()
    kind: RecordKind | None = None
    record_id: int | None = None
    version: int | None = None

    @property
    def genuine(self) -> bool:
        """The code is a version frozen in this portfolio, unaltered."""
        return self.outcome in (Outcome.CURRENT, Outcome.SUPERSEDED)

    @property
    def text(self) -> str:
        return "\n".join((self.headline, *self.details))


def title_of(
    kind: RecordKind, record_id: int, content: dict[str, Any], *, on_screen: bool = False
) -> str:
    """A human name for a record, from its frozen content; ``on_screen``: for the
    window, the mentor's name isolated (FSI ... PDI)."""
    mentor = content.get("mentor") or ""
    if on_screen:
        mentor = isolate(mentor)
    return registry.sentence_name(kind, record_id, _record_in(kind, content), mentor)


def _record_in(kind: RecordKind, content: dict[str, Any]) -> Any:
    """The record a frozen version holds, or None if it cannot be read back (a version
    altered outside the app is still named, by kind and number)."""
    signing = registry.spec(kind).signing
    if signing is None or signing.key is None:
        return None
    try:
        return content_objects({signing.key: content.get(signing.key)})[signing.key]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def verify(portfolio: Portfolio, text: str, *, on_screen: bool = False) -> VerifyResult:
    """What the code printed on a page says about the version it names. ``on_screen``:
    sentences for the window, a user's text in them isolated (FSI ... PDI) so that a
    right-to-left name never reorders them; the command line prints the raw text."""
    user = isolate if on_screen else str
    try:
        code = parse_code(text)
    except BadVerificationCode as err:
        return VerifyResult(Outcome.TYPO, "That code has a typo.", (err.message,))
    with portfolio.transaction() as db:
        row = frozen.version_row(db, code.kind, code.record_id, code.version)
        if row is None:
            return _not_frozen(db, portfolio.portfolio_id, code)
        ids = (code.kind, code.record_id, code.version)
        content = json.loads(row.content_json)
        title = title_of(code.kind, code.record_id, content, on_screen=on_screen)
        if content_hash(row.content_json) != row.content_hash:
            return VerifyResult(
                Outcome.ALTERED,
                f"{title}, version {code.version}, was altered after it was frozen.",
                ("Run 'mentee-portfolio check' and restore a backup.",),
                *ids,
            )
        if not matches(code, portfolio.portfolio_id, row.content_hash):
            return VerifyResult(
                Outcome.OTHER_PORTFOLIO,
                "That code belongs to a different portfolio.",
                (
                    f"This portfolio's {code.kind.label.lower()} {code.record_id} version"
                    f" {code.version} has different content, so the page was printed from"
                    " another portfolio.",
                ),
                *ids,
            )
        info = version_info(db, portfolio.portfolio_id, row)
        latest = frozen.latest_version(db, code.kind, code.record_id)
        amendment = frozen.open_amendment(db, code.kind, code.record_id)
        lines: list[str] = []
        if row.status is VersionStatus.SUPERSEDED:
            successor = frozen.version_row(db, code.kind, code.record_id, code.version + 1)
            outcome = Outcome.SUPERSEDED
            headline = (
                f"{title}, version {code.version}: genuine, but superseded by version"
                f" {code.version + 1}."
            )
            if successor is not None:
                lines.append(
                    f"Version {successor.version} was made on"
                    f" {clock.local_time(successor.created_at):%-d %B %Y}"
                    + (f" because: {user(successor.reason)}" if successor.reason else ".")
                )
            if latest is not None and latest.version != code.version + 1:
                lines.append(f"The current version is {latest.version}.")
        else:
            outcome = Outcome.CURRENT
            headline = f"{title}, version {code.version}: genuine, and the current version."
            if amendment is not None:
                lines.append(f"An amendment is being prepared: {user(amendment.reason)}")
        lines.append(f"Status: {_status_text(row.status)}.")
        for signature in info.signatures:
            summary = signature.summary_on_screen if on_screen else signature.summary
            line = f"Signed by {summary}"
            if signature.scan_attachment_id is not None and not signature.returned:
                line += ", with a scan of the signed page"
            lines.append(line + ".")
            if not signature.bound:
                lines.append(
                    f"Warning: the {ROLE_LABEL[signature.role]}'s signature record does"
                    " not belong to this version; run 'mentee-portfolio check'."
                )
        if not info.signatures:
            lines.append("No one has signed this version in the portfolio yet.")
        return VerifyResult(outcome, headline, tuple(lines), *ids)


def _status_text(status: VersionStatus) -> str:
    return {
        VersionStatus.READY: "ready to sign",
        VersionStatus.SIGNED: "partly signed",
        VersionStatus.FULLY_SIGNED: "signed and locked",
        VersionStatus.SUPERSEDED: "superseded",
    }[status]


def _not_frozen(db: Any, portfolio_id: str, code: VerificationCode) -> VerifyResult:
    ids = (code.kind, code.record_id, code.version)
    if is_signable(code.kind):
        try:
            draft = identify_in(db, portfolio_id, code.kind, code.record_id)
        except KnownError:
            draft = None
        if draft is not None and draft.code.text == code.text:
            return VerifyResult(
                Outcome.DRAFT,
                f"That is a draft printout of {code.kind.label.lower()} {code.record_id}.",
                (
                    "It matches the record as it is now, but it was never marked ready to sign,"
                    " so no signature in the portfolio covers it.",
                ),
                *ids,
            )
    return VerifyResult(
        Outcome.NO_SUCH_VERSION,
        f"No such version in this portfolio: there is no version {code.version} of"
        f" {code.kind.label.lower()} {code.record_id}.",
        (
            "The page may come from another portfolio, or was printed as a draft that was"
            " later changed.",
        ),
        *ids,
    )
