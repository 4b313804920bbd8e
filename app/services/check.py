"""`check`: is the file sound, the schema current, and the history unaltered?"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text

from app.domain.canonical import content_hash
from app.services.portfolio import Portfolio
from app.store.audit import first_broken
from app.store.models import AuditRow, RecordVersionRow
from app.store.schema import HEAD_REVISION, current_revision


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
        results.append(CheckResult("file integrity", integrity == ["ok"],
                                   "ok" if integrity == ["ok"] else "; ".join(integrity[:5])))
        cipher = [" ".join(map(str, r)) for r in
                  session.execute(text("PRAGMA cipher_integrity_check")).all()]
        results.append(CheckResult("encryption integrity", not cipher,
                                   "ok" if not cipher else "; ".join(cipher[:5])))
        revision = current_revision(session.connection())
        results.append(CheckResult("schema version", revision == HEAD_REVISION,
                                   f"{revision} (expected {HEAD_REVISION})"))
        broken = first_broken(session.scalars(select(AuditRow).order_by(AuditRow.seq)))
        results.append(CheckResult("audit log", broken is None,
                                   "chain intact" if broken is None else broken[1]))
        bad_version = None
        for row in session.scalars(select(RecordVersionRow).order_by(RecordVersionRow.id)):
            if content_hash(row.content_json) != row.content_hash:
                bad_version = f"{row.record_kind} {row.record_id} version {row.version}"
                break
        results.append(CheckResult(
            "frozen versions", bad_version is None,
            "all match their hashes" if bad_version is None
            else f"{bad_version} was altered after it was frozen"))
    return CheckReport(tuple(results))
