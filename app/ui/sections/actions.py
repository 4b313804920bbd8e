"""All actions, filterable by open / overdue / done and by owner, with a link to the
session that created each."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.domain.enums import ActionOwner, ActionStatus, RecordKind
from app.domain.records import Action
from app.ui.sections.base import SectionContext
from app.ui.sections.fields import CHOICE, ENUM, OPTIONAL_DATE, TEXT, FieldSpec
from app.ui.sections.lookups import format_date, iso, relationship_choices
from app.ui.sections.pane_section import PaneSection
from app.ui.sections.record_pane import RecordPane, add_combo
from app.ui.sections.table_model import Column

SHOW_CHOICES: list[tuple[str, Any]] = [
    ("Open and overdue", "open"),
    ("Overdue only", "overdue"),
    ("Done or dropped", "closed"),
    ("All actions", None),
]


def is_overdue(action: Action, today: date | None = None) -> bool:
    today = today or date.today()
    return (not action.status.is_closed and action.due_date is not None
            and action.due_date < today)


class ActionsPane(RecordPane):
    default_sort = (2, Qt.SortOrder.AscendingOrder)
    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        portfolio, locale = context.portfolio, context.locale
        columns = [
            Column("Action", lambda a: a.description),
            Column("Owner", lambda a: a.owner.label),
            Column("Due", lambda a: format_date(locale, a.due_date)
                   + (" (overdue)" if is_overdue(a) else ""),
                   lambda a: iso(a.due_date) or "9999"),
            Column("Status", lambda a: a.status.label),
        ]
        specs = [
            FieldSpec("description", "Action", TEXT),
            FieldSpec("relationship_id", "Relationship", CHOICE,
                      choices=lambda: [("None", None), *relationship_choices(portfolio, locale)]),
            FieldSpec("owner", "Owner", ENUM, enum=ActionOwner),
            FieldSpec("due_date", "Due date", OPTIONAL_DATE),
            FieldSpec("status", "Status", ENUM, enum=ActionStatus),
            FieldSpec("completed_on", "Completed on", OPTIONAL_DATE),
            FieldSpec("notes", "Notes", TEXT),
        ]
        super().__init__(context, Action, "action", columns, specs, parent)
        self.show_filter = add_combo(self, "Show actions", SHOW_CHOICES, self._set_show)
        self.owner_filter = add_combo(
            self, "Filter actions by owner",
            [("Any owner", None), *[(o.label, o) for o in ActionOwner]],
            partial(self._set_owner))
        self._set_show("open")
        self.origin_button = QPushButton("Open the session that agreed this", self)
        self.origin_button.setAccessibleName("Open origin session")
        self.origin_button.clicked.connect(self._open_origin)
        origin_row = QHBoxLayout()
        origin_row.addWidget(self.origin_button)
        origin_row.addStretch(1)
        self.body_layout.addLayout(origin_row)
        self.origin_button.hide()
        self.open_record_requested: Any = None

    def _set_show(self, value: Any) -> None:
        predicates = {
            "open": lambda a: not a.status.is_closed,
            "overdue": is_overdue,
            "closed": lambda a: a.status.is_closed,
        }
        self.proxy.set_predicate("show", predicates.get(value))

    def _set_owner(self, value: Any) -> None:
        self.proxy.set_predicate("owner", None if value is None else lambda a: a.owner == value)

    def clear_filters(self) -> None:
        self.show_filter.setCurrentIndex(self.show_filter.findData(None))
        self.owner_filter.setCurrentIndex(0)

    def make_new(self) -> Action:
        rels = relationship_choices(self.context.portfolio, self.context.locale)
        return Action(relationship_id=rels[0][1] if rels else None)

    def record_from_form(self) -> Any:
        record = super().record_from_form()
        # Marking an action done records when, unless the user gave a date.
        if record.status == ActionStatus.DONE and record.completed_on is None:
            record.completed_on = date.today()
        return record

    def load_extra(self, record: Any, state: dict[str, Any] | None) -> None:
        self.origin_button.setVisible(record.origin_session_id is not None)

    def _open_origin(self) -> None:
        if self.current is not None and self.current.origin_session_id is not None:
            self.open_record_requested(RecordKind.SESSION, self.current.origin_session_id)

    def describe(self, record: Any) -> str:
        first = (record.description.splitlines() or [""])[0]
        return (first[:80] + "…" if len(first) > 80 else first) or "New action"


class ActionsSection(PaneSection):
    title = "Actions"
    kinds = (RecordKind.ACTION,)

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.actions = ActionsPane(context, self)
        self.actions.open_record_requested = self.open_record.emit
        self.add_pane(RecordKind.ACTION, self.actions)
