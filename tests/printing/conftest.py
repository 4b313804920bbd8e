"""A portfolio with one of every printable record, full of awkward text."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from app.domain.enums import ActionOwner, GoalStatus, SessionFormat
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
from app.services.portfolio import Portfolio, default_contract_wording

MENTEE = "Siân Ó Dálaigh"
MENTOR = "Łukasz Żółć"
GREEK = "Αλέξανδρος"


@dataclass
class Filled:
    portfolio: Portfolio
    mentor: Mentor
    relationship: Relationship
    contract: Contract
    goal: Goal
    session: SessionRecord
    action: Action
    checklist: Checklist


@pytest.fixture
def filled(portfolio: Portfolio) -> Filled:
    mentor = records.save(
        portfolio,
        Mentor(name=MENTOR, role="Consultant <Anaesthetist>", organisation="Cardiff & Vale UHB"),
    )
    rel = records.save(
        portfolio,
        Relationship(mentor_id=mentor.id, scheme="Wales & Deanery", start_date=date(2026, 1, 5)),
    )
    contract = records.save(
        portfolio,
        Contract(
            relationship_id=rel.id,
            agreed_on=date(2026, 1, 5),
            review_date=date(2026, 7, 5),
            **{**default_contract_wording(), "objectives": f"- Teach with {GREEK}\n- Pass <FRCA>"},
        ),
    )
    goal = records.save(
        portfolio,
        Goal(
            relationship_id=rel.id,
            title="Lead a QI project on sepsis & AKI",
            specific="Run three PDSA cycles",
            measurable="Audit 50 sets of notes",
            achievable="Two protected sessions a month",
            relevant="Trust priority <2026>",
            time_bound="By September",
            category="Leadership",
            status=GoalStatus.IN_PROGRESS,
            target_date=date(2026, 9, 1),
            progress_notes="Cycle one done",
        ),
    )
    session = records.save(
        portfolio,
        SessionRecord(
            relationship_id=rel.id,
            held_on=date(2026, 2, 3),
            duration_minutes=75,
            format=SessionFormat.VIDEO,
            location="Teams & coffee",
            since_last="Rota settled",
            topics="- Rota pressures\n- FRCA viva <prep>",
            summary="We talked about <b>bold</b> plans & next steps.",
            key_learning="Say no more often",
            private_reflection="PRIVATE-REFLECTION-MARKER felt anxious",
            appraisal_learning="I learned to delegate",
            appraisal_practice_change="I now plan",
            appraisal_next_steps="Teach juniors",
            next_meeting=date(2026, 3, 10),
            goal_ids=[goal.id],
        ),
    )
    action = records.save(
        portfolio,
        Action(
            relationship_id=rel.id,
            origin_session_id=session.id,
            owner=ActionOwner.MENTOR,
            description=f"Introduce {MENTEE} to {GREEK}",
            due_date=date(2026, 3, 1),
        ),
    )
    checklist = records.save(
        portfolio,
        Checklist(
            relationship_id=rel.id,
            title="First meeting",
            completed_on=date(2026, 1, 5),
            items=[
                ChecklistItem("Agree ground rules", True, "Done <quickly>"),
                ChecklistItem("Discuss confidentiality & its limits", False, ""),
            ],
        ),
    )
    return Filled(portfolio, mentor, rel, contract, goal, session, action, checklist)


def pdf_text(path: Path) -> str:
    """pdftotext output with all runs of whitespace made single spaces."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", " ", out)


def pdf_fonts(path: Path) -> list[list[str]]:
    lines = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    return [line.split() for line in lines]


def pdf_page_size(path: Path) -> str:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return next(line for line in info.splitlines() if line.startswith("Page size"))
