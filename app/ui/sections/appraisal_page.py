"""The Appraisal page: the owner's profile and a summary of the period."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import clock
from app.domain.enums import ActionStatus, GoalStatus, RecordKind
from app.domain.errors import KnownError, ValidationFailed
from app.domain.record_types import Action, Goal, OwnerProfile, SessionRecord
from app.services import profile, records
from app.services.changes import Changes
from app.services.records import RecordFilter
from app.services.reviews import add_months
from app.ui.ops import Op
from app.ui.sections.base import Section, SectionContext
from app.ui.sections.fields import DateField

PROFILE_FIELDS = (
    ("name", "Name"),
    ("role_grade", "Role or grade"),
    ("specialty", "Specialty"),
    ("organisation", "Organisation"),
    ("registration_number", "GMC number"),
    ("email", "Email"),
)


def period_summary(portfolio: Any, since: date) -> dict[str, Any]:
    sessions = records.list_records(portfolio, SessionRecord, RecordFilter(date_from=since))
    goals = records.list_records(portfolio, Goal)
    actions = records.list_records(portfolio, Action)
    return {
        "sessions": len(sessions),
        "hours": sum(s.duration_minutes for s in sessions) / 60,
        "goals_achieved": sum(g.status == GoalStatus.ACHIEVED for g in goals),
        "goals_in_progress": sum(g.status == GoalStatus.IN_PROGRESS for g in goals),
        "actions_done": sum(a.status == ActionStatus.DONE for a in actions),
        "actions_open": sum(not a.status.is_closed for a in actions),
    }


class AppraisalSection(Section):
    title = "Appraisal"
    kinds = (RecordKind.OWNER,)

    @property
    def watches(self) -> frozenset[RecordKind]:
        # The period's summary counts sessions, goals and actions.
        return frozenset({RecordKind.OWNER, RecordKind.SESSION, RecordKind.GOAL, RecordKind.ACTION})

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.loaded = OwnerProfile()
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label in PROFILE_FIELDS:
            edit = QLineEdit()
            edit.setAccessibleName(label)
            edit.textChanged.connect(self._edited)
            self.edits[name] = edit
            form.addRow(label + ":", edit)
        self.next_appraisal = DateField()
        self.next_appraisal.edit.setAccessibleName("Next appraisal date")
        self.next_appraisal.edit.dateChanged.connect(self._edited)
        self.next_appraisal.none.toggled.connect(self._edited)
        form.addRow("Next appraisal:", self.next_appraisal)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.save_button = QPushButton("&Save profile")
        self.save_button.setAccessibleName("Save profile")
        self.save_button.clicked.connect(self.save_changes)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        profile_box = QGroupBox("About you")
        box = QVBoxLayout(profile_box)
        box.addLayout(form)
        box.addWidget(self.error)
        box.addLayout(buttons)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Appraisal period summary")
        summary_box = QGroupBox("This appraisal year (last 12 months)")
        QVBoxLayout(summary_box).addWidget(self.summary)
        pack_box = QGroupBox("Appraisal pack and exports")
        pack_layout = QVBoxLayout(pack_box)
        self.pack_button = QPushButton("&Build appraisal pack…")
        self.pack_button.setAccessibleName("Build the appraisal pack")
        self.pack_button.clicked.connect(self.open_pack_dialog)
        pack_row = QHBoxLayout()
        pack_row.addWidget(
            QLabel(
                "One PDF of the records you choose to share, with a cover, summary and contents."
            ),
            1,
        )
        pack_row.addWidget(self.pack_button)
        pack_layout.addLayout(pack_row)
        from app.ui.reflection.appraisal_exports import AppraisalExports

        self.exports = AppraisalExports(context.portfolio)
        pack_layout.addWidget(self.exports)
        layout = QVBoxLayout(self)
        layout.addWidget(profile_box)
        layout.addWidget(summary_box)
        layout.addWidget(pack_box)
        layout.addStretch(1)
        self.refresh()

    def open_pack_dialog(self) -> None:
        from app.ui.printing.pack_dialog import PackDialog

        PackDialog(self.context.portfolio, self).open()

    def form_owner(self) -> OwnerProfile:
        values = {name: edit.text() for name, edit in self.edits.items()}
        return dataclasses.replace(
            self.loaded, next_appraisal_date=self.next_appraisal.value(), **values
        )

    def _edited(self) -> None:
        self.save_button.setEnabled(self.has_unsaved_changes())

    def load(self, owner: OwnerProfile) -> None:
        self.loaded = owner
        for name, edit in self.edits.items():
            edit.blockSignals(True)
            edit.setText(getattr(owner, name))
            edit.blockSignals(False)
        self.next_appraisal.set_value(owner.next_appraisal_date)
        self._edited()

    def refresh(self) -> None:
        try:
            if not self.has_unsaved_changes():
                self.load(profile.get_owner(self.context.portfolio))
            s = period_summary(self.context.portfolio, add_months(clock.today(), -12))
        except KnownError as err:
            self.summary.setText(err.message)
            return
        self.summary.setText(
            f"Sessions: {s['sessions']} ({s['hours']:.1f} hours)\n"
            f"Goals achieved: {s['goals_achieved']}; in progress: {s['goals_in_progress']}\n"
            f"Actions done: {s['actions_done']}; open: {s['actions_open']}"
        )

    def show_record(self, kind: RecordKind, record_id: int) -> None:
        self.edits["name"].setFocus()

    def has_unsaved_changes(self) -> bool:
        return self.form_owner() != self.loaded

    def save_changes(self) -> bool:
        self.error.hide()
        owner = self.form_owner()
        saved: list[OwnerProfile] = []
        done = (
            Op(self.context.bus, self, lambda: profile.save_owner(self.context.portfolio, owner))
            .changes(Changes.of(RecordKind.OWNER, 1))
            .success(saved.append)
            .failure(self._refused)
            .run(initiator=self)
        )
        if not done:
            return False
        self.load(saved[0])
        self.refresh()
        return True

    def _refused(self, err: KnownError) -> None:
        self.error.setText(err.message)
        self.error.show()
        if not isinstance(err, ValidationFailed):
            QMessageBox.warning(self, "Could not save", err.message)

    def take_draft(self) -> Any:
        return self.form_owner() if self.has_unsaved_changes() else None

    def restore_draft(self, draft: Any) -> None:
        if draft is None:
            return
        for name, edit in self.edits.items():
            edit.setText(getattr(draft, name))
        self.next_appraisal.set_value(draft.next_appraisal_date)
