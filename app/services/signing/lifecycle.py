"""The life of a signable record: draft -> ready to sign (frozen as version n) ->
signed by mentee and/or mentor -> locked; amend -> edit -> ready to sign as version
n+1, which supersedes n. Every earlier version stays readable and printable; no
version's content ever changes (database triggers back this up).

Which kinds are signed, who must sign and what a signature covers, each kind's spec
declares (``RecordKindSpec.signing``); see ``frozen.required_signers``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import clock, registry
from app.domain.bidi import isolate
from app.domain.canonical import canonical_json, content_hash, make_code
from app.domain.enums import RecordKind, SignatureMethod, SignerRole, VersionStatus
from app.domain.errors import KnownError, RecordFrozen, RecordNotFound, ValidationFailed
from app.domain.record_types import Relationship
from app.domain.validation import text_problem, validate_signature
from app.services.portable import record_from_plain
from app.services.portfolio import Portfolio
from app.services.signing import frozen
from app.services.signing.return_records import kept_returns
from app.services.signing.signable import is_signable, signable_content, signing_of
from app.store import audit
from app.store.models import AttachmentRow, RecordVersionRow, SignatureRow
from app.store.rows import row_of

MAX_REASON = 2_000
ROLE_LABEL = {SignerRole.MENTEE: "mentee", SignerRole.MENTOR: "mentor"}
METHOD_LABEL = {SignatureMethod.INK: "ink on paper", SignatureMethod.DRAWN: "drawn in the app"}
STATUS_LABEL = {
    VersionStatus.READY: "ready to sign",
    VersionStatus.SIGNED: "partly signed",
    VersionStatus.FULLY_SIGNED: "signed and locked",
    VersionStatus.SUPERSEDED: "superseded",
}


@dataclass(frozen=True)
class SignatureInfo:
    role: SignerRole
    signer_name: str
    signed_on: date
    method: SignatureMethod
    strokes_json: str
    scan_attachment_id: int | None
    bound: bool  # the binding hash matches this version
    # A signature from a signed return: its method sentence ("returned PDF, digitally
    # signed by ..."), said instead of "ink on paper"; else "".
    returned: str = ""

    @property
    def summary(self) -> str:
        """Who signed, how and when, as the command line says it."""
        return self._summary(self.signer_name)

    @property
    def summary_on_screen(self) -> str:
        """The summary for the window: the signer's name isolated, so that a
        right-to-left name never reorders the sentence."""
        return self._summary(isolate(self.signer_name))

    def _summary(self, name: str) -> str:
        return (
            f"{name} ({ROLE_LABEL[self.role]}) on"
            f" {self.signed_on.strftime('%-d %B %Y')}, {self.returned or METHOD_LABEL[self.method]}"
        )


@dataclass(frozen=True)
class VersionInfo:
    kind: RecordKind
    record_id: int
    version: int
    status: VersionStatus
    content_hash: str
    content_json: str
    reason: str
    created_at: datetime
    code: str
    signatures: tuple[SignatureInfo, ...]

    @property
    def content(self) -> dict[str, Any]:
        """The frozen content as plain JSON values (what the page printed)."""
        return dict(json.loads(self.content_json))

    def content_objects(self) -> dict[str, Any]:
        """The frozen content in the shape ``signable_content`` returns (dataclasses for
        records, strings for names), so a page renderer can print an earlier or a
        signed version exactly as it was frozen."""
        return content_objects(self.content)

    def signature(self, role: SignerRole) -> SignatureInfo | None:
        return next((s for s in self.signatures if s.role is role), None)


@dataclass(frozen=True)
class SignatureStatus:
    """For lists and the Overview: one of "unsigned", "ready to sign", "awaiting
    mentor", "awaiting mentee", "signed", "amended", and a sentence saying more."""

    label: str
    version: int | None
    detail: str


def content_types() -> dict[str, type[Any]]:
    """The record type behind each key of frozen content, from the signable kinds' specs:
    a kind's own key ("session"), its parts' keys ("actions") and the relationship."""
    types: dict[str, type[Any]] = {"relationship": Relationship}
    for spec in registry.signable():
        signing = signing_of(spec.kind)
        if signing.key is not None:
            types[signing.key] = spec.dataclass
        for part in signing.parts:
            types[part.key] = registry.spec(part.kind).dataclass
    return types


def content_objects(content: dict[str, Any]) -> dict[str, Any]:
    types = content_types()
    objects: dict[str, Any] = {}
    for key, value in content.items():
        record_type = types.get(key)
        if record_type is None or value is None:
            objects[key] = value
        elif isinstance(value, list):
            objects[key] = [record_from_plain(record_type, item) for item in value]
        else:
            objects[key] = record_from_plain(record_type, value)
    return objects


