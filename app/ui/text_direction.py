"""Lists and tables lay out each cell in its own text's direction.

Qt's item views lay every cell out in the view's direction (left to right), so a cell
holding only a Hebrew or Arabic name that ends in English or digits ("2 בינואר
meeting") reads in the wrong order. A cell is one paragraph of user text: its first
letter decides, as Unicode says and as Qt's labels already do."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem


class OwnDirectionDelegate(QStyledItemDelegate):
    def initStyleOption(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.direction = Qt.LayoutDirection.LayoutDirectionAuto


def each_cell_in_its_own_direction(view: QAbstractItemView) -> None:
    view.setItemDelegate(OwnDirectionDelegate(view))
