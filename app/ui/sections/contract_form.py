"""The contract of a relationship."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from app.domain.frequency import agreed_phrase, parse_frequency
from app.domain.record_types import Contract
from app.services.portfolio import condition_of_practice_wording, default_contract
from app.ui.sections import choices
from app.ui.sections.base import SectionContext
from app.ui.sections.record_section import RecordSection
from app.ui.sections.sidebar import Placement


class ContractForm(RecordSection):
    title = "Contracts"
    record_type = Contract
    noun = "contract"

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        self._rels: dict[Any, str] = {}
        self.columns = [
            ("Relationship", lambda r: self._rels.get(r.relationship_id, "")),
            ("Agreed on", lambda r: r.agreed_on),
        ]
        super().__init__(context, parent)
        condition = self.field_widget("condition_of_practice", QCheckBox)
        condition.toggled.connect(self._condition_ticked)
        # The agreed interval beside "How often we meet": read from the text as it is
        # typed (until the mentee writes their own), kept in the app's words.
        self._free_text = ""  # as last seen, loaded or typed
        agreed = self.field_widget("agreed_frequency", QLineEdit)
        agreed.setPlaceholderText("every 4 to 6 weeks")
        agreed.editingFinished.connect(self._interval_in_our_words)
        free_text = self.field_widget("frequency", QPlainTextEdit)
        free_text.textChanged.connect(self._read_frequency)

    def _read_frequency(self) -> None:
        free_text = self.field_widget("frequency", QPlainTextEdit).toPlainText()
        before, self._free_text = self._free_text, free_text
        if self._loading:
            return
        agreed = self.field_widget("agreed_frequency", QLineEdit)
        if agreed.isReadOnly() or agreed.text() not in ("", agreed_phrase(before)):
            return  # the mentee's own words stay
        agreed.setText(agreed_phrase(free_text))

    def _interval_in_our_words(self) -> None:
        agreed = self.field_widget("agreed_frequency", QLineEdit)
        reading = parse_frequency(agreed.text())
        if reading is not None and agreed.text() != reading.phrase and not agreed.isReadOnly():
            agreed.setText(reading.phrase)

    def _condition_ticked(self, ticked: bool) -> None:
        """Ticking "condition of practice" fills empty reporting expectations with the
        default wording; typed text and a loaded record are left as they are."""
        report = self.field_widget("reporting_expectations", QPlainTextEdit)
        if ticked and not self._loading and not report.toPlainText().strip():
            report.setPlainText(condition_of_practice_wording()["reporting_expectations"])

    def refresh(self) -> None:
        self._rels = dict(choices.relationships(self.context.portfolio))
        super().refresh()

    def blank(self) -> Contract:
        return default_contract()


FORM = ContractForm
PLACEMENT = Placement("Relationships & contract", 20, "C&ontract", tab_order=3)
