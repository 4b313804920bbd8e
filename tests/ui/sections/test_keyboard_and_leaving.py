"""Every control is named for assistive technology and reachable by Tab; leaving a
record with unsaved edits asks first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QMessageBox,
    QScrollBar,
    QWidget,
)

from app.domain.records import Goal
from app.services import records
from app.ui.sections.registry import record_sections
from tests.ui.sections.conftest import answering, show


def _inside_composite(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox | QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def test_every_focusable_control_has_an_accessible_name(qtbot, context) -> None:
    for section in record_sections(context):
        show(qtbot, section)
        panes = list(section.panes.values())
        for pane in panes:
            pane.new_record()
        unnamed = []
        for widget in section.findChildren(QWidget):
            if (widget.focusPolicy() == Qt.FocusPolicy.NoFocus or isinstance(widget, QScrollBar)
                    or _inside_composite(widget)):
                continue
            named = widget.accessibleName() or (
                isinstance(widget, QAbstractButton) and widget.text().replace("&", ""))
            if not named:
                unnamed.append(f"{type(widget).__name__} {widget.objectName()}")
        assert unnamed == [], section.title


def test_leaving_unsaved_edits_asks(qtbot, context, relationship) -> None:
    sections = record_sections(context)
    goals = show(qtbot, sections[1])
    for other in sections:
        if other is not goals:
            other.deleteLater()
    portfolio = context.portfolio
    first = records.save(portfolio, Goal(title="First", relationship_id=relationship.id))
    records.save(portfolio, Goal(title="Second", relationship_id=relationship.id))
    goals.refresh()
    pane = goals.goals
    pane.show_record(first.id)
    pane.form.editors["title"].setText("First, edited")
    row_of_second = next(r for r in range(pane.proxy.rowCount())
                         if pane.proxy.index(r, 0).data() == "Second")
    with answering(QMessageBox.StandardButton.Cancel) as seen:
        pane.table.selectRow(row_of_second)
    assert seen == ["This goal has changes that are not saved. Save them first?"]
    assert pane.form.editors["title"].text() == "First, edited"
    with answering(QMessageBox.StandardButton.Save):
        pane.table.selectRow(row_of_second)
    assert records.get(portfolio, Goal, first.id).title == "First, edited"
    assert pane.form.editors["title"].text() == "Second"


def test_tab_goes_list_then_toolbar_then_form_in_order(qtbot, context) -> None:
    from app.ui.sections.goals import GoalsSection

    section = show(qtbot, GoalsSection(context))
    pane = section.goals
    pane.new_record()
    pane.filter_box.setFocus()
    visited = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    editors = pane.form.editors
    expected = [pane.status_filter, pane.table, pane.new_button, pane.save_button,
                pane.revert_button, pane.delete_button, editors["title"],
                editors["relationship_id"], editors["category"], editors["status"],
                editors["target_date"].edit, editors["target_date"].none_box]
    # Disabled buttons (Revert, Delete of a new goal) are skipped by Tab.
    expected = [w for w in expected if w.isEnabled()]
    assert visited[:len(expected)] == expected