def _now() -> datetime:
    return clock.utc_now()


def _check_kind(kind: RecordKind) -> None:
    if not is_signable(kind):
        raise KnownError(f"{kind.label} records are not signed.")


def version_info(db: Session, portfolio_id: str, row: RecordVersionRow) -> VersionInfo:
    kind = RecordKind(row.record_kind)
    returned = {
        kept.attachment_id: kept.method
        for kept in kept_returns(db, kind, row.record_id, row.version)
    }
    signatures = tuple(
        SignatureInfo(
            s.role,
            s.signer_name,
            s.signed_on,
            s.method,
            s.strokes_json,
            s.scan_attachment_id,
            frozen.signature_bound(s, row),
            returned.get(s.scan_attachment_id or 0, ""),
        )
        for s in frozen.signatures_of(db, row.id)
    )
    code = make_code(portfolio_id, kind, row.record_id, row.version, row.content_hash)
    return VersionInfo(
        kind,
        row.record_id,
        row.version,
        row.status,
        row.content_hash,
        row.content_json,
        row.reason,
        row.created_at,
        code.text,
        signatures,
    )


def _what(kind: RecordKind, record_id: int) -> str:
    return f"{kind.label.lower()} {record_id}"


def mark_ready(portfolio: Portfolio, kind: RecordKind, record_id: int) -> VersionInfo:
    """Freeze the record's current content as its next version, ready to sign.
    Marking the same unchanged content ready again returns the existing version."""
    _check_kind(kind)
    with portfolio.transaction() as db:
        content = signable_content(db, kind, record_id)
        signing = signing_of(kind)
        if signing.needs_parts and not any(content[part.key] for part in signing.parts):
            raise KnownError(signing.needs_parts)
        content_json = canonical_json(content)
        digest = content_hash(content_json)
        latest = frozen.latest_version(db, kind, record_id)
        amendment = frozen.open_amendment(db, kind, record_id)
        if latest is not None and amendment is None:
            if latest.content_hash == digest:
                return version_info(db, portfolio.portfolio_id, latest)
            raise RecordFrozen(
                f"Version {latest.version} of this {kind.label.lower()} is already"
                f" {STATUS_LABEL[latest.status]}. To change it, choose Amend first."
            )
        if latest is not None and latest.content_hash == digest:
            raise KnownError(
                f"Nothing has changed since version {latest.version}. Make the changes the"
                " amendment is for first, or cancel the amendment."
            )
        number = 1 if latest is None else latest.version + 1
        reason = amendment.reason if amendment is not None else ""
        row = RecordVersionRow(
            record_kind=kind.value,
            record_id=record_id,
            version=number,
            status=VersionStatus.READY,
            content_json=content_json,
            content_hash=digest,
            reason=reason,
            created_at=_now(),
        )
        db.add(row)
        detail = f"version {number} frozen, ready to sign; content {digest}"
        if latest is not None:
            latest.status = VersionStatus.SUPERSEDED
            frozen.clear_amendment(db, kind, record_id)
            detail += f"; supersedes version {latest.version}: {reason}"
        db.flush()
        audit.append(db, "ready", kind.value, record_id, number, detail=detail)
        return version_info(db, portfolio.portfolio_id, row)


