"""SMART goals."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout

from app.domain.enums import RecordKind
from app.domain.errors import KnownError
from app.domain.record_types import Goal
from app.ui.sections.record_section import RecordSection
from app.ui.sections.sidebar import Placement


class GoalForm(RecordSection):
    title = "Goals"
    record_type = Goal
    noun = "goal"
    columns = [
        ("Goal", lambda r: r.title),
        ("Status", lambda r: r.status.label),
        ("Target", lambda r: r.target_date),
    ]

    def before_form(self, layout: QVBoxLayout) -> None:
        from app.ui.signing.panel import SigningPanel

        self.plan_label = QLabel("Goals plan of this relationship (signed as one page):")
        self.plan_label.setWordWrap(True)
        self.plan_panel = SigningPanel(self.context.portfolio, bus=self.context.bus, owner=self)
        self.plan_panel.take_drops_on(self.form_page)  # the plan's signed PDF, dropped
        layout.addWidget(self.plan_label)
        layout.addWidget(self.plan_panel)

    def load_extra(self, record: Any) -> None:
        rel = record.relationship_id if record.id is not None else None
        try:
            self.plan_panel.set_record(None if rel is None else (RecordKind.GOALS_PLAN, rel))
        except KnownError:
            self.plan_panel.set_record(None)
        self.plan_label.setVisible(rel is not None)


FORM = GoalForm
PLACEMENT = Placement("Goals", 30)
