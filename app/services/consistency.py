"""Are the frozen versions, their signatures and open amendments what the app itself
would have written? Used by `check` (with the audit trail) and by JSON import
(before anything imported is committed). Returns the first problem, naming it."""

from __future__ import annotations

from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.canonical import content_hash
from app.domain.enums import RecordKind, SignerRole, VersionStatus
from app.services import frozen
from app.services.signable import SIGNABLE_KINDS
from app.store import audit
from app.store.models import AttachmentRow, AuditRow, RecordVersionRow

SIGN_ACTIONS = ("sign", "import-sign")
READY_ACTIONS = ("ready", "import-version")


def _name(row: RecordVersionRow) -> str:
    return f"{row.record_kind} {row.record_id} version {row.version}"


def _audit_details(session: Session) -> dict[tuple[str, str, int | None, int | None], list[str]]:
    details: dict[tuple[str, str, int | None, int | None], list[str]] = {}
    for row in session.scalars(
        select(AuditRow).where(AuditRow.action.in_((*SIGN_ACTIONS, *READY_ACTIONS, "amend")))
    ):
        details.setdefault((row.action, row.record_kind, row.record_id, row.version), []).append(
            row.detail
        )
    return details


def _mentioned(
    details: dict[tuple[str, str, int | None, int | None], list[str]],
    actions: tuple[str, ...],
    row: RecordVersionRow,
    needle: str,
) -> bool:
    return any(
        needle in detail
        for action in actions
        for detail in details.get((action, row.record_kind, row.record_id, row.version), [])
    )


def first_problem(session: Session, *, audit_trail: bool) -> str | None:
    details = _audit_details(session) if audit_trail else {}
    rows = session.scalars(
        select(RecordVersionRow).order_by(
            RecordVersionRow.record_kind, RecordVersionRow.record_id, RecordVersionRow.version
        )
    )
    for (kind_value, record_id), group in groupby(rows, lambda r: (r.record_kind, r.record_id)):
        versions = list(group)
        try:
            kind = RecordKind(kind_value)
        except ValueError:
            kind = None
        if kind not in SIGNABLE_KINDS or kind is None:
            return f"{kind_value} {record_id} has frozen versions but is not a signable kind"
        problem = _record_problem(session, kind, versions, details, audit_trail)
        if problem:
            return problem
    return _amendment_problem(session, details, audit_trail)


def _record_problem(
    session: Session,
    kind: RecordKind,
    versions: list[RecordVersionRow],
    details: dict[tuple[str, str, int | None, int | None], list[str]],
    audit_trail: bool,
) -> str | None:
    for index, row in enumerate(versions, start=1):
        if content_hash(row.content_json) != row.content_hash:
            return f"{_name(row)} was altered after it was frozen"
        if row.version != index:
            return f"{row.record_kind} {row.record_id} is missing version {index}"
        if audit_trail and not _mentioned(details, READY_ACTIONS, row, row.content_hash):
            if any(
                (action, row.record_kind, row.record_id, row.version) in details
                for action in READY_ACTIONS
            ):
                return (
                    f"{_name(row)} was altered after it was frozen (it no longer matches"
                    " the hash in its audit entry)"
                )
            return f"{_name(row)} has no audit entry: it was added outside the app"
        if (
            audit_trail
            and row.reason
            and not _mentioned(details, READY_ACTIONS, row, f": {row.reason}")
        ):
            return f"the reason given for {_name(row)} was changed outside the app"
        is_latest = index == len(versions)
        if not is_latest and row.status is not VersionStatus.SUPERSEDED:
            return f"{_name(row)} is marked {row.status.value} but a later version exists"
        signatures = frozen.signatures_of(session, row.id)
        for signature in signatures:
            who = f"the {signature.role.value}'s signature on {_name(row)}"
            if not frozen.signature_bound(signature, row):
                return f"{who} does not belong to that version (moved or altered)"
            if signature.scan_attachment_id is not None:
                scan = session.get(AttachmentRow, signature.scan_attachment_id)
                if scan is None or (scan.record_kind, scan.record_id) != (
                    row.record_kind,
                    row.record_id,
                ):
                    return f"{who} points to a scan of another record"
            if audit_trail and not _mentioned(
                details, SIGN_ACTIONS, row, frozen.signature_digest(session, signature, row)
            ):
                return f"{who} does not match its audit entry (changed outside the app)"
        if is_latest:
            problem = _latest_problem(session, kind, row, {s.role for s in signatures})
            if problem:
                return problem
    return None


def _latest_problem(
    session: Session, kind: RecordKind, row: RecordVersionRow, roles: set[SignerRole]
) -> str | None:
    if row.status is VersionStatus.SUPERSEDED:
        return f"{_name(row)} is marked superseded but no later version exists"
    expected = frozen.status_from_signatures(kind, roles)
    if row.status is not expected:
        return (
            f"{_name(row)} is marked {row.status.value} but its signatures make it {expected.value}"
        )
    if frozen.open_amendment(session, kind, row.record_id) is None:
        live = frozen.live_own_part(session, kind, row.record_id)
        if live is None:
            return f"{row.record_kind} {row.record_id} is frozen but the record is missing"
        if live != frozen.own_part(row.content_json):
            return (
                f"{row.record_kind} {row.record_id} differs from its frozen version"
                f" {row.version} (changed outside the app)"
            )
    return None


def _amendment_problem(
    session: Session,
    details: dict[tuple[str, str, int | None, int | None], list[str]],
    audit_trail: bool,
) -> str | None:
    for key, amendment in frozen.all_amendments(session):
        if amendment is None:
            return f"the open amendment {key} is not readable"
        latest = frozen.latest_version(session, amendment.kind, amendment.record_id)
        what = f"the amendment of {amendment.kind.value} {amendment.record_id}"
        if latest is None or latest.version != amendment.from_version:
            return f"{what} does not amend its latest version"
        if audit_trail and not _mentioned(details, ("amend",), latest, amendment.reason):
            return f"{what} has no audit entry: it was opened outside the app"
    return None


def audit_imported(session: Session) -> None:
    """Give imported versions, signatures and open amendments the audit entries the
    app would have written, so `check` can vouch for them from now on."""
    rows = session.scalars(select(RecordVersionRow).order_by(RecordVersionRow.id))
    for row in rows:
        audit.append(
            session,
            "import-version",
            row.record_kind,
            row.record_id,
            row.version,
            detail=f"version {row.version} imported, {row.status.value};"
            f" content {row.content_hash}" + (f"; amended: {row.reason}" if row.reason else ""),
        )
        for signature in frozen.signatures_of(session, row.id):
            digest = frozen.signature_digest(session, signature, row)
            audit.append(
                session,
                "import-sign",
                row.record_kind,
                row.record_id,
                row.version,
                detail=f"{signature.role.value} signature imported; signature {digest}",
            )
    for _key, amendment in frozen.all_amendments(session):
        if amendment is not None:
            audit.append(
                session,
                "amend",
                amendment.kind.value,
                amendment.record_id,
                amendment.from_version,
                detail=f"amending version {amendment.from_version} (imported): {amendment.reason}",
            )