def sign(
    portfolio: Portfolio,
    kind: RecordKind,
    record_id: int,
    version: int,
    *,
    role: SignerRole,
    signer_name: str,
    signed_on: date,
    method: SignatureMethod,
    strokes: Any = None,
    scan_attachment_id: int | None = None,
    how: str = "",
) -> VersionInfo:
    """Record one signature on a frozen version. ``strokes`` (drawn only) follows the
    agreed format ``{"w", "h", "strokes"}``; ``scan_attachment_id`` (ink only) is a
    scan or photo of the signed page added with attachments.add_scan, or a signed
    return (app.services.signing.returns), whose method sentence ``how`` says how it
    was signed in the audit entry instead of "ink on paper"."""
    _check_kind(kind)
    name = signer_name.strip()
    problems = validate_signature(
        name,
        signed_on,
        method,
        has_strokes=strokes is not None,
        has_scan=scan_attachment_id is not None,
    )
    if not name:
        problems["name"] = f"enter the {ROLE_LABEL[role]}'s name as signed"
    with portfolio.transaction() as db:
        row = frozen.version_row(db, kind, record_id, version)
        if row is None:
            raise RecordNotFound(f"There is no version {version} of {_what(kind, record_id)}.")
        if problems:
            raise ValidationFailed(problems)
        if row.status is VersionStatus.SUPERSEDED:
            latest = frozen.latest_version(db, kind, record_id)
            raise RecordFrozen(
                f"Version {version} was superseded by version"
                f" {latest.version if latest else version + 1}; sign the current version."
            )
        if frozen.open_amendment(db, kind, record_id) is not None:
            raise RecordFrozen(
                f"Version {version} is being amended; mark the amended record"
                " ready to sign and sign that instead."
            )
        existing = {s.role for s in frozen.signatures_of(db, row.id)}
        if role in existing:
            raise KnownError(f"The {ROLE_LABEL[role]} has already signed version {version}.")
        strokes_json = frozen.canonical_strokes(strokes) if strokes is not None else ""
        if scan_attachment_id is not None:
            scan = db.get(AttachmentRow, scan_attachment_id)
            if scan is None or scan.record_kind != kind.value or scan.record_id != record_id:
                raise KnownError("That scan belongs to another record; add it again here.")
        signature = SignatureRow(
            version_id=row.id,
            role=role,
            signer_name=name,
            signed_on=signed_on,
            method=method,
            strokes_json=strokes_json,
            binding_hash=frozen.binding_hash(row.content_hash, role, strokes_json),
            scan_attachment_id=scan_attachment_id,
            recorded_at=_now(),
        )
        db.add(signature)
        db.flush()
        new_status = frozen.status_from_signatures(kind, existing | {role})
        if row.status is not VersionStatus.FULLY_SIGNED:
            row.status = new_status
        digest = frozen.signature_digest(db, signature, row)
        audit.append(
            db,
            "sign",
            kind.value,
            record_id,
            version,
            detail=f"{name} ({ROLE_LABEL[role]}) signed, {how or METHOD_LABEL[method]}, dated"
            f" {signed_on.isoformat()}; signature {digest}",
        )
        return version_info(db, portfolio.portfolio_id, row)


def amend(portfolio: Portfolio, kind: RecordKind, record_id: int, reason: str) -> None:
    """Open the record for editing again. The next mark_ready freezes version n+1,
    carrying ``reason``, and marks version n superseded."""
    _check_kind(kind)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": "say why the record is being amended"})
    problem = text_problem(reason, MAX_REASON)
    if problem:
        raise ValidationFailed({"reason": problem})
    with portfolio.transaction() as db:
        latest = frozen.latest_version(db, kind, record_id)
        if latest is None:
            raise KnownError(
                f"This {kind.label.lower()} has not been prepared for signing,"
                " so it can simply be edited."
            )
        if frozen.open_amendment(db, kind, record_id) is not None:
            raise KnownError(f"This {kind.label.lower()} is already being amended.")
        frozen.set_amendment(db, kind, record_id, latest.version, reason)
        audit.append(
            db,
            "amend",
            kind.value,
            record_id,
            latest.version,
            detail=f"amending version {latest.version}: {reason}",
        )


def cancel_amendment(portfolio: Portfolio, kind: RecordKind, record_id: int) -> None:
    """Close an amendment that changed nothing, leaving the last version as it was."""
    with portfolio.transaction() as db:
        amendment = frozen.open_amendment(db, kind, record_id)
        latest = frozen.latest_version(db, kind, record_id)
        if amendment is None or latest is None:
            raise KnownError(f"This {kind.label.lower()} is not being amended.")
        current = content_hash(canonical_json(signable_content(db, kind, record_id)))
        if current != latest.content_hash:
            raise KnownError(
                "The record was changed since the amendment began; mark it ready to sign as"
                f" version {latest.version + 1} or undo the changes first."
            )
        frozen.clear_amendment(db, kind, record_id)
        audit.append(
            db,
            "amend-cancelled",
            kind.value,
            record_id,
            latest.version,
            detail=f"amendment of version {latest.version} cancelled, nothing changed",
        )


def history(portfolio: Portfolio, kind: RecordKind, record_id: int) -> list[VersionInfo]:
    """Every version of a record, oldest first."""
    with portfolio.transaction() as db:
        return [
            version_info(db, portfolio.portfolio_id, row)
            for row in frozen.versions_of(db, kind, record_id)
        ]


def get_version(
    portfolio: Portfolio, kind: RecordKind, record_id: int, version: int
) -> VersionInfo:
    with portfolio.transaction() as db:
        row = frozen.version_row(db, kind, record_id, version)
        if row is None:
            raise RecordNotFound(f"There is no version {version} of {_what(kind, record_id)}.")
        return version_info(db, portfolio.portfolio_id, row)


def is_frozen(portfolio: Portfolio, kind: RecordKind, record_id: int) -> bool:
    with portfolio.transaction() as db:
        return frozen.frozen_version(db, kind, record_id) is not None


UNSIGNED = SignatureStatus("unsigned", None, "Not yet prepared for signing.")


