"""Signing requests (issue 19): a PDF of exactly one frozen version, as printing makes
it, with an empty PDF signature field at the signer's signature block, a first-page
note on how to sign it in common readers, and the request bound to the version in
its XMP metadata and in an embedded file, so a returned copy can be matched even
after a reader rewrote it. The request is checked before it leaves (the check before
sharing), written where the user chose (app.services.ledger: the ledger of what left
the portfolio), and recorded in the audit log ("signing request for ... sent"), with
a copy of the file sent kept encrypted in the portfolio: a return is compared with it."""

from __future__ import annotations

import hashlib
import io
import secrets
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata import model as xmp
from pyhanko.sign.fields import SigFieldSpec, append_signature_field
from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy.orm import Session

from app.domain import clock, registry
from app.domain.enums import RecordKind, SignerRole, VersionStatus
from app.domain.identifiers import IdentifierHit
from app.printing.blocks import callout
from app.printing.layout import build_pdf
from app.printing.text import plain
from app.services import ledger
from app.services.appraisal_text import people_names
from app.services.documents import (
    build_for,
    page_mark,
    record_name,
    setup_for,
    signable_page,
    signable_story,
)
from app.services.portfolio import Portfolio
from app.services.sharing_check import document_findings, keep
from app.services.signing import frozen
from app.services.signing.binding import EMBEDDED_NAME, SIGNATURE_FIELD, XMP_NAMESPACE, Binding
from app.services.signing.lifecycle import ROLE_LABEL
from app.services.signing.return_records import COPY_PREFIX, SentRequest, record_request
from app.services.signing.returns_api import SigningRefused, SigningRequest
from app.services.signing.signable import is_signable
from app.store.models import AttachmentRow

__all__ = [
    "SigningRefused",
    "SigningRequest",
    "make_signing_request",
    "request_findings",
    "suggested_file_name",
]

COPY_MEDIA_TYPE = "application/pdf"


def _document_name(kind: RecordKind) -> str:
    own = [d for d in registry.spec(kind).documents if d.per is None]
    return own[0].name if own else kind.value


def request_findings(portfolio: Portfolio, kind: RecordKind, record_id: int) -> list[IdentifierHit]:
    """What the check before sharing finds in the record's text (likely identifiers,
    discoverable detail), as the other ways out ask it. Show them to the mentee; make
    the request with ``confirm_findings=True`` only if they choose to keep them."""
    return document_findings(portfolio, people_names(portfolio), _document_name(kind), record_id)


def suggested_file_name(portfolio: Portfolio, kind: RecordKind, record_id: int) -> str:
    """A name to offer in the Save dialog, e.g. "session-3-v2-for-signature.pdf"."""
    with portfolio.transaction() as db:
        latest = frozen.latest_version(db, kind, record_id)
    version = f"-v{latest.version}" if latest is not None else ""
    return f"{kind.value.replace('_', '-')}-{record_id}{version}-for-signature.pdf"


def _how_to_sign(role: SignerRole, mentee: str) -> tuple[str, str]:
    """The first page's note: a headline and how to sign in common readers."""
    box = f"the {ROLE_LABEL[role]}'s signature box"
    back = f"send it back to {mentee}" if mentee and role is SignerRole.MENTOR else "keep it"
    headline = f"Signing request: please sign in {box} below and {back}."
    how = (
        "Adobe Acrobat Reader: click the signature field and sign with your certificate"
        " (digital ID), or use Fill & Sign to draw or type your signature in the box."
        " macOS Preview: Markup, then Sign. Okular: Tools, Digitally Sign, or draw with"
        " a freehand annotation. Or print the pages, sign in ink and scan them. Then save"
        " the PDF under any name and return it. Change nothing else: the portfolio checks"
        " that only a signature was added to what was sent."
    )
    return headline, how


def _check_version(db: Session, kind: RecordKind, record_id: int, role: SignerRole) -> Any:
    latest = frozen.latest_version(db, kind, record_id)
    what = f"{kind.label.lower()} {record_id}"
    if latest is None:
        raise SigningRefused(
            f"This {kind.label.lower()} is not ready to sign yet: mark it ready to sign first."
        )
    if frozen.open_amendment(db, kind, record_id) is not None:
        raise SigningRefused(
            f"{what.capitalize()} is being amended: mark the amended record ready to sign"
            " first, then send that for signature."
        )
    if latest.status is VersionStatus.FULLY_SIGNED:
        raise SigningRefused(f"Version {latest.version} of {what} is already signed by everyone.")
    if any(s.role is role for s in frozen.signatures_of(db, latest.id)):
        raise SigningRefused(
            f"The {ROLE_LABEL[role]} has already signed version {latest.version} of {what}."
        )
    return latest


