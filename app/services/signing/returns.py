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

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from app.domain import clock
from app.domain.enums import RecordKind, SignatureMethod, SignerRole, VersionStatus
from app.domain.errors import KnownError
from app.domain.validation import validate_signature
from app.services.portfolio import Portfolio
from app.services.signing import frozen, lifecycle, pdf_checks
from app.services.signing.active_content import active_kinds
from app.services.signing.binding import Binding, BindingConflict
from app.services.signing.lifecycle import ROLE_LABEL
from app.services.signing.return_records import (
    KeptReturn,
    SentRequest,
    attachment_bytes,
    kept_returns,
    record_return,
    sent_requests,
)
from app.services.signing.returns_api import (
    AcceptedReturn,
    CertificateInfo,
    ReturnCheck,
    SigningRefused,
    StoredReturn,
    method_sentence,
)
from app.store.files import InputRefused, printable, read_bounded
from app.store.models import AttachmentRow

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


def _read(source: Path | bytes, filename: str) -> tuple[bytes, str]:
    """The returned file's bytes and the name to call it by; a file too big is refused
    by its size, before a byte of it is read."""
    if isinstance(source, bytes):
        shown = filename or "That file"
        if len(source) > MAX_RETURN_BYTES:
            raise SigningRefused(_too_big(shown, len(source)))
        return source, shown
    path = source.expanduser()
    shown = printable(filename or path.name)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise SigningRefused(f"There is no file at {printable(str(path))}.") from None
    except OSError as exc:
        raise SigningRefused(f"Cannot read {printable(str(path))}: {exc.strerror}.") from None
    if size > MAX_RETURN_BYTES:
        raise SigningRefused(_too_big(shown, size))
    try:
        return read_bounded(path, MAX_RETURN_BYTES, "signed return"), shown
    except InputRefused as refused:
        raise SigningRefused(refused.message) from None


def _too_big(shown: str, size: int) -> str:
    return (
        f"{shown} is {size / 1024 / 1024:.1f} MB; a signed return is at most"
        f" {MAX_RETURN_BYTES // 1024 // 1024} MB, so it is not one of this portfolio's"
        " signing requests."
    )


def _binding(reader: object, shown: str) -> Binding:
    altered = f"{shown} carries two different sets of request details: it was altered."
    try:
        embedded, xmp = pdf_checks.read_bindings(reader)  # type: ignore[arg-type]
    except BindingConflict:
        raise SigningRefused(altered) from None
    if embedded is not None and xmp is not None and embedded != xmp:
        raise SigningRefused(altered)
    binding = embedded or xmp
    if binding is None:
        raise SigningRefused(
            f"{shown} is not a signing request from Mentee Portfolio: it carries no request"
            " details. (A page printed, signed in ink and scanned is recorded with Record"
            " signatures and the scan.)"
        )
    return binding


def _binding_of(data: bytes, shown: str) -> Binding:
    try:
        return _binding(pdf_checks.open_pdf(data, shown), shown)
    except SigningRefused:
        raise
    except Exception:  # a hostile or broken file can fail a PDF parser anywhere  # noqa: BLE001
        raise SigningRefused(f"{shown} is damaged: it cannot be read as a PDF.") from None


def _what(kind: RecordKind, record_id: int) -> str:
    return f"{kind.label.lower()} {record_id}"


