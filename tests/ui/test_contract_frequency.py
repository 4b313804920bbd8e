"""The contract editor shows the agreed interval beside "How often we meet": read from
the text as it is typed, kept in the app's words, typed with the keyboard and saved."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from app.domain.record_types import Contract, Mentor, Relationship
from app.services import records
from app.services.portfolio import Portfolio
from app.ui.sections.base import SectionContext
from app.ui.sections.contract_form import ContractForm


def test_the_interval_is_read_typed_and_saved(qtbot: Any, portfolio: Portfolio) -> None:
    mentor = records.save(portfolio, Mentor(name="Dr Grace Hopper"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    form = ContractForm(SectionContext(portfolio))
    qtbot.addWidget(form)
    form.show()
    form.new_record()
    choice = form.field_widget("relationship_id", QComboBox)
    choice.setCurrentIndex(choice.findData(rel.id))
    free_text = form.field_widget("frequency", QPlainTextEdit)
    agreed = form.field_widget("agreed_frequency", QLineEdit)
    assert agreed.accessibleName() == "Agreed interval"
    assert agreed.text() == "every 4 to 6 weeks"  # the new contract's wording, read
    free_text.clear()
    qtbot.keyClicks(free_text, "Monthly")
    assert agreed.text() == "every month"
    qtbot.keyClicks(free_text, ", or as needed")
    assert agreed.text() == ""  # no longer one plain interval
    agreed.setFocus()
    qtbot.keyClicks(agreed, "6-8 weekly")
    qtbot.keyClick(agreed, Qt.Key.Key_Return)
    assert agreed.text() == "every 6 to 8 weeks"
    qtbot.keyClicks(free_text, " (fortnightly)")
    assert agreed.text() == "every 6 to 8 weeks"  # what the mentee typed stays
    assert form.save_changes()
    [contract] = records.list_records(portfolio, Contract)
    assert contract.agreed_frequency == "every 6 to 8 weeks"
    assert contract.frequency == "Monthly, or as needed (fortnightly)"


def test_an_interval_it_cannot_read_is_shown_beside_the_field(
    qtbot: Any, portfolio: Portfolio
) -> None:
    mentor = records.save(portfolio, Mentor(name="Dr Grace Hopper"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id))
    form = ContractForm(SectionContext(portfolio))
    qtbot.addWidget(form)
    form.show()
    form.new_record()
    choice = form.field_widget("relationship_id", QComboBox)
    choice.setCurrentIndex(choice.findData(rel.id))
    agreed = form.field_widget("agreed_frequency", QLineEdit)
    agreed.clear()
    qtbot.keyClicks(agreed, "bi-monthly")
    assert not form.save_changes()
    assert records.list_records(portfolio, Contract) == []