def _status_of(
    kind: RecordKind,
    number: int,
    status: VersionStatus,
    roles: set[SignerRole],
    amendment: frozen.OpenAmendment | None,
) -> SignatureStatus:
    """The status of a record whose latest version is ``number``."""
    if amendment is not None:
        return SignatureStatus(
            "amended",
            number,
            # A sentence for the window only (the command line prints the label).
            f"Being amended ({isolate(amendment.reason)}); the amended record needs signing again.",
        )
    suffix = f" (version {number}, amended)" if number > 1 else f" (version {number})"
    if status is VersionStatus.FULLY_SIGNED:
        who = " and ".join(
            ROLE_LABEL[r] for r in (SignerRole.MENTEE, SignerRole.MENTOR) if r in roles
        )
        return SignatureStatus("signed", number, f"Signed by {who}{suffix}.")
    if not roles:
        return SignatureStatus(
            "ready to sign", number, f"Printed and waiting for signatures{suffix}."
        )
    missing = frozen.required_signers(kind) - roles
    waiting = "mentor" if SignerRole.MENTOR in missing else "mentee"
    return SignatureStatus(
        f"awaiting {waiting}",
        number,
        f"Signed by the {ROLE_LABEL[next(iter(roles))]}; waiting for the {waiting}{suffix}.",
    )


def _statuses(
    db: Session, kind: RecordKind | None, record_ids: set[int] | None
) -> dict[tuple[RecordKind, int], SignatureStatus]:
    """Statuses of every record with versions (of ``kind``, among ``record_ids``), in a
    handful of queries however many records there are: lists and the Overview use it."""
    query = select(
        RecordVersionRow.id,
        RecordVersionRow.record_kind,
        RecordVersionRow.record_id,
        RecordVersionRow.version,
        RecordVersionRow.status,
    )
    if kind is not None:
        query = query.where(RecordVersionRow.record_kind == kind.value)
    if record_ids is not None and len(record_ids) <= 500:
        query = query.where(RecordVersionRow.record_id.in_(record_ids))
    latest: dict[tuple[RecordKind, int], Any] = {}
    for row in db.execute(query):
        if record_ids is not None and row.record_id not in record_ids:
            continue
        key = (RecordKind(row.record_kind), row.record_id)
        if key not in latest or latest[key].version < row.version:
            latest[key] = row
    roles: dict[int, set[SignerRole]] = {}
    wanted = {row.id for row in latest.values()}
    signatures = select(SignatureRow.version_id, SignatureRow.role)
    if len(wanted) <= 500:
        signatures = signatures.where(SignatureRow.version_id.in_(wanted))
    for version_id, role in db.execute(signatures):
        if version_id in wanted:
            roles.setdefault(version_id, set()).add(role)
    amendments = {(a.kind, a.record_id): a for _, a in frozen.all_amendments(db) if a is not None}
    return {
        key: _status_of(
            key[0],
            row.version,
            VersionStatus(row.status),
            roles.get(row.id, set()),
            amendments.get(key),
        )
        for key, row in latest.items()
    }


def signature_status(portfolio: Portfolio, kind: RecordKind, record_id: int) -> SignatureStatus:
    with portfolio.transaction() as db:
        return _statuses(db, kind, {record_id}).get((kind, record_id), UNSIGNED)


def signature_statuses(
    portfolio: Portfolio, kind: RecordKind, record_ids: Iterable[int]
) -> dict[int, SignatureStatus]:
    """Statuses for a list view, in one unit of work."""
    ids = set(record_ids)
    with portfolio.transaction() as db:
        found = _statuses(db, kind, ids)
    return {rid: found.get((kind, rid), UNSIGNED) for rid in ids}


def status_counts(portfolio: Portfolio) -> dict[str, int]:
    """For the Overview: how many signable records are in each status (records that
    were never prepared for signing are not counted)."""
    counts: dict[str, int] = {}
    with portfolio.transaction() as db:
        for status in _statuses(db, None, None).values():
            counts[status.label] = counts.get(status.label, 0) + 1
    return counts


def wholes_with_parts_in(db: Session, kind: RecordKind) -> list[int]:
    """The records of a kind made of parts (by id) that have at least one part: one
    query per part kind, not one per record."""
    found: set[int] = set()
    for part in signing_of(kind).parts:
        row_type = row_of(part.kind)
        link = getattr(row_type, part.link)
        found.update(r for r in db.scalars(select(link).where(link.is_not(None)).distinct()))
    return sorted(found)


def statuses_in(db: Session) -> dict[tuple[RecordKind, int], SignatureStatus]:
    """Every versioned record's status, inside a caller's unit of work (for the pack);
    records missing from the result are unsigned."""
    return _statuses(db, None, None)
