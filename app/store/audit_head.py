"""The audit log's head (its last entry's number and hash) kept outside the database,
in the key file, so a log cut short at its end is noticed: the chain itself cannot
show a missing last entry.

The copy is a versioned field of the key file, ``audit_head``:
``{"version": 1, "seq": N, "hash": "<entry N's hash>", "mac": "<HMAC-SHA256>"}``, the
MAC under a key derived from the data key (HKDF-SHA256), bound to the portfolio's id.
So an edit of the field without the data key fails its authentication. (Someone who
holds the data key can forge anything stored on this computer; against them the head
printed on an appraisal pack's cover is the record that leaves it.)

Rules that keep the copy honest:
- it is written only while holding the database's write lock, and it only ever names
  an entry already committed, so it is never ahead of the log it describes; after a
  commit the writer brings it up to the last entry (``sync``), so it may be behind for
  a moment (another process between its commit and its sync), never ahead;
- it only moves forward from an authentic copy whose entry is still in the log with
  the same hash; a copy that disagrees is left as it is, as evidence for `check`;
- the log records when the key file began keeping it (an ``audit-head`` entry), so a
  copy removed from the key file is told apart from a portfolio made before copies
  were kept, which gets its copy (and that entry) on its first unlock."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.domain.errors import KeySlotMissing, KnownError
from app.store import audit, keyslot
from app.store.encrypted_copy import audit_entries_of_copy
from app.store.models import AuditRow

FIELD_VERSION = 1
MARKER_ACTION = "audit-head"
MARKER_DETAIL = "the key file keeps a copy of this log's head"
LEGACY_NOTE = " from now on (this portfolio was made before it did)"
_MAC_INFO = b"mentee-portfolio audit head key v1"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_log = logging.getLogger("mentee_portfolio")


@dataclass(frozen=True)
class Head:
    """An authentic copy: the log's entry ``seq`` had hash ``entry_hash``."""

    seq: int
    entry_hash: str


@dataclass(frozen=True)
class NoHead:
    """The key file keeps no copy."""


@dataclass(frozen=True)
class BadHead:
    """A copy that cannot be trusted: "edited" (fails its MAC), "damaged" (not in the
    format) or "newer" (a later version of the field)."""

    reason: str


HeadState = Head | NoHead | BadHead


def _mac_key(data_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_MAC_INFO).derive(data_key)


def _mac(data_key: bytes, portfolio_id: str, seq: int, entry_hash: str) -> str:
    message = json.dumps(
        {"portfolio": portfolio_id, "seq": seq, "hash": entry_hash, "version": FIELD_VERSION},
        sort_keys=True,
        separators=(",", ":"),
    ).encode("utf-8")
    return hmac.new(_mac_key(data_key), message, hashlib.sha256).hexdigest()


def head_field(data_key: bytes, portfolio_id: str, seq: int, entry_hash: str) -> dict[str, object]:
    return {
        "version": FIELD_VERSION,
        "seq": seq,
        "hash": entry_hash,
        "mac": _mac(data_key, portfolio_id, seq, entry_hash),
    }


def with_head(
    slot: keyslot.KeySlot, data_key: bytes, entry: AuditRow | Head | None
) -> keyslot.KeySlot:
    """The slot carrying ``entry`` as the head (unchanged when the log is empty)."""
    if entry is None:
        return slot
    field = head_field(data_key, slot.portfolio_id, entry.seq, entry.entry_hash)
    return dataclasses.replace(slot, audit_head=field)


def read_state(slot: keyslot.KeySlot, data_key: bytes, portfolio_id: str) -> HeadState:
    raw = slot.audit_head
    if raw is None:
        return NoHead()
    if not isinstance(raw, dict):
        return BadHead("damaged")
    version = raw.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FIELD_VERSION:
        return BadHead("newer")
    seq, entry_hash, mac = raw.get("seq"), raw.get("hash"), raw.get("mac")
    if (
        version != FIELD_VERSION
        or isinstance(version, bool)
        or not isinstance(seq, int)
        or isinstance(seq, bool)
        or seq < 1
        or not isinstance(entry_hash, str)
        or not _HEX64.match(entry_hash)
        or not isinstance(mac, str)
    ):
        return BadHead("damaged")
    if not hmac.compare_digest(mac, _mac(data_key, portfolio_id, seq, entry_hash)):
        return BadHead("edited")
    return Head(seq, entry_hash)


