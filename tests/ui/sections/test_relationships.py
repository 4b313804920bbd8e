"""Mentors, relationships and contracts; the line-manager warning; default contract
wording; confirmed delete; and a storage error that keeps what was typed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QMessageBox

from app.domain.enums import RecordKind, RelationshipKind
from app.domain.records import Contract, Goal, Mentor, Relationship, SessionRecord
from app.services import records
from app.services.portfolio import default_contract_wording
from app.ui.sections.goals import GoalsSection
from app.ui.sections.registry import record_sections
from app.ui.sections.relationships import LINE_MANAGER_WARNING, RelationshipsSection
from tests.ui.sections.conftest import (
    answering,
    click,
    open_dialogs,
    press,
    read_only,
    show,
    type_text,
)


def test_registry_order(qtbot, context) -> None:
    sections = record_sections(context)
    for section in sections:
        qtbot.addWidget(section)
    assert [s.title for s in sections] == [
        "Relationships & contract", "Goals", "Sessions", "Actions", "Checklists"]


def test_mentor_add_with_line_manager_warning_edit_delete_undo(qtbot, context) -> None:
    portfolio = context.portfolio
    section = show(qtbot, RelationshipsSection(context))
    section.tabs.setCurrentWidget(section.mentors)
    pane = section.mentors
    press(qtbot, pane.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, pane.form.editors["name"], "Dr Ann O'Neil")
    pane.form.editors["email"].setText("not-an-email")
    box = pane.form.editors["is_line_manager"]
    assert isinstance(box, QCheckBox)
    warning = pane.form.warnings["is_line_manager"]
    assert warning.isHidden()
    press(qtbot, box, Qt.Key.Key_Space)
    assert box.isChecked() and warning.isVisible()
    assert LINE_MANAGER_WARNING in warning.text()
    click(qtbot, pane.save_button)
    assert pane.form.shown_problems() == {
        "email": "Email does not look like an email address."}
    assert records.count_records(portfolio, Mentor) == 1  # only the fixture's mentor
    pane.form.editors["email"].setText("ann@example.org")
    press(qtbot, pane.form.editors["email"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = next(m for m in records.list_records(portfolio, Mentor) if m.name == "Dr Ann O'Neil")
    assert saved.is_line_manager and saved.email == "ann@example.org"

    press(qtbot, pane.table, Qt.Key.Key_Delete)
    assert records.count_records(portfolio, Mentor) == 1
    click(qtbot, pane.undo_button)
    assert records.count_records(portfolio, Mentor) == 2


def test_mentor_with_relationships_cannot_be_deleted(qtbot, context, relationship) -> None:
    section = show(qtbot, RelationshipsSection(context))
    section.show_record(RecordKind.MENTOR, relationship.mentor_id)
    assert section.tabs.currentWidget() is section.mentors
    click(qtbot, section.mentors.delete_button)
    [dialog] = open_dialogs(section.mentors)
    assert dialog.text() == ("This mentor still has relationships. Delete or reassign those"
                             " first.")
    dialog.close()
    assert records.count_records(context.portfolio, Mentor) == 1


def test_relationship_edit_and_confirmed_delete(qtbot, context, relationship) -> None:
    portfolio = context.portfolio
    records.save(portfolio, SessionRecord(relationship_id=relationship.id,
                                          held_on=date(2026, 2, 1)))
    section = show(qtbot, RelationshipsSection(context))
    pane = section.relationships
    section.show_record(RecordKind.RELATIONSHIP, relationship.id)
    kind = pane.form.editors["kind"]
    kind.setCurrentIndex(kind.findData(RelationshipKind.CO_MENTORING))
    pane.form.editors["end_date"].set_value(date(2025, 1, 1))
    click(qtbot, pane.save_button)
    assert pane.form.shown_problems() == {"end_date": "End date is before the start date."}
    pane.form.editors["end_date"].set_value(None)
    type_text(qtbot, pane.form.editors["scheme"], "Deanery scheme")
    click(qtbot, pane.save_button)
    stored = records.get(portfolio, Relationship, relationship.id)
    assert stored.kind == RelationshipKind.CO_MENTORING and stored.scheme == "Deanery scheme"

    with answering(QMessageBox.StandardButton.Cancel) as seen:
        click(qtbot, pane.delete_button)
    assert "session records" in seen[0] or "cannot be undone" in seen[0]
    assert records.count_records(portfolio, Relationship) == 1
    with answering(QMessageBox.StandardButton.Yes):
        click(qtbot, pane.delete_button)
    assert records.count_records(portfolio, Relationship) == 0
    assert records.count_records(portfolio, SessionRecord) == 0
    assert pane.current is None


def test_contract_default_wording_and_save(qtbot, context, relationship) -> None:
    portfolio = context.portfolio
    section = show(qtbot, RelationshipsSection(context))
    section.tabs.setCurrentWidget(section.contracts)
    pane = section.contracts
    click(qtbot, pane.new_button)
    wording = default_contract_wording()
    assert pane.form.values()["ground_rules"] == wording["ground_rules"]
    pane.form.editors["boundaries"].setPlainText("")
    pane.form.editors["objectives"].setPlainText("1. Lead a QI project <&>")
    click(qtbot, pane.default_button)
    values = pane.form.values()
    assert values["boundaries"] == wording["boundaries"]  # empty clause filled
    assert values["objectives"] == "1. Lead a QI project <&>"  # written clause kept
    pane.form.editors["agreed_on"].set_value(date(2026, 1, 12))
    press(qtbot, pane.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [contract] = records.list_records(portfolio, Contract)
    assert contract.relationship_id == relationship.id
    assert contract.objectives == "1. Lead a QI project <&>"
    assert contract.agreed_on == date(2026, 1, 12)
    assert section.current_record() == (RecordKind.CONTRACT, contract.id)
    assert pane.proxy.index(0, 1).data() == "12/01/2026"


def test_read_only_portfolio_keeps_typed_text_and_says_why(qtbot, context, relationship) -> None:
    section = show(qtbot, GoalsSection(context))
    pane = section.goals
    click(qtbot, pane.new_button)
    type_text(qtbot, pane.form.editors["title"], "Pass the MRCP <part 2>")
    type_text(qtbot, pane.form.editors["progress_notes"], "Line one\nLine two & more")
    with read_only(context.portfolio):
        assert not section.save_changes()
        [dialog] = open_dialogs(pane)
        assert "read-only, so nothing could be saved" in dialog.text()
        assert dialog.informativeText() == "What you typed is still in the form."
        dialog.close()
    assert pane.form.editors["title"].text() == "Pass the MRCP <part 2>"
    assert pane.form.values()["progress_notes"] == "Line one\nLine two & more"
    assert section.has_unsaved_changes()
    assert records.count_records(context.portfolio, Goal) == 0
    # Once the folder is writable again the same form saves.
    assert section.save_changes()
    [goal] = records.list_records(context.portfolio, Goal)
    assert goal.progress_notes == "Line one\nLine two & more"
