"""Relationships with a mentor: kind, dates, and ending one with a review."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.domain.enums import RecordKind, RelationshipStatus
from app.domain.record_types import Mentor, Relationship
from app.services import records
from app.services.changes import EVERYTHING
from app.ui.sections.base import SectionContext
from app.ui.sections.mentor_form import warning_label
from app.ui.sections.record_section import RecordSection
from app.ui.sections.sidebar import Placement


class RelationshipForm(RecordSection):
    title = "Relationships"
    record_type = Relationship
    noun = "relationship"
    columns = [
        ("Mentor", lambda r: r._mentor_name if hasattr(r, "_mentor_name") else ""),
        ("Kind", lambda r: r.kind.label),
        ("Status", lambda r: r.status.label),
        ("Started", lambda r: r.start_date),
    ]

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        self.columns = [("Mentor", self._mentor_name), *type(self).columns[1:]]
        self._names: dict[Any, str] = {}
        super().__init__(context, parent)

    def _mentor_name(self, record: Relationship) -> str:
        return self._names.get(record.mentor_id, "")

    def refresh(self) -> None:
        self._line_managers: set[Any] = set()
        mentors = records.list_records(self.context.portfolio, Mentor)
        self._names = {m.id: m.name for m in mentors}
        self._line_managers = {m.id for m in mentors if m.is_line_manager}
        super().refresh()

    def blank(self) -> Relationship:
        from app.services import profile

        default = profile.get_preference(self.context.portfolio, "default_mentor_id", "")
        mentor_id = int(default) if default.isdigit() and int(default) in self._names else None
        return Relationship(mentor_id=mentor_id)

    def after_form(self, layout: QVBoxLayout) -> None:
        self.warning = warning_label()
        layout.addWidget(self.warning)
        # Ending walks through the end-of-relationship review and makes the records
        # read-only; reopening needs a reason. Both are kept in the history.
        self.end_button = QPushButton("&End relationship…")
        self.end_button.setAccessibleName("End this relationship with a review")
        self.end_button.clicked.connect(self._end_or_reopen)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.end_button)
        layout.addLayout(row)

    def load_extra(self, record: Any) -> None:
        super().load_extra(record)
        if hasattr(self, "end_button"):
            ended = record.status is RelationshipStatus.ENDED
            # An ended one is reopened from the form's banner, its one next step.
            self.end_button.setVisible(record.id is not None and not ended)
            self.end_button.setText("&Reopen relationship…" if ended else "&End relationship…")

    def _end_or_reopen(self) -> None:
        from app.ui.reflection.closure_dialog import end_relationship, reopen_relationship_dialog

        record = self.loaded
        if record is None or record.id is None:
            return
        who = self._names.get(record.mentor_id, "your mentor")
        action = (
            reopen_relationship_dialog
            if record.status is RelationshipStatus.ENDED
            else end_relationship
        )
        if action(self.context.portfolio, record.id, who, self):
            self.refresh()
            self.show_record(RecordKind.RELATIONSHIP, record.id)
            # The dialog wrote through its own op; every record of the relationship is
            # now read-only (or editable again).
            self.context.bus.announce(EVERYTHING, initiator=self)

    def _edited(self) -> None:
        super()._edited()
        if hasattr(self, "warning"):
            mentor = self.field_widget("mentor_id", QComboBox).currentData()
            self.warning.setVisible(mentor in getattr(self, "_line_managers", set()))


FORM = RelationshipForm
PLACEMENT = Placement("Relationships & contract", 20, "&Relationships", tab_order=1)
