"""What the audit log keeps of signing requests and signed returns: each request sent
(``sign-request``) and each return accepted (``sign-return``), as JSON details with a
sentence for the history. The audit log is the store: append-only, hash-chained, and
carried by JSON exports; the files themselves (the copy sent, the file returned) are
attachments, encrypted in the database like scans."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import RecordKind, SignerRole
from app.store import audit
from app.store.models import AttachmentRow, AuditRow

REQUEST_ACTION = "sign-request"
RETURN_ACTION = "sign-return"
ACTION_LABELS = {REQUEST_ACTION: "Signing request sent", RETURN_ACTION: "Signed copy accepted"}
COPY_PREFIX = "signing-request-"


@dataclass(frozen=True)
class SentRequest:
    """A request as the audit log records it."""

    request_id: str
    kind: RecordKind
    record_id: int
    version: int
    content_hash: str
    role: SignerRole
    sha256: str  # of the file sent
    copy_id: int  # the attachment keeping the file sent
    seq: int  # its audit entry


@dataclass(frozen=True)
class KeptReturn:
    """A return as the audit log records it."""

    attachment_id: int
    request_id: str
    kind: RecordKind
    record_id: int
    version: int
    role: SignerRole
    digital: bool
    method: str
    sha256: str
    at: datetime
    seq: int


def _json(detail: str) -> dict[str, Any]:
    plain = json.loads(detail)
    if not isinstance(plain, dict):
        raise ValueError("not an object")
    return plain


def _sent(row: AuditRow) -> SentRequest | None:
    try:
        plain = _json(row.detail)
        return SentRequest(
            str(plain["request"]),
            RecordKind(row.record_kind),
            int(row.record_id or 0),
            int(row.version or 0),
            str(plain["content_hash"]),
            SignerRole(plain["role"]),
            str(plain["sha256"]),
            int(plain["copy"]),
            int(row.seq),
        )
    except (ValueError, KeyError, TypeError):
        return None


def _kept(row: AuditRow) -> KeptReturn | None:
    try:
        plain = _json(row.detail)
        return KeptReturn(
            int(plain["attachment"]),
            str(plain["request"]),
            RecordKind(row.record_kind),
            int(row.record_id or 0),
            int(row.version or 0),
            SignerRole(plain["role"]),
            bool(plain["digital"]),
            str(plain["method"]),
            str(plain["sha256"]),
            row.at,
            int(row.seq),
        )
    except (ValueError, KeyError, TypeError):
        return None


def sent_requests(db: Session) -> dict[str, SentRequest]:
    """Every request this portfolio sent, by request id."""
    rows = db.scalars(select(AuditRow).where(AuditRow.action == REQUEST_ACTION))
    found = (_sent(row) for row in rows)
    return {s.request_id: s for s in found if s is not None}


def kept_returns(
    db: Session,
    kind: RecordKind | None = None,
    record_id: int | None = None,
    version: int | None = None,
) -> list[KeptReturn]:
    """The returns accepted (of one record, or one version), oldest first."""
    query = select(AuditRow).where(AuditRow.action == RETURN_ACTION)
    if kind is not None:
        query = query.where(AuditRow.record_kind == kind.value)
    if record_id is not None:
        query = query.where(AuditRow.record_id == record_id)
    if version is not None:
        query = query.where(AuditRow.version == version)
    found = (_kept(row) for row in db.scalars(query.order_by(AuditRow.seq)))
    return [k for k in found if k is not None]


def record_request(
    db: Session,
    sent: SentRequest,
    sentence: str,
) -> None:
    detail = {
        "sentence": sentence,
        "request": sent.request_id,
        "role": sent.role.value,
        "content_hash": sent.content_hash,
        "sha256": sent.sha256,
        "copy": sent.copy_id,
    }
    audit.append(
        db,
        REQUEST_ACTION,
        sent.kind.value,
        sent.record_id,
        sent.version,
        detail=json.dumps(detail, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
    )


def record_return(db: Session, kept: KeptReturn, sentence: str) -> None:
    detail = {
        "sentence": sentence,
        "attachment": kept.attachment_id,
        "request": kept.request_id,
        "role": kept.role.value,
        "digital": kept.digital,
        "method": kept.method,
        "sha256": kept.sha256,
    }
    audit.append(
        db,
        RETURN_ACTION,
        kept.kind.value,
        kept.record_id,
        kept.version,
        detail=json.dumps(detail, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
    )


def describe(detail: str) -> str:
    """A request's or return's audit detail as its sentence (for the history)."""
    try:
        return str(_json(detail)["sentence"])
    except (ValueError, KeyError, TypeError):
        return detail


def returned_slots(db: Session, version_id: int) -> dict[int, bool]:
    """For printing a version: attachment id -> digital, of the returns whose file a
    signature on it names."""
    from app.store.models import RecordVersionRow

    row = db.get(RecordVersionRow, version_id)
    if row is None:
        return {}
    kept = kept_returns(db, RecordKind(row.record_kind), row.record_id, row.version)
    return {k.attachment_id: k.digital for k in kept}


def attachment_bytes(db: Session, attachment_id: int) -> bytes | None:
    row = db.get(AttachmentRow, attachment_id)
    return None if row is None else bytes(row.data)


def is_request_copy(filename: str) -> bool:
    """Whether an attachment is a request's kept copy (by the name it is kept under)."""
    return filename.startswith(COPY_PREFIX)
