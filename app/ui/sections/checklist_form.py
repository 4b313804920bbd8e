"""Checklists made from templates: tick items and add notes."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.domain.errors import KnownError
from app.domain.record_types import Checklist, ChecklistItem, ChecklistTemplate
from app.services import records
from app.ui.sections import choices
from app.ui.sections.read_only import OFFERED_WHEN_READ_ONLY
from app.ui.sections.record_section import RecordSection
from app.ui.sections.sidebar import Placement
from app.ui.text_direction import each_cell_in_its_own_direction


def progress(checklist: Checklist) -> str:
    done = sum(item.done for item in checklist.items)
    return f"{done}/{len(checklist.items)}"


class ChecklistForm(RecordSection):
    title = "Checklists"
    record_type = Checklist
    noun = "checklist"
    form_fills_height = True  # the items table
    columns = [
        ("Checklist", lambda r: r.title),
        ("Done", progress),
        ("Completed", lambda r: r.completed_on),
    ]

    def before_form(self, layout: QVBoxLayout) -> None:
        self.template_combo = QComboBox()
        self.template_combo.setAccessibleName("Checklist template")
        self.from_template = QPushButton("Start from &template")
        self.from_template.setAccessibleName("Start checklist from template")
        self.from_template.clicked.connect(self.start_from_template)
        # Making a new checklist changes nothing of the one shown, frozen or not.
        for widget in (self.template_combo, self.from_template):
            widget.setProperty(OFFERED_WHEN_READ_ONLY, True)
        layout.addWidget(QLabel("New checklist from:"))  # above: the row fits a narrow form
        row = QHBoxLayout()
        row.addWidget(self.template_combo, 1)
        row.addWidget(self.from_template)
        layout.addLayout(row)

    def after_form(self, layout: QVBoxLayout) -> None:
        self.items = QTableWidget(0, 2)
        each_cell_in_its_own_direction(self.items)
        self.items.setHorizontalHeaderLabels(["Item", "Note"])
        self.items.setAccessibleName("Checklist items")
        self.items.horizontalHeader().setStretchLastSection(True)
        self.items.setColumnWidth(0, 320)
        self.items.setMinimumHeight(220)
        self.items.itemChanged.connect(lambda _i: self._edited())
        layout.addWidget(self.items, 1)
        self.add_item_button = QPushButton("Add &item")
        self.add_item_button.setAccessibleName("Add a checklist item")
        self.add_item_button.clicked.connect(self.add_item)
        self.remove_item_button = QPushButton("Remove ite&m")
        self.remove_item_button.setAccessibleName("Remove the selected checklist item")
        self.remove_item_button.clicked.connect(self.remove_item)
        row = QHBoxLayout()
        row.addWidget(self.add_item_button)
        row.addWidget(self.remove_item_button)
        row.addStretch(1)
        layout.addLayout(row)

    def add_item(self) -> None:
        """A new unticked item at the end, ready to type."""
        row = self.items.rowCount()
        self.items.insertRow(row)
        cell = QTableWidgetItem("")
        cell.setFlags(cell.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        cell.setCheckState(Qt.CheckState.Unchecked)
        self.items.setItem(row, 0, cell)
        self.items.setItem(row, 1, QTableWidgetItem(""))
        self.items.setCurrentCell(row, 0)
        self.items.editItem(cell)
        self._edited()

    def remove_item(self) -> None:
        row = self.items.currentRow()
        if row >= 0:
            self.items.removeRow(row)
            self._edited()

    def refresh(self) -> None:
        super().refresh()
        current = self.template_combo.currentData()
        self.template_combo.clear()
        try:
            templates = records.list_records(self.context.portfolio, ChecklistTemplate)
        except KnownError:
            templates = []
        for template in templates:
            self.template_combo.addItem(template.name, template.id)
        self.template_combo.setCurrentIndex(max(0, self.template_combo.findData(current)))

    def start_from_template(self) -> None:
        if not self.confirm_leave():
            return
        template_id = self.template_combo.currentData()
        if template_id is None:
            return
        try:
            template = records.get(self.context.portfolio, ChecklistTemplate, template_id)
        except KnownError as err:
            QMessageBox.warning(self, "Checklists", err.message)
            return
        rels = choices.relationships(self.context.portfolio)
        self.new_record()
        self.load(
            Checklist(
                title=template.name,
                template_id=template.id,
                relationship_id=rels[0][0] if rels else None,
                items=[ChecklistItem(text=t) for t in template.items],
            )
        )
        # Unsaved until the user saves: the form differs from this empty base.
        self.loaded = Checklist(template_id=template.id)
        self._edited()

    def load_extra(self, record: Any) -> None:
        self.items.blockSignals(True)
        self.items.setRowCount(len(record.items))
        for row, item in enumerate(record.items):
            cell = QTableWidgetItem(item.text)
            cell.setFlags(cell.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            cell.setCheckState(Qt.CheckState.Checked if item.done else Qt.CheckState.Unchecked)
            self.items.setItem(row, 0, cell)
            self.items.setItem(row, 1, QTableWidgetItem(item.note))
        self.items.resizeRowsToContents()
        self.items.blockSignals(False)

    def extra_values(self, record: Checklist) -> Checklist:
        items = []
        for row in range(self.items.rowCount()):
            cell = self.items.item(row, 0)
            note = self.items.item(row, 1)
            if cell is None or not cell.text().strip():
                continue  # an added item left empty
            items.append(
                ChecklistItem(
                    text=cell.text(),
                    done=cell.checkState() == Qt.CheckState.Checked,
                    note=note.text() if note is not None else "",
                )
            )
        return dataclasses.replace(record, items=items)


FORM = ChecklistForm
PLACEMENT = Placement("Checklists", 60)
