"""Which actions a session agreed, and which open actions carry over into it."""

from datetime import date

from app.domain.enums import ActionStatus
from app.domain.record_types import Action, Mentor, Relationship, SessionRecord
from app.services import records
from app.services.portfolio import Portfolio
from app.services.sessions import actions_agreed_in, carried_over_actions


def test_open_actions_carry_over_until_done(portfolio: Portfolio) -> None:
    mentor = records.save(portfolio, Mentor(name="Siân"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id))
    other = records.save(portfolio, Relationship(mentor_id=mentor.id))
    first = records.save(
        portfolio,
        SessionRecord(topics="Catch-up", relationship_id=rel.id, held_on=date(2026, 1, 1)),
    )
    second = records.save(
        portfolio,
        SessionRecord(topics="Catch-up", relationship_id=rel.id, held_on=date(2026, 2, 1)),
    )
    early = records.save(
        portfolio, Action(relationship_id=rel.id, description="Early", origin_session_id=first.id)
    )
    records.save(
        portfolio, Action(relationship_id=rel.id, description="Late", origin_session_id=second.id)
    )
    records.save(portfolio, Action(relationship_id=other.id, description="Other"))
    loose = records.save(portfolio, Action(relationship_id=rel.id, description="No session"))

    assert [a.description for a in actions_agreed_in(portfolio, first.id)] == ["Early"]
    assert {a.id for a in carried_over_actions(portfolio, first)} == {loose.id}
    assert {a.description for a in carried_over_actions(portfolio, second)} == {
        "Early",
        "No session",
    }
    unsaved = SessionRecord(topics="Catch-up", relationship_id=rel.id, held_on=date(2026, 3, 1))
    assert {a.description for a in carried_over_actions(portfolio, unsaved)} == {
        "Early",
        "Late",
        "No session",
    }

    records.save(portfolio, Action(**{**vars(early), "status": ActionStatus.DONE}))
    assert "Early" not in {a.description for a in carried_over_actions(portfolio, unsaved)}
    assert carried_over_actions(portfolio, SessionRecord()) == []


def test_a_session_saves_with_its_actions_in_one_call(portfolio: Portfolio) -> None:
    from app.services.sessions import save_session

    mentor = records.save(portfolio, Mentor(name="Siân"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id))
    earlier = records.save(portfolio, Action(relationship_id=rel.id, description="Earlier"))
    saved = save_session(
        portfolio,
        SessionRecord(topics="Catch-up", relationship_id=rel.id, held_on=date(2026, 4, 2)),
        new_actions=[Action(description="Read the framework")],
        done=[earlier.id],
    )
    assert saved.session.id is not None
    [agreed] = saved.agreed
    assert (agreed.origin_session_id, agreed.relationship_id) == (saved.session.id, rel.id)
    [closed] = saved.closed
    assert closed.status is ActionStatus.DONE and closed.completed_on == date(2026, 4, 2)
    assert actions_agreed_in(portfolio, saved.session.id) == [agreed]
