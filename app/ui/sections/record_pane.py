"""One list of records beside its editor form: the building block of every section.

The pane owns the unsaved-changes state (the form against the values last loaded),
saving through app.services.records with inline validation, and delete with either
an Undo bar (the record is re-created) or, where a delete cascades, a confirmation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KnownError, ValidationFailed
from app.services import records
from app.ui.sections.base import SectionContext
from app.ui.sections.feedback import report_error
from app.ui.sections.fields import FieldSpec, RecordForm
from app.ui.sections.tab_order import apply_tab_order
from app.ui.sections.table_model import RECORD_ROLE, Column, RecordFilterProxy, RecordTableModel


class RecordPane(QWidget):
    """List + editor for one record type. Subclasses add filters and extra editors."""

    #: (column, order) the list starts sorted by.
    default_sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)
    #: Keep the editors at their natural height (False where a table should grow).
    compact_body = True

    #: Emitted after a save, delete or undo.
    changed = Signal()

    def __init__(self, context: SectionContext, record_type: type[Any], noun: str,
                 columns: list[Column], specs: list[FieldSpec],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.record_type = record_type
        self.noun = noun
        self.current: Any = None  # the record as last loaded or saved (id None when new)
        self._baseline: dict[str, Any] = {}
        self._deleted: Any = None
        self._loading = False

        self.model = RecordTableModel(columns, self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText(f"Filter {noun}s…")
        self.filter_box.setAccessibleName(f"Filter {noun}s")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.proxy.set_text)
        self.filter_box.textChanged.connect(lambda _text: self._update_count())
        self.filter_row = QHBoxLayout()
        self.filter_row.addWidget(self.filter_box, 1)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAccessibleName(f"{noun.capitalize()} list")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)

        self.count_label = QLabel(self)
        list_side = QWidget(self)
        self.list_layout = QVBoxLayout(list_side)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.addLayout(self.filter_row)
        self.list_layout.addWidget(self.table, 1)
        self.list_layout.addWidget(self.count_label)

        self.form = RecordForm(specs, context.locale, self)
        self.form.changed.connect(self._update_state)

        self.new_button = QPushButton(f"&New {noun}", self)
        self.save_button = QPushButton("&Save", self)
        self.revert_button = QPushButton("Re&vert", self)
        self.delete_button = QPushButton("&Delete…" if self.confirms_delete() else "&Delete",
                                         self)
        for button, name in ((self.new_button, f"New {noun}"), (self.save_button, "Save"),
                             (self.revert_button, "Revert"), (self.delete_button, "Delete")):
            button.setAccessibleName(f"{name} {noun}" if name in ("Save", "Revert", "Delete")
                                     else name)
            button.setAutoDefault(False)
        self.new_button.setToolTip(f"New {noun} (Ctrl+N)")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.delete_button.setToolTip(f"Delete this {noun} (Delete in the list)")
        self.new_button.clicked.connect(self.new_record)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.delete_button.clicked.connect(self.delete_current)
        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.new_button)
        self.toolbar.addWidget(self.save_button)
        self.toolbar.addWidget(self.revert_button)
        self.toolbar.addWidget(self.delete_button)
        #: Print and sign buttons go here (branches print and sign).
        self.toolbar_area = QHBoxLayout()
        self.toolbar.addLayout(self.toolbar_area)
        self.toolbar.addStretch(1)
        self.state_label = QLabel(self)
        self.state_label.setAccessibleName(f"{noun.capitalize()} editor state")
        self.toolbar.addWidget(self.state_label)

        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)

        self.form_body = QWidget(self)
        self.body_layout = QVBoxLayout(self.form_body)
        self.body_layout.addWidget(self.form)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.form_body)
        self.scroll.setAccessibleName(f"{noun.capitalize()} editor")

        self.undo_bar = QFrame(self)
        self.undo_bar.setFrameShape(QFrame.Shape.StyledPanel)
        undo_layout = QHBoxLayout(self.undo_bar)
        self.undo_label = QLabel(self.undo_bar)
        self.undo_label.setTextFormat(Qt.TextFormat.PlainText)
        self.undo_button = QPushButton("&Undo", self.undo_bar)
        self.undo_button.setAccessibleName(f"Undo delete {noun}")
        self.undo_button.clicked.connect(self.undo_delete)
        close = QPushButton("Dismiss", self.undo_bar)
        close.setAccessibleName("Dismiss undo bar")
        close.clicked.connect(self._dismiss_undo)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        undo_layout.addWidget(close)
        self.undo_bar.hide()

        editor_side = QWidget(self)
        editor_layout = QVBoxLayout(editor_side)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.heading)
        editor_layout.addLayout(self.toolbar)
        editor_layout.addWidget(self.scroll, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(list_side)
        splitter.addWidget(editor_side)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([540, 760])  # the list wide enough for dates and statuses
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.undo_bar)
        layout.addWidget(splitter, 1)

        for keys, slot in ((QKeySequence.StandardKey.New, self.new_record),
                           (QKeySequence.StandardKey.Save, self.save)):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_current)
        self.clear_editor()

    # -- what subclasses customise -------------------------------------------------
    def make_new(self) -> Any:
        """A fresh record for New (subclasses fill defaults such as the relationship)."""
        return self.record_type()

    def load_rows(self) -> list[Any]:
        return records.list_records(self.context.portfolio, self.record_type)

    def describe(self, record: Any) -> str:
        """A short name for the record in headings and the undo bar."""
        return str(getattr(record, "title", "") or getattr(record, "name", "") or self.noun)

    def extra_state(self) -> dict[str, Any]:
        """Values of editors outside the form (links, inline tables)."""
        return {}

    def load_extra(self, record: Any, state: dict[str, Any] | None) -> None:
        """Fill editors outside the form; ``state`` is a draft to restore, if any."""

    def after_save(self, saved: Any, state: dict[str, Any]) -> None:
        """Save what belongs to the record but lives in other records (actions)."""

    def confirms_delete(self) -> bool:
        """True where a delete cascades, so it is confirmed instead of undone."""
        return False

    def delete_warning(self, record: Any) -> str:
        return ""

    def before_delete(self, record: Any) -> Any:
        """Anything undo needs besides the record itself."""
        return None

    def after_undo(self, restored: Any, memo: Any) -> None:
        pass

    # -- state --------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        self.commit_pending_edits()
        return {**self.form.values(), **self.extra_state()}

    def commit_pending_edits(self) -> None:
        """Take in a table cell still being typed in, so Save never loses it."""
        focus = QApplication.focusWidget()
        if focus is None:
            return
        for view in self.findChildren(QAbstractItemView):
            if view.viewport().isAncestorOf(focus):
                view.commitData(focus)

    def has_unsaved_changes(self) -> bool:
        return self.current is not None and self.state() != self._baseline

    def _update_state(self) -> None:
        if self._loading:
            return
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(self.current is not None)
        self.revert_button.setEnabled(dirty)
        self.delete_button.setEnabled(self.current is not None and self.current.id is not None)
        if self.current is None:
            self.state_label.setText("")
        elif dirty:
            self.state_label.setText("Unsaved changes")
        elif self.current.id is None:
            self.state_label.setText("New, not saved yet")
        else:
            self.state_label.setText("Saved")

    def record_from_form(self) -> Any:
        values = self.form.values()
        known = {f.name for f in fields(self.record_type)}
        return replace(self.current, **{k: v for k, v in values.items() if k in known})

    # -- loading ------------------------------------------------------------------
    def refresh(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else (
            self.current.id if self.current is not None else None)
        self.form.reload_choices()
        self.reload_filters()
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(self.load_rows())
        self.table.selectionModel().blockSignals(False)
        self._update_count()
        if keep is not None:
            self._select_row(keep)
        if not getattr(self, "_laid_out", False):
            self._laid_out = True
            self.table.sortByColumn(*self.default_sort)
            self.table.resizeColumnsToContents()
            if self.compact_body:
                self.body_layout.addStretch(1)
            apply_tab_order(self)

    def reload_filters(self) -> None:
        """Refill filter combos that list records (relationships)."""

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        plural = self.noun + ("" if total == 1 else "s")
        self.count_label.setText(f"{total} {plural}" if shown == total
                                 else f"Showing {shown} of {total} {plural}")

    def _select_row(self, record_id: int) -> None:
        source = self.model.row_of(record_id)
        if source < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(source, 0))
        if not index.isValid():
            return
        model = self.table.selectionModel()
        model.blockSignals(True)
        model.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                              | QItemSelectionModel.SelectionFlag.Rows)
        model.blockSignals(False)
        self.table.scrollTo(index)

    def _on_row_changed(self, current: Any, previous: Any) -> None:
        if not current.isValid():
            return
        record = current.data(RECORD_ROLE)
        if self.current is not None and record is not None and record.id == self.current.id:
            return
        if not self.confirm_leave():
            if self.current is not None and self.current.id is not None:
                self._select_row(self.current.id)
            else:
                self.table.selectionModel().blockSignals(True)
                self.table.clearSelection()
                self.table.selectionModel().blockSignals(False)
            return
        self.open(record)

    def confirm_leave(self) -> bool:
        """Ask before unsaved edits would be replaced; True if it is fine to go on."""
        if not self.has_unsaved_changes():
            return True
        answer = QMessageBox.question(
            self, "Unsaved changes",
            f"This {self.noun} has changes that are not saved. Save them first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def open(self, record: Any, state: dict[str, Any] | None = None) -> None:
        """Show ``record`` in the editor; ``state`` overrides it with a draft."""
        self._loading = True
        try:
            self.current = record
            self.form.reload_choices()
            self.form.set_values(vars(record))
            self.form.show_problems({})
            self.load_extra(record, state)
            self._baseline = self.state()
            if state is not None:
                self.form.set_values(state)
        finally:
            self._loading = False
        self.heading.setText(self.describe(record) if record.id is not None
                             else f"New {self.noun}")
        self.form_body.setEnabled(True)
        self._update_state()
        self._notify_opened()

    def _notify_opened(self) -> None:
        # A plain callback, not a Qt signal: a new signal on this class made PySide6
        # 6.12 abort while the interpreter shut down (refcount bug, reproduced).
        for reference in getattr(self, "open_callbacks", ()):
            callback = reference()  # weak: a pane must not keep its section alive
            if callback is not None:
                callback()

    def clear_editor(self) -> None:
        self._loading = True
        self.current = None
        self._baseline = {}
        self.form_body.setEnabled(False)
        self.heading.setText(f"Select a {self.noun}, or choose New {self.noun}.")
        self._loading = False
        self._update_state()
        self._notify_opened()

    def show_record(self, record_id: int) -> bool:
        if not self.confirm_leave():
            return False
        self.filter_box.clear()
        self.clear_filters()
        try:
            record = records.get(self.context.portfolio, self.record_type, record_id)
        except KnownError as exc:
            report_error(self, exc, "Cannot open")
            return False
        self._select_row(record_id)
        self.open(record)
        return True

    def clear_filters(self) -> None:
        """Reset filter combos so a record asked for by id is visible."""

    # -- actions ------------------------------------------------------------------
    def new_record(self) -> None:
        if not self.confirm_leave():
            return
        self.table.selectionModel().blockSignals(True)
        self.table.clearSelection()
        self.table.selectionModel().blockSignals(False)
        self.open(self.make_new())
        first = self.form.editors[self.form.specs[0].name]
        first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def revert(self) -> None:
        if self.current is not None:
            self.open(self.current)

    def save(self) -> bool:
        if self.current is None:
            return True
        state = self.state()
        try:
            record = self.record_from_form()
            saved = records.save(self.context.portfolio, record)
            self.after_save(saved, state)
        except ValidationFailed as exc:
            unplaced = self.form.show_problems(exc.problems)
            self.state_label.setText("Not saved: see the fields marked in red")
            if unplaced:
                report_error(self, KnownError(" ".join(unplaced)))
            return False
        except KnownError as exc:
            report_error(self, exc)
            return False
        self.refresh(select_id=saved.id)
        self.open(saved)
        self.changed.emit()
        return True

    def delete_current(self) -> None:
        record = self.current
        if record is None or record.id is None:
            return
        if self.confirms_delete():
            warning = self.delete_warning(record)
            answer = QMessageBox.warning(
                self, f"Delete {self.noun}",
                f"Delete {self.noun} “{self.describe(record)}”?\n\n{warning}".rstrip(),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return
        memo = self.before_delete(record)
        try:
            records.delete(self.context.portfolio, self.record_type, record.id)
        except KnownError as exc:
            report_error(self, exc, "Not deleted")
            return
        self.clear_editor()
        self.refresh()
        if not self.confirms_delete():
            self._deleted = (record, memo)
            self.undo_label.setText(f"Deleted {self.noun} “{self.describe(record)}”.")
            self.undo_bar.show()
            self.undo_button.setFocus()
        self.changed.emit()

    def undo_delete(self) -> None:
        if self._deleted is None:
            return
        record, memo = self._deleted
        try:
            restored = records.save(self.context.portfolio, replace(record, id=None))
            self.after_undo(restored, memo)
        except KnownError as exc:
            report_error(self, exc, "Not restored")
            return
        self._deleted = None
        self.undo_bar.hide()
        self.refresh(select_id=restored.id)
        self.open(restored)
        self.changed.emit()

    def _dismiss_undo(self) -> None:
        self._deleted = None
        self.undo_bar.hide()

    # -- drafts -------------------------------------------------------------------
    def take_draft(self) -> dict[str, Any] | None:
        if not self.has_unsaved_changes():
            return None
        return {"record": self.current, "state": self.state()}

    def restore_draft(self, draft: dict[str, Any] | None) -> None:
        if not draft:
            return
        record = draft["record"]
        if record.id is not None:
            self._select_row(record.id)
        self.open(record, draft["state"])
        self._update_state()


def add_combo(pane: RecordPane, name: str, items: list[tuple[str, Any]],
              on_change: Callable[[Any], None]) -> QComboBox:
    combo = QComboBox(pane)
    combo.setAccessibleName(name)
    for label, value in items:
        combo.addItem(label, value)
    combo.currentIndexChanged.connect(lambda _i: on_change(combo.currentData()))
    combo.currentIndexChanged.connect(lambda _i: pane._update_count())
    pane.filter_row.addWidget(combo)
    return combo
