"""Fixtures for signing tests: a portfolio with one of each signable record, and a
raw SQLCipher connection (the data key, no app code) to play the tamperer."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import sqlcipher3

from app.domain.enums import RecordKind, SignatureMethod, SignerRole
from app.domain.record_types import (
    Action,
    Checklist,
    ChecklistItem,
    Contract,
    Goal,
    Mentor,
    Relationship,
    SessionRecord,
)
from app.services import records
from app.services.portfolio import Portfolio, default_contract_wording, unlock_with_passphrase
from app.services.signing import lifecycle
from app.services.signing.lifecycle import VersionInfo
from tests.conftest import PASSPHRASE

IMMUTABILITY_TRIGGERS: tuple[str, ...] = importlib.import_module(
    "app.store.migrations.versions.0001_initial"
).IMMUTABILITY_TRIGGERS
# Signing tests run on a pinned day (see tests.conftest): signatures are dated then.
SIGNING_DAY = "2026-11-23"
SIGNED_ON = date.fromisoformat(SIGNING_DAY)
STROKES = {
    "w": 400,
    "h": 120,
    "strokes": [[[10, 60], [40.25, 20], [80, 90], [120, 30]], [[150, 70], [200, 72]]],
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents and item.get_closest_marker("today") is None:
            item.add_marker(pytest.mark.today(SIGNING_DAY))


@dataclass
class Records:
    mentor: Mentor
    rel: Relationship
    contract: Contract
    goal: Goal
    session: SessionRecord
    action: Action
    checklist: Checklist


@pytest.fixture
def recs(portfolio: Portfolio) -> Records:
    pf = portfolio
    mentor = records.save(pf, Mentor(name="Dr Αλέξανδρος Łukasz", role="Consultant"))
    rel = records.save(pf, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    contract = records.save(pf, Contract(relationship_id=rel.id, **default_contract_wording()))
    goal = records.save(
        pf, Goal(relationship_id=rel.id, title="Lead <QI> & teach", target_date=date(2026, 9, 1))
    )
    session = records.save(
        pf,
        SessionRecord(
            relationship_id=rel.id,
            held_on=date(2026, 2, 3),
            topics="Rota 🚑\nLeadership",
            summary="Siân talked through the rota",
            goal_ids=[goal.id],
        ),
    )
    action = records.save(
        pf,
        Action(
            relationship_id=rel.id,
            origin_session_id=session.id,
            description="Read the NHS leadership framework",
            due_date=date(2026, 3, 1),
        ),
    )
    checklist = records.save(
        pf,
        Checklist(
            relationship_id=rel.id,
            title="First meeting",
            items=[ChecklistItem("Ground rules", True)],
        ),
    )
    return Records(mentor, rel, contract, goal, session, action, checklist)


def sign_both(
    pf: Portfolio, kind: RecordKind, record_id: int, version: int, drawn: bool = False
) -> VersionInfo:
    lifecycle.sign(
        pf,
        kind,
        record_id,
        version,
        role=SignerRole.MENTEE,
        signer_name="Siân Ó Dálaigh",
        signed_on=SIGNED_ON,
        method=SignatureMethod.DRAWN if drawn else SignatureMethod.INK,
        strokes=STROKES if drawn else None,
    )
    return lifecycle.sign(
        pf,
        kind,
        record_id,
        version,
        role=SignerRole.MENTOR,
        signer_name="Dr Αλέξανδρος Łukasz",
        signed_on=SIGNED_ON,
        method=SignatureMethod.INK,
    )


@contextmanager
def raw_db(path: Path, data_key: bytes) -> Iterator[sqlcipher3.Connection]:
    """The tamperer: SQLCipher with the raw data key, no app code, no triggers kept."""
    con = sqlcipher3.connect(str(path))
    try:
        con.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        con.execute("SELECT count(*) FROM sqlite_master")
        for statement in IMMUTABILITY_TRIGGERS:
            con.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]}")
        yield con
        # A careful tamperer puts the triggers back, so `check` must find the change itself.
        for statement in IMMUTABILITY_TRIGGERS:
            name = statement.split()[2]
            con.execute(f"DROP TRIGGER IF EXISTS {name}")
            con.execute(statement)
        con.commit()
    finally:
        con.close()


def tamper(pf: Portfolio, *statements: tuple[str, tuple[object, ...]]) -> Portfolio:
    """Lock, run raw SQL, and unlock again; returns the reopened portfolio."""
    path, key = pf.path, pf.data_key
    pf.lock()
    with raw_db(path, key) as con:
        for sql, params in statements:
            con.execute(sql, params)
    return unlock_with_passphrase(path, PASSPHRASE)
