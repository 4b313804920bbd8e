"""How long building the relationship at a glance takes (app/services/glance_builder.py), and how
many SQL statements it runs, on the decade portfolio (bench/generate.py: 10,000
sessions, 30,000 actions, 500 goals over ten relationships) and on one relationship
holding all 10,000 sessions. Prints one JSON object:

    python -m bench.glance [SESSIONS] [REPS]
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import event, update

from app.domain import clock
from app.domain.frequency import FrequencyUnit
from app.services.glance_builder import build_glance, describe
from app.services.portfolio import Portfolio, unlock_with_passphrase
from app.store.models import ContractRow, SessionRow
from bench.generate import PASSPHRASE, cached_portfolio
from bench.timing import repeat


def _statements(portfolio: Portfolio, today: date) -> int:
    count = 0

    def counted(*_args: Any) -> None:
        nonlocal count
        count += 1

    event.listen(portfolio.engine, "before_cursor_execute", counted)
    try:
        build_glance(portfolio, today)
    finally:
        event.remove(portfolio.engine, "before_cursor_execute", counted)
    return count


def main(argv: list[str]) -> int:
    sessions = int(argv[0]) if argv else 10_000
    reps = int(argv[1]) if len(argv) > 1 else 5
    today = clock.today()
    scratch = Path(tempfile.mkdtemp(prefix="bench-glance-"))
    cached = cached_portfolio(sessions)
    copy = scratch / cached.name  # this benchmark changes its portfolio: a copy
    shutil.copy2(cached, copy)
    shutil.copy2(f"{cached}.keys", f"{copy}.keys")
    portfolio = unlock_with_passphrase(copy, PASSPHRASE)
    try:
        with portfolio.transaction() as db:  # every contract agrees "every 4 to 6 weeks"
            db.execute(update(ContractRow).values(agreed_frequency="every 4 to 6 weeks"))
        decade = repeat(lambda: build_glance(portfolio, today), reps)
        statements = _statements(portfolio, today)
        glance = build_glance(portfolio, today)
        shown = len(glance.timeline.sessions)
        words = repeat(lambda: describe(glance), reps)
        # The worst case: every session in the relationship shown.
        with portfolio.transaction() as db:
            db.execute(update(SessionRow).values(relationship_id=glance.relationship_id))
        one = repeat(lambda: build_glance(portfolio, today), reps)
        all_in_one = _statements(portfolio, today)
        assert build_glance(portfolio, today).timeline.agreed.unit is FrequencyUnit.WEEKS  # type: ignore[union-attr]
    finally:
        portfolio.lock()
        shutil.rmtree(scratch)
    print(
        json.dumps(
            {
                "sessions": sessions,
                "build_glance_decade_s": decade.to_json(),
                "sessions_on_timeline": shown,
                "statements": statements,
                "build_glance_all_in_one_relationship_s": one.to_json(),
                "statements_all_in_one": all_in_one,
                "describe_s": words.to_json(),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
