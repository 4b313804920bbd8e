"""Actions: filter open / overdue / done, and by owner."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QWidget

from app.domain import clock
from app.domain.enums import ActionOwner, ActionStatus, RecordKind
from app.domain.record_types import Action
from app.services.records import RecordFilter
from app.ui.date_field import DateField
from app.ui.sections.base import SectionContext
from app.ui.sections.fields import read_value
from app.ui.sections.record_section import RecordSection
from app.ui.sections.sidebar import Placement

SHOW = ("Open", "Overdue", "Done", "All")


def is_overdue(action: Action, today: date | None = None) -> bool:
    today = today or clock.today()
    return not action.status.is_closed and action.due_date is not None and action.due_date < today


class ActionForm(RecordSection):
    title = "Actions"
    record_type = Action
    noun = "action"
    columns = [
        ("Action", lambda r: r.description),
        ("Owner", lambda r: r.owner.label),
        ("Due", lambda r: r.due_date),
        ("Status", lambda r: "Overdue" if is_overdue(r) else r.status.label),
    ]

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        self.show_combo = QComboBox()
        self.show_combo.addItems(SHOW)
        self.show_combo.setAccessibleName("Show actions")
        self.owner_combo = QComboBox()
        self.owner_combo.setAccessibleName("Actions owned by")
        self.owner_combo.addItem("Anyone", None)
        for owner in ActionOwner:
            self.owner_combo.addItem(owner.label, owner)
        super().__init__(context, parent)
        self.list_tools.addWidget(self.show_combo)
        self.list_tools.addWidget(self.owner_combo)
        self.show_combo.currentIndexChanged.connect(self.refresh)
        self.owner_combo.currentIndexChanged.connect(self.refresh)
        self.field_widget("status", QComboBox).currentIndexChanged.connect(self._date_when_done)

    def _date_when_done(self) -> None:
        """Marking an action done dates it today, unless a date is already there."""
        if self._loading:
            return
        spec = next(f for f in self.fields if f.name == "status")
        status = read_value(spec, self.widgets["status"])
        completed = self.field_widget("completed_on", DateField)
        if status is ActionStatus.DONE and not completed.edit.text().strip():
            completed.set_value(clock.today())

    def list_filter(self) -> RecordFilter:
        show = self.show_combo.currentText()
        data = self.owner_combo.currentData()
        owner = ActionOwner(data) if data else None
        if show in ("Open", "Overdue"):
            return RecordFilter(
                open_only=True,
                owner=owner,
                date_to=date.fromordinal(clock.today().toordinal() - 1)
                if show == "Overdue"
                else None,
            )
        if show == "Done":
            return RecordFilter(status=ActionStatus.DONE.value, owner=owner)
        return RecordFilter(owner=owner)

    def show_record(self, kind: RecordKind, record_id: int) -> None:
        if record_id not in [a.id for a in self.model.rows]:
            self.show_combo.setCurrentText("All")  # a done action is not in "Open"
        super().show_record(kind, record_id)


FORM = ActionForm
PLACEMENT = Placement("Actions", 50)
