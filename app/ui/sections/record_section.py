"""A generic list + editor section over one record kind of app.services.records."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
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

from app.domain import registry
from app.domain.bidi import isolate
from app.domain.enums import RecordKind
from app.domain.errors import KnownError, RecordNotFound, ValidationFailed
from app.domain.kind_spec import Shape
from app.domain.typed_dates import DateNotUnderstood
from app.services import records
from app.services.changes import EVERYTHING, Changes
from app.services.portfolio import Portfolio
from app.services.records import RecordFilter, spec_for
from app.services.signing import lifecycle
from app.services.signing.lifecycle import SignatureStatus
from app.ui.columns import fit_columns
from app.ui.common import format_date, save_before_leaving
from app.ui.date_field import DateField
from app.ui.look import private_colour, set_role, set_tone
from app.ui.ops import Op
from app.ui.sections import choices, read_only
from app.ui.sections.base import Section, SectionContext
from app.ui.sections.fields import (
    FieldSpec,
    connect_changed,
    fill_choices,
    make_widget,
    read_value,
    write_value,
)
from app.ui.sections.record_state import StateBanner, Step, mentor_of, state_of
from app.ui.sections.retention_pin import RetentionPin, has_pin
from app.ui.signing.status import status_colours
from app.ui.text_direction import each_cell_in_its_own_direction

Column = tuple[str, Callable[[Any], Any]]
W = TypeVar("W", bound=QWidget)
_Index = QModelIndex | QPersistentModelIndex


Colours = Callable[[Any], "tuple[QColor, QColor, str] | None"]


class RecordTableModel(QAbstractTableModel):
    """``colours`` gives a cell of the column it is keyed by its (text, background)
    colours and a tooltip, or None to leave the cell plain."""

    def __init__(self, columns: list[Column], colours: dict[int, Colours] | None = None) -> None:
        super().__init__()
        self.columns = columns
        self.colours = colours or {}
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self.rows[index.row()]
        value = self.columns[index.column()][1](record)
        colour = self.colours.get(index.column())
        styled = colour(record) if colour is not None else None
        if styled is not None and role == Qt.ItemDataRole.ForegroundRole:
            return styled[0]
        if styled is not None and role == Qt.ItemDataRole.BackgroundRole:
            return styled[1]
        if styled is not None and role == Qt.ItemDataRole.ToolTipRole:
            return styled[2]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if isinstance(value, date):
                return format_date(value)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return record.id
        if role == Qt.ItemDataRole.UserRole + 1:  # sort key
            if isinstance(value, date):
                return value.isoformat()
            return value if isinstance(value, (int, float)) else str(value or "").lower()
        return None

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        return None


def fields_of(kind: RecordKind, portfolio: Portfolio) -> list[FieldSpec]:
    """The form's fields, from the kind's spec: every field with a widget of its own
    (lists of items and of linked records have their forms' own widgets)."""
    spec = registry.spec(kind)
    targets = {link.field: link.to for link in spec.links()}
    out = []
    for field in spec.fields:
        if field.shape in (Shape.ITEMS, Shape.IDS):
            continue
        options = None
        if field.shape is Shape.REF:
            target = targets[field.name]

            def options(target: RecordKind = target) -> list[tuple[Any, str]]:
                return choices.of_kind(target, portfolio)

        out.append(
            FieldSpec(
                field.name,
                field.label,
                field.shape.value,
                enum=field.enum,
                choices=options,
                maximum=field.maximum or FieldSpec.maximum,
                tooltip=field.help,
                private=field.private,
                future=field.future,
                why_past=field.why_past,
                longest=field.most_characters if field.shape is Shape.LINE else 0,
            )
        )
    return out


class RecordSection(Section):
    """Subclasses set record_type and columns; the fields come from the kind's spec,
    and hooks add extra form parts."""

    record_type: type[Any] = object
    columns: list[Column] = []
    fields: list[FieldSpec] = []
    noun: str = "record"
    #: The list column that takes the spare width (the free-text one).
    stretch_column: int = 0
    #: True when the widget added by ``after_form`` takes the spare height.
    form_fills_height: bool = False

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.kind: RecordKind = spec_for(self.record_type).kind
        self.kinds = (self.kind,)
        self.fields = fields_of(self.kind, context.portfolio)
        # Signable kinds' lists end with each record's signature status.
        self.statuses: dict[int, SignatureStatus] = {}
        self.colours: dict[int, Colours] = {}
        if self.kind in registry.signable_kinds():
            self.columns = [*self.columns, ("Signatures", self._status_label)]
            self.colours[len(self.columns) - 1] = self._status_colours
        self.loaded: Any = None  # the record as last loaded or saved
        self.deleted: Any = None
        self._loading = False
        self._following = False  # the list is being put on the form's record
        self._held: list[read_only.Undo] = []  # what gives the form back its editing
        self._build()
        self.refresh()
        if self.model.rows:
            first = self.proxy.index(0, 0)
            self.table.setCurrentIndex(first)
        else:
            self.new_record()

    # ---- construction
    def _build(self) -> None:
        self.model = RecordTableModel(self.columns, self.colours)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole + 1)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(f"Filter {self.noun}s…")
        self.filter.setAccessibleName(f"Filter {self.noun}s")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        each_cell_in_its_own_direction(self.table)
        self.table.setAccessibleName(f"{self.noun.capitalize()} list")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.list_tools = QHBoxLayout()
        self.list_tools.addWidget(self.filter, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(self.list_tools)
        left_layout.addWidget(self.table, 1)

        self.heading = QLabel()
        self.heading.setWordWrap(True)  # a long title wraps: never a scrollbar
        set_role(self.heading, "heading")
        self.widgets: dict[str, QWidget] = {}
        #: A choice shown as read-only text while the record may not change (a combo
        #: box cannot be read-only and still be read and copied).
        self.twins: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Where a long label and its field do not both fit, the field goes below it.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for spec in self.fields:
            widget = make_widget(spec)
            fill_choices(spec, widget)
            connect_changed(widget, self._edited)
            error = QLabel()
            set_tone(error, "error")
            error.setWordWrap(True)
            error.hide()
            holder = QWidget()
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(widget)
            if isinstance(widget, QComboBox):
                twin = QLineEdit()
                twin.setReadOnly(True)
                read_only.tinted(twin)
                twin.setAccessibleName(spec.label)
                twin.hide()
                box.addWidget(twin)
                self.twins[spec.name] = twin
            box.addWidget(error)
            label = "" if spec.kind == "bool" else spec.label + ":"
            if spec.private:
                label = f"{spec.label} (never printed):"  # plain: it takes a mnemonic
                widget.setStyleSheet(f"QPlainTextEdit {{ border: 2px dashed {private_colour()}; }}")
                widget.setToolTip(
                    "Private: never printed, exported to the appraisal pack or shared."
                )
            self.form.addRow(label, holder)
            self.widgets[spec.name] = widget
            self.errors[spec.name] = error
        self.pin: RetentionPin | None = None
        if has_pin(self.kind):
            # Beside the last private field: the layer the pin keeps.
            self.pin = RetentionPin(self.context.portfolio, self.kind)
            last = [f.name for f in self.fields if f.private][-1]
            field_row = self.widgets[last].parentWidget()
            row = next(
                index
                for index in range(self.form.rowCount())
                if (item := self.form.itemAt(index, QFormLayout.ItemRole.FieldRole)) is not None
                and item.widget() is field_row
            )
            self.form.insertRow(row + 1, "Pinned:", self.pin)
            self.pin.row_label = self.form.labelForField(self.pin)
        self.general_error = QLabel()
        set_tone(self.general_error, "error")
        self.general_error.setWordWrap(True)
        self.general_error.setAccessibleName("Save problem")
        self.general_error.hide()
        form_page = self.form_page = QWidget()
        form_box = QVBoxLayout(form_page)
        form_box.addWidget(self.heading)
        # What state the record is in and its one next step (app/ui/sections/record_state.py).
        self.banner = StateBanner()
        self.banner.button.clicked.connect(self._take_step)
        form_box.addWidget(self.banner)
        from app.ui.signing.panel import SigningPanel

        self.signing = None
        if self.kind in registry.signable_kinds():
            self.signing = SigningPanel(self.context.portfolio, bus=self.context.bus, owner=self)
            form_box.addWidget(self.signing)
            self.signing.take_drops_on(form_page)  # a mentor's signed PDF, dropped
        from app.ui.printing.actions import PrintButton  # ReportLab: not before first paint

        self.print_button = PrintButton(self.context.portfolio)
        print_row = QHBoxLayout()
        print_row.addStretch(1)
        print_row.addWidget(self.print_button)
        form_box.addLayout(print_row)
        self.before_form(form_box)
        form_box.addLayout(self.form)
        self.after_form(form_box)
        # Every signing strip of the form (its own, a goal's plan): what it froze,
        # signed or amended, the form shows at once (read-only or editable again).
        for panel in form_page.findChildren(SigningPanel):
            panel.changed.connect(self._signing_changed)
        if not self.form_fills_height:
            form_box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_page)

        self.new_button = QPushButton("&New")
        self.save_button = QPushButton("&Save")
        self.revert_button = QPushButton("Re&vert")
        self.delete_button = QPushButton("&Delete…")
        for button, name in (
            (self.new_button, f"New {self.noun}"),
            (self.save_button, f"Save {self.noun}"),
            (self.revert_button, "Revert changes"),
            (self.delete_button, f"Delete {self.noun}"),
        ):
            button.setAccessibleName(name)
        self.new_button.setToolTip("New (Ctrl+N)")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.new_button.clicked.connect(self.new_clicked)
        self.save_button.clicked.connect(self.save_changes)
        self.revert_button.clicked.connect(self.revert)
        self.delete_button.clicked.connect(self.delete_current)
        self.print_button.setToolTip("Print (Ctrl+P)")
        self.delete_button.setToolTip("Delete (Ctrl+D)")
        if self.signing is not None:
            self.signing.ready_button.setToolTip(f"{self.signing.ready_button.toolTip()} (Ctrl+R)")
            self.signing.amend_button.setToolTip(f"{self.signing.amend_button.toolTip()} (Ctrl+E)")
        for key, slot in (
            (QKeySequence(QKeySequence.StandardKey.New), self.new_clicked),
            (QKeySequence(QKeySequence.StandardKey.Save), self.save_changes),
            # The record's own buttons, each only while it is offered (SHORTCUTS).
            (QKeySequence("Ctrl+P"), lambda: _press(self.print_button)),
            (QKeySequence("Ctrl+D"), lambda: _press(self.delete_button)),
            (
                QKeySequence("Ctrl+R"),
                lambda: _press(self.signing.ready_button if self.signing else None),
            ),
            (
                QKeySequence("Ctrl+E"),
                lambda: _press(self.signing.amend_button if self.signing else None),
            ),
        ):
            action = QAction(self)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        self.undo_bar = QWidget()
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.setContentsMargins(0, 0, 0, 0)
        self.undo_label = QLabel()
        self.undo_button = QPushButton("&Undo delete")
        self.undo_button.setAccessibleName("Undo delete")
        self.undo_button.clicked.connect(self.undo_delete)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(scroll, 1)
        right_layout.addWidget(self.general_error)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([440, 640])
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        layout = QVBoxLayout(self)
        layout.addWidget(self.undo_bar)
        layout.addWidget(splitter, 1)

    def _signing_changed(self) -> None:
        """Frozen, signed or amended from the panel: the form follows (read-only or not)."""
        if self.loaded is not None and self.loaded.id is not None:
            self.open_id(self.loaded.id)
        self.refresh()

    @property
    def watches(self) -> frozenset[RecordKind]:
        return registry.depends_on(self.kind)

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """Reload the list, and the open record if it changed (a signature, a status)
        while the form holds nothing unsaved."""
        self.refresh()
        loaded = self.loaded
        if (
            loaded is not None
            and loaded.id is not None
            and (changes.everything or (self.kind, loaded.id) in changes.records)
            and not self.has_unsaved_changes()
        ):
            self.open_id(loaded.id)

    def field_widget(self, name: str, kind: type[W]) -> W:
        """The form's widget for the field ``name``, which its FieldSpec makes a ``kind``."""
        widget = self.widgets[name]
        if not isinstance(widget, kind):
            raise TypeError(f"The {name} field is a {type(widget).__name__}")
        return widget

    def before_form(self, layout: QVBoxLayout) -> None:
        """Hook: widgets above the generic form."""

    def after_form(self, layout: QVBoxLayout) -> None:
        """Hook: widgets below the generic form (links, inline tables). A section whose
        last widget should take the spare height sets ``form_fills_height``."""

    # ---- data
    def list_filter(self) -> RecordFilter:
        return RecordFilter()

    def refresh(self) -> None:
        try:
            rows = records.list_records(
                self.context.portfolio, self.record_type, self.list_filter()
            )
        except KnownError as err:
            self.general_error.setText(err.message)
            self.general_error.show()
            rows = []
        if self.colours:
            self.statuses = lifecycle.signature_statuses(
                self.context.portfolio, self.kind, [row.id for row in rows]
            )
        self._following = True
        try:
            self.model.set_rows(rows)
            for spec in self.fields:
                self._loading = True
                fill_choices(spec, self.widgets[spec.name])
                self._loading = False
        finally:
            self._following = False
        self._show_in_list()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(self.stretch_column, QHeaderView.ResizeMode.Stretch)
        fit_columns(self.table)  # the others: their contents' width, as far as it fits

    def _status_label(self, record: Any) -> str:
        status = self.statuses.get(record.id)
        return "" if status is None else status.label.capitalize()

    def _status_colours(self, record: Any) -> tuple[QColor, QColor, str] | None:
        status = self.statuses.get(record.id)
        if status is None:
            return None
        text, background = status_colours(status)
        return text, background, f"{status.label.capitalize()}: {status.detail}"

    def _index_of(self, record_id: int | None) -> QModelIndex:
        """The list's row of a record (invalid if the list does not show it)."""
        if record_id is not None:
            for row in range(self.proxy.rowCount()):
                index = self.proxy.index(row, 0)
                if index.data(Qt.ItemDataRole.UserRole) == record_id:
                    return index
        return QModelIndex()

    def _show_in_list(self) -> None:
        """Put the list on the form's record: its row current and the only one
        selected; none while the form holds a new record or one the list does not
        show (filtered out, or gone). Every load and reload ends here, so the two
        never show different records."""
        loaded = self.loaded
        index = self._index_of(loaded.id if loaded is not None else None)
        selection = self.table.selectionModel()
        self._following = True
        try:
            if index.isValid():
                selection.setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.scrollTo(index)
            else:
                selection.clearSelection()
                selection.clearCurrentIndex()
        finally:
            self._following = False

    def blank(self) -> Any:
        return self.record_type()

    def record_from_form(self, *, as_far_as_typed: bool = False) -> Any:
        """The record the form holds; DateNotUnderstood if a date field holds text that
        is not a date, unless ``as_far_as_typed`` (a draft: such a field keeps the
        record's value, and date_texts keeps what was typed)."""
        base = self.loaded if self.loaded is not None else self.blank()
        values = {}
        for spec in self.fields:
            try:
                values[spec.name] = read_value(spec, self.widgets[spec.name])
            except DateNotUnderstood:
                if not as_far_as_typed:
                    raise
        return self.extra_values(dataclasses.replace(base, **values))

    def date_texts(self) -> dict[str, str]:
        """What each date field holds as typed (a draft keeps text that is no date)."""
        return {n: w.edit.text() for n, w in self.widgets.items() if isinstance(w, DateField)}

    def put_date_texts(self, texts: dict[str, str]) -> None:
        for name, text in texts.items():
            widget = self.widgets.get(name)
            if isinstance(widget, DateField):
                widget.edit.setText(text)

    def extra_values(self, record: Any) -> Any:
        """Hook: fold in values from extra widgets."""
        return record

    def load(self, record: Any) -> None:
        self._loading = True
        self.loaded = record
        for spec in self.fields:
            write_value(spec, self.widgets[spec.name], getattr(record, spec.name))
        self.load_extra(record)
        self._loading = False
        self._clear_errors()
        self.heading.setText(self.describe(record))
        if self.pin is not None:
            self.pin.show_record(record.id)
        self.print_button.set_record(self._printable(record))
        if self.signing is not None:
            try:
                self.signing.set_record(None if record.id is None else (self.kind, record.id))
            except KnownError as err:
                self.general_error.setText(err.message)
                self.general_error.show()
        self._show_state(record)
        self._edited()
        self._show_in_list()

    def _show_state(self, record: Any) -> None:
        """What may change is what the services would save: fields that may not are
        read-only (still read, selected, copied and reached by Tab), the banner says
        why and offers the next step, and Delete is offered only where it would work."""
        for undo in reversed(self._held):
            undo()
        self._held = []
        hold, not_deletable, state = None, "", None
        if record.id is not None:
            try:
                found = records.edit_state(self.context.portfolio, self.record_type, record.id)
                hold, not_deletable = found.hold, found.not_deletable
                state = state_of(self.context.portfolio, self.kind, record.id, hold)
            except KnownError as err:  # gone meanwhile: saving says so too
                not_deletable = err.message
        for spec in self.fields:
            widget = self.widgets[spec.name]
            fixed = hold is not None and spec.name not in hold.editable
            twin = self.twins.get(spec.name)
            if twin is not None and isinstance(widget, QComboBox):
                twin.setText(widget.currentText())
                twin.setVisible(fixed)
                widget.setVisible(not fixed)
            elif fixed and (held := read_only.hold(widget)) is not None:
                self._held.append(held)
        if hold is not None:
            from app.ui.signing.panel import SigningPanel

            skip: list[QWidget] = [
                self.banner,
                self.print_button,
                *self.widgets.values(),
                *self.twins.values(),
                *self.form_page.findChildren(SigningPanel),
            ]
            self._held += read_only.hold_all(self.form_page, skip)
        self.banner.show_state(state)
        self.delete_button.setVisible(record.id is not None and not not_deletable)

    def _take_step(self) -> None:
        """The banner's button: the one next step for the record in the form."""
        state = self.banner.state
        if state is None or self.loaded is None or self.loaded.id is None:
            return
        portfolio = self.context.portfolio
        if state.step in (Step.SIGN, Step.AMEND, Step.READY) and self.signing is not None:
            {
                Step.SIGN: self.signing.open_sign_dialog,
                Step.AMEND: self.signing.open_amend_dialog,
                Step.READY: self.signing.mark_ready,
            }[state.step]()
            return  # the strip's ``changed`` reloads the form
        if state.step is Step.AMEND_WHOLE:
            from app.ui.signing.amend_dialog import AmendDialog

            dialog = AmendDialog(
                portfolio, *state.on, parent=self, bus=self.context.bus, initiator=self
            )
            if dialog.exec():
                self._signing_changed()
        elif state.step is Step.REOPEN:
            from app.ui.reflection.closure_dialog import reopen_relationship_dialog

            relationship_id = state.on[1]
            who = mentor_of(portfolio, relationship_id)
            if reopen_relationship_dialog(portfolio, relationship_id, who, self):
                self.context.bus.announce(EVERYTHING, initiator=self)
                self._signing_changed()

    def _printable(self, record: Any) -> tuple[RecordKind, int] | None:
        """What Print… prints for the record in the form (a goal prints its plan)."""
        return registry.printable_for(self.kind, record)

    def load_extra(self, record: Any) -> None:
        """Hook: fill extra widgets."""

    def describe(self, record: Any) -> str:
        if record.id is None:
            return f"New {self.noun}"
        value = self.columns[0][1](record)
        # A name or title is isolated: its direction is its own, not the sentence's.
        shown = format_date(value) if isinstance(value, date) else isolate(str(value))
        return f"{self.noun.capitalize()}: {shown}"

    def _edited(self) -> None:
        if self._loading:
            return
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.general_error.hide()

    # ---- Section interface
    def has_unsaved_changes(self) -> bool:
        if self.loaded is None:
            return False
        try:
            return bool(self.record_from_form() != self.loaded)
        except (KnownError, ValueError):
            return True

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._following or not current.isValid():
            return
        record_id = current.data(Qt.ItemDataRole.UserRole)
        if self.loaded is not None and self.loaded.id == record_id:
            return
        if not self.confirm_leave():
            # Back to the form's record, now and once the click that moved the list
            # is done with (a click selects its row after making it current).
            self._show_in_list()
            QTimer.singleShot(0, self, self._show_in_list)
            return
        self.open_id(record_id)

    def open_id(self, record_id: int) -> None:
        try:
            self.load(records.get(self.context.portfolio, self.record_type, record_id))
        except KnownError as err:
            QMessageBox.warning(self, self.title, err.message)

    def confirm_leave(self) -> bool:
        """Ask about unsaved changes; True if it is fine to move on."""
        if not self.has_unsaved_changes():
            return True
        return save_before_leaving(
            self, f"Save the changes to this {self.noun}?", self.save_changes
        )

    def new_clicked(self) -> None:
        if self.confirm_leave():
            self.new_record()

    def new_record(self) -> None:
        self.load(self.blank())  # the list then shows no row as the form's

    def revert(self) -> None:
        if self.loaded is not None:
            self.load(self.loaded)

    def discard_changes(self) -> None:
        self.revert()

    def shown(self) -> None:
        """Back on screen: the list reloads, and a form holding nothing unsaved shows
        its record as it is now (changed or frozen elsewhere meanwhile), or a new one
        if it was deleted."""
        typed = self.has_unsaved_changes()  # before the choices are filled again
        self.refresh()
        loaded = self.loaded
        if loaded is None or loaded.id is None or typed:
            return
        try:
            self.load(records.get(self.context.portfolio, self.record_type, loaded.id))
        except RecordNotFound:
            self.new_record()
        except KnownError:
            return

    def position(self) -> Any:
        return (self.loaded.id if self.loaded is not None else None, self.filter.text())

    def restore_position(self, position: Any) -> None:
        if not position:
            return
        record_id, filtered = position
        self.filter.setText(filtered)
        if record_id is None:
            self.new_record()
            return
        try:
            self.load(records.get(self.context.portfolio, self.record_type, record_id))
        except KnownError:
            self._show_in_list()

    def show_record(self, kind: RecordKind, record_id: int) -> None:
        if not self.confirm_leave():
            return
        self.filter.clear()
        self.open_id(record_id)

    def dates_typed_well(self) -> bool:
        """Every date field holds a date it takes (or nothing); each one that does not
        says why under it, and the first of them gets the focus."""
        dates = [w for w in self.widgets.values() if isinstance(w, DateField)]
        refused = [w for w in dates if not w.accepts()]
        if refused:
            refused[0].edit.setFocus()
        return not refused

    def save_changes(self) -> bool:
        self._clear_errors()
        if not self.dates_typed_well():
            return False
        try:
            record = self.record_from_form()
        except DateNotUnderstood as refused:
            self.general_error.setText(refused.message)
            self.general_error.show()
            return False
        saved: list[Any] = []
        done = (
            Op(self.context.bus, self, lambda: self.save_record(record))
            .changes(lambda result: result[1])
            .success(lambda result: saved.append(result[0]))
            .failure(self._save_refused)
            .run(initiator=self)
        )
        if not done:
            return False
        self.loaded = None
        self.load(saved[0])
        self.refresh()
        return True

    def _save_refused(self, err: KnownError) -> None:
        if not isinstance(err, ValidationFailed):
            # Said once, beside the Save button just pressed (no dialog as well).
            self.general_error.setText(err.message)
            self.general_error.show()
            return
        for name, message in err.problems.items():
            label = self.errors.get(name)
            if label is not None:
                text = f"{self._label(name)} {message}."
                widget = self.widgets[name]
                if name == "relationship_id" and getattr(widget, "count", lambda: 2)() <= 1:
                    text += " Add your mentor and relationship under Relationships &"
                    text += " contract first."
                label.setText(text)
                label.show()
        unknown = [n for n in err.problems if n not in self.errors]
        if unknown:
            self.general_error.setText(err.message)
            self.general_error.show()

    def save_record(self, record: Any) -> tuple[Any, Changes]:
        """Save the form's record (one service call) and say what changed; a form that
        saves linked records with it (a session's actions) asks the service that saves
        them together."""
        saved = records.save(self.context.portfolio, record)
        return saved, Changes.of_records(saved)

    def _label(self, name: str) -> str:
        for spec in self.fields:
            if spec.name == name:
                return spec.label
        return name

    def delete_current(self) -> None:
        record = self.loaded
        if record is None or record.id is None:
            return
        answer = QMessageBox.question(
            self,
            f"Delete {self.noun}",
            f"Delete this {self.noun}? You can undo straight after.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        record_id = record.id
        deleted = (
            Op(
                self.context.bus,
                self,
                lambda: records.delete(self.context.portfolio, self.record_type, record_id),
                title="Could not delete",
            )
            .changes(Changes.of(self.kind, record_id))
            .run(initiator=self)
        )
        if not deleted:
            return
        self.deleted = record
        self.undo_label.setText(f"{self.noun.capitalize()} deleted.")
        self.undo_bar.show()
        self.loaded = None
        self.refresh()
        self.new_record()

    def undo_delete(self) -> None:
        if self.deleted is None or not self.confirm_leave():
            return
        again = dataclasses.replace(self.deleted, id=None)
        restored: list[Any] = []
        done = (
            Op(
                self.context.bus,
                self,
                lambda: records.save(self.context.portfolio, again),
                title="Could not undo",
            )
            .changes(Changes.of_records)
            .success(restored.append)
            .run(initiator=self)
        )
        if not done:
            return
        self.deleted = None
        self.undo_bar.hide()
        self.loaded = None
        self.refresh()
        self.show_record(self.kind, restored[0].id)

    def take_draft(self) -> Any:
        if not self.has_unsaved_changes():
            return None
        return (self.loaded, self.record_from_form(as_far_as_typed=True), self.date_texts())

    def restore_draft(self, draft: Any) -> None:
        if not draft:
            return
        loaded, typed, texts = draft
        self.load(loaded)
        self._loading = True
        for spec in self.fields:
            write_value(spec, self.widgets[spec.name], getattr(typed, spec.name))
        self.put_date_texts(texts)
        self.load_extra(typed)
        self._loading = False
        self._edited()


def _press(button: QAbstractButton | None) -> None:
    """A shortcut for a button does what clicking it does, when it can be clicked."""
    if button is not None and button.isVisible() and button.isEnabled():
        button.click()
