"""What the signing requests and signed returns give back (issue 19): the records a
caller (the window, the command line) receives, and the one refusal they show.

The work is done by app.services.signing_requests (a request PDF sent to a signer)
and app.services.signing.returns (a signed copy coming back, and checking a stored one
again); this module holds only their answers, so the window can import them cheaply."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.domain.enums import RecordKind, SignerRole
from app.domain.errors import KnownError


class SigningRefused(KnownError):
    """A signing request that cannot be made, or a returned PDF that is not accepted.
    ``message`` is one sentence saying why (and, for a return, what differs from what
    was sent); nothing was recorded and nothing was written."""


@dataclass(frozen=True)
class SigningRequest:
    """A request PDF written for a signer (``make_signing_request``)."""

    request_id: str  # random, 32 hex digits; printed in the PDF's binding
    kind: RecordKind
    record_id: int
    version: int
    content_hash: str  # the frozen version's content hash (SHA-256 hex)
    role: SignerRole  # whose signature field it carries (the mentor's, usually)
    path: str  # where it was written, as recorded in the ledger
    pages: int
    sha256: str  # of the file written (what a return's first revision must be)
    warnings: tuple[str, ...] = ()  # e.g. a read-only portfolio could not record it


@dataclass(frozen=True)
class CertificateInfo:
    """The certificate a digitally signed return was signed with."""

    subject: str  # RFC 4514 form, e.g. "CN=Dr Ada Example,O=Example Trust"
    common_name: str  # the subject's CN (the signer's name as the certificate gives it)
    issuer: str
    sha256: str  # fingerprint of the DER certificate, hex, lower case
    not_before: datetime
    not_after: datetime
    self_signed: bool
    trusted: bool  # chains to a root this computer trusts
    trust: str  # the sentence: "not from a trusted authority (a self-made certificate)"


@dataclass(frozen=True)
class AcceptedReturn:
    """A signed return that was accepted and recorded (``accept_signed_return``)."""

    request_id: str
    kind: RecordKind
    record_id: int
    version: int
    role: SignerRole  # whose signature was recorded
    signer_name: str  # as recorded on the version (the certificate's CN, or the party's name)
    signed_on: date
    digital: bool  # True: a cryptographic signature validated with pyHanko
    method: str  # the method sentence kept with the signature (see ``method_sentence``)
    certificate: CertificateInfo | None  # only when ``digital``
    attachment_id: int  # the returned PDF, kept encrypted in the portfolio like a scan
    changes: str  # what the signer added: "a digital signature", "1 drawing (ink)"
    warnings: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """One line for the window and the command line."""
        return (
            f"Recorded the {self.role.value}'s signature on {self.kind.label.lower()}"
            f" {self.record_id} version {self.version}: {self.method}."
        )


@dataclass(frozen=True)
class StoredReturn:
    """A returned PDF kept with a version (for History and Verify)."""

    attachment_id: int
    request_id: str
    kind: RecordKind
    record_id: int
    version: int
    role: SignerRole
    digital: bool
    method: str
    recorded_at: datetime  # naive UTC
    filename: str
    size: int


@dataclass(frozen=True)
class ReturnCheck:
    """A stored return checked again (``check_stored_return``): ``ok`` is True when the
    file is still the one accepted and, if digitally signed, its signature still
    validates; ``sentence`` says what was found, ``details`` the lines under it."""

    stored: StoredReturn
    ok: bool
    sentence: str
    details: tuple[str, ...] = ()
    certificate: CertificateInfo | None = None

    @property
    def text(self) -> str:
        return "\n".join((self.sentence, *self.details))


def method_sentence(certificate: CertificateInfo | None) -> str:
    """How a returned signature was made, as kept with it and shown in History."""
    if certificate is None:
        return "returned PDF, signature drawn in the reader"
    return (
        f"returned PDF, digitally signed by {certificate.subject}"
        f" (certificate SHA-256 {certificate.sha256}); {certificate.trust}"
    )
