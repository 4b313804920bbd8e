"""Reflective notes: the structure chosen when starting one names the private note's
parts (the form shows as many as it has, under its headings), the four domains of
Good Medical Practice as ticks, the goals it touches, and the learning summary that
may be shared."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import clock
from app.domain.kinds.reflective_note import PARTS, ReflectiveNote, Structure
from app.domain.record_types import Goal
from app.services import records
from app.ui.keyboard import give_mnemonic
from app.ui.look import set_tone
from app.ui.sections.base import SectionContext
from app.ui.sections.record_section import RecordSection
from app.ui.sections.sidebar import Placement
from app.ui.text_direction import each_cell_in_its_own_direction


class ReflectiveNoteForm(RecordSection):
    title = "Reflections"
    record_type = ReflectiveNote
    noun = "reflective note"
    stretch_column = 1
    columns = [
        ("Written on", lambda r: r.written_on),
        ("Title", lambda r: r.title),
        ("Structure", lambda r: r.structure.label),
    ]

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        structure = self.field_widget("structure", QComboBox)
        # The longest structure's name would widen the whole form past a small screen.
        structure.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        structure.setMinimumContentsLength(16)
        structure.currentIndexChanged.connect(lambda _index: self._show_parts())
        first_domain = self.widgets["domain_knowledge"].parentWidget()
        if first_domain is not None:
            row = int(self.form.getWidgetPosition(first_domain)[0])  # type: ignore[index]
            self.form.setWidget(
                row, QFormLayout.ItemRole.LabelRole, QLabel("Good Medical Practice:")
            )
        self._show_parts()

    def blank(self) -> ReflectiveNote:
        return ReflectiveNote(written_on=clock.today())

    def after_form(self, layout: QVBoxLayout) -> None:
        goals_box = QGroupBox("Goals this note touches")
        self.goal_list = QListWidget()
        each_cell_in_its_own_direction(self.goal_list)
        self.goal_list.setAccessibleName("Goals this note touches")
        self.goal_list.setMaximumHeight(110)
        self.goal_list.itemChanged.connect(lambda _item: self._edited())
        QVBoxLayout(goals_box).addWidget(self.goal_list)
        layout.addWidget(goals_box)
        hint = QLabel(
            "Reflect on what you learned, not on the facts: the private note stays in the"
            " portfolio; the learning summary may be printed and shared, so leave out"
            " names, dates, places and doses."
        )
        hint.setWordWrap(True)
        set_tone(hint, "muted")
        layout.addWidget(hint)

    def _structure(self) -> Structure:
        return Structure(self.field_widget("structure", QComboBox).currentData())

    def _show_parts(self) -> None:
        """The private note's parts under the chosen structure's headings; the parts it
        does not have are hidden (their text, if any, stays until saved: validation
        asks for it to be moved first)."""
        headings = self._structure().headings
        for index, name in enumerate(PARTS):
            widget = self.widgets[name]
            holder = widget.parentWidget()
            assert holder is not None  # the field's row in the form
            label = self.form.labelForField(holder)
            shown = index < len(headings) or bool(_text(widget))
            holder.setVisible(shown)
            if label is not None:
                label.setVisible(shown)
            if index < len(headings) and isinstance(label, QLabel):
                label.setWordWrap(True)  # a long heading wraps rather than clips
                # Plain text, so it takes an Alt+letter like every other label.
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setText(f"{headings[index]} (never printed):")
                if label.isVisible():  # otherwise it gets its letter when shown
                    give_mnemonic(label)
                widget.setAccessibleDescription(f"{headings[index]}, private")

    def load_extra(self, record: Any) -> None:
        self._show_parts()
        self.goal_list.blockSignals(True)
        self.goal_list.clear()
        for goal in records.list_records(self.context.portfolio, Goal):
            item = QListWidgetItem(goal.title)
            item.setData(Qt.ItemDataRole.UserRole, goal.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = goal.id in record.goal_ids
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.goal_list.addItem(item)
        self.goal_list.blockSignals(False)

    def extra_values(self, record: Any) -> Any:
        ticked = []
        for index in range(self.goal_list.count()):
            item = self.goal_list.item(index)
            if item is not None and item.checkState() is Qt.CheckState.Checked:
                ticked.append(item.data(Qt.ItemDataRole.UserRole))
        record.goal_ids = ticked
        return record


def _text(widget: QWidget) -> str:
    plain = getattr(widget, "toPlainText", None)
    return plain().strip() if plain is not None else ""


FORM = ReflectiveNoteForm
PLACEMENT = Placement("Reflections", 42)
