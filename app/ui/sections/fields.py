"""Form fields built from descriptors: each reads and writes one record attribute."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.domain import clock
from app.ui.common import from_qdate, to_qdate

Choices = Callable[[], list[tuple[Any, str]]]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str = "line"  # line | text | date | enum | bool | int | ref
    enum: type[Enum] | None = None
    choices: Choices | None = None
    maximum: int = 24 * 60
    tooltip: str = ""
    private: bool = False


class DateField(QWidget):
    """A locale-formatted date with a "No date" box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(
            QLocale()
            .dateFormat(QLocale.FormatType.ShortFormat)
            .replace("yy", "yyyy")
            .replace("yyyyyyyy", "yyyy")
        )
        self.edit.setDate(to_qdate(clock.today()))
        self.none = QCheckBox("No date")
        self.none.toggled.connect(lambda on: self.edit.setEnabled(not on))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.none)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)
        self.none.setChecked(True)

    def value(self) -> date | None:
        return None if self.none.isChecked() else from_qdate(self.edit.date())

    def set_value(self, value: date | None) -> None:
        self.none.setChecked(value is None)
        self.edit.setDate(to_qdate(value) if value else to_qdate(clock.today()))


def make_widget(spec: FieldSpec) -> QWidget:
    widget: QWidget
    if spec.kind == "text":
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(60)
        edit.setMaximumHeight(110)
        widget = edit
    elif spec.kind == "date":
        widget = DateField()
        widget.edit.setAccessibleName(spec.label)
    elif spec.kind in ("enum", "ref"):
        widget = QComboBox()
    elif spec.kind == "bool":
        widget = QCheckBox(spec.label)
    elif spec.kind == "int":
        spin = QSpinBox()
        spin.setRange(0, spec.maximum)
        widget = spin
    else:
        widget = QLineEdit()
    widget.setAccessibleName(spec.label)
    if spec.tooltip:
        widget.setToolTip(spec.tooltip)
    return widget


def fill_choices(spec: FieldSpec, widget: QWidget) -> None:
    if not isinstance(widget, QComboBox):
        return
    current = widget.currentData()
    widget.blockSignals(True)
    widget.clear()
    if spec.kind == "enum" and spec.enum is not None:
        for member in spec.enum:
            widget.addItem(getattr(member, "label", str(member.value)), member)
    elif spec.choices is not None:
        widget.addItem("—", None)
        for value, label in spec.choices():
            widget.addItem(label, value)
    index = widget.findData(current)
    widget.setCurrentIndex(max(index, 0))
    widget.blockSignals(False)


def read_value(spec: FieldSpec, widget: QWidget) -> Any:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, DateField):
        return widget.value()
    if isinstance(widget, QComboBox):
        value = widget.currentData()
        if spec.enum is not None and value is not None:
            return spec.enum(value)  # Qt hands StrEnum members back as plain str
        return value
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QSpinBox):
        return widget.value()
    assert isinstance(widget, QLineEdit)
    return widget.text()


def write_value(spec: FieldSpec, widget: QWidget, value: Any) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value or "")
    elif isinstance(widget, DateField):
        widget.set_value(value)
    elif isinstance(widget, QComboBox):
        index = widget.findData(value)
        if index < 0 and value is not None and spec.kind == "ref":
            widget.addItem(f"#{value}", value)
            index = widget.count() - 1
        widget.setCurrentIndex(max(index, 0))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value or 0))
    elif isinstance(widget, QLineEdit):
        widget.setText(value or "")


def connect_changed(widget: QWidget, slot: Callable[[], None]) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(slot)
    elif isinstance(widget, DateField):
        widget.edit.dateChanged.connect(slot)
        widget.none.toggled.connect(slot)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(slot)
    elif isinstance(widget, QCheckBox):
        widget.toggled.connect(slot)
    elif isinstance(widget, QSpinBox):
        widget.valueChanged.connect(slot)
    elif isinstance(widget, QLineEdit):
        widget.textChanged.connect(slot)
