"""Session records, with the goals they touch, the actions they agree and the open
actions carried over from earlier sessions until done."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import clock
from app.domain.bidi import isolate
from app.domain.enums import ActionOwner, RecordKind
from app.domain.kind_spec import Future
from app.domain.record_types import Action, Goal, SessionRecord
from app.services import records, sessions
from app.services.changes import Changes
from app.services.records import RecordFilter
from app.ui.common import format_date
from app.ui.date_field import DateField
from app.ui.look import set_tone
from app.ui.sections import choices
from app.ui.sections.base import SectionContext
from app.ui.sections.record_section import RecordSection
from app.ui.sections.sidebar import Placement
from app.ui.text_direction import each_cell_in_its_own_direction


class SessionForm(RecordSection):
    title = "Sessions"
    record_type = SessionRecord
    noun = "session"
    stretch_column = 2
    columns = [
        ("Date", lambda r: r.held_on),
        ("Format", lambda r: r.format.label),
        ("Topics", lambda r: r.topics),
    ]

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        self.pending: list[Action] = []
        self.to_close: set[int] = set()
        super().__init__(context, parent)
        relationship = self.field_widget("relationship_id", QComboBox)
        relationship.currentIndexChanged.connect(self._carried_for_the_form)
        self.field_widget("held_on", DateField).changed.connect(self._carried_for_the_form)

    def blank(self) -> SessionRecord:
        rels = choices.relationships(self.context.portfolio)
        return SessionRecord(held_on=clock.today(), relationship_id=rels[0][0] if rels else None)

    # ---- extra widgets
    def after_form(self, layout: QVBoxLayout) -> None:
        goals_box = QGroupBox("Goals this session touched")
        self.goal_list = QListWidget()
        each_cell_in_its_own_direction(self.goal_list)
        self.goal_list.setAccessibleName("Goals this session touched")
        self.goal_list.setMaximumHeight(120)
        self.goal_list.itemChanged.connect(lambda _item: self._edited())
        QVBoxLayout(goals_box).addWidget(self.goal_list)
        layout.addWidget(goals_box)

        # A short title (a group box title cannot wrap); the tick is said inside.
        carried_box = QGroupBox("Open actions from earlier sessions")
        self.carried = QListWidget()
        each_cell_in_its_own_direction(self.carried)
        self.carried.setAccessibleName("Open actions carried over")
        self.carried.setMaximumHeight(120)
        self.carried.itemChanged.connect(self._carried_ticked)
        carried_hint = QLabel("Tick each one when it is done.")
        carried_hint.setWordWrap(True)
        carried_layout = QVBoxLayout(carried_box)
        carried_layout.addWidget(carried_hint)
        carried_layout.addWidget(self.carried)
        layout.addWidget(carried_box)

        actions_box = QGroupBox("Actions agreed in this session")
        self.actions_table = QTableWidget(0, 3)
        each_cell_in_its_own_direction(self.actions_table)
        self.actions_table.setHorizontalHeaderLabels(["Action", "Owner", "Due"])
        self.actions_table.setAccessibleName("Actions agreed in this session")
        # The action's words take the width; owner and due date need little.
        header = self.actions_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.actions_table.setMinimumHeight(110)
        self.actions_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.actions_table.setToolTip("Double-click a saved action to open it in Actions")
        self.actions_table.cellDoubleClicked.connect(self._open_action)
        self.new_action = QLineEdit()
        self.new_action.setPlaceholderText("New action…")
        self.new_action.setAccessibleName("New action description")
        self.new_owner = QComboBox()
        self.new_owner.setAccessibleName("New action owner")
        for owner in ActionOwner:
            self.new_owner.addItem(owner.label, owner)
        self.new_due = DateField(future=Future.MARKED, label="New action due date")
        self.add_action_button = QPushButton("&Add action")
        self.add_action_button.setAccessibleName("Add action")
        self.add_action_button.clicked.connect(self.add_action)
        self.new_action.returnPressed.connect(self.add_action)
        self.remove_action_button = QPushButton("Remove unsaved action")
        self.remove_action_button.setAccessibleName("Remove the selected unsaved action")
        self.remove_action_button.setEnabled(False)
        self.remove_action_button.clicked.connect(self.remove_pending_action)
        self.actions_table.currentCellChanged.connect(
            lambda *_: self.remove_action_button.setEnabled(self._pending_index() is not None)
        )
        # The action's words on a line of their own, so the row fits a narrow form.
        row = QVBoxLayout()
        row.addWidget(self.new_action)
        details = QHBoxLayout()
        details.addWidget(self.new_owner)
        details.addWidget(self.new_due, 1)
        row.addLayout(details)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_action_button)
        buttons.addWidget(self.remove_action_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        box = QVBoxLayout(actions_box)
        box.addWidget(self.actions_table)
        box.addLayout(row)
        hint = QLabel("New actions are saved with the session.")
        hint.setWordWrap(True)
        set_tone(hint, "muted")
        box.addWidget(hint)
        layout.addWidget(actions_box)

    def add_action(self) -> None:
        text = self.new_action.text().strip()
        if not text:
            return
        if not self.new_due.accepts():
            self.new_due.edit.setFocus()
            return
        owner = ActionOwner(self.new_owner.currentData())
        self.pending.append(Action(description=text, owner=owner, due_date=self.new_due.value()))
        self.new_action.clear()
        self.new_due.set_value(None)
        self.new_action.setFocus()  # ready for the next action
        self._fill_actions()
        self._edited()

    def _pending_index(self) -> int | None:
        """Which unsaved action the table's current row is (they follow the saved ones)."""
        index = self.actions_table.currentRow() - (
            self.actions_table.rowCount() - len(self.pending)
        )
        return index if 0 <= index < len(self.pending) else None

    def remove_pending_action(self) -> None:
        """Take back an action added by mistake before the session is saved (a saved
        one is changed or dropped in Actions)."""
        index = self._pending_index()
        if index is None:
            return
        del self.pending[index]
        self._fill_actions()
        self.remove_action_button.setEnabled(self._pending_index() is not None)
        self._edited()

    def _fill_actions(self) -> None:
        existing: list[Action] = []
        if self.loaded is not None and self.loaded.id is not None:
            existing = records.list_records(
                self.context.portfolio, Action, RecordFilter(origin_session_id=self.loaded.id)
            )
        rows = existing + self.pending
        self.actions_table.setRowCount(len(rows))
        for i, action in enumerate(rows):
            label = action.description + ("" if action.id else "  (unsaved)")
            for col, text in enumerate((label, action.owner.label, format_date(action.due_date))):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, action.id)
                self.actions_table.setItem(i, col, cell)

    def _open_action(self, row: int, _column: int) -> None:
        item = self.actions_table.item(row, 0)
        action_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if action_id:
            self.open_record.emit(RecordKind.ACTION, int(action_id))

    def _carried_ticked(self, item: QListWidgetItem) -> None:
        action_id = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self.to_close.add(action_id)
        else:
            self.to_close.discard(action_id)
        self._edited()

    def load_extra(self, record: Any) -> None:
        if record is self.loaded:
            self.pending = []
            self.to_close = set()
        portfolio = self.context.portfolio
        self.goal_list.blockSignals(True)
        self.goal_list.clear()
        for goal in records.list_records(portfolio, Goal):
            item = QListWidgetItem(f"{isolate(goal.title)} ({goal.status.label})")
            item.setData(Qt.ItemDataRole.UserRole, goal.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if goal.id in record.goal_ids else Qt.CheckState.Unchecked
            )
            self.goal_list.addItem(item)
        self.goal_list.blockSignals(False)
        self._fill_carried(record)
        self._fill_actions()

    def _fill_carried(self, record: SessionRecord) -> None:
        """The open actions this session carries over (the services' rule: the same
        relationship's, agreed before this session or in none, not yet done)."""
        self.carried.blockSignals(True)
        self.carried.clear()
        carried = sessions.carried_over_actions(self.context.portfolio, record)
        self.to_close &= {action.id for action in carried if action.id is not None}
        for action in carried:
            due = format_date(action.due_date)
            item = QListWidgetItem(isolate(action.description) + (f" (due {due})" if due else ""))
            item.setData(Qt.ItemDataRole.UserRole, action.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if action.id in self.to_close else Qt.CheckState.Unchecked
            )
            self.carried.addItem(item)
        self.carried.blockSignals(False)

    def _carried_for_the_form(self) -> None:
        """A new session's relationship or date chosen: what it carries over changes."""
        if not self._loading and self.loaded is not None:
            self._fill_carried(self.record_from_form(as_far_as_typed=True))

    def extra_values(self, record: SessionRecord) -> SessionRecord:
        ids = [
            self.goal_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.goal_list.count())
            if self.goal_list.item(i).checkState() == Qt.CheckState.Checked
        ]
        return dataclasses.replace(record, goal_ids=sorted(ids))

    def has_unsaved_changes(self) -> bool:
        return bool(self.pending or self.to_close) or super().has_unsaved_changes()

    def save_record(self, record: SessionRecord) -> tuple[SessionRecord, Changes]:
        result = sessions.save_session(
            self.context.portfolio, record, new_actions=self.pending, done=self.to_close
        )
        self.pending, self.to_close = [], set()
        return result.session, result.changes

    def take_draft(self) -> Any:
        if not self.has_unsaved_changes():
            return None
        typed = self.record_from_form(as_far_as_typed=True)
        return (self.loaded, typed, self.date_texts(), list(self.pending), set(self.to_close))

    def restore_draft(self, draft: Any) -> None:
        if not draft:
            return
        loaded, typed, texts, pending, to_close = draft
        super().restore_draft((loaded, typed, texts))
        self.pending, self.to_close = pending, to_close
        self.load_extra(typed)
        self._edited()


FORM = SessionForm
PLACEMENT = Placement("Sessions", 40)
