"""What is frozen, at the level of one database session: the versions of a signable
record, a pending amendment, signature bindings. Shared by the lifecycle, the
guards, `check`, `verify` and import; no public use case lives here.

A record is *frozen* when it has at least one version and no amendment is open:
its latest version is ready to sign, signed or locked, and the record itself may
not change until the user amends it. An open amendment is kept as a preference
row ``amendment:<kind>:<id>`` (reason and the version it amends), so it travels
with JSON exports; opening one always appends an ``amend`` audit entry, which
`check` cross-checks."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.canonical import canonical_json
from app.domain.enums import RecordKind, SignatureMethod, SignerRole, VersionStatus
from app.domain.errors import KnownError
from app.services.signing.signable import PARTY_KEYS, is_signable, signable_content, signing_of
from app.store.models import AttachmentRow, Preference, RecordVersionRow, SignatureRow

AMENDMENT_PREFIX = "amendment:"
MAX_STROKES = 2_000
MAX_POINTS = 100_000
MAX_PAD_SIZE = 10_000.0


@dataclass(frozen=True)
class OpenAmendment:
    kind: RecordKind
    record_id: int
    from_version: int
    reason: str


def versions_of(db: Session, kind: RecordKind, record_id: int) -> list[RecordVersionRow]:
    return list(
        db.scalars(
            select(RecordVersionRow)
            .where(
                RecordVersionRow.record_kind == kind.value, RecordVersionRow.record_id == record_id
            )
            .order_by(RecordVersionRow.version)
        )
    )


def version_row(
    db: Session, kind: RecordKind, record_id: int, version: int
) -> RecordVersionRow | None:
    """Version ``version`` of a record, or None if it has none of that number."""
    return db.scalars(
        select(RecordVersionRow).where(
            RecordVersionRow.record_kind == kind.value,
            RecordVersionRow.record_id == record_id,
            RecordVersionRow.version == version,
        )
    ).first()


def latest_version(db: Session, kind: RecordKind, record_id: int) -> RecordVersionRow | None:
    return db.scalars(
        select(RecordVersionRow)
        .where(RecordVersionRow.record_kind == kind.value, RecordVersionRow.record_id == record_id)
        .order_by(RecordVersionRow.version.desc())
        .limit(1)
    ).first()


def _amendment_key(kind: RecordKind, record_id: int) -> str:
    return f"{AMENDMENT_PREFIX}{kind.value}:{record_id}"


def open_amendment(db: Session, kind: RecordKind, record_id: int) -> OpenAmendment | None:
    row = db.get(Preference, _amendment_key(kind, record_id))
    if row is None:
        return None
    return parse_amendment(row.key, row.value)


def parse_amendment(key: str, value: str) -> OpenAmendment | None:
    """The amendment a preference row holds, or None if it is not a well-formed one."""
    try:
        _, kind_value, id_text = key.split(":")
        data = json.loads(value)
        return OpenAmendment(
            RecordKind(kind_value), int(id_text), int(data["from_version"]), str(data["reason"])
        )
    except (ValueError, KeyError, TypeError):
        return None


def all_amendments(db: Session) -> list[tuple[str, OpenAmendment | None]]:
    rows = db.scalars(select(Preference).where(Preference.key.startswith(AMENDMENT_PREFIX)))
    return [(row.key, parse_amendment(row.key, row.value)) for row in rows]


def set_amendment(
    db: Session, kind: RecordKind, record_id: int, from_version: int, reason: str
) -> None:
    db.add(
        Preference(
            key=_amendment_key(kind, record_id),
            value=json.dumps({"from_version": from_version, "reason": reason}, ensure_ascii=False),
        )
    )


def clear_amendment(db: Session, kind: RecordKind, record_id: int) -> None:
    row = db.get(Preference, _amendment_key(kind, record_id))
    if row is not None:
        db.delete(row)


def frozen_version(db: Session, kind: RecordKind, record_id: int | None) -> RecordVersionRow | None:
    """The version that keeps this record read-only, or None if it may be edited."""
    if record_id is None or not is_signable(kind):
        return None
    latest = latest_version(db, kind, record_id)
    if latest is None or open_amendment(db, kind, record_id) is not None:
        return None
    return latest


def canonical_strokes(strokes: Any) -> str:
    """The agreed stroke format, validated and in one exact textual form:
    ``{"h": pad height, "strokes": [[[x, y], ...], ...], "w": pad width}``, y downwards,
    numbers rounded to 0.1 of a pad unit."""
    if isinstance(strokes, str):
        try:
            strokes = json.loads(strokes)
        except json.JSONDecodeError:
            raise KnownError("The drawn signature is not readable.") from None
    if not isinstance(strokes, dict) or set(strokes) != {"w", "h", "strokes"}:
        raise KnownError("The drawn signature is not in the expected format.")

    def number(value: Any, limit: float) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not (math.isfinite(value) and 0 <= value <= limit)
        ):
            raise KnownError("The drawn signature has a point outside its pad.")
        return round(float(value), 1)

    width = number(strokes["w"], MAX_PAD_SIZE)
    height = number(strokes["h"], MAX_PAD_SIZE)
    lines = strokes["strokes"]
    if not isinstance(lines, list) or len(lines) > MAX_STROKES:
        raise KnownError("The drawn signature has too many strokes.")
    clean: list[list[list[float]]] = []
    total = 0
    for line in lines:
        if not isinstance(line, list) or not line:
            raise KnownError("The drawn signature has an empty stroke.")
        points = []
        for point in line:
            if not isinstance(point, list | tuple) or len(point) != 2:
                raise KnownError("The drawn signature has a malformed point.")
            points.append([number(point[0], width), number(point[1], height)])
        total += len(points)
        clean.append(points)
    if total > MAX_POINTS:
        raise KnownError("The drawn signature has too many points.")
    if total < 2:
        raise KnownError("The signature pad is empty: sign on the pad first.")
    return json.dumps(
        {"h": height, "strokes": clean, "w": width}, sort_keys=True, separators=(",", ":")
    )


def binding_hash(content_hash: str, role: SignerRole, strokes_json: str) -> str:
    """SHA-256 over the version's content hash, the role and the canonical strokes
    (empty for ink): a signature row moved to another version no longer matches."""
    return hashlib.sha256((content_hash + role.value + strokes_json).encode("utf-8")).hexdigest()


def signature_bound(signature: SignatureRow, version: RecordVersionRow) -> bool:
    strokes = ""
    if signature.method is SignatureMethod.DRAWN:
        try:
            strokes = canonical_strokes(signature.strokes_json)
        except KnownError:
            return False
    elif signature.strokes_json:
        return False
    return signature.binding_hash == binding_hash(version.content_hash, signature.role, strokes)


def signature_digest(db: Session, signature: SignatureRow, version: RecordVersionRow) -> str:
    """A digest of everything a signature row says, written into its audit entry so
    `check` notices a row changed outside the app."""
    scan_hash = ""
    if signature.scan_attachment_id is not None:
        data = db.execute(
            select(AttachmentRow.data).where(AttachmentRow.id == signature.scan_attachment_id)
        ).scalar()
        scan_hash = hashlib.sha256(data or b"").hexdigest()
    return hashlib.sha256(
        canonical_json(
            {
                "kind": version.record_kind,
                "id": version.record_id,
                "version": version.version,
                "role": signature.role,
                "name": signature.signer_name,
                "signed_on": signature.signed_on,
                "method": signature.method,
                "strokes": signature.strokes_json,
                "binding": signature.binding_hash,
                "scan": scan_hash,
            }
        ).encode("utf-8")
    ).hexdigest()


def signatures_of(db: Session, version_id: int) -> list[SignatureRow]:
    return list(
        db.scalars(
            select(SignatureRow)
            .where(SignatureRow.version_id == version_id)
            .order_by(SignatureRow.role)
        )
    )


def required_signers(kind: RecordKind) -> frozenset[SignerRole]:
    """Who must sign before a version is locked (fully signed), as the kind's spec says:
    both parties for an agreement; the mentee alone for the goals plan, the mentee's own
    plan (a mentor may still countersign it)."""
    return signing_of(kind).signers


def status_from_signatures(kind: RecordKind, roles: set[SignerRole]) -> VersionStatus:
    if required_signers(kind) <= roles:
        return VersionStatus.FULLY_SIGNED
    return VersionStatus.SIGNED if roles else VersionStatus.READY


def own_part(content_json: str) -> str:
    """A version's content without the parties (names of mentee and mentor, the
    relationship), which may change after signing without touching the record."""
    content = json.loads(content_json)
    return canonical_json({k: v for k, v in content.items() if k not in PARTY_KEYS})


def live_own_part(db: Session, kind: RecordKind, record_id: int) -> str | None:
    try:
        content = signable_content(db, kind, record_id)
    except KnownError:
        return None
    return own_part(canonical_json(content))