def _match(
    portfolio: Portfolio,
    binding: Binding,
    expected: tuple[RecordKind, int] | None,
) -> tuple[SentRequest, bytes, str]:
    """The request the binding names, checked against the portfolio; refused naming
    what differs. Returns the request, the copy of the file sent and the signer's
    name as the version has it."""
    if binding.portfolio_id != portfolio.portfolio_id:
        raise SigningRefused("That signing request was made by another portfolio, not this one.")
    named = _what(binding.kind, binding.record_id)
    if expected is not None and expected != (binding.kind, binding.record_id):
        raise SigningRefused(
            f"That file is the signing request for {named}, not for {_what(*expected)}."
        )
    with portfolio.transaction() as db:
        sent = sent_requests(db).get(binding.request_id)
        if sent is None:
            raise SigningRefused(
                f"That file's request id ({binding.request_id}) is not one this portfolio"
                " sent: it may come from a copy of the portfolio or have been edited."
            )
        if (sent.kind, sent.record_id) != (binding.kind, binding.record_id):
            raise SigningRefused(
                f"That file says it is for {named}, but its request was sent for"
                f" {_what(sent.kind, sent.record_id)}: it was altered."
            )
        if (sent.version, sent.content_hash, sent.role) != (
            binding.version,
            binding.content_hash,
            binding.role,
        ):
            raise SigningRefused(
                f"That file's request details for {named} differ from the request sent"
                f" (version {sent.version} for the {ROLE_LABEL[sent.role]}): it was altered."
            )
        row = frozen.version_row(db, sent.kind, sent.record_id, sent.version)
        if row is None or row.content_hash != sent.content_hash:
            raise SigningRefused(
                f"Version {sent.version} of {named} is no longer in this portfolio as it was sent."
            )
        latest = frozen.latest_version(db, sent.kind, sent.record_id)
        if row.status is VersionStatus.SUPERSEDED and latest is not None:
            raise SigningRefused(
                f"That file signs version {sent.version} of {named}, an older version: it was"
                f" amended since and version {latest.version} is current; send a new request."
            )
        if frozen.open_amendment(db, sent.kind, sent.record_id) is not None:
            raise SigningRefused(
                f"Version {sent.version} of {named} has been opened for amendment since the"
                " request was sent; mark the amended record ready and send a new request."
            )
        if any(s.role is sent.role for s in frozen.signatures_of(db, row.id)):
            raise SigningRefused(
                f"The {ROLE_LABEL[sent.role]} has already signed version {sent.version} of {named}."
            )
        copy = attachment_bytes(db, sent.copy_id)
        if copy is None or hashlib.sha256(copy).hexdigest() != sent.sha256:
            raise SigningRefused(
                f"The copy of the request sent for {named} is missing from the portfolio, so"
                " the return cannot be compared with it; send a new request."
            )
        party = _party_name(db, sent)
    return sent, copy, party


def _party_name(db: object, sent: SentRequest) -> str:
    """The signer's name as the frozen version has it (mentor or mentee)."""
    import json

    row = frozen.version_row(db, sent.kind, sent.record_id, sent.version)  # type: ignore[arg-type]
    content = json.loads(row.content_json) if row is not None else {}
    key = "mentor" if sent.role is SignerRole.MENTOR else "mentee"
    return str(content.get(key) or "")


@dataclass(frozen=True)
class _Checked:
    digital: pdf_checks.DigitalSignature | None
    additions: pdf_checks.Additions


def _check_file(data: bytes, copy: bytes, shown: str, *, at_import: bool) -> _Checked:
    """Both checks of a returned file against the copy sent (refused by sentence)."""
    try:
        return _checks(data, copy, shown, at_import=at_import)
    except SigningRefused:
        raise
    except Exception:  # a hostile or broken file can fail a PDF parser anywhere  # noqa: BLE001
        raise SigningRefused(f"{shown} is damaged: it cannot be read as a PDF.") from None


def _checks(data: bytes, copy: bytes, shown: str, *, at_import: bool) -> _Checked:
    reader = pdf_checks.open_pdf(data, shown)
    added = sorted(active_kinds(reader) - active_kinds(pdf_checks.open_pdf(copy, "the copy sent")))
    if added:
        raise SigningRefused(
            f"{shown} has {', '.join(added)} actions added, which a PDF reader would run when"
            " it is opened or clicked; a signature adds none: ask for a copy saved without them."
        )
    incremental = data.startswith(copy) and len(data) > len(copy)
    sent_revisions = pdf_checks.revisions(copy) if incremental else None
    signatures = pdf_checks.digital_signatures(reader, sent_revisions, at_import=at_import)
    if len(signatures) > 1:
        raise SigningRefused(
            f"{shown} carries {len(signatures)} digital signatures; one was asked for."
        )
    additions = pdf_checks.compare_pages(copy, data)
    if not signatures and not additions.any:
        raise SigningRefused(
            f"Nothing was added to {shown}: it has no signature, digital or drawn."
        )
    return _Checked(signatures[0] if signatures else None, additions)


def _changes(checked: _Checked) -> str:
    parts = []
    if checked.digital is not None:
        parts.append("a digital signature")
    if checked.additions.annotations:
        parts.append(f"{checked.additions.annotations} annotation(s)")
    if checked.additions.drawings:
        parts.append(f"{checked.additions.drawings} drawn or written object(s)")
    return ", ".join(parts)


