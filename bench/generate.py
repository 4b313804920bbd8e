"""A portfolio of ten years of mentoring (10,000 sessions, 30,000 actions, 500 goals),
generated quickly with bulk inserts and cached between runs. It is an ordinary
encrypted portfolio; the passphrase is PASSPHRASE below (it holds no real data)."""

from __future__ import annotations

import os
import random
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

from app.domain.enums import ActionOwner, ActionStatus, GoalStatus, SessionFormat
from app.domain.record_types import (
    Action,
    Contract,
    Goal,
    Mentor,
    OwnerProfile,
    Relationship,
    SessionRecord,
)
from app.services.portfolio import create_portfolio, unlock_with_passphrase
from app.store.keyslot import KdfParams
from app.store.models import (
    ActionRow,
    ContractRow,
    GoalRow,
    MentorRow,
    RelationshipRow,
    SessionRow,
)
from app.store.search_index import rebuild

PASSPHRASE = "benchmark passphrase"
# MENTEE_PORTFOLIO_BENCH_CACHE: another folder (each test run its own, so two runs at
# once never build and read the same cached portfolio).
CACHE = Path(
    os.environ.get("MENTEE_PORTFOLIO_BENCH_CACHE") or Path(__file__).resolve().parent / ".cache"
)
WORDS = (
    "rota",
    "leadership",
    "teaching",
    "audit",
    "sepsis",
    "handover",
    "feedback",
    "viva",
    "portfolio",
    "QI",
    "wellbeing",
    "burnout",
    "delegation",
    "consultant",
    "interview",
    "research",
    "governance",
    "complaint",
    "reflection",
    "supervision",
    "training",
    "exams",
    "resilience",
    "career",
    "Cymraeg",
    "Łódź",
    "Αθήνα",
    "clinic",
    "theatre",
    "on-call",
    "nights",
    "education",
    "simulation",
)


def _row(record_type: type, **values: object) -> dict[str, object]:
    """Every column, with the domain defaults, then the given values."""
    row = {k: v for k, v in asdict(record_type()).items() if k != "goal_ids"}
    return {**row, **values}


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def generate(
    path: Path,
    sessions: int = 10_000,
    actions_per_session: int = 3,
    goals: int = 500,
    relationships: int = 10,
    seed: int = 7,
) -> Path:
    """Create the portfolio at ``path`` (which must not exist)."""
    rng = random.Random(seed)
    created = create_portfolio(
        path, OwnerProfile(name="Dr Bench Mark"), PASSPHRASE, kdf=KdfParams(n=2**14)
    )
    portfolio = created.portfolio
    start = date.today() - timedelta(days=3650)
    with portfolio.transaction() as session:
        session.execute(
            insert(MentorRow),
            [
                _row(Mentor, id=i + 1, name=f"Dr Mentor {i + 1}", role="Consultant")
                for i in range(relationships)
            ],
        )
        session.execute(
            insert(RelationshipRow),
            [
                _row(
                    Relationship,
                    id=i + 1,
                    mentor_id=i + 1,
                    start_date=start + timedelta(days=365 * i),
                )
                for i in range(relationships)
            ],
        )
        session.execute(
            insert(ContractRow),
            [
                _row(
                    Contract,
                    id=i + 1,
                    relationship_id=i + 1,
                    ground_rules=_text(rng, 40),
                    objectives=_text(rng, 20),
                )
                for i in range(relationships)
            ],
        )
        session.execute(
            insert(GoalRow),
            [
                _row(
                    Goal,
                    id=g + 1,
                    relationship_id=g % relationships + 1,
                    title=_text(rng, 6),
                    specific=_text(rng, 15),
                    measurable=_text(rng, 10),
                    status=rng.choice(list(GoalStatus)),
                    progress_notes=_text(rng, 30),
                )
                for g in range(goals)
            ],
        )
        session.execute(
            insert(SessionRow),
            [
                _row(
                    SessionRecord,
                    id=s + 1,
                    relationship_id=s * relationships // sessions + 1,
                    held_on=start + timedelta(days=s * 3650 // sessions),
                    duration_minutes=rng.choice((45, 60, 75, 90)),
                    format=rng.choice(list(SessionFormat)),
                    location="Seminar room",
                    topics=_text(rng, 20),
                    summary=_text(rng, 120),
                    key_learning=_text(rng, 20),
                    private_reflection=_text(rng, 60),
                    appraisal_learning=_text(rng, 25),
                )
                for s in range(sessions)
            ],
        )
        session.execute(
            insert(ActionRow),
            [
                _row(
                    Action,
                    id=a + 1,
                    relationship_id=(a // actions_per_session) * relationships // sessions + 1,
                    origin_session_id=a // actions_per_session + 1,
                    description=_text(rng, 12),
                    owner=rng.choice(list(ActionOwner)),
                    status=rng.choice(list(ActionStatus)),
                    due_date=start + timedelta(days=a * 3650 // (sessions * actions_per_session)),
                )
                for a in range(sessions * actions_per_session)
            ],
        )
        session.flush()
        rebuild(session)
    portfolio.lock()
    return path


def cached_portfolio(sessions: int = 10_000) -> Path:
    CACHE.mkdir(mode=0o700, exist_ok=True)
    path = CACHE / f"decade-{sessions}.mpf"
    if not path.exists():
        partial = CACHE / f"partial-{sessions}.mpf"
        for leftover in CACHE.glob(f"partial-{sessions}.mpf*"):
            leftover.unlink()
        generate(partial, sessions=sessions)
        Path(f"{partial}.keys").rename(f"{path}.keys")
        partial.rename(path)  # last, so a half-made portfolio is never taken as cached
    return path


def open_cached(sessions: int = 10_000):  # type: ignore[no-untyped-def]
    return unlock_with_passphrase(cached_portfolio(sessions), PASSPHRASE)
