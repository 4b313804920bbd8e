"""Session records: the meeting itself, the goals it touched, the actions it agreed
(edited inline, saved with the session) and open actions carried over from earlier
sessions until they are done."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.domain.enums import ActionOwner, ActionStatus, RecordKind, SessionFormat
from app.domain.errors import KnownError, ValidationFailed
from app.domain.records import Action, Goal, SessionRecord
from app.services import records
from app.services.records import RecordFilter
from app.services.sessions import actions_agreed_in, carried_over_actions
from app.ui.sections.base import SectionContext
from app.ui.sections.feedback import report_error
from app.ui.sections.fields import (
    CHOICE,
    DATE,
    ENUM,
    MINUTES,
    OPTIONAL_DATE,
    TEXT,
    FieldSpec,
    OptionalDateEdit,
)
from app.ui.sections.lookups import format_date, iso, relationship_choices, relationship_labels
from app.ui.sections.pane_section import PaneSection
from app.ui.sections.record_pane import RecordPane, add_combo
from app.ui.sections.table_model import Column

PRIVATE_HELP = ("Private: for you only. Never printed or shared unless you tick it in for"
                " a particular document. Keep it anonymised, with no patient details.")


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class SessionsPane(RecordPane):
    default_sort = (0, Qt.SortOrder.DescendingOrder)
    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        portfolio, locale = context.portfolio, context.locale
        self._rel_labels: dict[int, str] = {}
        columns = [
            Column("Date", lambda s: format_date(locale, s.held_on), lambda s: iso(s.held_on)),
            Column("Relationship", lambda s: self._rel_labels.get(s.relationship_id, "")),
            Column("Length", lambda s: f"{s.duration_minutes} min", lambda s: s.duration_minutes),
            Column("Format", lambda s: s.format.label),
            Column("Topics", lambda s: s.topics),
        ]
        specs = [
            FieldSpec("relationship_id", "Relationship", CHOICE,
                      choices=lambda: relationship_choices(portfolio, locale)),
            FieldSpec("held_on", "Date", DATE),
            FieldSpec("duration_minutes", "Length", MINUTES),
            FieldSpec("format", "Format", ENUM, enum=SessionFormat),
            FieldSpec("location", "Place or link"),
            FieldSpec("since_last", "Since last time", TEXT),
            FieldSpec("topics", "Topics discussed", TEXT),
            FieldSpec("summary", "Summary", TEXT, tall=True),
            FieldSpec("key_learning", "Key learning", TEXT),
            FieldSpec("private_reflection", "Private reflection", TEXT, help=PRIVATE_HELP,
                      private=True, tall=True),
            FieldSpec("appraisal_learning", "For appraisal: what I learned", TEXT),
            FieldSpec("appraisal_practice_change", "For appraisal: change to practice", TEXT),
            FieldSpec("appraisal_next_steps", "For appraisal: next steps", TEXT),
            FieldSpec("next_meeting", "Next meeting", OPTIONAL_DATE),
        ]
        super().__init__(context, SessionRecord, "session", columns, specs, parent)
        self.rel_filter = add_combo(self, "Filter sessions by relationship",
                                    [("All relationships", None)], self._set_relationship)
        self.from_filter = OptionalDateEdit(locale, True, "Sessions from", self)
        self.to_filter = OptionalDateEdit(locale, True, "Sessions until", self)
        for edit in (self.from_filter, self.to_filter):
            edit.set_value(None)
            edit.changed.connect(self._set_dates)
        dates = QHBoxLayout()
        dates.addWidget(QLabel("From:", self))
        dates.addWidget(self.from_filter)
        dates.addWidget(QLabel("Until:", self))
        dates.addWidget(self.to_filter)
        dates.addStretch(1)
        self.list_layout.insertLayout(1, dates)
        self.form.editors["private_reflection"].setStyleSheet(
            "QPlainTextEdit { border: 2px dashed #8e24aa; }")
        self._build_links()

    def _build_links(self) -> None:
        body = self.body_layout
        body.addWidget(_heading("Goals this session touched", self))
        self.goal_list = QListWidget(self)
        self.goal_list.setAccessibleName("Goals this session touched")
        self.goal_list.setMaximumHeight(130)
        self.goal_list.itemChanged.connect(lambda _item: self._update_state())
        body.addWidget(self.goal_list)

        body.addWidget(_heading("Actions agreed in this session", self))
        self.action_table = QTableWidget(0, 4, self)
        self.action_table.setHorizontalHeaderLabels(["Action", "Owner", "Due", "Status"])
        self.action_table.setAccessibleName("Actions agreed in this session")
        self.action_table.verticalHeader().hide()
        self.action_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.action_table.setMinimumHeight(150)
        self.action_table.itemChanged.connect(lambda _item: self._update_state())
        body.addWidget(self.action_table)
        row = QHBoxLayout()
        self.add_action_button = QPushButton("&Add action", self)
        self.add_action_button.setAccessibleName("Add action to this session")
        self.add_action_button.clicked.connect(self.add_action_row)
        self.remove_action_button = QPushButton("Remove action", self)
        self.remove_action_button.setAccessibleName("Remove selected action")
        self.remove_action_button.clicked.connect(self._remove_action_row)
        row.addWidget(self.add_action_button)
        row.addWidget(self.remove_action_button)
        row.addStretch(1)
        body.addLayout(row)

        body.addWidget(_heading("Carried over from earlier sessions (tick when done)", self))
        self.carried_list = QListWidget(self)
        self.carried_list.setAccessibleName("Open actions carried over")
        self.carried_list.setMaximumHeight(130)
        self.carried_list.itemChanged.connect(self._carried_ticked)
        body.addWidget(self.carried_list)
        self._removed_action_ids: list[int] = []

    # -- filters --------------------------------------------------------------
    def _set_relationship(self, value: Any) -> None:
        self.proxy.set_predicate("relationship", None if value is None
                                 else lambda s: s.relationship_id == value)

    def _set_dates(self) -> None:
        start, end = self.from_filter.value(), self.to_filter.value()
        if start is None and end is None:
            self.proxy.set_predicate("dates", None)
        else:
            self.proxy.set_predicate("dates", lambda s: s.held_on is not None
                                     and (start is None or s.held_on >= start)
                                     and (end is None or s.held_on <= end))
        self._update_count()

    def reload_filters(self) -> None:
        self._rel_labels = relationship_labels(self.context.portfolio, self.context.locale)
        current = self.rel_filter.currentData()
        self.rel_filter.blockSignals(True)
        self.rel_filter.clear()
        self.rel_filter.addItem("All relationships", None)
        for rid, label in self._rel_labels.items():
            self.rel_filter.addItem(label, rid)
        self.rel_filter.setCurrentIndex(max(self.rel_filter.findData(current), 0))
        self.rel_filter.blockSignals(False)
        # With a single relationship the column and the filter only repeat it.
        single = len(self._rel_labels) <= 1
        self.table.setColumnHidden(1, single)
        self.rel_filter.setHidden(single)

    def clear_filters(self) -> None:
        self.rel_filter.setCurrentIndex(0)
        self.from_filter.set_value(None)
        self.to_filter.set_value(None)

    def make_new(self) -> SessionRecord:
        rel = self.rel_filter.currentData()
        if rel is None and self._rel_labels:
            rel = next(iter(self._rel_labels))
        return SessionRecord(relationship_id=rel, held_on=date.today())

    def describe(self, record: Any) -> str:
        when = format_date(self.context.locale, record.held_on)
        who = self._rel_labels.get(record.relationship_id, "")
        return f"Session on {when}" + (f" with {who}" if who else "")

    # -- goals, actions, carried over ------------------------------------------
    def load_extra(self, record: Any, state: dict[str, Any] | None) -> None:
        portfolio = self.context.portfolio
        state = state or {}
        self.goal_list.blockSignals(True)
        self.goal_list.clear()
        ticked = set(state.get("goal_ids", record.goal_ids))
        flt = RecordFilter(relationship_id=record.relationship_id)
        for goal in records.list_records(portfolio, Goal, flt):
            item = QListWidgetItem(f"{goal.title} ({goal.status.label.lower()})")
            item.setData(Qt.ItemDataRole.UserRole, goal.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if goal.id in ticked
                               else Qt.CheckState.Unchecked)
            self.goal_list.addItem(item)
        self.goal_list.blockSignals(False)

        self._removed_action_ids = []
        self.action_table.blockSignals(True)
        self.action_table.setRowCount(0)
        if "actions" in state:
            rows = state["actions"]
        else:
            agreed = actions_agreed_in(portfolio, record.id) if record.id is not None else []
            rows = [(a.id, a.description, a.owner, a.due_date, a.status) for a in agreed]
        for values in rows:
            self._action_row(*values)
        self.action_table.blockSignals(False)
        self._load_carried(record)

    def _load_carried(self, record: SessionRecord) -> None:
        self.carried_list.blockSignals(True)
        self.carried_list.clear()
        for action in carried_over_actions(self.context.portfolio, record):
            due = format_date(self.context.locale, action.due_date)
            text = f"{action.description} ({action.owner.label.lower()}" + (
                f", due {due})" if due else ")")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, action)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.carried_list.addItem(item)
        if self.carried_list.count() == 0:
            empty = QListWidgetItem("No open actions from earlier sessions.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.carried_list.addItem(empty)
        self.carried_list.blockSignals(False)

    def _carried_ticked(self, item: QListWidgetItem) -> None:
        action = item.data(Qt.ItemDataRole.UserRole)
        if action is None or item.checkState() != Qt.CheckState.Checked:
            return
        try:
            records.save(self.context.portfolio, replace(
                action, status=ActionStatus.DONE, completed_on=date.today()))
        except KnownError as exc:
            report_error(self, exc, "Not marked done")
            self.carried_list.blockSignals(True)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.carried_list.blockSignals(False)
            return
        if self.current is not None:
            self._load_carried(self.current)
        self.changed.emit()

    def _action_row(self, action_id: int | None, description: str, owner: ActionOwner,
                    due: date | None, status: ActionStatus) -> None:
        table = self.action_table
        blocked = table.blockSignals(True)  # no state reads until the row is complete
        row = table.rowCount()
        table.insertRow(row)
        item = QTableWidgetItem(description)
        item.setData(Qt.ItemDataRole.UserRole, action_id)
        table.setItem(row, 0, item)
        owner_combo = QComboBox(table)
        owner_combo.setAccessibleName("Action owner")
        for member in ActionOwner:
            owner_combo.addItem(member.label, member)
        owner_combo.setCurrentIndex(owner_combo.findData(owner))
        owner_combo.currentIndexChanged.connect(lambda _i: self._update_state())
        table.setCellWidget(row, 1, owner_combo)
        due_edit = OptionalDateEdit(self.context.locale, True, "Action due date", table)
        due_edit.set_value(due)
        due_edit.changed.connect(self._update_state)
        table.setCellWidget(row, 2, due_edit)
        status_combo = QComboBox(table)
        status_combo.setAccessibleName("Action status")
        for member in ActionStatus:
            status_combo.addItem(member.label, member)
        status_combo.setCurrentIndex(status_combo.findData(status))
        status_combo.currentIndexChanged.connect(lambda _i: self._update_state())
        table.setCellWidget(row, 3, status_combo)
        table.resizeColumnToContents(2)
        table.blockSignals(blocked)

    def add_action_row(self) -> None:
        self._action_row(None, "", ActionOwner.MENTEE, None, ActionStatus.OPEN)
        row = self.action_table.rowCount() - 1
        self.action_table.setCurrentCell(row, 0)
        self.action_table.editItem(self.action_table.item(row, 0))
        self._update_state()

    def _remove_action_row(self) -> None:
        row = self.action_table.currentRow()
        if row < 0:
            return
        action_id = self.action_table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        if action_id is not None:
            self._removed_action_ids.append(action_id)
        self.action_table.removeRow(row)
        self._update_state()

    def _action_values(self) -> list[tuple[Any, ...]]:
        out = []
        table = self.action_table
        for row in range(table.rowCount()):
            item = table.item(row, 0)
            owner, due, status = (table.cellWidget(row, c) for c in (1, 2, 3))
            assert isinstance(owner, QComboBox) and isinstance(status, QComboBox)
            assert isinstance(due, OptionalDateEdit)
            out.append((item.data(Qt.ItemDataRole.UserRole) if item else None,
                        item.text() if item else "", owner.currentData(), due.value(),
                        status.currentData()))
        return out

    def extra_state(self) -> dict[str, Any]:
        goal_ids = sorted(
            self.goal_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.goal_list.count())
            if self.goal_list.item(i).checkState() == Qt.CheckState.Checked)
        return {"goal_ids": goal_ids, "actions": self._action_values()}

    def record_from_form(self) -> Any:
        record = super().record_from_form()
        record.goal_ids = self.extra_state()["goal_ids"]
        for number, values in enumerate(self._action_values(), start=1):
            if values[0] is not None and not values[1].strip():
                raise ValidationFailed({"actions": f"row {number} needs a description"})
        return record

    def after_save(self, saved: Any, state: dict[str, Any]) -> None:
        portfolio = self.context.portfolio
        for action_id in self._removed_action_ids:
            records.delete(portfolio, Action, action_id)
        self._removed_action_ids = []
        for action_id, description, owner, due, status in state["actions"]:
            if action_id is None and not description.strip():
                continue  # an empty row the user added and left
            base = (records.get(portfolio, Action, action_id) if action_id is not None
                    else Action())
            completed = base.completed_on
            if status == ActionStatus.DONE and completed is None:
                completed = date.today()
            records.save(portfolio, replace(
                base, relationship_id=saved.relationship_id, origin_session_id=saved.id,
                description=description, owner=owner, due_date=due, status=status,
                completed_on=completed))

    def before_delete(self, record: Any) -> Any:
        return [a.id for a in actions_agreed_in(self.context.portfolio, record.id)]

    def after_undo(self, restored: Any, memo: Any) -> None:
        for action_id in memo or []:
            try:
                action = records.get(self.context.portfolio, Action, action_id)
            except KnownError:
                continue
            records.save(self.context.portfolio, replace(action,
                                                         origin_session_id=restored.id))


class SessionsSection(PaneSection):
    title = "Sessions"
    kinds = (RecordKind.SESSION,)

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.sessions = SessionsPane(context, self)
        self.add_pane(RecordKind.SESSION, self.sessions)

