"""Form fields built from descriptors: each reads and writes one record attribute."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.domain.kind_spec import Future
from app.ui.date_field import DateField

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
    future: Future = Future.ALLOWED  # a date: what a day after today is
    why_past: str = ""  # a date only ever past: why, for its refusal
    longest: int = 0  # one line of text: the most characters (0: no limit)


class GrowingText(QPlainTextEdit):
    """A text box as tall as its text: four lines when short, growing line by line
    (wrapped lines too) to twenty, then it scrolls. Tab leaves it."""

    FEWEST_LINES = 4
    MOST_LINES = 20

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        layout = self.document().documentLayout()
        layout.documentSizeChanged.connect(lambda _size: self._fit())
        self._fit()

    def _fit(self) -> None:
        # A plain text document's height is counted in lines, wrapped ones included.
        lines = int(self.document().documentLayout().documentSize().height())
        lines = max(self.FEWEST_LINES, min(self.MOST_LINES, lines))
        margins = self.contentsMargins()
        frame = (
            2 * self.frameWidth()
            + int(2 * self.document().documentMargin())
            + margins.top()
            + margins.bottom()
        )
        # Half a line spare: a line's height in the box is a little more than the
        # font's spacing, and a box exactly as tall as its text shows a scrollbar.
        spacing = self.fontMetrics().lineSpacing()
        self.setFixedHeight(lines * spacing + spacing // 2 + frame)


def make_widget(spec: FieldSpec) -> QWidget:
    widget: QWidget
    if spec.kind == "text":
        widget = GrowingText()
    elif spec.kind == "date":
        widget = DateField(future=spec.future, why_past=spec.why_past, label=spec.label)
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
        widget.changed.connect(slot)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(slot)
    elif isinstance(widget, QCheckBox):
        widget.toggled.connect(slot)
    elif isinstance(widget, QSpinBox):
        widget.valueChanged.connect(slot)
    elif isinstance(widget, QLineEdit):
        widget.textChanged.connect(slot)
