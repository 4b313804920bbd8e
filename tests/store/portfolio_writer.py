"""A second process on the same portfolio, for the concurrency tests:

    python -m tests.store.portfolio_writer PATH loop STOPFILE
        unlocks, prints "ready", saves a mentor after another (each one an audit entry)
        until STOPFILE exists, then prints "saved N";
    python -m tests.store.portfolio_writer PATH hold
        unlocks, opens a unit of work that has written (so it holds the write lock),
        prints "holding", and commits only when a line arrives on standard input.

The passphrase comes from MENTEE_PORTFOLIO_PASSPHRASE, as for the command line."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app.domain.record_types import Mentor
from app.services import records
from app.services.portfolio import unlock_with_passphrase
from app.store import audit


def main(argv: list[str]) -> int:
    path, mode = Path(argv[0]), argv[1]
    portfolio = unlock_with_passphrase(path, os.environ["MENTEE_PORTFOLIO_PASSPHRASE"])
    try:
        if mode == "loop":
            stop = Path(argv[2])
            print("ready", flush=True)  # noqa: T201
            saved = 0
            while not stop.exists() or saved == 0:
                records.save(portfolio, Mentor(name=f"Writer {os.getpid()} mentor {saved}"))
                saved += 1
            print(f"saved {saved}", flush=True)  # noqa: T201
        elif mode == "hold":
            with portfolio.transaction() as session:
                audit.append(session, "edit", "owner", 1, detail="held open by a test")
                print("holding", flush=True)  # noqa: T201
                sys.stdin.readline()
            print("released", flush=True)  # noqa: T201
    finally:
        portfolio.lock()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
