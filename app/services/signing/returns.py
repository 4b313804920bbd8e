"""Signed returns (issue 19): a request PDF coming back signed, from a signer who used
the tools they already have (a certificate in Acrobat Reader, Fill & Sign, Preview,
Okular; or print, sign and scan, which is recorded as ink with a scan as before).

``accept_signed_return`` finds which request and version the file answers, checks
that its pages are what was sent (a digital signature validated with pyHanko; or,
without one, each page's text and drawing compared with what was sent: only
additions pass), then records the signature on that version, keeping the returned
file encrypted in the portfolio like a scan. ``check_stored_return`` checks a kept
return again (for `verify` and the Verify dialog)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.domain.enums import RecordKind
from app.services.portfolio import Portfolio
from app.services.signing.returns_api import (
    AcceptedReturn,
    CertificateInfo,
    ReturnCheck,
    SigningRefused,
    StoredReturn,
)

__all__ = [
    "MAX_RETURN_BYTES",
    "AcceptedReturn",
    "CertificateInfo",
    "ReturnCheck",
    "SigningRefused",
    "StoredReturn",
    "accept_signed_return",
    "check_stored_return",
    "checks_for_version",
    "returned_pdf",
    "returns_of",
]

# A returned signing request is a few hundred KB; a scanned one at most a scan's size.
MAX_RETURN_BYTES = 25 * 1024 * 1024

Progress = Callable[[float, str], None]


def accept_signed_return(
    portfolio: Portfolio,
    source: Path | bytes,
    *,
    filename: str = "",
    progress: Progress | None = None,
) -> AcceptedReturn:
    """Accept a returned PDF (a path, or the bytes of a file dropped on the window,
    with its ``filename``) and record the signature it carries.

    Refuses with SigningRefused, one sentence, nothing recorded, when: the file is
    too big (by its size, before it is read), not a PDF, damaged or encrypted; it is
    not a return of this portfolio's requests (another portfolio, another record, an
    unknown request id); the version was amended or superseded since; the role has
    already signed it; a digital signature is broken, does not cover the document
    sent, was made with an expired certificate, or is followed by changes other than
    filling fields and adding annotations; without a digital signature, a page's text
    or drawing differs from what was sent, or a page was removed or added, or nothing
    was added at all. ``progress(fraction, what)`` is called between steps (run it on
    a worker thread: validating takes a moment)."""
    raise NotImplementedError


def returns_of(portfolio: Portfolio, kind: RecordKind, record_id: int) -> list[StoredReturn]:
    """The returned PDFs kept with a record, oldest first (for History)."""
    raise NotImplementedError


def returned_pdf(portfolio: Portfolio, attachment_id: int) -> bytes:
    """The bytes of a kept return (to show it; to save a copy use
    attachments.save_copy, which records it in the ledger)."""
    raise NotImplementedError


def check_stored_return(portfolio: Portfolio, attachment_id: int) -> ReturnCheck:
    """Check a kept return again: the file is the one accepted (its hash in the audit
    log), it still answers its version, and a digital signature still validates (the
    certificate's trust and expiry as they are today). Read-only."""
    raise NotImplementedError


def checks_for_version(
    portfolio: Portfolio, kind: RecordKind, record_id: int, version: int
) -> list[ReturnCheck]:
    """``check_stored_return`` for every return kept with one version (the Verify
    dialog and `verify PATH CODE` after a code's own check)."""
    raise NotImplementedError
