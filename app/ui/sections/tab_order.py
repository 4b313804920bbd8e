"""Tab order that follows the layout (list, then toolbar, then the form top to
bottom), not the order in which the widgets happened to be created."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLayout, QScrollArea, QSplitter, QWidget


def _takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def _walk_widget(widget: QWidget, out: list[QWidget]) -> None:
    if isinstance(widget, QSplitter):
        for index in range(widget.count()):
            _walk_widget(widget.widget(index), out)
        return
    if isinstance(widget, QScrollArea):
        inner = widget.widget()
        if inner is not None:
            _walk_widget(inner, out)
        return
    proxy = widget.focusProxy()
    if proxy is not None and widget.layout() is not None:
        _walk_layout(widget.layout(), out)  # e.g. a date with its "No date" box
        return
    if _takes_tab(widget) or isinstance(widget, QAbstractItemView):
        out.append(widget)
        return
    if widget.layout() is not None:
        _walk_layout(widget.layout(), out)


def _walk_layout(layout: QLayout, out: list[QWidget]) -> None:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        if item.widget() is not None:
            _walk_widget(item.widget(), out)
        elif item.layout() is not None:
            _walk_layout(item.layout(), out)


def tab_chain(root: QWidget) -> list[QWidget]:
    out: list[QWidget] = []
    if root.layout() is not None:
        _walk_layout(root.layout(), out)
    return out


def apply_tab_order(root: QWidget) -> list[QWidget]:
    chain = tab_chain(root)
    for first, second in zip(chain, chain[1:], strict=False):
        QWidget.setTabOrder(first, second)
    return chain
