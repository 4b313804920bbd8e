"""Signing requests (issue 19): a PDF of exactly one frozen version, as printing makes
it, with an empty PDF signature field at the signer's signature block, a first-page
note on how to sign it in common readers, and the request bound to the version in
its XMP metadata and in an embedded file, so a returned copy can be matched even
after a reader rewrote it. The request is checked before it leaves (the check before
sharing), written where the user chose (app.services.ledger: the ledger of what left
the portfolio), and recorded in the audit log ("signing request for ... sent")."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.domain.enums import RecordKind, SignerRole
from app.domain.identifiers import IdentifierHit
from app.services.portfolio import Portfolio
from app.services.signing.returns_api import SigningRefused, SigningRequest

__all__ = [
    "SigningRefused",
    "SigningRequest",
    "make_signing_request",
    "request_findings",
    "suggested_file_name",
]


def request_findings(portfolio: Portfolio, kind: RecordKind, record_id: int) -> list[IdentifierHit]:
    """What the check before sharing finds in the record's text (likely identifiers,
    discoverable detail), as the other ways out ask it. Show them to the mentee; make
    the request with ``confirm_findings=True`` only if they choose to keep them."""
    raise NotImplementedError


def suggested_file_name(portfolio: Portfolio, kind: RecordKind, record_id: int) -> str:
    """A name to offer in the Save dialog, e.g. "session-record-3-v2-for-signature.pdf"."""
    raise NotImplementedError


def make_signing_request(
    portfolio: Portfolio,
    kind: RecordKind,
    record_id: int,
    out: Path,
    *,
    role: SignerRole = SignerRole.MENTOR,
    confirm_findings: bool = False,
    kept: Sequence[IdentifierHit] = (),
) -> SigningRequest:
    """Write a signing request for the record's current frozen version to ``out``.

    The version must be ready to sign or partly signed (not superseded, not being
    amended) and not yet signed by ``role``. Refuses with SigningRefused (nothing
    written, nothing recorded) otherwise, and when the check before sharing finds
    something in the record's text unless ``confirm_findings`` (those found are then
    recorded as kept, as for a record's PDF). On success the file is written (0600,
    atomically, never over the portfolio's own files) and recorded in the ledger
    (SIGNING_REQUEST) and the audit log, with its random request id."""
    raise NotImplementedError
