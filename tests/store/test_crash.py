"""A writer killed with SIGKILL mid-transaction, again and again, leaves a portfolio
that opens, passes check, and holds every record whose save had returned."""

import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.record_types import Mentor, Relationship, SessionRecord
from app.services import portfolio as portfolios
from app.services import records
from app.services.check import run_check
from app.services.portfolio import CreatedPortfolio
from tests.conftest import PASSPHRASE

WRITER = """
import sys
from datetime import date
from pathlib import Path
from app.domain.record_types import SessionRecord
from app.services import portfolio as ps, records
pf = ps.unlock_with_passphrase(Path(sys.argv[1]), sys.argv[2])
rel_id = int(sys.argv[3])
print("ready", flush=True)
n = 0
while True:
    n += 1
    saved = records.save(pf, SessionRecord(relationship_id=rel_id, held_on=date(2026, 1, 1),
                                           topics=f"entry {n} " + "words " * 300))
    print(saved.id, flush=True)
"""

KILLS = 20


@pytest.mark.slow
def test_sigkill_loop_loses_nothing_committed(
    created: CreatedPortfolio, portfolio_path: Path
) -> None:
    mentor = records.save(created.portfolio, Mentor(name="Dr K"))
    rel = records.save(created.portfolio, Relationship(mentor_id=mentor.id))
    created.portfolio.lock()
    acknowledged: set[int] = set()
    rng = random.Random(1234)
    for _ in range(KILLS):
        # Killed at a random page write (SQLite writes pages with pwrite64; unlocking
        # makes under 20 of them, a save about 20): mid-transaction or mid-checkpoint.
        inject = f"inject=pwrite64:signal=KILL:when={rng.randrange(40, 240)}"
        proc = subprocess.run(
            ["strace", "-f", "-o", "/dev/null", "-e", inject, sys.executable, "-c", WRITER]
            + [str(portfolio_path), PASSPHRASE, str(rel.id)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert proc.returncode == -signal.SIGKILL, proc.stderr
        acknowledged.update(int(line) for line in proc.stdout.split() if line.isdigit())
    assert len(acknowledged) > KILLS  # the writer really was writing when killed
    opened = portfolios.unlock_with_passphrase(portfolio_path, PASSPHRASE)
    try:
        report = run_check(opened)
        assert report.ok, report.first_problem
        stored = {s.id for s in records.list_records(opened, SessionRecord)}
        assert acknowledged <= stored
    finally:
        opened.lock()
