"""What the audit log says about signed records, read back from its entries: each
frozen version (kind, id, version, content hash), each signature (role, digest of the
whole signature row), each amendment opened and how it closed.

The entries are the ones the app writes (app.services.signing.lifecycle and import):
- ``ready`` "version N frozen, ready to sign; content <hash>[; supersedes ...]" and
  ``import-version`` "version N imported[ without its audit log], <status>; content
  <hash>[; amended: ...]";
- ``sign`` "<name> (<role>) signed, <method>, dated <date>; signature <digest>" and
  ``import-sign`` "<role> signature imported[ without its audit log]; signature <digest>";
- ``amend`` (the version amended in its version column), ``amend-cancelled``.
Each entry's hash covers this text, so what is read here is what the chain vouches
for. Entries come from the database (`check`) or from an export's log (import)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.models import AuditRow

SIGN_ACTIONS = ("sign", "import-sign")
READY_ACTIONS = ("ready", "import-version")
AMEND_ACTIONS = ("amend", "amend-cancelled")
UNVERIFIED = "without its audit log"

_CONTENT = re.compile(r"; content ([0-9a-f]{64})")
_SIGNATURE = re.compile(r"; signature ([0-9a-f]{64})$")
_SIGNED_ROLE = re.compile(
    r"\((mentee|mentor)\) signed, [^;]*, dated \d{4}-\d{2}-\d{2}; signature [0-9a-f]{64}$"
)
_IMPORTED_ROLE = re.compile(r"^(mentee|mentor) signature imported")
_UNVERIFIED_VERSION = re.compile(rf"^version \d+ imported {UNVERIFIED},")
_UNVERIFIED_SIGNATURE = re.compile(rf"^(mentee|mentor) signature imported {UNVERIFIED};")


class Entry(Protocol):
    """An audit entry as stored (AuditRow) or as exported."""

    @property
    def seq(self) -> int: ...
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


Key = tuple[str, int | None, int | None]  # (record kind, record id, version)


@dataclass(frozen=True)
class FrozenEntry:
    seq: int
    key: Key
    content_hash: str
    verified: bool = True  # False: imported from an export without its audit log


@dataclass(frozen=True)
class SignedEntry:
    seq: int
    key: Key
    role: str | None
    digest: str
    verified: bool = True


@dataclass(frozen=True)
class OpenedAmendment:
    seq: int
    kind: str
    record_id: int | None
    from_version: int | None


@dataclass
class Trail:
    """The facts the log states; ``details`` keeps each entry's text by (action, key)."""

    details: dict[tuple[str, str, int | None, int | None], list[str]] = field(default_factory=dict)
    frozen: list[FrozenEntry] = field(default_factory=list)
    signed: list[SignedEntry] = field(default_factory=list)
    still_open: list[OpenedAmendment] = field(default_factory=list)

    def mentions(self, actions: Iterable[str], key: Key, needle: str) -> bool:
        return any(
            needle in detail
            for action in actions
            for detail in self.details.get((action, *key), [])
        )

    def has(self, actions: Iterable[str], key: Key) -> bool:
        return any((action, *key) in self.details for action in actions)


def read(entries: Iterable[Entry]) -> Trail:
    """The trail of ``entries`` (any order; read in sequence order)."""
    trail = Trail()
    opened: dict[tuple[str, int | None], OpenedAmendment] = {}
    for entry in sorted(entries, key=lambda e: e.seq):
        action = entry.action
        if action not in (*SIGN_ACTIONS, *READY_ACTIONS, *AMEND_ACTIONS):
            continue
        key: Key = (entry.record_kind, entry.record_id, entry.version)
        trail.details.setdefault((action, *key), []).append(entry.detail)
        record = (entry.record_kind, entry.record_id)
        if action in READY_ACTIONS:
            content = _CONTENT.search(entry.detail)
            if content:
                verified = not (
                    action == "import-version" and _UNVERIFIED_VERSION.match(entry.detail)
                )
                trail.frozen.append(FrozenEntry(entry.seq, key, content[1], verified))
            amendment = opened.get(record)
            if (
                amendment is not None
                and entry.version is not None
                and amendment.from_version is not None
                and entry.version > amendment.from_version
            ):
                del opened[record]
        elif action in SIGN_ACTIONS:
            signature = _SIGNATURE.search(entry.detail)
            if signature:
                role = _SIGNED_ROLE.search(entry.detail) or _IMPORTED_ROLE.search(entry.detail)
                verified = not (
                    action == "import-sign" and _UNVERIFIED_SIGNATURE.match(entry.detail)
                )
                trail.signed.append(
                    SignedEntry(entry.seq, key, role[1] if role else None, signature[1], verified)
                )
        elif action == "amend":
            opened[record] = OpenedAmendment(
                entry.seq, entry.record_kind, entry.record_id, entry.version
            )
        elif action == "amend-cancelled":
            amendment = opened.get(record)
            if amendment is not None and amendment.from_version == entry.version:
                del opened[record]
    trail.still_open = sorted(opened.values(), key=lambda a: a.seq)
    return trail


def from_database(db: Session) -> Trail:
    return read(
        db.scalars(
            select(AuditRow).where(
                AuditRow.action.in_((*SIGN_ACTIONS, *READY_ACTIONS, *AMEND_ACTIONS))
            )
        )
    )


def unverified_counts(db: Session) -> tuple[int, int]:
    """(versions, signatures) imported from an export that carried no audit log."""
    rows = db.execute(
        select(AuditRow.action, AuditRow.detail).where(
            AuditRow.action.in_(("import-version", "import-sign"))
        )
    )
    versions = signatures = 0
    for action, detail in rows:
        if action == "import-version" and _UNVERIFIED_VERSION.match(detail):
            versions += 1
        elif action == "import-sign" and _UNVERIFIED_SIGNATURE.match(detail):
            signatures += 1
    return versions, signatures
