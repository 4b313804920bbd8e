"""Are the frozen versions, their signatures and open amendments what the app itself
would have written? Used by `check` (with the audit trail) and by JSON import
(before anything imported is committed, against the export's own log when it has
one). Returns the first problem, naming it.

Both ways: every version and signature must have its audit entry (a row added or
changed outside the app), and every version, signature and amendment the log records
must still be there (a row removed outside the app, even with its record's status
set back to agree)."""

from __future__ import annotations

from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.canonical import content_hash
from app.domain.enums import RecordKind, SignerRole, VersionStatus
from app.services import audit_trail as audit_trail_mod
from app.services.audit_trail import READY_ACTIONS, SIGN_ACTIONS, UNVERIFIED, Trail
from app.services.signing import frozen
from app.services.signing.signable import is_signable
from app.store import audit
from app.store.models import AttachmentRow, RecordVersionRow


def _name(row: RecordVersionRow) -> str:
    return f"{row.record_kind} {row.record_id} version {row.version}"


def _key(row: RecordVersionRow) -> audit_trail_mod.Key:
    return (row.record_kind, row.record_id, row.version)


def first_problem(db: Session, *, audit_trail: bool, trail: Trail | None = None) -> str | None:
    """The first problem, or None. With ``audit_trail``, rows are checked against the
    audit log: the database's own, or ``trail`` (an export's log) when given."""
    if audit_trail and trail is None:
        trail = audit_trail_mod.from_database(db)
    if not audit_trail:
        trail = None
    rows = list(
        db.scalars(
            select(RecordVersionRow).order_by(
                RecordVersionRow.record_kind, RecordVersionRow.record_id, RecordVersionRow.version
            )
        )
    )
    for (kind_value, record_id), group in groupby(rows, lambda r: (r.record_kind, r.record_id)):
        versions = list(group)
        try:
            kind = RecordKind(kind_value)
        except ValueError:
            kind = None
        if kind is None or not is_signable(kind):
            return f"{kind_value} {record_id} has frozen versions but is not a signable kind"
        problem = _record_problem(db, kind, versions, trail)
        if problem:
            return problem
    problem = _amendment_problem(db, trail)
    if problem or trail is None:
        return problem
    return _removed_problem(db, rows, trail)


def _record_problem(
    db: Session,
    kind: RecordKind,
    versions: list[RecordVersionRow],
    trail: Trail | None,
) -> str | None:
    for index, row in enumerate(versions, start=1):
        if content_hash(row.content_json) != row.content_hash:
            return f"{_name(row)} was altered after it was frozen"
        if row.version != index:
            return f"{row.record_kind} {row.record_id} is missing version {index}"
        if trail is not None and not trail.mentions(READY_ACTIONS, _key(row), row.content_hash):
            if trail.has(READY_ACTIONS, _key(row)):
                return (
                    f"{_name(row)} was altered after it was frozen (it no longer matches"
                    " the hash in its audit entry)"
                )
            return f"{_name(row)} has no audit entry: it was added outside the app"
        if (
            trail is not None
            and row.reason
            and not trail.mentions(READY_ACTIONS, _key(row), f": {row.reason}")
        ):
            return f"the reason given for {_name(row)} was changed outside the app"
        is_latest = index == len(versions)
        if not is_latest and row.status is not VersionStatus.SUPERSEDED:
            return f"{_name(row)} is marked {row.status.value} but a later version exists"
        signatures = frozen.signatures_of(db, row.id)
        for signature in signatures:
            who = f"the {signature.role.value}'s signature on {_name(row)}"
            if not frozen.signature_bound(signature, row):
                return f"{who} does not belong to that version (moved or altered)"
            if signature.scan_attachment_id is not None:
                scan = db.get(AttachmentRow, signature.scan_attachment_id)
                if scan is None or (scan.record_kind, scan.record_id) != (
                    row.record_kind,
                    row.record_id,
                ):
                    return f"{who} points to a scan of another record"
            if trail is not None and not trail.mentions(
                SIGN_ACTIONS, _key(row), frozen.signature_digest(db, signature, row)
            ):
                return f"{who} does not match its audit entry (changed outside the app)"
        if is_latest:
            problem = _latest_problem(db, kind, row, {s.role for s in signatures})
            if problem:
                return problem
    return None


def _latest_problem(
    db: Session, kind: RecordKind, row: RecordVersionRow, roles: set[SignerRole]
) -> str | None:
    if row.status is VersionStatus.SUPERSEDED:
        return f"{_name(row)} is marked superseded but no later version exists"
    expected = frozen.status_from_signatures(kind, roles)
    if row.status is not expected:
        return (
            f"{_name(row)} is marked {row.status.value} but its signatures make it {expected.value}"
        )
    if frozen.open_amendment(db, kind, row.record_id) is None:
        live = frozen.live_own_part(db, kind, row.record_id)
        if live is None:
            return f"{row.record_kind} {row.record_id} is frozen but the record is missing"
        if live != frozen.own_part(row.content_json):
            return (
                f"{row.record_kind} {row.record_id} differs from its frozen version"
                f" {row.version} (changed outside the app)"
            )
    return None