def own_slot(db_path: Path, data_key: bytes, portfolio_id: str) -> keyslot.KeySlot | None:
    """The key file beside the portfolio if it is this portfolio's and opens with this
    key; None if it is missing, unreadable or someone else's (never written into)."""
    try:
        slot = keyslot.read_keyslot(db_path)
    except KnownError:
        return None
    if slot.portfolio_id != portfolio_id or not keyslot.key_matches(slot, data_key):
        return None
    return slot


def marker(db: Session) -> AuditRow | None:
    """The entry from which the key file has kept the head, if any."""
    return db.scalars(
        select(AuditRow).where(AuditRow.action == MARKER_ACTION).order_by(AuditRow.seq).limit(1)
    ).first()


def entry_at(db: Session, seq: int) -> AuditRow | None:
    return db.get(AuditRow, seq)


def _moves_forward(state: HeadState, db: Session, last: AuditRow) -> bool:
    if not isinstance(state, Head) or state.seq >= last.seq:
        return False
    kept = entry_at(db, state.seq)
    return kept is not None and kept.entry_hash == state.entry_hash


def sync(engine: Engine, db_path: Path, data_key: bytes, portfolio_id: str) -> None:
    """After a commit that appended entries: bring the key file's copy up to the log's
    last entry. Best effort: the entries are saved whatever happens here, and a copy
    left behind is caught up by the next write or unlock."""
    try:
        slot = own_slot(db_path, data_key, portfolio_id)
        if slot is None:
            return
        with Session(engine) as db:
            state = read_state(slot, data_key, portfolio_id)
            last = audit.last_entry(db)
            if last is None or not _moves_forward(state, db, last):
                return
            audit.hold_write_lock(db)
            # Under the lock: what another process may have written meanwhile.
            slot = own_slot(db_path, data_key, portfolio_id)
            if slot is None:
                return
            state = read_state(slot, data_key, portfolio_id)
            last = audit.last_entry(db)
            if last is not None and _moves_forward(state, db, last):
                keyslot.write_keyslot(db_path, with_head(slot, data_key, last))
            db.rollback()
    except (DBAPIError, KnownError, OSError) as exc:
        _log.warning("audit_head.not_updated", extra={"safe_fields": {"error": type(exc).__name__}})


def adopt(engine: Engine, db_path: Path, data_key: bytes, portfolio_id: str) -> bool:
    """A portfolio made before the key file kept the head: write the copy and record
    from when, on its first unlock. True if it was done now. Nothing happens when the
    log says a copy was kept before (a missing copy is then evidence for `check`),
    or when the key file is missing, someone else's or cannot be written."""
    slot = own_slot(db_path, data_key, portfolio_id)
    if slot is None or not isinstance(read_state(slot, data_key, portfolio_id), NoHead):
        return False
    try:
        with Session(engine) as db:
            if marker(db) is not None:
                return False
            audit.hold_write_lock(db)
            slot = own_slot(db_path, data_key, portfolio_id)
            if (
                slot is None
                or not isinstance(read_state(slot, data_key, portfolio_id), NoHead)
                or marker(db) is not None
            ):
                db.rollback()
                return False
            # The copy names the last committed entry first; the marker follows, and
            # the copy moves on to it after the commit (never ahead of the log).
            keyslot.write_keyslot(db_path, with_head(slot, data_key, audit.last_entry(db)))
            audit.append(db, MARKER_ACTION, "portfolio", detail=MARKER_DETAIL + LEGACY_NOTE)
            db.commit()
    except (DBAPIError, KnownError, OSError) as exc:
        _log.warning("audit_head.not_adopted", extra={"safe_fields": {"error": type(exc).__name__}})
        return False
    sync(engine, db_path, data_key, portfolio_id)
    return True


