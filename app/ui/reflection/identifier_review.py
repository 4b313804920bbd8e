"""Shows each likely identifier in context before an export, so the mentee can go back
and edit the notes or confirm that the text identifies nobody."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.identifiers import IdentifierHit
from app.ui.text_direction import each_cell_in_its_own_direction


class IdentifierReviewDialog(QDialog):
    """accept() means "export anyway"; reject() means "go back and edit"."""

    def __init__(
        self, hits: Sequence[IdentifierHit], what: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check before sharing")
        self.resize(760, 380)
        intro = QLabel(
            f"Before {what}, please check {len(hits)} thing{'s' if len(hits) != 1 else ''}"
            " that may identify a patient or another person, or make an incident"
            " discoverable. Reflective notes are not legally privileged: the GMC and the"
            " Academy of Medical Royal Colleges advise reflecting on the learning and"
            " leaving out the facts of an incident. Edit the notes (the last column"
            " suggests how), or keep each one if it is fine; your choice is recorded in"
            " the history."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(hits), 4)
        each_cell_in_its_own_direction(self.table)
        self.table.setHorizontalHeaderLabels(
            ["Where", "Looks like", "In context", "Instead, ask yourself"]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for row, hit in enumerate(hits):
            for column, text in enumerate((hit.where, hit.kind, hit.context, hit.prompt)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.table.setAccessibleName("Possible identifiers and details")
        self.confirm = QCheckBox(
            "I have checked each one: none identifies a patient or a third party,"
            " and I keep these details"
        )
        self.edit_button = QPushButton("Go back and &edit")
        self.edit_button.setDefault(True)
        self.edit_button.clicked.connect(self.reject)
        self.export_button = QPushButton("&Keep them and continue")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.accept)
        self.confirm.toggled.connect(self.export_button.setEnabled)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.confirm)
        layout.addLayout(buttons)


def confirm_hits(hits: Sequence[IdentifierHit], what: str, parent: QWidget | None) -> bool:
    """True when there is nothing to check or the mentee confirms the hits are fine."""
    if not hits:
        return True
    return IdentifierReviewDialog(hits, what, parent).exec() == QDialog.DialogCode.Accepted