def _request_pdf(
    db: Session, portfolio: Portfolio, kind: RecordKind, record_id: int, binding: Binding
) -> tuple[bytes, int, tuple[str, ...]]:
    """The request's bytes, pages and printing warnings."""
    setup = setup_for(db)
    page = signable_page(db, portfolio.portfolio_id, kind, record_id, binding.version)
    build = build_for(db, setup)
    title, story = signable_story(page, build)
    headline, how = _how_to_sign(binding.role, page.content["parties"].mentee_named)
    # Under the page's title and subtitle, which every page starts with.
    story[2:2] = [
        callout(headline, build.report),
        plain(how, build.report, "note"),
        Spacer(1, 4 * mm),
    ]
    built = build_pdf(story, setup, page_mark(page, title, record_name(page)), build.report)
    label = ROLE_LABEL[binding.role].capitalize()
    box = next((b for b in built.signature_boxes if b.role == label), None)
    if box is None:  # every signable page draws both signers' boxes
        raise SigningRefused(f"The {label.lower()}'s signature box is not on these pages.")
    writer = IncrementalPdfFileWriter(io.BytesIO(built.data))
    append_signature_field(
        writer,
        SigFieldSpec(
            SIGNATURE_FIELD[binding.role],
            on_page=box.page - 1,
            box=(int(box.x0), int(box.y0), int(box.x1 + 0.5), int(box.y1 + 0.5)),
            readable_field_name=f"{label}'s signature",
        ),
    )
    embed.embed_file(
        writer,
        embed.FileSpec(
            file_spec_string=EMBEDDED_NAME,
            file_name=EMBEDDED_NAME,
            embedded_data=embed.EmbeddedFileObject.from_file_data(
                writer,
                binding.json_bytes(),
                mime_type="application/json",
                params=embed.EmbeddedFileParams(
                    embed_size=True, embed_checksum=True, creation_date=clock.now()
                ),
            ),
            description="Which portfolio, record and version this signing request is for",
            af_relationship=generic.NameObject("/Data"),
        ),
    )
    writer.document_meta.xmp_extra = [
        xmp.XmpStructure(
            {
                xmp.ExpandedName(XMP_NAMESPACE, key): xmp.XmpValue(value)
                for key, value in binding.xmp_values().items()
            }
        )
    ]
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue(), built.pages, built.warnings


def make_signing_request(
    portfolio: Portfolio,
    kind: RecordKind,
    record_id: int,
    out: Path,
    *,
    role: SignerRole = SignerRole.MENTOR,
    confirm_findings: bool = False,
) -> SigningRequest:
    """Write a signing request for the record's current frozen version to ``out``.

    The version must be ready to sign or partly signed (not superseded, not being
    amended) and not yet signed by ``role``. Refuses with SigningRefused (nothing
    written, nothing recorded) otherwise, and when the check before sharing finds
    something in the record's text unless ``confirm_findings`` (what was found is then
    recorded as kept, as for a record's PDF). On success the file is written (0600,
    atomically, never over the portfolio's own files) and recorded in the ledger
    (SIGNING_REQUEST) and the audit log, with its random request id; a copy of the
    file sent is kept encrypted in the portfolio."""
    if not is_signable(kind):
        raise SigningRefused(f"{kind.label} records are not signed.")
    if portfolio.read_only:
        raise SigningRefused(
            "This portfolio is open read-only, so a signing request could not be recorded"
            " and its signed copy could not be accepted; open it where it can be changed."
        )
    with portfolio.transaction() as db:
        latest = _check_version(db, kind, record_id, role)
        binding = Binding(
            portfolio.portfolio_id,
            kind,
            record_id,
            latest.version,
            latest.content_hash,
            secrets.token_hex(16),
            role,
        )
    hits = request_findings(portfolio, kind, record_id)
    if hits and not confirm_findings:
        raise SigningRefused(
            f"The check before sharing found {len(hits)} possible identifier(s) or"
            " detail(s) in this record; edit them out (amend it), or confirm that they"
            " may leave the portfolio."
        )
    with portfolio.transaction() as db:
        data, pages, warnings = _request_pdf(db, portfolio, kind, record_id, binding)
    what = f"{kind.label.lower()} {record_id} version {binding.version}"
    sha256 = hashlib.sha256(data).hexdigest()
    kept: tuple[str, ...] = ()
    if hits:
        kept = keep(portfolio, f"signing request for {what}", hits)
    sent_to = ROLE_LABEL[role]

    def record(db: Session) -> None:
        copy = AttachmentRow(
            record_kind=kind.value,
            record_id=record_id,
            filename=f"{COPY_PREFIX}{binding.request_id}.pdf",
            media_type=COPY_MEDIA_TYPE,
            size=len(data),
            created_at=clock.utc_now(),
            data=data,
        )
        db.add(copy)
        db.flush()
        sent = SentRequest(
            binding.request_id,
            kind,
            record_id,
            binding.version,
            binding.content_hash,
            role,
            sha256,
            copy.id,
            0,
        )
        record_request(
            db,
            sent,
            f"signing request for {what} sent to the {sent_to} (request {binding.request_id})",
        )

    outgoing = ledger.Outgoing(
        ledger.SIGNING_REQUEST,
        f"Signing request for {what}",
        (ledger.RecordRef(kind.value, record_id, binding.version),),
    )
    unrecorded = ledger.save(
        portfolio, outgoing, data, out, "the signing request", also_record=record
    )
    return SigningRequest(
        binding.request_id,
        kind,
        record_id,
        binding.version,
        binding.content_hash,
        role,
        str(out),
        pages,
        sha256,
        warnings + kept + unrecorded,
    )
