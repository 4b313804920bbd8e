"""`check`: is the file sound, the schema current, and the history unaltered?"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text

from app.services.consistency import first_problem
from app.services.portfolio import Portfolio
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
    with portfolio.session() as session:
        integrity = [r[0] for r in session.execute(text("PRAGMA integrity_check")).all()]
        results.append(
            CheckResult(
                "file integrity",
                integrity == ["ok"],
                "ok" if integrity == ["ok"] else "; ".join(integrity[:5]),
            )
        )
        cipher = [
            " ".join(map(str, r))
            for r in session.execute(text("PRAGMA cipher_integrity_check")).all()
        ]
        results.append(
            CheckResult(
                "encryption integrity", not cipher, "ok" if not cipher else "; ".join(cipher[:5])
            )
        )
        revision = current_revision(session.connection())
        results.append(
            CheckResult(
                "schema version",
                revision == HEAD_REVISION,
                f"{revision} (expected {HEAD_REVISION})",
            )
        )
        broken = first_broken(session.scalars(select(AuditRow).order_by(AuditRow.seq)))
        results.append(
            CheckResult(
                "audit log", broken is None, "chain intact" if broken is None else broken[1]
            )
        )
        # Versions, signatures and open amendments against their hashes, each other,
        # the live records and the audit trail.
        problem = first_problem(session, audit_trail=True)
        results.append(
            CheckResult(
                "signed versions",
                problem is None,
                "all match their hashes, signatures and audit entries"
                if problem is None
                else problem,
            )
        )
        present = set(
            session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        )
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