def accept_signed_return(
    portfolio: Portfolio,
    source: Path | bytes,
    *,
    filename: str = "",
    expected: tuple[RecordKind, int] | None = None,
    progress: Progress | None = None,
) -> AcceptedReturn:
    """Accept a returned PDF (a path, or the bytes of a file dropped on the window,
    with its ``filename``) and record the signature it carries. ``expected``: the
    record it was dropped on (kind, id); a return for another record is refused.

    Refuses with SigningRefused, one sentence, nothing recorded, when: the file is
    too big (by its size, before it is read), not a PDF, damaged or encrypted; it is
    not a return of this portfolio's requests (another portfolio, another record, an
    unknown request id); the version was amended or superseded since; the role has
    already signed it; a digital signature is broken, does not cover the document
    sent, was made with an expired certificate, or is followed by changes other than
    filling fields and adding annotations; a page's text or drawing differs from what
    was sent, or a page was removed or added, or nothing was added at all.
    ``progress(fraction, what)`` is called between steps (run it on a worker thread:
    validating takes a moment)."""
    step = progress or (lambda fraction, what: None)
    step(0.0, "Reading the file")
    data, shown = _read(source, filename)
    binding = _binding_of(data, shown)
    step(0.2, "Finding the request it answers")
    sent, copy, party = _match(portfolio, binding, expected)
    step(0.4, "Checking the pages and the signature")
    checked = _check_file(data, copy, shown, at_import=True)
    certificate = checked.digital.certificate if checked.digital is not None else None
    method = method_sentence(certificate)
    signer = (certificate.common_name if certificate is not None else "") or party
    warnings: tuple[str, ...] = ()
    if certificate is not None and not same_person(signer, party):
        warnings = (
            f"The certificate names {printable(signer.strip())}, not {printable(party)},"
            f" the {ROLE_LABEL[sent.role]} on this record: check that the right person signed"
            " (the record now says who did).",
        )
    signed_on = clock.today()
    if checked.digital is not None and checked.digital.signed_at is not None:
        reported = clock.local_time(checked.digital.signed_at.astimezone(UTC).replace(tzinfo=None))
        signed_on = min(reported.date(), signed_on)
    problems = validate_signature(
        signer.strip(), signed_on, SignatureMethod.INK, has_strokes=False, has_scan=True
    )
    if problems:
        raise SigningRefused(
            f"The signature cannot be recorded: the signer's {', '.join(problems)}"
            f" {'; '.join(problems.values())}."
        )
    step(0.8, "Recording the signature")
    sha256 = hashlib.sha256(data).hexdigest()
    named = _what(sent.kind, sent.record_id)
    with portfolio.transaction() as db:
        row = AttachmentRow(
            record_kind=sent.kind.value,
            record_id=sent.record_id,
            filename=(filename or (source.name if isinstance(source, Path) else "") or "signed.pdf")
            .encode("utf-8", "surrogatepass")
            .decode("utf-8", "replace")[:200],
            media_type="application/pdf",
            size=len(data),
            created_at=clock.utc_now(),
            data=data,
        )
        db.add(row)
        db.flush()
        attachment_id = row.id
        kept = KeptReturn(
            attachment_id,
            sent.request_id,
            sent.kind,
            sent.record_id,
            sent.version,
            sent.role,
            checked.digital is not None,
            method,
            sha256,
            clock.utc_now(),
            0,
        )
        record_return(
            db,
            kept,
            f"signed copy of {named} version {sent.version} accepted from the"
            f" {ROLE_LABEL[sent.role]} (request {sent.request_id}): {method}",
        )
    try:
        lifecycle.sign(
            portfolio,
            sent.kind,
            sent.record_id,
            sent.version,
            role=sent.role,
            signer_name=signer.strip(),
            signed_on=signed_on,
            method=SignatureMethod.INK,
            scan_attachment_id=attachment_id,
            how=method,
        )
    except KnownError as err:
        raise SigningRefused(err.message) from None
    step(1.0, "Done")
    return AcceptedReturn(
        sent.request_id,
        sent.kind,
        sent.record_id,
        sent.version,
        sent.role,
        signer.strip(),
        signed_on,
        checked.digital is not None,
        method,
        certificate,
        attachment_id,
        _changes(checked),
        warnings,
    )


_TITLES = frozenset(
    [
        "dr",
        "doctor",
        "prof",
        "professor",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "sir",
        "dame",
        "sister",
        "md",
        "frcp",
        "mrcp",
        "mbbs",
        "phd",
    ]
)


