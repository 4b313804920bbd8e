"""Mentors, relationships and contracts: one sidebar page with three tabs."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import RecordKind, RelationshipKind, RelationshipStatus
from app.domain.records import Contract, Mentor, Relationship
from app.services import records
from app.services.portfolio import default_contract
from app.ui.sections import choices
from app.ui.sections.base import Section, SectionContext
from app.ui.sections.fields import FieldSpec
from app.ui.sections.record_section import RecordSection

LINE_MANAGER_WARNING = (
    "⚠ This mentor is also your line manager. Mentoring works best when it"
    " is separate from line management; agree in the contract how you"
    " will keep the two apart."
)


def _warning_label() -> QLabel:
    label = QLabel(LINE_MANAGER_WARNING)
    label.setWordWrap(True)
    label.setAccessibleName("Line manager warning")
    label.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 6px; border-radius: 4px;")
    label.hide()
    return label


class MentorsSection(RecordSection):
    title = "Mentors"
    record_type = Mentor
    noun = "mentor"
    columns = [
        ("Name", lambda r: r.name),
        ("Role", lambda r: r.role),
        ("Organisation", lambda r: r.organisation),
    ]
    fields = [
        FieldSpec("name", "Name"),
        FieldSpec("role", "Role"),
        FieldSpec("organisation", "Organisation"),
        FieldSpec("email", "Email"),
        FieldSpec("phone", "Phone"),
        FieldSpec("is_line_manager", "This mentor is my line manager", "bool"),
        FieldSpec("notes", "Notes", "text"),
    ]

    def after_form(self, layout: QVBoxLayout) -> None:
        self.warning = _warning_label()
        layout.addWidget(self.warning)

    def _edited(self) -> None:
        super()._edited()
        if hasattr(self, "warning"):
            self.warning.setVisible(self.field_widget("is_line_manager", QCheckBox).isChecked())


class RelationshipsSection(RecordSection):
    title = "Relationships"
    record_type = Relationship
    noun = "relationship"
    columns = [
        ("Mentor", lambda r: r._mentor_name if hasattr(r, "_mentor_name") else ""),
        ("Kind", lambda r: r.kind.label),
        ("Status", lambda r: r.status.label),
        ("Started", lambda r: r.start_date),
    ]

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        portfolio = context.portfolio
        self.fields = [
            FieldSpec("mentor_id", "Mentor", "ref", choices=lambda: choices.mentors(portfolio)),
            FieldSpec("kind", "Kind", "enum", enum=RelationshipKind),
            FieldSpec("scheme", "Scheme"),
            FieldSpec("status", "Status", "enum", enum=RelationshipStatus),
            FieldSpec("start_date", "Start date", "date"),
            FieldSpec("review_date", "Review date", "date"),
            FieldSpec("end_date", "End date", "date"),
            FieldSpec("end_reason", "Why it ended", "text"),
            FieldSpec("end_expected", "End review: what I expected", "text"),
            FieldSpec("end_achieved", "End review: what I achieved", "text"),
            FieldSpec("end_learned", "End review: what I learned", "text"),
            FieldSpec("end_left_to_do", "End review: what is left to do", "text"),
            FieldSpec("end_evaluation", "End review: evaluation", "text"),
        ]
        self.columns = [("Mentor", self._mentor_name), *type(self).columns[1:]]
        self._names: dict[Any, str] = {}
        super().__init__(context, parent)

    def _mentor_name(self, record: Relationship) -> str:
        return self._names.get(record.mentor_id, "")

    def refresh(self) -> None:
        self._line_managers: set[Any] = set()
        mentors = records.list_records(self.context.portfolio, Mentor)
        self._names = {m.id: m.name for m in mentors}
        self._line_managers = {m.id for m in mentors if m.is_line_manager}
        super().refresh()

    def blank(self) -> Relationship:
        from app.services import profile

        default = profile.get_preference(self.context.portfolio, "default_mentor_id", "")
        mentor_id = int(default) if default.isdigit() and int(default) in self._names else None
        return Relationship(mentor_id=mentor_id)

    def after_form(self, layout: QVBoxLayout) -> None:
        self.warning = _warning_label()
        layout.addWidget(self.warning)
        # Ending walks through the end-of-relationship review and makes the records
        # read-only; reopening needs a reason. Both are kept in the history.
        self.end_button = QPushButton("&End relationship…")
        self.end_button.setAccessibleName("End this relationship with a review")
        self.end_button.clicked.connect(self._end_or_reopen)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.end_button)
        layout.addLayout(row)

    def load_extra(self, record: Any) -> None:
        super().load_extra(record)
        if hasattr(self, "end_button"):
            self.end_button.setVisible(record.id is not None)
            ended = record.status is RelationshipStatus.ENDED
            self.end_button.setText("&Reopen relationship…" if ended else "&End relationship…")

    def _end_or_reopen(self) -> None:
        from app.ui.reflection.closure_dialog import end_relationship, reopen_relationship_dialog

        record = self.loaded
        if record is None or record.id is None:
            return
        who = self._names.get(record.mentor_id, "your mentor")
        action = (
            reopen_relationship_dialog
            if record.status is RelationshipStatus.ENDED
            else end_relationship
        )
        if action(self.context.portfolio, record.id, who, self):
            self.refresh()
            self.show_record(RecordKind.RELATIONSHIP, record.id)
            self.records_changed.emit()

    def _edited(self) -> None:
        super()._edited()
        if hasattr(self, "warning"):
            mentor = self.field_widget("mentor_id", QComboBox).currentData()
            self.warning.setVisible(mentor in getattr(self, "_line_managers", set()))


class ContractsSection(RecordSection):
    title = "Contracts"
    record_type = Contract
    noun = "contract"

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        portfolio = context.portfolio
        self._rels: dict[Any, str] = {}
        self.columns = [
            ("Relationship", lambda r: self._rels.get(r.relationship_id, "")),
            ("Agreed on", lambda r: r.agreed_on),
        ]
        texts = [
            ("ground_rules", "Ground rules"),
            ("confidentiality", "Confidentiality"),
            ("confidentiality_limit", "Limits of confidentiality"),
            ("boundaries", "Boundaries"),
            ("conflicts_of_interest", "Conflicts of interest"),
            ("objectives", "Objectives"),
            ("frequency", "How often we meet"),
            ("meeting_format", "Meeting format"),
            ("meeting_length", "Meeting length"),
            ("arrangements", "Arrangements"),
            ("contact_between_meetings", "Contact between meetings"),
            ("duration", "Duration"),
            ("ending", "Ending"),
            ("documentation", "Documentation"),
        ]
        self.fields = [
            FieldSpec(
                "relationship_id",
                "Relationship",
                "ref",
                choices=lambda: choices.relationships(portfolio),
            ),
            *[FieldSpec(n, label, "text") for n, label in texts],
            FieldSpec("review_date", "Review date", "date"),
            FieldSpec("agreed_on", "Agreed on", "date"),
        ]
        super().__init__(context, parent)

    def refresh(self) -> None:
        self._rels = dict(choices.relationships(self.context.portfolio))
        super().refresh()

    def blank(self) -> Contract:
        return default_contract()


class RelationshipsPage(Section):
    """Mentors, relationships and contract in tabs, behaving as one Section."""

    title = "Relationships & contract"
    kinds = (RecordKind.MENTOR, RecordKind.RELATIONSHIP, RecordKind.CONTRACT)

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.mentors = MentorsSection(context)
        self.relationships = RelationshipsSection(context)
        self.contracts = ContractsSection(context)
        self.parts: list[RecordSection] = [self.relationships, self.mentors, self.contracts]
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Relationships, mentors and contracts")
        self.tabs.addTab(self.relationships, "&Relationships")
        self.tabs.addTab(self.mentors, "&Mentors")
        self.tabs.addTab(self.contracts, "C&ontract")
        for part in self.parts:
            part.records_changed.connect(self._changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def _changed(self) -> None:
        for part in self.parts:
            part.refresh()
        self.records_changed.emit()

    def refresh(self) -> None:
        for part in self.parts:
            part.refresh()

    def show_record(self, kind: RecordKind, record_id: int) -> None:
        for part in self.parts:
            if part.kind == kind:
                self.tabs.setCurrentWidget(part)
                part.show_record(kind, record_id)

    def has_unsaved_changes(self) -> bool:
        return any(p.has_unsaved_changes() for p in self.parts)

    def save_changes(self) -> bool:
        return all(p.save_changes() for p in self.parts if p.has_unsaved_changes())

    def confirm_leave(self) -> bool:
        return all(p.confirm_leave() for p in self.parts)

    def take_draft(self) -> Any:
        drafts = [p.take_draft() for p in self.parts]
        return drafts if any(drafts) else None

    def restore_draft(self, draft: Any) -> None:
        for part, one in zip(self.parts, draft or [], strict=False):
            part.restore_draft(one)