def _amendment_problem(db: Session, trail: Trail | None) -> str | None:
    for key, amendment in frozen.all_amendments(db):
        if amendment is None:
            return f"the open amendment {key} is not readable"
        latest = frozen.latest_version(db, amendment.kind, amendment.record_id)
        what = f"the amendment of {amendment.kind.value} {amendment.record_id}"
        if latest is None or latest.version != amendment.from_version:
            return f"{what} does not amend its latest version"
        if trail is not None and not trail.mentions(("amend",), _key(latest), amendment.reason):
            return f"{what} has no audit entry: it was opened outside the app"
    return None


def _removed_problem(db: Session, rows: list[RecordVersionRow], trail: Trail) -> str | None:
    """What the log records and is no longer there. Rows that are there but differ
    from their entries were named already."""
    versions = {_key(row): row for row in rows}
    for frozen_entry in trail.frozen:
        if frozen_entry.key not in versions:
            kind, record_id, version = frozen_entry.key
            return (
                f"{kind} {record_id} version {version} (frozen in audit entry"
                f" {frozen_entry.seq}) is missing: it was removed outside the app"
            )
    digests: dict[audit_trail_mod.Key, set[str]] = {}
    for entry in trail.signed:
        row = versions.get(entry.key)
        if row is None:
            kind, record_id, version = entry.key
            return (
                f"{kind} {record_id} version {version}, signed in audit entry {entry.seq}, is"
                " missing: it was removed outside the app"
            )
        if entry.key not in digests:
            digests[entry.key] = {
                frozen.signature_digest(db, signature, row)
                for signature in frozen.signatures_of(db, row.id)
            }
        if entry.digest not in digests[entry.key]:
            who = f"the {entry.role}'s signature" if entry.role else "a signature"
            return (
                f"{who} on {_name(row)} (audit entry {entry.seq}) is missing: it was removed"
                " outside the app"
            )
    for amendment in trail.still_open:
        try:
            kind = RecordKind(amendment.kind)
        except ValueError:
            continue
        if amendment.record_id is None:
            continue
        current = frozen.open_amendment(db, kind, amendment.record_id)
        if current is None or current.from_version != amendment.from_version:
            return (
                f"the amendment of {amendment.kind} {amendment.record_id} opened in audit entry"
                f" {amendment.seq} was closed outside the app"
            )
    return None


def unverified_imports(db: Session) -> str:
    """For `check`: versions and signatures taken from an export without its audit log
    (the user asked for that), which no log vouches for beyond the import itself."""
    versions, signatures = audit_trail_mod.unverified_counts(db)
    if not versions and not signatures:
        return ""
    return (
        f"{versions} version{'s' if versions != 1 else ''} and {signatures}"
        f" signature{'s' if signatures != 1 else ''} were imported without their audit log"
        " (from an export that did not carry it), so only their own hashes vouch for them"
    )


def audit_imported(db: Session, trail: Trail | None) -> None:
    """Give imported versions, signatures and open amendments the audit entries the
    app would have written, so `check` can vouch for them from now on. ``trail`` is
    the export's log they were checked against; None when it carried none. Either way
    what no log vouched for (no log at all, or one that itself recorded them as
    imported without a log) is said to be imported without it, and `check` repeats it."""
    unverified_versions = None if trail is None else {e.key for e in trail.frozen if not e.verified}
    unverified_signatures = (
        None if trail is None else {e.digest for e in trail.signed if not e.verified}
    )
    rows = db.scalars(select(RecordVersionRow).order_by(RecordVersionRow.id))
    for row in rows:
        verified = unverified_versions is not None and _key(row) not in unverified_versions
        how = "imported" if verified else f"imported {UNVERIFIED}"
        audit.append(
            db,
            "import-version",
            row.record_kind,
            row.record_id,
            row.version,
            detail=f"version {row.version} {how}, {row.status.value};"
            f" content {row.content_hash}" + (f"; amended: {row.reason}" if row.reason else ""),
        )
        for signature in frozen.signatures_of(db, row.id):
            digest = frozen.signature_digest(db, signature, row)
            signed = unverified_signatures is not None and digest not in unverified_signatures
            how = "imported" if signed else f"imported {UNVERIFIED}"
            audit.append(
                db,
                "import-sign",
                row.record_kind,
                row.record_id,
                row.version,
                detail=f"{signature.role.value} signature {how}; signature {digest}",
            )
    for _key_name, amendment in frozen.all_amendments(db):
        if amendment is not None:
            audit.append(
                db,
                "amend",
                amendment.kind.value,
                amendment.record_id,
                amendment.from_version,
                detail=f"amending version {amendment.from_version} (imported): {amendment.reason}",
            )
