"""The contract of a relationship."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from app.domain.records import Contract
from app.services.portfolio import default_contract
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

    def refresh(self) -> None:
        self._rels = dict(choices.relationships(self.context.portfolio))
        super().refresh()

    def blank(self) -> Contract:
        return default_contract()


FORM = ContractForm
PLACEMENT = Placement("Relationships & contract", 20, "C&ontract", tab_order=3)
