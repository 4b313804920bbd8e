"""The relationship at a glance, built from a portfolio with known data: the timeline's
points and gaps, the goals' bars, the actions per month, and the lifecycle prompts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import event

from app.domain.enums import (
    ActionStatus,
    GoalStatus,
    RecordKind,
    RelationshipStatus,
    SignatureMethod,
    SignerRole,
)
from app.domain.frequency import Frequency, FrequencyUnit
from app.domain.glance import Gap, PromptKind
from app.domain.record_types import (
    Action,
    Contract,
    Goal,
    Mentor,
    OwnerProfile,
    Relationship,
    SessionRecord,
)
from app.services import records
from app.services.glance_builder import build_glance, describe
from app.services.portfolio import Portfolio, create_portfolio
from app.services.signing import lifecycle
from tests.conftest import PASSPHRASE, TEST_KDF

TODAY = "2026-11-23"
D = date.fromisoformat
HELD = ["2025-10-01", "2025-12-01", "2026-01-05", "2026-02-10", "2026-05-01", "2026-06-01"]
HELD += ["2026-07-01", "2026-09-15"]


def _sign(portfolio: Portfolio, session_id: int, *, both: bool = True) -> None:
    version = lifecycle.mark_ready(portfolio, RecordKind.SESSION, session_id).version
    roles = (SignerRole.MENTEE, SignerRole.MENTOR) if both else ()
    for role in roles:
        lifecycle.sign(
            portfolio,
            RecordKind.SESSION,
            session_id,
            version,
            role=role,
            signer_name="Ann" if role is SignerRole.MENTEE else "Dr Bea",
            signed_on=D("2026-11-20"),
            method=SignatureMethod.INK,
        )


def _made(tmp: Path, name: str) -> Portfolio:
    return create_portfolio(
        tmp / name,
        OwnerProfile(name="Ann", next_appraisal_date=D("2027-03-10")),
        PASSPHRASE,
        kdf=TEST_KDF,
    ).portfolio


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portfolio]:
    """An active relationship agreed "every 4 to 6 weeks" (42 days at most), met on
    HELD; an ended one met more recently; goals and actions of both."""
    with time_machine.travel(datetime.fromisoformat(f"{TODAY} 12:00").astimezone(), tick=False):
        portfolio = _made(tmp_path_factory.mktemp("glance"), "known.mpf")
        mentor = records.save(portfolio, Mentor(name="Dr Bea Ōkubo"))
        rel = records.save(
            portfolio,
            Relationship(mentor_id=mentor.id, start_date=D("2025-09-01")),
        )
        records.save(
            portfolio,
            Contract(
                relationship_id=rel.id,
                frequency="Every 4 to 6 weeks",
                agreed_frequency="every 4 to 6 weeks",
                review_date=D("2026-10-01"),
            ),
        )
        ids = {}
        for on in HELD:
            next_meeting = D("2026-12-03") if on == HELD[-1] else None
            saved = records.save(
                portfolio,
                SessionRecord(
                    relationship_id=rel.id, held_on=D(on), topics=on, next_meeting=next_meeting
                ),
            )
            ids[on] = saved.id

        def action(on: str | None, due: str | None, status: ActionStatus, done: str | None) -> None:
            records.save(
                portfolio,
                Action(
                    relationship_id=rel.id,
                    origin_session_id=ids[on] if on else None,
                    description=f"agreed {on}, due {due}",
                    due_date=D(due) if due else None,
                    status=status,
                    completed_on=D(done) if done else None,
                ),
            )

        action("2025-12-01", "2026-01-15", ActionStatus.DONE, "2026-01-10")
        action("2025-12-01", "2026-02-01", ActionStatus.OPEN, None)
        action("2026-06-01", "2026-10-01", ActionStatus.IN_PROGRESS, None)
        action("2026-09-15", "2026-12-31", ActionStatus.OPEN, None)
        action("2025-10-01", None, ActionStatus.DONE, "2025-11-30")  # before the months shown
        action(None, None, ActionStatus.DROPPED, "2026-11-02")
        for title, status, target in [
            ("Exam", GoalStatus.ACHIEVED, "2026-03-01"),
            ("Audit", GoalStatus.IN_PROGRESS, "2026-08-01"),
            ("Teaching", GoalStatus.NOT_STARTED, None),
            ("Research", GoalStatus.DROPPED, "2026-01-01"),
        ]:
            records.save(
                portfolio,
                Goal(
                    relationship_id=rel.id,
                    title=title,
                    status=status,
                    target_date=D(target) if target else None,
                ),
            )
        _sign(portfolio, ids["2025-12-01"])
        _sign(portfolio, ids["2026-06-01"])
        _sign(portfolio, ids["2026-07-01"], both=False)  # ready to sign, not signed
        # An ended relationship, met more recently: not the one shown.
        other_mentor = records.save(portfolio, Mentor(name="Dr Old"))
        old = records.save(
            portfolio, Relationship(mentor_id=other_mentor.id, start_date=D("2024-01-01"))
        )
        records.save(
            portfolio, SessionRecord(relationship_id=old.id, held_on=D("2026-11-01"), topics="t")
        )
        records.save(portfolio, Action(relationship_id=old.id, description="other's"))
        records.save(
            portfolio,
            records.copy_with(
                old, status=RelationshipStatus.ENDED, end_date=D("2026-11-10"), end_reason="done"
            ),
        )
    yield portfolio
    portfolio.lock()


@pytest.mark.today(TODAY)
def test_timeline_points_and_gaps(known: Portfolio) -> None:
    glance = build_glance(known, D(TODAY))
    t = glance.timeline
    assert glance.mentor == "Dr Bea Ōkubo"
    assert (t.start, t.today) == (D("2025-11-23"), D(TODAY))
    assert [s.held_on for s in t.sessions] == [D(on) for on in HELD[1:]]
    assert [s.held_on for s in t.sessions if s.signed] == [D("2025-12-01"), D("2026-06-01")]
    assert t.agreed == Frequency(FrequencyUnit.WEEKS, 4, 6)
    assert t.gaps == (
        Gap(D("2025-10-01"), D("2025-12-01"), 61, False),  # ends inside the 12 months
        Gap(D("2026-02-10"), D("2026-05-01"), 80, False),
        Gap(D("2026-07-01"), D("2026-09-15"), 76, False),
        Gap(D("2026-09-15"), D(TODAY), 69, True),
    )
    assert t.next_meeting == D("2026-12-03")
    # The six-monthly reviews counted from the contract's review date, and the appraisal.
    assert t.review_dates == (D("2026-10-01"), D("2027-03-10"), D("2027-04-01"))
    assert [t.date_name(d) for d in t.review_dates] == ["Review", "Appraisal", "Review"]
    assert t.end == D("2027-04-01")


@pytest.mark.today(TODAY)
def test_goal_bars(known: Portfolio) -> None:
    goals = build_glance(known, D(TODAY)).goals
    assert [(g.title, g.status, g.overdue) for g in goals] == [
        ("Research", GoalStatus.DROPPED, False),
        ("Exam", GoalStatus.ACHIEVED, False),
        ("Audit", GoalStatus.IN_PROGRESS, True),
        ("Teaching", GoalStatus.NOT_STARTED, False),
    ]


@pytest.mark.today(TODAY)
def test_actions_per_month(known: Portfolio) -> None:
    actions = build_glance(known, D(TODAY)).actions
    assert actions is not None
    months = {m.month: (m.opened, m.closed) for m in actions.months}
    assert list(months)[0] == D("2025-12-01") and list(months)[-1] == D("2026-11-01")
    assert len(months) == 12
    assert {m: n for m, n in months.items() if n != (0, 0)} == {
        D("2025-12-01"): (2, 0),
        D("2026-01-01"): (0, 1),
        D("2026-06-01"): (1, 0),
        D("2026-09-01"): (1, 0),
        D("2026-11-01"): (0, 1),
    }
    assert actions.open_now == 3
    assert [(a.due, a.status) for a in actions.overdue] == [
        (D("2026-02-01"), ActionStatus.OPEN),
        (D("2026-10-01"), ActionStatus.IN_PROGRESS),
    ]


@pytest.mark.today(TODAY)
def test_prompts_meetings_apart_twice_and_review_passed(known: Portfolio) -> None:
    glance = build_glance(known, D(TODAY))
    apart = glance.prompt(PromptKind.MEETINGS_TOO_FAR_APART)
    review = glance.prompt(PromptKind.REVIEW_DUE)
    assert apart is not None and apart.since == D("2026-09-15")
    assert "76 then 69 days" in apart.sentence and "every 4 to 6 weeks" in apart.sentence
    assert review is not None and review.since == D("2026-10-01")
    assert "1 October 2026" in review.sentence


@pytest.mark.today(TODAY)
@pytest.mark.parametrize(
    ("today", "apart", "review"),
    [
        ("2026-09-30", False, False),  # one long gap (80 days) then short ones; review ahead
        ("2026-10-01", False, False),  # the review date itself: not passed yet
        ("2026-10-02", False, True),
        ("2026-10-27", False, True),  # open gap 42 days: within what was agreed
        ("2026-10-28", True, True),  # 43 days: the second long gap in a row
        ("2026-10-31", True, True),  # a month's end
        ("2028-02-29", True, True),  # a leap day, long after
    ],
)
def test_prompts_on_several_days(known: Portfolio, today: str, apart: bool, review: bool) -> None:
    glance = build_glance(known, D(today))
    assert (glance.prompt(PromptKind.MEETINGS_TOO_FAR_APART) is not None) == apart
    assert (glance.prompt(PromptKind.REVIEW_DUE) is not None) == review
    assert all(p.sentence.endswith(".") and "\n" not in p.sentence for p in glance.prompts)


@pytest.mark.today("2028-02-29")
def test_leap_day_timeline_starts_a_year_back(known: Portfolio) -> None:
    glance = build_glance(known, D("2028-02-29"))
    assert glance.timeline.start == D("2027-02-28")
    assert glance.timeline.sessions == ()
    assert glance.actions is not None
    assert glance.actions.months[0].month == D("2027-03-01")


@pytest.mark.today(TODAY)
def test_described_in_words(known: Portfolio) -> None:
    text = describe(build_glance(known, D(TODAY)))
    assert "7 sessions, 2 signed by both" in text
    assert "Agreed: every 4 to 6 weeks." in text
    assert "4 gaps longer than agreed" in text and "15 September 2026 to today (69 days)" in text
    assert "Next meeting: 3 December 2026." in text
    assert "Ahead: appraisal 10 March 2027, review 1 April 2027." in text
    assert "4 goals" in text and "Audit" in text
    assert "4 agreed, 2 closed; 3 open now, 2 overdue" in text
    assert "\u2068Dr Bea Ōkubo\u2069" in text  # the name isolated


def test_a_reviewed_contract_and_an_unreadable_interval_prompt_nothing(tmp_path: Path) -> None:
    with time_machine.travel(datetime.fromisoformat(f"{TODAY} 12:00").astimezone(), tick=False):
        portfolio = _made(tmp_path, "reviewed.mpf")
        mentor = records.save(portfolio, Mentor(name="Dr C"))
        rel = records.save(portfolio, Relationship(mentor_id=mentor.id))
        contract = records.save(
            portfolio,
            Contract(relationship_id=rel.id, frequency="as needed", review_date=D("2026-10-01")),
        )
        for on in ("2026-01-01", "2026-06-01", "2026-09-01"):
            records.save(
                portfolio, SessionRecord(relationship_id=rel.id, held_on=D(on), topics="t")
            )
        assert build_glance(portfolio, D(TODAY)).prompt(PromptKind.REVIEW_DUE) is not None
        # Marked ready again after the review date: the contract was looked at.
        assert contract.id is not None
        lifecycle.mark_ready(portfolio, RecordKind.CONTRACT, contract.id)
        glance = build_glance(portfolio, D(TODAY))
        portfolio.lock()
    assert glance.prompts == ()
    assert glance.timeline.agreed is None and glance.timeline.gaps == ()
    assert "no interval the app can read" in describe(glance)


def test_an_empty_portfolio(tmp_path: Path) -> None:
    portfolio = _made(tmp_path, "empty.mpf")
    glance = build_glance(portfolio, D(TODAY))
    portfolio.lock()
    assert glance.relationship_id is None and glance.timeline.sessions == ()
    assert glance.timeline.review_dates == (D("2027-03-10"),)  # the appraisal ahead
    assert "No mentoring relationship yet" in describe(glance)


@pytest.mark.today(TODAY)
def test_one_query_per_record_kind_whatever_the_number_of_records(known: Portfolio) -> None:
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    event.listen(known.engine, "before_cursor_execute", seen)
    try:
        build_glance(known, D(TODAY))
    finally:
        event.remove(known.engine, "before_cursor_execute", seen)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # owner, current relationship, relationship, mentor, contract, sessions, their
    # versions, goals, actions, the contract's versions: never one per session or action
    assert len(selects) <= 10, selects
