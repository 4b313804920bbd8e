"""The audit log, readable: per record and portfolio-wide. Entries are written by
app.store.audit (create, edit, delete, ready, sign, amend, print, export, ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select

from app.domain import registry
from app.domain.enums import RecordKind
from app.services import ledger
from app.services.portfolio import Portfolio
from app.services.signing import return_records
from app.store.models import AuditRow
from app.store.rows import row_of

ACTION_LABELS = {
    "create": "Created",
    "edit": "Edited",
    "delete": "Deleted",
    "ready": "Marked ready to sign",
    "sign": "Signed",
    "amend": "Amendment started",
    "amend-cancelled": "Amendment cancelled",
    "print": "Printed",
    "export": "Exported",
    ledger.ACTION: "Left the portfolio",
    "import": "Imported",
    "import-version": "Version imported",
    "import-sign": "Signature imported",
    "attach": "Scan added",
    "upgrade": "Portfolio upgraded",
    "change-passphrase": "Passphrase changed",
    "audit-head": "Key file keeps the history's last entry",
    "retention": "Old private layers deleted (retention)",
    "retention-backups": "Backups holding deleted private text removed",
    **return_records.ACTION_LABELS,
}
_HEX = re.compile(r"\b([0-9a-f]{12})[0-9a-f]{52}\b")


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    at: datetime
    action: str
    record_kind: str
    record_id: int | None
    version: int | None
    detail: str

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action.replace("-", " ").capitalize())

    @property
    def record_label(self) -> str:
        return registry.reference(self.record_kind, self.record_id, self.version)

    @property
    def display_detail(self) -> str:
        """The detail with 64-digit hashes shortened to their first 12 digits (a ledger
        entry's as its sentence)."""
        detail = ledger.describe(self.detail) if self.action == ledger.ACTION else self.detail
        if self.action in return_records.ACTION_LABELS:
            detail = return_records.describe(self.detail)
        return _HEX.sub(lambda m: m.group(1) + "…", detail)


def _entry(row: AuditRow) -> HistoryEntry:
    return HistoryEntry(
        row.seq, row.at, row.action, row.record_kind, row.record_id, row.version, row.detail
    )


def record_history(portfolio: Portfolio, kind: RecordKind, record_id: int) -> list[HistoryEntry]:
    """Everything that happened to one record, oldest first, with its parts' (a session
    record's history includes its actions'; a goals plan's includes its goals')."""
    with portfolio.transaction() as db:
        clauses = [and_(AuditRow.record_kind == kind.value, AuditRow.record_id == record_id)]
        signing = registry.spec(kind).signing
        for part in signing.parts if signing is not None else ():
            row_type = row_of(part.kind)
            part_ids = list(
                db.scalars(select(row_type.id).where(getattr(row_type, part.link) == record_id))
            )
            clauses.append(
                and_(AuditRow.record_kind == part.kind.value, AuditRow.record_id.in_(part_ids))
            )
        rows = db.scalars(select(AuditRow).where(or_(*clauses)).order_by(AuditRow.seq))
        return [_entry(r) for r in rows]


def portfolio_history(
    portfolio: Portfolio, *, limit: int | None = None, offset: int = 0
) -> list[HistoryEntry]:
    """The whole log, newest first."""
    with portfolio.transaction() as db:
        query = select(AuditRow).order_by(AuditRow.seq.desc()).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return [_entry(r) for r in db.scalars(query)]


def entry_count(portfolio: Portfolio) -> int:
    with portfolio.transaction() as db:
        return int(db.execute(select(func.count()).select_from(AuditRow)).scalar_one())