def same_person(one: str, other: str) -> bool:
    """Whether two ways of writing a name are one person's, as far as words tell:
    case, spacing, punctuation, titles and post-nominals aside ("Ada Example, MD" is
    "Dr Ada Example"; "Dr Poppler Mentor" is not)."""

    def words(name: str) -> frozenset[str]:
        found = re.findall(r"\w+", name.casefold())
        return frozenset(w for w in found if w not in _TITLES)

    return words(one) == words(other)


def _stored(kept: KeptReturn, row: AttachmentRow | None) -> StoredReturn:
    return StoredReturn(
        kept.attachment_id,
        kept.request_id,
        kept.kind,
        kept.record_id,
        kept.version,
        kept.role,
        kept.digital,
        kept.method,
        kept.at,
        row.filename if row is not None else "",
        row.size if row is not None else 0,
    )


def returns_of(portfolio: Portfolio, kind: RecordKind, record_id: int) -> list[StoredReturn]:
    """The returned PDFs kept with a record, oldest first (for History)."""
    with portfolio.transaction() as db:
        return [
            _stored(kept, db.get(AttachmentRow, kept.attachment_id))
            for kept in kept_returns(db, kind, record_id)
        ]


def returned_pdf(portfolio: Portfolio, attachment_id: int) -> bytes:
    """The bytes of a kept return (to show it; to save a copy use
    attachments.save_copy, which records it in the ledger)."""
    with portfolio.transaction() as db:
        if not any(k.attachment_id == attachment_id for k in kept_returns(db)):
            raise SigningRefused(f"There is no signed return number {attachment_id}.")
        data = attachment_bytes(db, attachment_id)
    if data is None:
        raise SigningRefused(f"The signed return number {attachment_id} is missing.")
    return data


def check_stored_return(portfolio: Portfolio, attachment_id: int) -> ReturnCheck:
    """Check a kept return again: the file is the one accepted (its hash in the audit
    log), its pages are still what was sent with only additions, and a digital
    signature still validates (the certificate's trust and expiry as they are
    today). Read-only."""
    with portfolio.transaction() as db:
        kept = next((k for k in kept_returns(db) if k.attachment_id == attachment_id), None)
        if kept is None:
            raise SigningRefused(f"There is no signed return number {attachment_id}.")
        row = db.get(AttachmentRow, attachment_id)
        stored = _stored(kept, row)
        data = attachment_bytes(db, attachment_id)
        sent = sent_requests(db).get(kept.request_id)
        copy = attachment_bytes(db, sent.copy_id) if sent is not None else None
    named = (
        f"The {ROLE_LABEL[kept.role]}'s signed copy of {_what(kept.kind, kept.record_id)}"
        f" version {kept.version}"
    )
    if data is None or hashlib.sha256(data).hexdigest() != kept.sha256:
        return ReturnCheck(
            stored,
            False,
            f"{named} is not the file that was accepted: it was changed or removed.",
            ("Run 'mentee-portfolio check' and restore a backup.",),
        )
    if copy is None or sent is None or hashlib.sha256(copy).hexdigest() != sent.sha256:
        return ReturnCheck(
            stored,
            False,
            f"{named} cannot be compared: the copy of the request sent is missing or changed.",
        )
    try:
        checked = _check_file(data, copy, stored.filename or "The stored file", at_import=False)
    except SigningRefused as refused:
        return ReturnCheck(stored, False, f"{named} no longer checks out: {refused.message}")
    details = [f"Method: {kept.method}."]
    certificate = None
    if checked.digital is not None:
        certificate = checked.digital.certificate
        details.append(
            f"Certificate: {certificate.subject}, SHA-256 {certificate.sha256};"
            f" {certificate.trust}."
        )
        now = clock.utc_now().replace(tzinfo=UTC)
        if now > certificate.not_after:
            details.append(
                f"The certificate has expired since (on {certificate.not_after:%-d %B %Y});"
                " the signature was checked when the certificate was current."
            )
        sentence = f"{named}: the digital signature is valid and covers the document sent."
    else:
        sentence = f"{named}: the pages are what was sent, with only the signature added."
    details.append(f"Added: {_changes(checked)}.")
    return ReturnCheck(stored, True, sentence, tuple(details), certificate)


def checks_for_version(
    portfolio: Portfolio, kind: RecordKind, record_id: int, version: int
) -> list[ReturnCheck]:
    """``check_stored_return`` for every return kept with one version (the Verify
    dialog and `verify PATH CODE` after a code's own check)."""
    with portfolio.transaction() as db:
        ids = [k.attachment_id for k in kept_returns(db, kind, record_id, version)]
    return [check_stored_return(portfolio, i) for i in ids]
