"""Checklists made from a template (first meeting, before each meeting, ending):
tick items and keep a note per item."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.domain.enums import RecordKind
from app.domain.records import Checklist, ChecklistItem, ChecklistTemplate
from app.services import records
from app.ui.sections.base import SectionContext
from app.ui.sections.fields import CHOICE, LINE, OPTIONAL_DATE, FieldSpec
from app.ui.sections.lookups import format_date, iso, relationship_choices
from app.ui.sections.pane_section import PaneSection
from app.ui.sections.record_pane import RecordPane
from app.ui.sections.table_model import Column


class ChecklistsPane(RecordPane):
    default_sort = (2, Qt.SortOrder.DescendingOrder)
    compact_body = False
    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        portfolio, locale = context.portfolio, context.locale
        columns = [
            Column("Checklist", lambda c: c.title),
            Column("Ticked", lambda c: f"{sum(i.done for i in c.items)} of {len(c.items)}",
                   lambda c: (sum(i.done for i in c.items) / max(len(c.items), 1))),
            Column("Completed", lambda c: format_date(locale, c.completed_on),
                   lambda c: iso(c.completed_on)),
        ]
        specs = [
            FieldSpec("title", "Title", LINE),
            FieldSpec("relationship_id", "Relationship", CHOICE,
                      choices=lambda: [("None", None), *relationship_choices(portfolio, locale)]),
            FieldSpec("completed_on", "Completed on", OPTIONAL_DATE),
        ]
        super().__init__(context, Checklist, "checklist", columns, specs, parent)
        self.new_button.setText("&New checklist from")
        self.template_combo = QComboBox(self)
        self.template_combo.setAccessibleName("Checklist template")
        self.toolbar.insertWidget(1, self.template_combo)
        self.items = QTableWidget(0, 2, self)
        self.items.setHorizontalHeaderLabels(["Item (tick when done)", "Note"])
        self.items.setAccessibleName("Checklist items")
        self.items.verticalHeader().hide()
        self.items.setWordWrap(True)
        header = self.items.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.items.setMinimumHeight(320)
        self.items.itemChanged.connect(lambda _item: self._update_state())
        add_row = QHBoxLayout()
        self.add_item_button = QPushButton("Add item", self)
        self.add_item_button.setAccessibleName("Add checklist item")
        self.add_item_button.clicked.connect(self._add_item)
        self.remove_item_button = QPushButton("Remove item", self)
        self.remove_item_button.setAccessibleName("Remove checklist item")
        self.remove_item_button.clicked.connect(self._remove_item)
        add_row.addWidget(self.add_item_button)
        add_row.addWidget(self.remove_item_button)
        add_row.addStretch(1)
        self.body_layout.addWidget(QLabel("Items (space ticks, F2 edits):", self))
        self.body_layout.addWidget(self.items, 1)
        self.body_layout.addLayout(add_row)

    def reload_filters(self) -> None:
        current = self.template_combo.currentData()
        self.template_combo.clear()
        for template in records.list_records(self.context.portfolio, ChecklistTemplate):
            self.template_combo.addItem(template.name, template)
            if template.is_default and current is None:
                current = template
        if current is not None:
            for index in range(self.template_combo.count()):
                if self.template_combo.itemData(index).id == current.id:
                    self.template_combo.setCurrentIndex(index)

    def make_new(self) -> Checklist:
        template: ChecklistTemplate | None = self.template_combo.currentData()
        rels = relationship_choices(self.context.portfolio, self.context.locale)
        return Checklist(
            relationship_id=rels[0][1] if rels else None,
            template_id=template.id if template else None,
            title=template.name if template else "",
            items=[ChecklistItem(text) for text in (template.items if template else [])])

    def _row(self, item: ChecklistItem) -> None:
        row = self.items.rowCount()
        self.items.insertRow(row)
        text = QTableWidgetItem(item.text)
        text.setFlags(text.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        text.setCheckState(Qt.CheckState.Checked if item.done else Qt.CheckState.Unchecked)
        self.items.setItem(row, 0, text)
        self.items.setItem(row, 1, QTableWidgetItem(item.note))

    def load_extra(self, record: Any, state: dict[str, Any] | None) -> None:
        self.items.blockSignals(True)
        self.items.setRowCount(0)
        for item in (state or {}).get("items", record.items):
            self._row(item)
        self.items.resizeRowsToContents()
        self.items.blockSignals(False)

    def extra_state(self) -> dict[str, Any]:
        out = []
        for row in range(self.items.rowCount()):
            text, note = self.items.item(row, 0), self.items.item(row, 1)
            out.append(ChecklistItem(
                text.text() if text else "",
                text is not None and text.checkState() == Qt.CheckState.Checked,
                note.text() if note else ""))
        return {"items": out}

    def record_from_form(self) -> Any:
        record = super().record_from_form()
        record.items = [i for i in self.extra_state()["items"] if i.text.strip() or i.note]
        return record

    def _add_item(self) -> None:
        self._row(ChecklistItem())
        self.items.setCurrentCell(self.items.rowCount() - 1, 0)
        self.items.editItem(self.items.item(self.items.rowCount() - 1, 0))
        self._update_state()

    def _remove_item(self) -> None:
        row = self.items.currentRow()
        if row >= 0:
            self.items.removeRow(row)
            self._update_state()


class ChecklistsSection(PaneSection):
    title = "Checklists"
    kinds = (RecordKind.CHECKLIST,)

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.checklists = ChecklistsPane(context, self)
        self.add_pane(RecordKind.CHECKLIST, self.checklists)
