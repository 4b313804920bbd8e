"""The Sessions form asks the services: the open actions it offers to tick off are the
service's carried-over actions, and a session saves with its actions all or nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from app.domain.enums import ActionStatus
from app.domain.record_types import Action, Mentor, Relationship, SessionRecord
from app.services import records
from app.services.portfolio import Portfolio
from app.services.sessions import carried_over_actions
from app.ui.sections.base import SectionContext
from app.ui.sections.session_form import SessionForm


def _carried_ids(form: SessionForm) -> set[int]:
    return {
        form.carried.item(i).data(Qt.ItemDataRole.UserRole) for i in range(form.carried.count())
    }


@pytest.fixture
def two_mentors(portfolio: Portfolio) -> dict[str, Any]:
    """Two relationships; the first with sessions in January, March and May, each
    agreeing one action, the second with its own session and action."""
    ada = records.save(portfolio, Mentor(name="Dr Ada"))
    ben = records.save(portfolio, Mentor(name="Dr Ben"))
    with_ada = records.save(portfolio, Relationship(mentor_id=ada.id))
    with_ben = records.save(portfolio, Relationship(mentor_id=ben.id))
    made: dict[str, Any] = {"with_ada": with_ada, "with_ben": with_ben}
    for name, month in (("first", 1), ("middle", 3), ("last", 5)):
        session = records.save(
            portfolio,
            SessionRecord(
                topics="Catch-up", relationship_id=with_ada.id, held_on=date(2026, month, 10)
            ),
        )
        made[name] = session
        made[f"{name}_action"] = records.save(
            portfolio,
            Action(
                relationship_id=with_ada.id,
                origin_session_id=session.id,
                description=f"Agreed in the {name} session",
            ),
        )
    ben_session = records.save(
        portfolio,
        SessionRecord(topics="Catch-up", relationship_id=with_ben.id, held_on=date(2026, 2, 1)),
    )
    records.save(
        portfolio,
        Action(
            relationship_id=with_ben.id,
            origin_session_id=ben_session.id,
            description="Dr Ben's action",
        ),
    )
    made["ben_session"] = ben_session
    return made


def test_carried_over_actions_in_the_form_are_the_services(
    qtbot: Any, portfolio: Portfolio, two_mentors: dict[str, Any]
) -> None:
    form = SessionForm(SectionContext(portfolio))
    qtbot.addWidget(form)
    for name in ("first", "middle", "last", "ben_session"):
        session = two_mentors[name]
        form.show_record(form.kind, session.id)
        expected = {a.id for a in carried_over_actions(portfolio, session)}
        assert _carried_ids(form) == expected, name
    assert _carried_ids(form) == set()  # Dr Ben's session: nothing from Dr Ada's
    form.show_record(form.kind, two_mentors["first"].id)
    assert _carried_ids(form) == set()  # nothing was agreed before the first session
    form.show_record(form.kind, two_mentors["last"].id)
    assert _carried_ids(form) == {
        two_mentors["first_action"].id,
        two_mentors["middle_action"].id,
    }


def test_a_new_sessions_carried_over_actions_follow_its_relationship(
    qtbot: Any, portfolio: Portfolio, two_mentors: dict[str, Any]
) -> None:
    form = SessionForm(SectionContext(portfolio))
    qtbot.addWidget(form)
    form.new_record()
    combo = form.widgets["relationship_id"]
    for relationship in (two_mentors["with_ada"], two_mentors["with_ben"]):
        combo.setCurrentIndex(combo.findData(relationship.id))  # type: ignore[attr-defined]
        expected = carried_over_actions(portfolio, form.record_from_form())
        assert _carried_ids(form) == {a.id for a in expected}
        assert expected and all(a.relationship_id == relationship.id for a in expected)


def _counts(portfolio: Portfolio) -> tuple[int, int, int]:
    return (
        records.count_records(portfolio, SessionRecord),
        records.count_records(portfolio, Action),
        records.count_records(portfolio, Action, records.RecordFilter(status="done")),
    )


def test_a_failure_in_the_middle_of_saving_a_session_leaves_nothing_saved(
    qtbot: Any, portfolio: Portfolio, two_mentors: dict[str, Any], answers: dict[str, Any]
) -> None:
    """The session, the actions it agreed and the carried-over actions ticked done are
    saved together or not at all (a real trigger refuses the second new action)."""
    with portfolio.transaction() as db:
        db.execute(
            text(
                "CREATE TRIGGER refuse_boom BEFORE INSERT ON actions"
                " WHEN NEW.description = 'Boom' BEGIN SELECT RAISE(ABORT, 'injected'); END"
            )
        )
    before = _counts(portfolio)
    form = SessionForm(SectionContext(portfolio))
    qtbot.addWidget(form)
    form.new_record()
    combo = form.widgets["relationship_id"]
    combo.setCurrentIndex(combo.findData(two_mentors["with_ada"].id))  # type: ignore[attr-defined]
    form.widgets["topics"].setPlainText("Saved with its actions, or not at all")  # type: ignore[attr-defined]
    for description in ("First new action", "Boom", "Third new action"):
        form.new_action.setText(description)
        form.add_action()
    for i in range(2):
        form.carried.item(i).setCheckState(Qt.CheckState.Checked)
    assert len(form.to_close) == 2 and len(form.pending) == 3

    assert not form.save_changes()

    assert _counts(portfolio) == before
    assert all(
        a.status is ActionStatus.OPEN
        for a in records.list_records(portfolio, Action)
        if a.relationship_id == two_mentors["with_ada"].id
    )
    # The form keeps what was typed, to fix and save again.
    assert len(form.pending) == 3 and len(form.to_close) == 2 and form.has_unsaved_changes()
    with portfolio.transaction() as db:
        db.execute(text("DROP TRIGGER refuse_boom"))
    assert form.save_changes()
    assert _counts(portfolio) == (before[0] + 1, before[1] + 3, before[2] + 2)
