"""Actions (filters, owner, origin session, delete and undo) and checklists (from a
template, ticks and notes per item)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from app.domain.enums import ActionOwner, ActionStatus, RecordKind
from app.domain.records import Action, Checklist, ChecklistTemplate, SessionRecord
from app.services import records
from app.ui.sections.actions import ActionsSection
from app.ui.sections.checklists import ChecklistsSection
from tests.ui.sections.conftest import click, press, show, type_text


def test_actions_filters_sorting_and_origin(qtbot, qtmodeltester, context, relationship) -> None:
    portfolio = context.portfolio
    session = records.save(portfolio, SessionRecord(relationship_id=relationship.id,
                                                    held_on=date(2026, 1, 10)))
    past, future = date.today() - timedelta(days=3), date.today() + timedelta(days=30)
    records.save(portfolio, Action(relationship_id=relationship.id, description="Overdue one",
                                   due_date=past, origin_session_id=session.id))
    records.save(portfolio, Action(relationship_id=relationship.id, description="Mentor task",
                                   owner=ActionOwner.MENTOR, due_date=future))
    records.save(portfolio, Action(relationship_id=relationship.id, description="Finished",
                                   status=ActionStatus.DONE, completed_on=date(2026, 1, 1)))
    section = show(qtbot, ActionsSection(context))
    pane = section.actions
    qtmodeltester.check(pane.proxy)

    def shown() -> list[str]:
        return [pane.proxy.index(r, 0).data() for r in range(pane.proxy.rowCount())]

    pane.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert shown() == ["Overdue one", "Mentor task"]  # open by default, soonest due first
    assert pane.proxy.index(0, 2).data().endswith("(overdue)")
    pane.show_filter.setCurrentIndex(pane.show_filter.findData("overdue"))
    assert shown() == ["Overdue one"]
    pane.show_filter.setCurrentIndex(pane.show_filter.findData("closed"))
    assert shown() == ["Finished"]
    pane.show_filter.setCurrentIndex(pane.show_filter.findData(None))
    pane.owner_filter.setCurrentIndex(pane.owner_filter.findData(ActionOwner.MENTOR))
    assert shown() == ["Mentor task"]
    pane.owner_filter.setCurrentIndex(0)

    opened = []
    section.open_record.connect(lambda kind, rid: opened.append((kind, rid)))
    pane.table.selectRow(next(r for r in range(pane.proxy.rowCount())
                              if pane.proxy.index(r, 0).data() == "Overdue one"))
    assert pane.origin_button.isVisibleTo(pane)
    click(qtbot, pane.origin_button)
    assert opened == [(RecordKind.SESSION, session.id)]


def test_add_edit_delete_undo_action(qtbot, context, relationship) -> None:
    portfolio = context.portfolio
    section = show(qtbot, ActionsSection(context))
    pane = section.actions
    press(qtbot, pane.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, pane.form.editors["description"], "Book <the> rota & swap")
    pane.form.editors["due_date"].set_value(date(2026, 12, 1))
    press(qtbot, pane.form.editors["description"], Qt.Key.Key_S,
          Qt.KeyboardModifier.ControlModifier)
    [action] = records.list_records(portfolio, Action)
    assert action.description == "Book <the> rota & swap"
    assert action.due_date == date(2026, 12, 1) and action.relationship_id == relationship.id

    status = pane.form.editors["status"]
    status.setCurrentIndex(status.findData(ActionStatus.DONE))
    click(qtbot, pane.save_button)
    done = records.get(portfolio, Action, action.id)
    assert done.status == ActionStatus.DONE and done.completed_on == date.today()

    click(qtbot, pane.delete_button)
    assert records.count_records(portfolio, Action) == 0
    click(qtbot, pane.undo_button)
    [back] = records.list_records(portfolio, Action)
    assert back.description == "Book <the> rota & swap" and back.status == ActionStatus.DONE


def test_checklist_from_template_ticks_and_notes(qtbot, context, relationship) -> None:
    portfolio = context.portfolio
    section = show(qtbot, ChecklistsSection(context))
    pane = section.checklists
    first = next(t for t in records.list_records(portfolio, ChecklistTemplate) if t.is_default)
    assert pane.template_combo.currentText() == "First meeting"
    click(qtbot, pane.new_button)
    assert pane.items.rowCount() == len(first.items)
    pane.items.item(0, 0).setCheckState(Qt.CheckState.Checked)
    pane.items.item(0, 1).setText("Done over coffee ☕ <&>")
    assert section.has_unsaved_changes()
    press(qtbot, pane.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [saved] = records.list_records(portfolio, Checklist)
    assert saved.title == "First meeting" and saved.template_id == first.id
    assert saved.relationship_id == relationship.id
    assert [i.text for i in saved.items] == first.items
    assert saved.items[0].done and saved.items[0].note == "Done over coffee ☕ <&>"
    assert not any(i.done for i in saved.items[1:])
    assert pane.proxy.index(0, 1).data() == f"1 of {len(first.items)}"
    assert section.current_record() == (RecordKind.CHECKLIST, saved.id)

    pane.form.editors["title"].setText("")
    click(qtbot, pane.save_button)
    assert pane.form.shown_problems() == {"title": "Title is required."}
    assert records.get(portfolio, Checklist, saved.id).title == "First meeting"
    click(qtbot, pane.revert_button)
    click(qtbot, pane.delete_button)
    assert records.count_records(portfolio, Checklist) == 0
    click(qtbot, pane.undo_button)
    [back] = records.list_records(portfolio, Checklist)
    assert back.items[0].note == "Done over coffee ☕ <&>"
