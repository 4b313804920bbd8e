"""The append-only audit log. Each entry's hash covers its content and the hash of
the entry before it, so altering or removing any entry breaks every later link; the
last entry (the head) is also kept in the key file (app.store.audit_head), so removing
entries from the end is noticed too.

Appends are serialised across connections and processes: the write lock is taken
before the last sequence number is read, so two writers never pick the same number."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import clock
from app.store.models import AuditRow

GENESIS_HASH = "0" * 64
# Set in a session's info when it appended an entry, so the unit of work that commits
# it brings the key file's copy of the head up to date.
APPENDED = "mentee_portfolio.audit_appended"
_SNAPSHOT = "mentee_portfolio.read_snapshot"


def entry_hash(
    seq: int,
    at: datetime,
    action: str,
    record_kind: str,
    record_id: int | None,
    version: int | None,
    detail: str,
    prev_hash: str,
) -> str:
    payload = json.dumps(
        {
            "seq": seq,
            "at": at.isoformat(),
            "action": action,
            "kind": record_kind,
            "id": record_id,
            "version": version,
            "detail": detail,
            "prev": prev_hash,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def hold_write_lock(db: Session) -> None:
    """Make the session's transaction the only writer from here to its commit.

    The driver opens a transaction only before its first INSERT/UPDATE/DELETE, so until
    then every SELECT sees its own moment: a number read there may be taken by another
    process before this one writes (the UNIQUE clash on ``audit_log.seq`` of review
    finding 4). A transaction that has written already holds the lock; otherwise
    BEGIN IMMEDIATE takes it now, waiting up to the busy timeout for another writer."""
    if db.info.get(_SNAPSHOT):
        raise RuntimeError("a read snapshot cannot take the write lock; use another session")
    db.flush()
    connection = db.connection()
    driver = connection.connection.driver_connection
    if driver is not None and not driver.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def read_snapshot(db: Session) -> None:
    """Make every read of ``session`` from here see one moment (a deferred
    transaction), without holding up writers. The session must not write."""
    db.connection().exec_driver_sql("BEGIN")
    db.info[_SNAPSHOT] = True


def last_entry(db: Session) -> AuditRow | None:
    return db.execute(select(AuditRow).order_by(AuditRow.seq.desc()).limit(1)).scalar()


def next_entry(
    db: Session,
    action: str,
    record_kind: str,
    record_id: int | None = None,
    version: int | None = None,
    detail: str = "",
) -> AuditRow:
    """The entry that would come next, not yet added: for a caller that must show it
    (an export carries it) before it is stored. Under the write lock, unless the
    session is a read snapshot: then it follows the snapshot's last entry, and
    others may have been stored since."""
    if not db.info.get(_SNAPSHOT):
        hold_write_lock(db)
    last = last_entry(db)
    seq = 1 if last is None else last.seq + 1
    prev = GENESIS_HASH if last is None else last.entry_hash
    # Whole seconds, naive UTC: what the database round-trips exactly.
    at = clock.utc_now()
    return AuditRow(
        seq=seq,
        at=at,
        action=action,
        record_kind=record_kind,
        record_id=record_id,
        version=version,
        detail=detail,
        prev_hash=prev,
        entry_hash=entry_hash(seq, at, action, record_kind, record_id, version, detail, prev),
    )


def add(db: Session, row: AuditRow) -> AuditRow:
    """Store an entry made by ``next_entry`` in the same transaction."""
    db.add(row)
    db.flush()
    db.info[APPENDED] = True
    return row


def append(
    db: Session,
    action: str,
    record_kind: str,
    record_id: int | None = None,
    version: int | None = None,
    detail: str = "",
) -> AuditRow:
    return add(db, next_entry(db, action, record_kind, record_id, version, detail))


class ChainEntry(Protocol):
    """What the chain covers: an AuditRow, or an entry as an export carries it."""

    @property
    def seq(self) -> int: ...
    @property
    def at(self) -> datetime: ...
    @property
    def action(self) -> str: ...
    @property
    def record_kind(self) -> str: ...
    @property
    def record_id(self) -> int | None: ...
    @property
    def version(self) -> int | None: ...
    @property
    def detail(self) -> str: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def entry_hash(self) -> str: ...


def first_broken(rows: Iterable[ChainEntry]) -> tuple[int, str] | None:
    """(seq, reason) of the first entry that does not chain, or None if all hold."""
    prev = GENESIS_HASH
    expected_seq = 1
    for row in rows:
        if row.seq != expected_seq:
            return expected_seq, f"entry {expected_seq} is missing"
        if row.prev_hash != prev:
            return row.seq, f"entry {row.seq} does not follow entry {row.seq - 1}"
        computed = entry_hash(
            row.seq,
            row.at,
            row.action,
            row.record_kind,
            row.record_id,
            row.version,
            row.detail,
            row.prev_hash,
        )
        if computed != row.entry_hash:
            return row.seq, f"entry {row.seq} ({row.action} {row.record_kind}) was altered"
        prev = row.entry_hash
        expected_seq += 1
    return None
