"""Mentors, relationships and each relationship's contract, as three tabs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from app.domain.enums import RecordKind, RelationshipKind, RelationshipStatus
from app.domain.records import Contract, Mentor, Relationship
from app.services import records
from app.services.portfolio import default_contract_wording
from app.ui.sections.base import SectionContext
from app.ui.sections.fields import BOOL, CHOICE, ENUM, LINE, OPTIONAL_DATE, TEXT, FieldSpec
from app.ui.sections.lookups import format_date, iso, relationship_choices, relationship_labels
from app.ui.sections.pane_section import PaneSection
from app.ui.sections.record_pane import RecordPane
from app.ui.sections.table_model import Column

LINE_MANAGER_WARNING = ("Guidance says a mentor should not be your line manager: mentoring"
                        " works best outside the management line. Consider another mentor.")


class MentorsPane(RecordPane):
    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        columns = [
            Column("Name", lambda m: m.name),
            Column("Role", lambda m: m.role),
            Column("Organisation", lambda m: m.organisation),
            Column("Line manager", lambda m: "Yes" if m.is_line_manager else ""),
        ]
        specs = [
            FieldSpec("name", "Name"),
            FieldSpec("role", "Role"),
            FieldSpec("organisation", "Organisation"),
            FieldSpec("email", "Email"),
            FieldSpec("phone", "Phone"),
            FieldSpec("is_line_manager", "This mentor is also my line manager", BOOL,
                      warning_when_true=LINE_MANAGER_WARNING),
            FieldSpec("notes", "Notes", TEXT),
        ]
        super().__init__(context, Mentor, "mentor", columns, specs, parent)

    def describe(self, record: Any) -> str:
        return record.name or "New mentor"


class RelationshipsPane(RecordPane):
    default_sort = (3, Qt.SortOrder.DescendingOrder)
    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        portfolio, locale = context.portfolio, context.locale
        self._mentors: dict[int, str] = {}
        columns = [
            Column("Mentor", lambda r: self._mentors.get(r.mentor_id, "")),
            Column("Type", lambda r: r.kind.label),
            Column("Status", lambda r: r.status.label),
            Column("Started", lambda r: format_date(locale, r.start_date),
                   lambda r: iso(r.start_date)),
            Column("Scheme", lambda r: r.scheme),
        ]
        specs = [
            FieldSpec("mentor_id", "Mentor", CHOICE, choices=lambda: [
                (m.name, m.id) for m in records.list_records(portfolio, Mentor)]),
            FieldSpec("kind", "Type", ENUM, enum=RelationshipKind),
            FieldSpec("scheme", "Scheme", LINE, help="For example: deanery mentoring scheme"),
            FieldSpec("status", "Status", ENUM, enum=RelationshipStatus),
            FieldSpec("start_date", "Start date", OPTIONAL_DATE),
            FieldSpec("review_date", "Review date", OPTIONAL_DATE),
            FieldSpec("end_date", "End date", OPTIONAL_DATE),
            FieldSpec("end_reason", "Why it ended", TEXT,
                      help="Goal met, moving on, no progress…"),
            FieldSpec("end_expected", "What was expected", TEXT),
            FieldSpec("end_achieved", "What was achieved", TEXT),
            FieldSpec("end_learned", "What was learned", TEXT),
            FieldSpec("end_left_to_do", "What is left to do", TEXT),
            FieldSpec("end_evaluation", "Evaluation", TEXT),
        ]
        super().__init__(context, Relationship, "relationship", columns, specs, parent)

    def reload_filters(self) -> None:
        self._mentors = {m.id: m.name for m in records.list_records(self.context.portfolio,
                                                                     Mentor)}

    def make_new(self) -> Relationship:
        mentors = list(self._mentors)
        return Relationship(mentor_id=mentors[0] if mentors else None)

    def describe(self, record: Any) -> str:
        labels = relationship_labels(self.context.portfolio, self.context.locale)
        return labels.get(record.id, "Relationship")

    def confirms_delete(self) -> bool:
        return True

    def delete_warning(self, record: Any) -> str:
        return ("Its contract, session records, actions and checklists are deleted with it."
                " This cannot be undone.")


CONTRACT_SPECS = [
    FieldSpec("objectives", "Objectives", TEXT, help="Up to three"),
    FieldSpec("ground_rules", "Ground rules", TEXT, tall=True),
    FieldSpec("confidentiality", "Confidentiality", TEXT),
    FieldSpec("confidentiality_limit", "Limit of confidentiality", TEXT,
              help="Patient safety comes first"),
    FieldSpec("boundaries", "Boundaries", TEXT),
    FieldSpec("conflicts_of_interest", "Conflicts of interest", TEXT),
    FieldSpec("frequency", "How often we meet", LINE),
    FieldSpec("meeting_format", "Format or place", LINE),
    FieldSpec("meeting_length", "Length of meetings", LINE),
    FieldSpec("arrangements", "Arranging and cancelling", TEXT),
    FieldSpec("contact_between_meetings", "Contact between meetings", TEXT),
    FieldSpec("duration", "Duration", LINE),
    FieldSpec("review_date", "Review date", OPTIONAL_DATE),
    FieldSpec("ending", "Ending the relationship", TEXT),
    FieldSpec("documentation", "What is documented", TEXT),
    FieldSpec("agreed_on", "Agreed on", OPTIONAL_DATE),
]


class ContractsPane(RecordPane):
    default_sort = (1, Qt.SortOrder.DescendingOrder)
    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        portfolio, locale = context.portfolio, context.locale
        self._labels: dict[int, str] = {}
        columns = [
            Column("Relationship", lambda c: self._labels.get(c.relationship_id, "")),
            Column("Agreed on", lambda c: format_date(locale, c.agreed_on),
                   lambda c: iso(c.agreed_on)),
            Column("Review date", lambda c: format_date(locale, c.review_date),
                   lambda c: iso(c.review_date)),
        ]
        specs = [FieldSpec("relationship_id", "Relationship", CHOICE,
                           choices=lambda: relationship_choices(portfolio, locale)),
                 *CONTRACT_SPECS]
        super().__init__(context, Contract, "contract", columns, specs, parent)
        self.default_button = QPushButton("Use default &wording", self)
        self.default_button.setAccessibleName("Use default contract wording")
        self.default_button.setToolTip("Fill empty clauses with the standard wording")
        self.default_button.clicked.connect(self.use_default_wording)
        self.toolbar.insertWidget(4, self.default_button)

    def reload_filters(self) -> None:
        self._labels = relationship_labels(self.context.portfolio, self.context.locale)

    def make_new(self) -> Contract:
        taken = {c.relationship_id for c in self.model.rows}
        free = [rid for rid in self._labels if rid not in taken]
        return Contract(relationship_id=free[0] if free else None, **default_contract_wording())

    def use_default_wording(self) -> None:
        """Fill each empty clause; clauses already written are kept as they are."""
        if self.current is None:
            return
        values = self.form.values()
        for name, text in default_contract_wording().items():
            if name in values and not str(values[name]).strip():
                values[name] = text
        self.form.set_values(values)
        self._update_state()

    def describe(self, record: Any) -> str:
        return "Contract: " + self._labels.get(record.relationship_id, "no relationship")


class RelationshipsSection(PaneSection):
    title = "Relationships & contract"
    kinds = (RecordKind.MENTOR, RecordKind.RELATIONSHIP, RecordKind.CONTRACT)

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.relationships = RelationshipsPane(context, self)
        self.contracts = ContractsPane(context, self)
        self.mentors = MentorsPane(context, self)
        self.add_pane(RecordKind.RELATIONSHIP, self.relationships, "&Relationships")
        self.add_pane(RecordKind.CONTRACT, self.contracts, "&Contracts")
        self.add_pane(RecordKind.MENTOR, self.mentors, "&Mentors")

    def current_record(self) -> tuple[RecordKind, int] | None:
        """Only the contract is signable here."""
        if self.contracts.current is None or self.contracts.current.id is None:
            return None
        return RecordKind.CONTRACT, self.contracts.current.id
