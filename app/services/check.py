"""`check`: is the file sound, the schema current, and the history unaltered?"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, text

from app.domain.errors import LocationNotWritable, PortfolioDamaged
from app.services.portfolio import Portfolio
from app.services.signing.consistency import first_problem, unverified_imports
from app.store import audit, audit_head, keyslot
from app.store.audit import first_broken
from app.store.encrypted_copy import default_backup_dir
from app.store.models import AuditRow
from app.store.repair import SEARCH_TABLES, Damage, describe, find_damage, mend_search_index
from app.store.schema import HEAD_REVISION, current_revision
from app.store.search_index import rebuild

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


REBUILD_HINT = (
    "it holds only words copied from your records, so nothing is lost: rebuild it with"
    " `mentee-portfolio check PATH --rebuild-search-index`"
)


def _file_results(portfolio: Portfolio) -> tuple[list[CheckResult], Damage]:
    """The file's pages and tables, each read on a connection of its own: one damaged
    page must not stop the other checks (app/store/repair.py)."""
    damage = find_damage(portfolio.engine)
    results = [
        CheckResult(
            "file integrity",
            not (damage.tables or damage.other or damage.missing),
            describe(damage) if damage.tables or damage.other or damage.missing else "ok",
        ),
        CheckResult(
            "encryption integrity",
            not damage.pages,
            "ok"
            if not damage.pages
            else f"{len(damage.pages)} page(s) fail their authentication"
            " (altered or damaged on disk)",
        ),
    ]
    search_damaged = bool({*damage.tables, *damage.missing} & SEARCH_TABLES)
    results.append(
        CheckResult(
            "search index",
            not search_damaged,
            "readable" if not search_damaged else f"damaged; {REBUILD_HINT}",
        )
    )
    return results, damage


def run_check(portfolio: Portfolio) -> CheckReport:
    results, damage = _file_results(portfolio)
    if (damage.tables or damage.missing) and not damage.only_search_index:
        results.append(
            CheckResult(
                "records",
                False,
                "not checked further: tables holding records are damaged or missing"
                " (changed outside the app); restore the portfolio from a backup",
            )
        )
        return CheckReport(tuple(results))
    with portfolio.transaction() as db:
        # One snapshot for everything below, so a save by another process half-way
        # through is not mistaken for a signature without its audit entry.
        audit.read_snapshot(db)
        # The key file first: a writer's copy of the head never runs ahead of what it
        # has committed, so read in this order the two cannot disagree by accident.
        key_file = _key_file(portfolio)
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


def rebuild_search_index(portfolio: Portfolio) -> Path | None:
    """Make the search index anew from the records. A damaged index is taken out of
    the file first (app/store/repair.py), keeping the damaged file in the backups
    folder: returns where, or None when the index was only refilled in place."""
    if portfolio.read_only:
        raise LocationNotWritable(
            f"{portfolio.path} is read-only, so its search index cannot be rebuilt there:"
            " copy the portfolio somewhere writable first. Nothing was changed."
        )
    damage = find_damage(portfolio.engine)
    if (damage.tables or damage.missing) and not damage.only_search_index:
        broken = ", ".join((*damage.tables, *damage.missing))
        raise PortfolioDamaged(
            f"Tables holding records are damaged or missing ({broken}), not only the"
            " search index: restore the portfolio from a backup. Nothing was changed."
        )
    kept = None
    if not damage.none:
        path, data_key = portfolio.path, portfolio.data_key
        portfolio.engine.dispose()  # its connections must let go of the file
        kept = mend_search_index(path, data_key, default_backup_dir(path))
        portfolio.engine.dispose()  # any opened since read the old file
    with portfolio.transaction() as db:
        rebuild(db)
        audit.append(
            db,
            "repair",
            "portfolio",
            detail="search index rebuilt"
            + (f"; the damaged file was kept as {kept.name}" if kept else ""),
        )
    return kept


def _key_file(portfolio: Portfolio) -> keyslot.KeySlot | audit_head.Verdict:
    """The key file as read now, or the verdict when it cannot be read or is not this
    portfolio's."""
    slot = audit_head.own_slot(portfolio.path, portfolio.data_key, portfolio.portfolio_id)
    if slot is not None:
        return slot
    return audit_head.key_file_verdict(portfolio.path, portfolio.data_key, portfolio.portfolio_id)
