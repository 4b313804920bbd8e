"""Mentors: who the mentee is, or was, mentored by."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout

from app.domain.record_types import Mentor
from app.ui.look import set_tone
from app.ui.sections.record_section import RecordSection
from app.ui.sections.sidebar import Placement

LINE_MANAGER_WARNING = (
    "⚠ This mentor is also your line manager. Mentoring works best when it"
    " is separate from line management; agree in the contract how you"
    " will keep the two apart."
)


def warning_label() -> QLabel:
    label = QLabel(LINE_MANAGER_WARNING)
    label.setWordWrap(True)
    label.setAccessibleName("Line manager warning")
    set_tone(label, "warning")
    label.hide()
    return label


class MentorForm(RecordSection):
    title = "Mentors"
    record_type = Mentor
    noun = "mentor"
    columns = [
        ("Name", lambda r: r.name),
        ("Role", lambda r: r.role),
        ("Organisation", lambda r: r.organisation),
    ]

    def after_form(self, layout: QVBoxLayout) -> None:
        self.warning = warning_label()
        layout.addWidget(self.warning)

    def _edited(self) -> None:
        super()._edited()
        if hasattr(self, "warning"):
            self.warning.setVisible(self.field_widget("is_line_manager", QCheckBox).isChecked())


FORM = MentorForm
PLACEMENT = Placement("Relationships & contract", 20, "&Mentors", tab_order=2)
