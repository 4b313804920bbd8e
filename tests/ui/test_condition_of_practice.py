"""Mentoring as a condition of practice (issue 15 item 8): the contract form edits the
three fields migration 0003 added, ticking the box fills empty reporting expectations
with the default wording, and search finds a contract by them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit

from app.domain.enums import RecordKind
from app.domain.record_types import Contract, Mentor, Relationship
from app.services import records, search
from app.services.portfolio import Portfolio, condition_of_practice_wording
from app.ui.sections.base import SectionContext
from app.ui.sections.contract_form import ContractForm


def _relationship(portfolio: Portfolio) -> Relationship:
    mentor = records.save(portfolio, Mentor(name="Dr Grace Hopper"))
    return records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))


def test_ticking_condition_of_practice_fills_the_default_reporting_expectations(
    qtbot, portfolio: Portfolio
) -> None:
    rel = _relationship(portfolio)
    form = ContractForm(SectionContext(portfolio))
    qtbot.addWidget(form)
    form.new_record()
    tick = form.field_widget("condition_of_practice", QCheckBox)
    body = form.field_widget("requiring_body", QLineEdit)
    report = form.field_widget("reporting_expectations", QPlainTextEdit)
    assert tick.text() == "Mentoring is a condition of my practice"
    assert body.accessibleName() == "Required by"
    assert report.accessibleName() == "Reporting expectations"
    assert report.toPlainText() == ""
    form.show()
    qtbot.mouseClick(tick, Qt.MouseButton.LeftButton)
    assert tick.isChecked()
    wording = condition_of_practice_wording()["reporting_expectations"]
    assert report.toPlainText() == wording
    # Unticking leaves what is there; ticking again never overwrites typed text.
    qtbot.mouseClick(tick, Qt.MouseButton.LeftButton)
    report.setPlainText("Quarterly letter to the deanery")
    qtbot.mouseClick(tick, Qt.MouseButton.LeftButton)
    assert report.toPlainText() == "Quarterly letter to the deanery"
    # Loading a saved contract fills nothing in.
    saved = records.save(
        portfolio,
        Contract(relationship_id=rel.id, condition_of_practice=True, requiring_body="GMC"),
    )
    form.refresh()
    form.open_id(saved.id)
    assert form.field_widget("reporting_expectations", QPlainTextEdit).toPlainText() == ""
    assert not form.has_unsaved_changes()


def test_the_form_saves_the_condition_of_practice_fields(qtbot, portfolio: Portfolio) -> None:
    rel = _relationship(portfolio)
    form = ContractForm(SectionContext(portfolio))
    qtbot.addWidget(form)
    form.show()
    form.new_record()
    choice = form.field_widget("relationship_id", QComboBox)
    choice.setCurrentIndex(choice.findData(rel.id))
    qtbot.mouseClick(
        form.field_widget("condition_of_practice", QCheckBox), Qt.MouseButton.LeftButton
    )
    qtbot.keyClicks(form.field_widget("requiring_body", QLineEdit), "General Medical Council")
    assert form.save_changes()
    [contract] = records.list_records(portfolio, Contract)
    assert contract.condition_of_practice
    assert contract.requiring_body == "General Medical Council"
    assert (
        contract.reporting_expectations == condition_of_practice_wording()["reporting_expectations"]
    )


def test_search_finds_a_contract_by_its_requiring_body_and_reporting(portfolio: Portfolio) -> None:
    rel = _relationship(portfolio)
    records.save(
        portfolio,
        Contract(
            relationship_id=rel.id,
            condition_of_practice=True,
            requiring_body="Northumbria Deanery",
            reporting_expectations="Attendance letters every quarter",
        ),
    )
    for words in ("northumbria", "attendance letters"):
        [hit] = search.search(portfolio, words)
        assert hit.kind is RecordKind.CONTRACT, words
