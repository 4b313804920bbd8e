"""Goals: SMART fields, category, status, target date and progress notes."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.domain.enums import GoalStatus, RecordKind
from app.domain.records import Goal
from app.ui.sections.base import SectionContext
from app.ui.sections.fields import CHOICE, ENUM, LINE, OPTIONAL_DATE, TEXT, FieldSpec
from app.ui.sections.lookups import format_date, iso, relationship_choices, relationship_labels
from app.ui.sections.pane_section import PaneSection
from app.ui.sections.record_pane import RecordPane, add_combo
from app.ui.sections.table_model import Column


class GoalsPane(RecordPane):
    default_sort = (2, Qt.SortOrder.AscendingOrder)
    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        portfolio, locale = context.portfolio, context.locale
        self._rel_labels: dict[int, str] = {}
        columns = [
            Column("Goal", lambda g: g.title),
            Column("Status", lambda g: g.status.label),
            Column("Target date", lambda g: format_date(locale, g.target_date),
                   lambda g: iso(g.target_date) or "9999"),
            Column("Category", lambda g: g.category),
            Column("Relationship", lambda g: self._rel_labels.get(g.relationship_id, "")),
        ]
        specs = [
            FieldSpec("title", "Goal"),
            FieldSpec("relationship_id", "Relationship", CHOICE,
                      choices=lambda: [("None", None), *relationship_choices(portfolio, locale)]),
            FieldSpec("category", "Category", LINE,
                      help="For example: leadership, teaching, career, wellbeing"),
            FieldSpec("status", "Status", ENUM, enum=GoalStatus),
            FieldSpec("target_date", "Target date", OPTIONAL_DATE),
            FieldSpec("specific", "Specific", TEXT, help="What exactly will I achieve?"),
            FieldSpec("measurable", "Measurable", TEXT,
                      help="How will I know I have achieved it?"),
            FieldSpec("achievable", "Achievable", TEXT, help="What makes it realistic?"),
            FieldSpec("relevant", "Relevant", TEXT, help="Why does it matter now?"),
            FieldSpec("time_bound", "Time-bound", TEXT, help="By when, with which milestones?"),
            FieldSpec("progress_notes", "Progress notes", TEXT, tall=True),
        ]
        super().__init__(context, Goal, "goal", columns, specs, parent)
        self.status_filter = add_combo(
            self, "Filter goals by status",
            [("All statuses", None), *[(s.label, s) for s in GoalStatus]],
            partial(self._set_filter, "status"))
        self.rel_filter = add_combo(self, "Filter goals by relationship",
                                    [("All relationships", None)],
                                    partial(self._set_filter, "relationship_id"))

    def _set_filter(self, field: str, value: Any) -> None:
        self.proxy.set_predicate(field, None if value is None
                                 else lambda g: getattr(g, field) == value)

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
        self.table.setColumnHidden(4, single)
        self.rel_filter.setHidden(single)

    def clear_filters(self) -> None:
        self.status_filter.setCurrentIndex(0)
        self.rel_filter.setCurrentIndex(0)

    def make_new(self) -> Goal:
        rel = self.rel_filter.currentData()
        if rel is None and self._rel_labels:
            rel = next(iter(self._rel_labels))
        return Goal(relationship_id=rel)

    def describe(self, record: Any) -> str:
        return record.title or "Untitled goal"


class GoalsSection(PaneSection):
    title = "Goals"
    kinds = (RecordKind.GOAL, RecordKind.GOALS_PLAN)

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.goals = GoalsPane(context, self)
        self.add_pane(RecordKind.GOAL, self.goals)

    def show_record(self, kind: RecordKind, record_id: int) -> None:
        if kind == RecordKind.GOALS_PLAN:
            self.goals.refresh()
            index = self.goals.rel_filter.findData(record_id)
            self.goals.rel_filter.setCurrentIndex(max(index, 0))
            return
        super().show_record(RecordKind.GOAL, record_id)

    def current_record(self) -> tuple[RecordKind, int] | None:
        """The goals plan of the relationship filtered to (or of the open goal)."""
        rel = self.goals.rel_filter.currentData()
        if rel is None and self.goals.current is not None:
            rel = self.goals.current.relationship_id
        return None if rel is None else (RecordKind.GOALS_PLAN, rel)
