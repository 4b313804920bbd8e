"""`check`: is the file sound, the schema current, and the history unaltered?"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text

from app.services.consistency import first_problem, unverified_imports
from app.services.portfolio import Portfolio
from app.store import audit, audit_head, keyslot
from app.store.audit import first_broken
from app.store.models import AuditRow
from app.store.schema import HEAD_REVISION, current_revision

# The triggers of the first migration that keep versions, signatures and the log fixed.
IMMUTABILITY_TRIGGERS = frozenset(
    {
        "audit_log_no_update",
        "audit_log_no_delete",
        "record_versions_frozen",
        "record_versions_no_delete",
        "signatures_no_update",
        "signatures_no_delete",
    }
)


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class CheckReport:
    results: tuple[CheckResult, ...]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def first_problem(self) -> CheckResult | None:
        return next((r for r in self.results if not r.ok), None)


def run_check(portfolio: Portfolio) -> CheckReport:
    results: list[CheckResult] = []
    with portfolio.transaction() as db:
        # One snapshot for everything below, so a save by another process half-way
        # through is not mistaken for a signature without its audit entry.
        audit.read_snapshot(db)
        # The key file first: a writer's copy of the head never runs ahead of what it
        # has committed, so read in this order the two cannot disagree by accident.
        key_file = _key_file(portfolio)
        integrity = [r[0] for r in db.execute(text("PRAGMA integrity_check")).all()]
        results.append(
            CheckResult(
                "file integrity",
                integrity == ["ok"],
                "ok" if integrity == ["ok"] else "; ".join(integrity[:5]),
            )
        )
        cipher = [
            " ".join(map(str, r)) for r in db.execute(text("PRAGMA cipher_integrity_check")).all()
        ]
        results.append(
            CheckResult(
                "encryption integrity", not cipher, "ok" if not cipher else "; ".join(cipher[:5])
            )
        )
        revision = current_revision(db.connection())
        results.append(
            CheckResult(
                "schema version",
                revision == HEAD_REVISION,
                f"{revision} (expected {HEAD_REVISION})",
            )
        )
        entries = list(db.scalars(select(AuditRow).order_by(AuditRow.seq)))
        broken = first_broken(entries)
        if broken is not None:
            chain = broken[1]
        elif entries:
            chain = f"chain intact, entry {entries[-1].seq}, hash {entries[-1].entry_hash}"
        else:
            chain = "chain intact, no entries"
        results.append(CheckResult("audit log", broken is None, chain))
        if isinstance(key_file, audit_head.Verdict):
            head = key_file
        else:
            head = audit_head.compare(
                audit_head.read_state(key_file, portfolio.data_key, portfolio.portfolio_id),
                db,
            )
        results.append(CheckResult("audit head", head.ok, head.detail))
        # Versions, signatures and open amendments against their hashes, each other,
        # the live records and the audit trail.
        problem = first_problem(db, audit_trail=True)
        unverified = unverified_imports(db)
        results.append(
            CheckResult(
                "signed versions",
                problem is None,
                "all match their hashes, signatures and audit entries"
                + (f"; {unverified}" if unverified else "")
                if problem is None
                else problem,
            )
        )
        present = set(db.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        missing = sorted(IMMUTABILITY_TRIGGERS - present)
        results.append(
            CheckResult(
                "immutability triggers",
                not missing,
                "in place"
                if not missing
                else "missing: " + ", ".join(missing) + " (dropped outside the app)",
            )
        )
    return CheckReport(tuple(results))


def _key_file(portfolio: Portfolio) -> keyslot.KeySlot | audit_head.Verdict:
    """The key file as read now, or the verdict when it cannot be read or is not this
    portfolio's."""
    slot = audit_head.own_slot(portfolio.path, portfolio.data_key, portfolio.portfolio_id)
    if slot is not None:
        return slot
    return audit_head.key_file_verdict(portfolio.path, portfolio.data_key, portfolio.portfolio_id)
