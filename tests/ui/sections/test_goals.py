"""Goals through the widgets: add, edit, validate, delete and undo, drafts, filters."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from app.domain.enums import GoalStatus, RecordKind
from app.domain.records import Goal, Relationship
from app.services import records
from app.ui.sections.goals import GoalsSection
from tests.ui.sections.conftest import click, press, show, type_text

# QTest types ASCII key by key and aborts on anything else, so the rest is pasted.
TYPED = "Teach <&> the rota: "
PASTED = "Siân Ó Dálaigh, Łukasz Żółć, مرحبا 🚑"
ODD = TYPED + PASTED


def test_add_edit_delete_and_undo_a_goal(qtbot, context, relationship: Relationship) -> None:
    section = show(qtbot, GoalsSection(context))
    pane = section.goals
    records_changed = []
    section.records_changed.connect(lambda: records_changed.append(1))

    press(qtbot, pane.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    title = pane.form.editors["title"]
    assert isinstance(title, QLineEdit) and title.hasFocus()
    qtbot.keyClicks(title, TYPED)
    title.insert(PASTED)
    notes = pane.form.editors["measurable"]
    assert isinstance(notes, QPlainTextEdit)
    type_text(qtbot, notes, "Audit presented\nat the QI meeting")
    assert section.has_unsaved_changes()
    press(qtbot, title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    [saved] = records.list_records(context.portfolio, Goal)
    assert saved.title == ODD
    assert saved.measurable == "Audit presented\nat the QI meeting"
    assert saved.relationship_id == relationship.id
    assert not section.has_unsaved_changes()
    assert records_changed
    assert pane.model.rowCount() == 1

    status = pane.form.editors["status"]
    assert isinstance(status, QComboBox)
    status.setCurrentIndex(status.findData(GoalStatus.ACHIEVED))
    click(qtbot, pane.save_button)
    assert records.get(context.portfolio, Goal, saved.id).status == GoalStatus.ACHIEVED

    press(qtbot, pane.table, Qt.Key.Key_Delete)
    assert records.list_records(context.portfolio, Goal) == []
    assert pane.undo_bar.isVisible() and ODD in pane.undo_label.text()
    click(qtbot, pane.undo_button)
    [restored] = records.list_records(context.portfolio, Goal)
    assert restored.title == ODD and restored.status == GoalStatus.ACHIEVED
    assert pane.current.id == restored.id


def test_invalid_goal_shows_inline_problem_and_saves_nothing(qtbot, context) -> None:
    section = show(qtbot, GoalsSection(context))
    pane = section.goals
    click(qtbot, pane.new_button)
    qtbot.keyClicks(pane.form.editors["category"], "Leadership")
    click(qtbot, pane.save_button)
    assert pane.form.shown_problems() == {"title": "Goal is required."}
    assert records.count_records(context.portfolio, Goal) == 0
    assert section.has_unsaved_changes()
    qtbot.keyClicks(pane.form.editors["title"], "x" * 201)
    assert not section.save_changes()
    assert "too long" in pane.form.shown_problems()["title"]
    assert records.count_records(context.portfolio, Goal) == 0


def test_revert_and_drafts_keep_unsaved_text(qtbot, context, relationship) -> None:
    goal = records.save(context.portfolio, Goal(title="Original", relationship_id=relationship.id))
    section = show(qtbot, GoalsSection(context))
    section.show_record(RecordKind.GOAL, goal.id)
    assert section.goals.form.editors["title"].text() == "Original"
    assert not section.has_unsaved_changes()
    assert section.take_draft() is None

    section.goals.form.editors["title"].setText("Changed " + ODD)
    assert section.has_unsaved_changes()
    draft = section.take_draft()
    section.deleteLater()

    again = show(qtbot, GoalsSection(context))
    again.restore_draft(draft)
    assert again.goals.form.editors["title"].text() == "Changed " + ODD
    assert again.has_unsaved_changes()
    click(qtbot, again.goals.revert_button)
    assert again.goals.form.editors["title"].text() == "Original"
    assert not again.has_unsaved_changes()


def test_goals_filter_by_status_and_relationship_and_sort(qtbot, qtmodeltester, context,
                                                         relationship) -> None:
    portfolio = context.portfolio
    other = records.save(portfolio, Relationship(mentor_id=relationship.mentor_id))
    records.save(portfolio, Goal(title="Bravo", relationship_id=relationship.id,
                                 target_date=date(2026, 6, 1)))
    records.save(portfolio, Goal(title="alpha", relationship_id=other.id,
                                 status=GoalStatus.ACHIEVED, target_date=date(2026, 3, 1)))
    records.save(portfolio, Goal(title="Charlie", relationship_id=relationship.id))
    section = show(qtbot, GoalsSection(context))
    pane = section.goals
    qtmodeltester.check(pane.model)

    def titles() -> list[str]:
        return [pane.proxy.index(r, 0).data() for r in range(pane.proxy.rowCount())]

    pane.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert titles() == ["alpha", "Bravo", "Charlie"]
    pane.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # target date, undated last
    assert titles() == ["alpha", "Bravo", "Charlie"]
    pane.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert titles()[1:] == ["Bravo", "alpha"]
    pane.status_filter.setCurrentIndex(pane.status_filter.findData(GoalStatus.ACHIEVED))
    assert titles() == ["alpha"]
    pane.status_filter.setCurrentIndex(0)
    pane.rel_filter.setCurrentIndex(pane.rel_filter.findData(relationship.id))
    assert sorted(titles()) == ["Bravo", "Charlie"]
    assert pane.count_label.text() == "Showing 2 of 3 goals"
    qtbot.keyClicks(pane.filter_box, "char")
    assert titles() == ["Charlie"]
    assert section.current_record() == (RecordKind.GOALS_PLAN, relationship.id)
