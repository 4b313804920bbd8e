"""Session records: goal links, actions agreed inline, carried-over actions, delete
and undo (actions re-linked), date-range filter, and the private reflection."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from app.domain.enums import ActionOwner, ActionStatus, RecordKind
from app.domain.records import Action, Goal, SessionRecord
from app.services import records
from app.services.sessions import actions_agreed_in
from app.ui.sections.sessions import SessionsSection
from tests.ui.sections.conftest import click, press, show, type_text


def test_session_links_goals_and_agrees_actions(qtbot, context, relationship) -> None:
    portfolio = context.portfolio
    goal = records.save(portfolio, Goal(title="Lead QI", relationship_id=relationship.id))
    records.save(portfolio, Goal(title="Teach", relationship_id=relationship.id))
    section = show(qtbot, SessionsSection(context))
    pane = section.sessions
    click(qtbot, pane.new_button)
    pane.form.editors["held_on"].set_value(date(2026, 2, 3))
    pane.form.editors["duration_minutes"].setValue(45)
    type_text(qtbot, pane.form.editors["topics"], "Rota & <leadership>\nExams")
    pane.form.editors["private_reflection"].setPlainText("Felt unsure 🙈")
    [item] = [pane.goal_list.item(i) for i in range(pane.goal_list.count())
              if pane.goal_list.item(i).data(Qt.ItemDataRole.UserRole) == goal.id]
    item.setCheckState(Qt.CheckState.Checked)
    click(qtbot, pane.add_action_button)
    cell_editor = QApplication.focusWidget()
    assert pane.action_table.isAncestorOf(cell_editor)
    # Typed and not yet confirmed with Return: Save still takes it.
    qtbot.keyClicks(cell_editor, "Email the clinical director")
    owner = pane.action_table.cellWidget(0, 1)
    assert isinstance(owner, QComboBox)
    owner.setCurrentIndex(owner.findData(ActionOwner.MENTOR))
    pane.action_table.cellWidget(0, 2).set_value(date(2026, 3, 1))
    assert section.has_unsaved_changes()
    assert section.save_changes()

    [saved] = records.list_records(portfolio, SessionRecord)
    assert saved.held_on == date(2026, 2, 3) and saved.duration_minutes == 45
    assert saved.topics == "Rota & <leadership>\nExams"
    assert saved.private_reflection == "Felt unsure 🙈"
    assert saved.goal_ids == [goal.id]
    [action] = actions_agreed_in(portfolio, saved.id)
    assert action.description == "Email the clinical director"
    assert (action.owner, action.due_date, action.status) == (
        ActionOwner.MENTOR, date(2026, 3, 1), ActionStatus.OPEN)
    assert action.relationship_id == relationship.id
    assert not section.has_unsaved_changes()
    assert section.current_record() == (RecordKind.SESSION, saved.id)

    # A later session shows the open action as carried over; ticking it marks it done.
    click(qtbot, pane.new_button)
    pane.form.editors["held_on"].set_value(date(2026, 3, 10))
    click(qtbot, pane.save_button)
    later = pane.current
    assert later.id != saved.id
    carried = [pane.carried_list.item(i) for i in range(pane.carried_list.count())]
    assert [c.text() for c in carried] == [
        "Email the clinical director (mentor, due 01/03/2026)"]
    carried[0].setCheckState(Qt.CheckState.Checked)
    done = records.get(portfolio, Action, action.id)
    assert done.status == ActionStatus.DONE and done.completed_on == date.today()
    assert pane.carried_list.item(0).text() == "No open actions from earlier sessions."
    # The earlier session still lists the action it agreed, now done.
    section.show_record(RecordKind.SESSION, saved.id)
    assert pane.action_table.cellWidget(0, 3).currentData() == ActionStatus.DONE


def test_delete_session_and_undo_relinks_its_actions(qtbot, context, relationship) -> None:
    portfolio = context.portfolio
    session = records.save(portfolio, SessionRecord(relationship_id=relationship.id,
                                                     held_on=date(2026, 1, 20), topics="Rota"))
    action = records.save(portfolio, Action(relationship_id=relationship.id,
                                            origin_session_id=session.id, description="Read"))
    section = show(qtbot, SessionsSection(context))
    section.show_record(RecordKind.SESSION, session.id)
    press(qtbot, section.sessions.table, Qt.Key.Key_Delete)
    assert records.list_records(portfolio, SessionRecord) == []
    assert records.get(portfolio, Action, action.id).origin_session_id is None
    click(qtbot, section.sessions.undo_button)
    [restored] = records.list_records(portfolio, SessionRecord)
    assert restored.topics == "Rota"
    assert records.get(portfolio, Action, action.id).origin_session_id == restored.id


def test_sessions_validation_and_date_range_filter(qtbot, context, relationship) -> None:
    portfolio = context.portfolio
    today = date(2026, 5, 1)
    for days in (0, 30, 60):
        records.save(portfolio, SessionRecord(relationship_id=relationship.id,
                                              held_on=today - timedelta(days=days)))
    section = show(qtbot, SessionsSection(context))
    pane = section.sessions
    assert pane.count_label.text() == "3 sessions"
    pane.from_filter.set_value(date(2026, 3, 15))
    assert pane.count_label.text() == "Showing 2 of 3 sessions"
    pane.to_filter.set_value(date(2026, 4, 30))
    assert pane.proxy.rowCount() == 1
    assert pane.proxy.index(0, 0).data() == "01/04/2026"  # UK locale: dd/mm/yyyy

    click(qtbot, pane.new_button)
    pane.form.editors["duration_minutes"].setValue(0)
    pane.form.editors["next_meeting"].set_value(date(2020, 1, 1))
    click(qtbot, pane.save_button)
    assert pane.form.shown_problems() == {
        "duration_minutes": "Length must be between 1 minute and 24 hours.",
        "next_meeting": "Next meeting is before the session itself.",
    }
    assert records.count_records(portfolio, SessionRecord) == 3
    assert "private" in pane.form.editors["private_reflection"].accessibleName()


def test_session_draft_keeps_goal_ticks_and_unsaved_actions(qtbot, context, relationship) -> None:
    portfolio = context.portfolio
    goal = records.save(portfolio, Goal(title="Lead QI", relationship_id=relationship.id))
    session = records.save(portfolio, SessionRecord(relationship_id=relationship.id,
                                                    held_on=date(2026, 2, 3)))
    section = show(qtbot, SessionsSection(context))
    section.show_record(RecordKind.SESSION, session.id)
    pane = section.sessions
    pane.goal_list.item(0).setCheckState(Qt.CheckState.Checked)
    click(qtbot, pane.add_action_button)
    qtbot.keyClicks(QApplication.focusWidget(), "Draft action")
    pane.form.editors["summary"].setPlainText("Half written…")
    draft = section.take_draft()
    assert draft is not None
    section.deleteLater()

    again = show(qtbot, SessionsSection(context))
    again.restore_draft(draft)
    pane = again.sessions
    assert pane.form.values()["summary"] == "Half written…"
    assert pane.goal_list.item(0).checkState() == Qt.CheckState.Checked
    assert pane.action_table.item(0, 0).text() == "Draft action"
    assert again.has_unsaved_changes()
    assert again.save_changes()
    stored = records.get(portfolio, SessionRecord, session.id)
    assert stored.goal_ids == [goal.id] and stored.summary == "Half written…"
    assert [a.description for a in actions_agreed_in(portfolio, session.id)] == ["Draft action"]
