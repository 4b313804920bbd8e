"""The Appraisal page: the owner's profile and a summary of the period."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import RecordKind
from app.domain.errors import KnownError, ValidationFailed
from app.domain.kind_spec import Future
from app.domain.record_types import OwnerProfile
from app.domain.typed_dates import DateNotUnderstood
from app.services import profile, sessions
from app.services.changes import Changes
from app.ui.date_field import DateField
from app.ui.look import set_tone
from app.ui.ops import Op
from app.ui.sections.base import Section, SectionContext

PROFILE_FIELDS = (
    ("name", "Name"),
    ("role_grade", "Role or grade"),
    ("specialty", "Specialty"),
    ("organisation", "Organisation"),
    ("registration_number", "GMC number"),
    ("email", "Email"),
)


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
        self.next_appraisal = DateField(future=Future.MARKED, label="Next appraisal date")
        self.next_appraisal.changed.connect(self._edited)
        form.addRow("Next appraisal:", self.next_appraisal)
        self.error = QLabel()
        set_tone(self.error, "error")
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
        page = QWidget()  # scrolls on a small screen (1024x600, or scaled 1.5x)
        layout = QVBoxLayout(page)
        layout.addWidget(profile_box)
        layout.addWidget(summary_box)
        layout.addWidget(pack_box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()

    def open_pack_dialog(self) -> None:
        from app.ui.printing.pack_dialog import PackDialog

        PackDialog(self.context.portfolio, self).open()

    def form_owner(self, *, as_far_as_typed: bool = False) -> OwnerProfile:
        """The profile the page holds; DateNotUnderstood while the next appraisal holds
        text that is no date, unless ``as_far_as_typed`` (it keeps the saved date)."""
        values = {name: edit.text() for name, edit in self.edits.items()}
        try:
            when = self.next_appraisal.value()
        except DateNotUnderstood:
            if not as_far_as_typed:
                raise
            when = self.loaded.next_appraisal_date
        return dataclasses.replace(self.loaded, next_appraisal_date=when, **values)

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
            year = sessions.appraisal_year(self.context.portfolio)
        except KnownError as err:
            self.summary.setText(err.message)
            return
        self.summary.setText(
            f"Sessions: {year.sessions} ({year.hours:.1f} hours)\n"
            f"Goals achieved: {year.goals_achieved}; in progress: {year.goals_in_progress}\n"
            f"Actions done: {year.actions_done}; open: {year.actions_open}"
        )

    def show_record(self, kind: RecordKind, record_id: int) -> None:
        self.edits["name"].setFocus()

    def has_unsaved_changes(self) -> bool:
        try:
            return self.form_owner() != self.loaded
        except DateNotUnderstood:
            return True

    def save_changes(self) -> bool:
        self.error.hide()
        if not self.next_appraisal.accepts():
            self.next_appraisal.edit.setFocus()
            return False
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
        if not self.has_unsaved_changes():
            return None
        return self.form_owner(as_far_as_typed=True), self.next_appraisal.edit.text()

    def restore_draft(self, draft: Any) -> None:
        if draft is None:
            return
        owner, typed_date = draft
        for name, edit in self.edits.items():
            edit.setText(getattr(owner, name))
        self.next_appraisal.edit.setText(typed_date)
        self._edited()
