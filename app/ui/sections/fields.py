"""Form fields described as data, so each section declares what it edits and one
form class builds the widgets, reads them back and shows validation inline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

LINE, TEXT, DATE, OPTIONAL_DATE, ENUM, BOOL, MINUTES, CHOICE = (
    "line", "text", "date", "optional_date", "enum", "bool", "minutes", "choice")

ERROR_STYLE = "color: palette(highlighted-text); background: #b00020; padding: 2px 6px;"
WARNING_STYLE = "color: #000; background: #ffd54f; padding: 4px 6px;"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str = LINE
    enum: type[StrEnum] | None = None
    #: For CHOICE fields: (label, value) pairs, read each time the form is refreshed.
    choices: Callable[[], list[tuple[str, Any]]] | None = None
    help: str = ""
    #: Shown beside a BOOL field while it is ticked.
    warning_when_true: str = ""
    private: bool = False
    tall: bool = False


def date_format(locale: QLocale) -> str:
    """The locale's short date with a four-digit year (UK: dd/MM/yyyy)."""
    fmt = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    return fmt


class OptionalDateEdit(QWidget):
    """A date in the user's locale, with an explicit "No date" box where optional."""

    changed = Signal()

    def __init__(self, locale: QLocale, optional: bool, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setLocale(locale)
        self.edit.setDisplayFormat(date_format(locale))
        self.edit.setDate(QDate.currentDate())
        self.edit.setAccessibleName(name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.none_box: QCheckBox | None = None
        if optional:
            self.none_box = QCheckBox("No date", self)
            self.none_box.setAccessibleName(f"{name}: no date")
            self.none_box.toggled.connect(self._sync)
            self.none_box.toggled.connect(self.changed)
            layout.addWidget(self.none_box)
        layout.addStretch(1)
        self.edit.dateChanged.connect(self.changed)
        self.setFocusProxy(self.edit)

    def _sync(self, no_date: bool) -> None:
        self.edit.setEnabled(not no_date)

    def value(self) -> date | None:
        if self.none_box is not None and self.none_box.isChecked():
            return None
        return self.edit.date().toPython()  # type: ignore[no-any-return]

    def set_value(self, value: date | None) -> None:
        if value is None and self.none_box is not None:
            self.none_box.setChecked(True)
            return
        if self.none_box is not None:
            self.none_box.setChecked(False)
        self.edit.setDate(QDate(value) if value else QDate.currentDate())


class RecordForm(QWidget):
    """Editors for a list of FieldSpecs in a QFormLayout, each with an error line."""

    changed = Signal()

    def __init__(self, specs: list[FieldSpec], locale: QLocale,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.specs = specs
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.warnings: dict[str, QLabel] = {}
        for spec in specs:
            editor = self._make_editor(spec, locale)
            self.editors[spec.name] = editor
            holder = QWidget(self)
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            if spec.help:
                hint = QLabel(spec.help, holder)
                hint.setWordWrap(True)
                hint.setEnabled(False)
                column.addWidget(hint)
            if spec.warning_when_true:
                warn = QLabel("⚠ " + spec.warning_when_true, holder)
                warn.setWordWrap(True)
                warn.setStyleSheet(WARNING_STYLE)
                warn.setAccessibleName(f"{spec.label} warning")
                warn.hide()
                column.addWidget(warn)
                self.warnings[spec.name] = warn
            error = QLabel(holder)
            error.setWordWrap(True)
            error.setStyleSheet(ERROR_STYLE)
            error.setAccessibleName(f"{spec.label} problem")
            error.hide()
            column.addWidget(error)
            self.errors[spec.name] = error
            label = QLabel(spec.label + ":", self)
            label.setBuddy(editor)
            if spec.kind == BOOL:
                label.setText("")
            self.layout_.addRow(label, holder)

    def _make_editor(self, spec: FieldSpec, locale: QLocale) -> QWidget:
        editor: QWidget
        if spec.kind == TEXT:
            text = QPlainTextEdit(self)
            text.setTabChangesFocus(True)
            text.setMinimumHeight(120 if spec.tall else 60)
            text.setMaximumHeight(260 if spec.tall else 130)
            text.textChanged.connect(self.changed)
            editor = text
        elif spec.kind in (DATE, OPTIONAL_DATE):
            dates = OptionalDateEdit(locale, spec.kind == OPTIONAL_DATE, spec.label, self)
            dates.changed.connect(self.changed)
            editor = dates
        elif spec.kind in (ENUM, CHOICE):
            combo = QComboBox(self)
            if spec.enum is not None:
                for member in spec.enum:
                    combo.addItem(member.label, member)  # type: ignore[attr-defined]
            combo.currentIndexChanged.connect(self.changed)
            editor = combo
        elif spec.kind == BOOL:
            box = QCheckBox(spec.label, self)
            box.toggled.connect(self.changed)
            if spec.warning_when_true:
                box.toggled.connect(lambda on, n=spec.name: self.warnings[n].setVisible(on))
            editor = box
        elif spec.kind == MINUTES:
            spin = QSpinBox(self)
            spin.setRange(0, 24 * 60)
            spin.setSuffix(" minutes")
            spin.setSingleStep(15)
            spin.valueChanged.connect(self.changed)
            editor = spin
        else:
            line = QLineEdit(self)
            line.textChanged.connect(self.changed)
            editor = line
        name = spec.label + (" (private)" if spec.private else "")
        editor.setAccessibleName(name)
        editor.setObjectName(spec.name)
        return editor

    def reload_choices(self) -> None:
        for spec in self.specs:
            if spec.kind != CHOICE or spec.choices is None:
                continue
            combo = self.editors[spec.name]
            assert isinstance(combo, QComboBox)
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for label, value in spec.choices():
                combo.addItem(label, value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0) if combo.count() else -1)
            combo.blockSignals(False)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for spec in self.specs:
            editor = self.editors[spec.name]
            if isinstance(editor, QPlainTextEdit):
                out[spec.name] = editor.toPlainText()
            elif isinstance(editor, OptionalDateEdit):
                out[spec.name] = editor.value()
            elif isinstance(editor, QComboBox):
                out[spec.name] = editor.currentData()
            elif isinstance(editor, QCheckBox):
                out[spec.name] = editor.isChecked()
            elif isinstance(editor, QSpinBox):
                out[spec.name] = editor.value()
            elif isinstance(editor, QLineEdit):
                out[spec.name] = editor.text()
        return out

    def set_values(self, values: dict[str, Any]) -> None:
        self.blockSignals(True)
        try:
            for spec in self.specs:
                editor = self.editors[spec.name]
                value = values.get(spec.name)
                if isinstance(editor, QPlainTextEdit):
                    editor.setPlainText(value or "")
                elif isinstance(editor, OptionalDateEdit):
                    editor.set_value(value)
                elif isinstance(editor, QComboBox):
                    index = editor.findData(value)
                    editor.setCurrentIndex(index if index >= 0 else (0 if value is None else -1))
                elif isinstance(editor, QCheckBox):
                    editor.setChecked(bool(value))
                elif isinstance(editor, QSpinBox):
                    editor.setValue(int(value or 0))
                elif isinstance(editor, QLineEdit):
                    editor.setText(value or "")
                    editor.setCursorPosition(0)
        finally:
            self.blockSignals(False)

    def show_problems(self, problems: dict[str, str]) -> list[str]:
        """Show each problem under its field; return problems that have no field here."""
        unplaced = []
        for label in self.errors.values():
            label.hide()
            label.clear()
        labels = {spec.name: spec.label for spec in self.specs}
        for name, message in problems.items():
            if name in self.errors:
                self.errors[name].setText(f"{labels[name]} {message}.")
                self.errors[name].show()
            else:
                unplaced.append(f"{name.replace('_', ' ').capitalize()} {message}.")
        return unplaced

    def shown_problems(self) -> dict[str, str]:
        return {name: label.text() for name, label in self.errors.items()
                if not label.isHidden()}