def match_copy(copy_path: Path, data_key: bytes) -> None:
    """A copy of the portfolio (a backup) was made while others may have gone on
    saving, and the key file copied beside it may record a later head than the copy
    holds: give it the copy's own last entry. Only an authentic copy of the head that
    the copy's log does not contradict is moved; best effort, like ``sync``."""
    try:
        slot = keyslot.read_keyslot(copy_path)
        if not keyslot.key_matches(slot, data_key):
            return
        state = read_state(slot, data_key, slot.portfolio_id)
        if not isinstance(state, Head):
            return
        last, kept = audit_entries_of_copy(copy_path, data_key, state.seq)
        if last is None or (last[0], last[1]) == (state.seq, state.entry_hash):
            return
        if kept is not None and kept != state.entry_hash:
            return  # the copy's log contradicts it: left as evidence
        keyslot.write_keyslot(copy_path, with_head(slot, data_key, Head(last[0], last[1])))
    except (KnownError, OSError, sqlcipher3.dbapi2.Error) as exc:
        _log.warning(
            "audit_head.copy_not_matched", extra={"safe_fields": {"error": type(exc).__name__}}
        )


@dataclass(frozen=True)
class Verdict:
    ok: bool
    detail: str


def verdict(db: Session, db_path: Path, data_key: bytes, portfolio_id: str) -> Verdict:
    """Does the key file's copy of the head agree with the log in ``session``?"""
    slot = own_slot(db_path, data_key, portfolio_id)
    if slot is None:
        return key_file_verdict(db_path, data_key, portfolio_id)
    return compare(read_state(slot, data_key, portfolio_id), db)


def key_file_verdict(db_path: Path, data_key: bytes, portfolio_id: str) -> Verdict:
    """Why the key file cannot vouch for the head (missing, unreadable, not ours)."""
    try:
        slot = keyslot.read_keyslot(db_path)
    except KeySlotMissing:
        return Verdict(
            False,
            "there is no key file beside the portfolio, so entries removed from the end of"
            " the log could not be noticed; setting a passphrase (change-passphrase) writes"
            " a new one",
        )
    except KnownError as err:
        return Verdict(False, f"the key file cannot be read ({err.message})")
    if slot.portfolio_id != portfolio_id or not keyslot.key_matches(slot, data_key):
        return Verdict(
            False, "the key file beside the portfolio belongs to another portfolio or key"
        )
    return Verdict(True, "")


def compare(state: HeadState, db: Session) -> Verdict:
    started = marker(db)
    last = audit.last_entry(db)
    if isinstance(state, BadHead):
        if state.reason == "newer":
            return Verdict(
                True,
                "not checked: the key file's copy of the head was written by a newer version"
                " of Mentee Portfolio",
            )
        if state.reason == "edited":
            return Verdict(
                False,
                "the copy of the log's head in the key file fails its authentication:"
                " it was edited outside the app",
            )
        return Verdict(
            False,
            "the copy of the log's head in the key file is not readable: it was edited"
            " outside the app, or the file is damaged",
        )
    if isinstance(state, NoHead):
        if started is not None:
            return Verdict(
                False,
                "the key file no longer keeps a copy of the log's head, though it has since"
                f" entry {started.seq}: it was removed outside the app",
            )
        return Verdict(
            True,
            "not kept yet: this portfolio was made by an earlier version and its key file"
            " could not be updated when it was opened, so entries removed from the end of"
            " the log could not be noticed",
        )
    if last is None or state.seq > last.seq:
        ends = f"the log ends at entry {last.seq}" if last is not None else "the log is empty"
        return Verdict(
            False,
            f"the key file records entry {state.seq}, but {ends}: entries were removed from"
            " its end",
        )
    kept = entry_at(db, state.seq)
    if kept is None or kept.entry_hash != state.entry_hash:
        found = f"has hash {kept.entry_hash[:16]}…" if kept is not None else "is missing"
        return Verdict(
            False,
            f"the key file records entry {state.seq} with hash {state.entry_hash[:16]}…, but"
            f" the log's entry {state.seq} {found}: the log was rewritten",
        )
    detail = f"the key file agrees (entry {state.seq}"
    if state.seq < last.seq:
        detail += f"; entries {state.seq + 1} to {last.seq} were written after it was updated"
    detail += ")"
    if started is not None and started.detail.endswith(LEGACY_NOTE):
        detail += (
            f"; it has kept the head since entry {started.seq}, written when this portfolio,"
            " made by an earlier version, was first opened by this one: entries before it"
            " are checked by their chain only"
        )
    return Verdict(True, detail)
