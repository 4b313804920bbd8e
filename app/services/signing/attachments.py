"""Scans and photos of signed pages, kept inside the encrypted database (never as a
loose file). The type is decided by the file's first bytes, not its name."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import clock
from app.domain.enums import RecordKind
from app.domain.errors import KnownError, RecordNotFound
from app.domain.record_types import Attachment
from app.services import ledger
from app.services.mapping import to_record
from app.services.portfolio import Portfolio
from app.services.signing.signable import is_signable
from app.store import audit
from app.store.files import InputRefused, read_bounded
from app.store.models import AttachmentRow, SignatureRow

MAX_SCAN_BYTES = 25 * 1024 * 1024
# (magic bytes, media type, what to call it)
_MAGIC = (
    (b"%PDF-", "application/pdf", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "PNG image"),
    (b"\xff\xd8\xff", "image/jpeg", "JPEG photo"),
)
IMAGE_TYPES = frozenset({"image/png", "image/jpeg"})


class ScanRefused(KnownError):
    pass


@dataclass(frozen=True)
class ScanFile:
    attachment: Attachment
    data: bytes

    @property
    def is_image(self) -> bool:
        return self.attachment.media_type in IMAGE_TYPES


def _attachment(row: AttachmentRow) -> Attachment:
    record = to_record(row, Attachment)
    return replace(record, record_kind=RecordKind(row.record_kind))


_DCT_STREAM = re.compile(rb"/DCTDecode[^>]*>>\s*stream\r?\n", re.DOTALL)


def preview_images(scan: ScanFile, limit: int = 20) -> list[bytes]:
    """Images to show for a scan, from memory: the image itself, or the JPEG pages
    most scanners and phone scanning apps embed in a PDF. Empty if there are none
    (e.g. a PDF of text), in which case the user can save a copy to open it."""
    if scan.is_image:
        return [scan.data]
    if scan.attachment.media_type != "application/pdf":
        return []
    images: list[bytes] = []
    for match in _DCT_STREAM.finditer(scan.data):
        end = scan.data.find(b"endstream", match.end())
        if end < 0:
            break
        body = scan.data[match.end() : end].rstrip(b"\r\n")
        if body.startswith(b"\xff\xd8\xff"):
            images.append(body)
        if len(images) >= limit:
            break
    return images


def sniff(data: bytes) -> str | None:
    """The media type the content really is (PDF, PNG or JPEG), else None."""
    # Some PDF writers put a few bytes of junk before the header; readers allow 1 KB.
    head = data[:1024]
    for magic, media_type, _ in _MAGIC:
        if data.startswith(magic) or (magic == b"%PDF-" and magic in head):
            return media_type
    return None


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ScanRefused(f"{path.name} is a folder; choose the scanned file.")
        if size > MAX_SCAN_BYTES:
            raise ScanRefused(
                f"{path.name} is {size / 1024 / 1024:.1f} MB; a scan can be at most"
                f" {MAX_SCAN_BYTES // 1024 // 1024} MB. Scan at 150-300 dpi, or save the"
                " photo at a lower quality, and try again."
            )
        data = read_bounded(path, MAX_SCAN_BYTES, "scan")  # never a device: /dev/zero has size 0
    except InputRefused as refused:
        raise ScanRefused(refused.message) from None
    except FileNotFoundError:
        raise ScanRefused(f"There is no file at {path}.") from None
    except OSError as exc:
        raise ScanRefused(f"Cannot read {path}: {exc.strerror}.") from None
    return data


def add_scan(
    portfolio: Portfolio, kind: RecordKind, record_id: int, source: Path | bytes, filename: str = ""
) -> Attachment:
    """Store a scan or photo of a signed page for one record; returns it (with its id,
    to pass to lifecycle.sign)."""
    if not is_signable(kind):
        raise KnownError(f"{kind.label} records have no signed pages.")
    if isinstance(source, Path):
        data = _read(source.expanduser())
        filename = filename or source.name
    else:
        data = source
        if len(data) > MAX_SCAN_BYTES:
            raise ScanRefused(
                f"That scan is {len(data) / 1024 / 1024:.1f} MB; a scan can be"
                f" at most {MAX_SCAN_BYTES // 1024 // 1024} MB."
            )
    media_type = sniff(data)
    if media_type is None:
        shown = filename or "That file"
        raise ScanRefused(
            f"{shown} is not a PDF, PNG or JPEG file; scan or photograph the"
            " signed page into one of those."
        )
    row = AttachmentRow(
        record_kind=kind.value,
        record_id=record_id,
        # A name that is not UTF-8 (Linux allows any bytes) keeps its readable part.
        filename=(filename or "scan")
        .encode("utf-8", "surrogatepass")
        .decode("utf-8", "replace")[:200],
        media_type=media_type,
        size=len(data),
        created_at=clock.utc_now(),
        data=data,
    )
    with portfolio.transaction() as db:
        db.add(row)
        db.flush()
        audit.append(
            db,
            "attach",
            kind.value,
            record_id,
            detail=f"scan of the signed page added ({media_type}, {len(data)} bytes)",
        )
        return _attachment(row)


def get_scan(portfolio: Portfolio, attachment_id: int) -> ScanFile:
    with portfolio.transaction() as db:
        row = db.get(AttachmentRow, attachment_id)
        if row is None:
            raise RecordNotFound(f"There is no attachment number {attachment_id}.")
        return ScanFile(_attachment(row), bytes(row.data))


def scans_of(portfolio: Portfolio, kind: RecordKind, record_id: int) -> list[Attachment]:
    with portfolio.transaction() as db:
        rows = db.scalars(
            select(AttachmentRow)
            .where(AttachmentRow.record_kind == kind.value, AttachmentRow.record_id == record_id)
            .order_by(AttachmentRow.id)
        )
        return [_attachment(r) for r in rows]


def save_copy(portfolio: Portfolio, attachment_id: int, target: Path) -> None:
    """Write a scan where the user chose (mode 0600); the only way one leaves the
    encrypted portfolio."""
    scan = get_scan(portfolio, attachment_id)
    outgoing = ledger.Outgoing(
        ledger.SCAN,
        f"Scan of the signed page ({scan.attachment.media_type})",
        (ledger.RecordRef(scan.attachment.record_kind.value, scan.attachment.record_id),),
        (ledger.SCANNED,),
    )
    ledger.save(portfolio, outgoing, scan.data, target, "the scan")


def is_in_use(portfolio: Portfolio, attachment_id: int) -> bool:
    with portfolio.transaction() as db:
        return _in_use(db, attachment_id)


def _in_use(db: Session, attachment_id: int) -> bool:
    """Whether a signature names the scan as the page it was signed on."""
    query = select(SignatureRow.id).where(SignatureRow.scan_attachment_id == attachment_id)
    return db.scalars(query).first() is not None


def discard_if_unused(portfolio: Portfolio, attachment_id: int) -> bool:
    """Remove a scan no signature refers to (one added for a signature that was then
    refused or cancelled). Returns whether it was removed."""
    with portfolio.transaction() as db:
        if _in_use(db, attachment_id):
            return False
        row = db.get(AttachmentRow, attachment_id)
        if row is None:
            return False
        db.delete(row)
        audit.append(
            db,
            "delete",
            RecordKind.ATTACHMENT.value,
            attachment_id,
            detail="unused scan removed",
        )
        return True
