"""A realistic sample portfolio for "Try with sample data" and ``--demo``: one mentor,
one relationship with its contract, five SMART goals, seven sessions over the past
year with their actions, and a first-meeting checklist. It lives in a throw-away
folder the caller deletes."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from app.domain import clock
from app.domain.enums import ActionOwner, ActionStatus, GoalStatus, SessionFormat
from app.domain.kdf import KdfParams
from app.domain.record_types import (
    Action,
    Checklist,
    ChecklistItem,
    ChecklistTemplate,
    Goal,
    Mentor,
    OwnerProfile,
    Relationship,
    SessionRecord,
)
from app.services import records
from app.services.portfolio import Portfolio, create_portfolio, default_contract

#: The sample's passphrase; shown on the lock screen of a demo, never a secret.
DEMO_PASSPHRASE = "sample data only"

GOALS = (
    (
        "Lead a departmental quality improvement project",
        "Plan and run one QI cycle on sepsis screening in ED",
        "Audit compliance before and after",
        "Protected time agreed with rota lead",
        "Patient safety; required for ST4 ARCP",
        "By the end of this rotation",
        "Quality improvement",
        GoalStatus.IN_PROGRESS,
        120,
    ),
    (
        "Prepare for the MRCP PACES exam",
        "Book and sit PACES at the spring diet",
        "Pass all five stations",
        "Weekly practice group in place",
        "Needed for progression",
        "Spring diet",
        "Exams",
        GoalStatus.ACHIEVED,
        -40,
    ),
    (
        "Improve teaching skills",
        "Deliver four bedside teaching sessions to FY1s",
        "Collect feedback forms for each",
        "Fits with the weekly teaching slot",
        "Generic professional capability: education",
        "Within six months",
        "Teaching",
        GoalStatus.IN_PROGRESS,
        60,
    ),
    (
        "Build a sustainable work-life balance",
        "Keep one evening a week free of work",
        "Diary check at each meeting",
        "Discussed with partner and rota coordinator",
        "Avoid burnout",
        "Ongoing review",
        "Wellbeing",
        GoalStatus.IN_PROGRESS,
        None,
    ),
    (
        "Explore a career in cardiology",
        "Attend two cardiology clinics and one cath lab list",
        "Reflective note after each",
        "Cardiology registrar happy to host",
        "Informs specialty application",
        "Before applications open",
        "Career",
        GoalStatus.NOT_STARTED,
        150,
    ),
)

SESSIONS = (
    (
        350,
        "Getting to know each other; contract; first goals",
        "We agreed the contract and ground rules and talked about my goals for the year.",
        "Mentoring is different from supervision: I set the agenda.",
        [
            ("Draft three SMART goals", ActionOwner.MENTEE, 14, True),
            ("Share the deanery mentoring guidance", ActionOwner.MENTOR, 7, True),
        ],
    ),
    (
        300,
        "PACES preparation; study plan",
        "Reviewed my exam timeline and made a weekly plan.",
        "Small daily practice beats weekend cramming.",
        [("Join a PACES practice group", ActionOwner.MENTEE, 21, True)],
    ),
    (
        240,
        "QI project scoping",
        "Chose sepsis screening as the QI topic and mapped stakeholders.",
        "Start small: one ward, one measure.",
        [
            ("Meet the ED audit lead", ActionOwner.MENTEE, 30, True),
            ("Introduce me to the QI team", ActionOwner.MENTOR, 14, True),
        ],
    ),
    (
        180,
        "A difficult on-call and how I handled it",
        "Talked through a stressful night shift and what support exists.",
        "It is fine to escalate early; that is what seniors are for.",
        [("Book a debrief with the educational supervisor", ActionOwner.MENTEE, 10, True)],
    ),
    (
        120,
        "Exam result; teaching",
        "Passed PACES. Planned a teaching series for FY1 doctors.",
        "Celebrate wins before moving on.",
        [
            ("Plan four bedside teaching sessions", ActionOwner.MENTEE, 45, False),
            ("Send a feedback form template", ActionOwner.MENTOR, 14, True),
        ],
    ),
    (
        60,
        "Work-life balance and rota",
        "Discussed protecting an evening each week and saying no to extra shifts.",
        "Boundaries are a professional skill.",
        [("Talk to the rota coordinator about fixed evenings", ActionOwner.MENTEE, 21, False)],
    ),
    (
        14,
        "Review of the year; career thinking",
        "Reviewed goals ahead of appraisal and started thinking about cardiology.",
        "My QI work is the strongest part of my portfolio.",
        [
            ("Arrange cardiology clinic taster days", ActionOwner.MENTEE, 40, False),
            ("Write a short reflection for appraisal", ActionOwner.BOTH, 20, False),
        ],
    ),
)


def make_demo_dir() -> Path:
    """A fresh private (0700) folder for the sample; the caller deletes it."""
    return Path(tempfile.mkdtemp(prefix="mentee-portfolio-demo-"))


def create_demo_portfolio(
    directory: Path, today: date | None = None, kdf: KdfParams | None = None
) -> Portfolio:
    today = today or clock.today()
    owner = OwnerProfile(
        name="Dr Sam Patel (sample)",
        role_grade="ST3 Internal Medicine",
        specialty="Internal Medicine",
        organisation="Northfield NHS Trust",
        email="sam.patel@example.nhs.uk",
        next_appraisal_date=today + timedelta(days=45),
    )
    created = create_portfolio(directory / "sample.mpf", owner, DEMO_PASSPHRASE, kdf=kdf)
    portfolio = created.portfolio
    mentor = records.save(
        portfolio,
        Mentor(
            name="Dr Helen Morris",
            role="Consultant Cardiologist",
            organisation="Northfield NHS Trust",
            email="helen.morris@example.nhs.uk",
        ),
    )
    start = today - timedelta(days=360)
    rel = records.save(
        portfolio,
        Relationship(
            mentor_id=mentor.id,
            scheme="Deanery mentoring",
            start_date=start,
            review_date=today + timedelta(days=30),
        ),
    )
    records.save(
        portfolio,
        replace(default_contract(), relationship_id=rel.id, agreed_on=start + timedelta(days=10)),
    )
    goal_ids: list[int] = []
    for title, s, m, a, r, t, category, status, due in GOALS:
        goal = records.save(
            portfolio,
            Goal(
                relationship_id=rel.id,
                title=title,
                specific=s,
                measurable=m,
                achievable=a,
                relevant=r,
                time_bound=t,
                category=category,
                status=status,
                target_date=None if due is None else today + timedelta(days=due),
            ),
        )
        goal_ids.append(records.saved_id(goal))
    for number, (ago, topics, summary, learning, actions) in enumerate(SESSIONS):
        held = today - timedelta(days=ago)
        following = SESSIONS[number + 1][0] if number + 1 < len(SESSIONS) else None
        session = records.save(
            portfolio,
            SessionRecord(
                relationship_id=rel.id,
                held_on=held,
                duration_minutes=60,
                format=SessionFormat.VIDEO if number % 2 else SessionFormat.IN_PERSON,
                location="Education centre, room 2" if number % 2 == 0 else "Teams",
                topics=topics,
                summary=summary,
                key_learning=learning,
                private_reflection="I felt more confident after this conversation.",
                appraisal_learning=learning,
                appraisal_next_steps="Carry the actions forward.",
                next_meeting=(
                    today - timedelta(days=following)
                    if following is not None
                    else today + timedelta(days=21)
                ),
                goal_ids=[
                    g
                    for i, g in enumerate(goal_ids)
                    if i % len(SESSIONS) == number or (i + number) % 3 == 0
                ][:3],
            ),
        )
        for description, who, due_in, done in actions:
            due_on = held + timedelta(days=due_in)
            records.save(
                portfolio,
                Action(
                    relationship_id=rel.id,
                    origin_session_id=session.id,
                    description=description,
                    owner=who,
                    due_date=due_on,
                    status=ActionStatus.DONE if done else ActionStatus.OPEN,
                    completed_on=due_on if done else None,
                ),
            )
    templates = records.list_records(portfolio, ChecklistTemplate)
    first = next((t for t in templates if t.name == "First meeting"), None)
    if first is not None:
        records.save(
            portfolio,
            Checklist(
                relationship_id=rel.id,
                template_id=first.id,
                title="First meeting",
                completed_on=start + timedelta(days=10),
                items=[ChecklistItem(text=item, done=True) for item in first.items],
            ),
        )
    return portfolio
