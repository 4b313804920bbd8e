"""Ctrl+K: full-text search over the portfolio, results grouped by kind."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import RecordKind
from app.domain.errors import KnownError
from app.services import search
from app.services.portfolio import Portfolio
from app.ui.text_direction import each_cell_in_its_own_direction

ROLE = Qt.ItemDataRole.UserRole


def plain_snippet(snippet: str) -> str:
    return snippet.replace(search.MATCH_START, "«").replace(search.MATCH_END, "»")


class SearchDialog(QDialog):
    chosen = Signal(object, int)  # (RecordKind, record id)

    def __init__(self, portfolio: Portfolio, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.setWindowTitle("Search")
        self.query = QLineEdit()
        self.query.setPlaceholderText("Search everything…")
        self.query.setAccessibleName("Search text")
        self.query.setClearButtonEnabled(True)
        self.results = QTreeWidget()
        each_cell_in_its_own_direction(self.results)
        self.results.setHeaderLabels(["Result", "Match"])
        self.results.setAccessibleName("Search results")
        self.results.setColumnWidth(0, 260)
        self.results.itemActivated.connect(self._activated)
        self.status = QLabel()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _t: self.timer.start())
        self.query.returnPressed.connect(self._enter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self.resize(640, 420)

    def run_search(self) -> None:
        self.timer.stop()
        self.results.clear()
        try:
            hits = search.search(self.portfolio, self.query.text())
        except KnownError as err:
            self.status.setText(err.message)
            return
        groups: dict[RecordKind, QTreeWidgetItem] = {}
        for hit in hits:
            group = groups.get(hit.kind)
            if group is None:
                group = QTreeWidgetItem([hit.kind.label + "s", ""])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[hit.kind] = group
                self.results.addTopLevelItem(group)
            shown = plain_snippet(hit.snippet) if not hit.private_match else hit.private_match
            item = QTreeWidgetItem([hit.title, shown])
            item.setData(0, ROLE, (hit.kind, hit.record_id))
            group.addChild(item)
        self.results.expandAll()
        first = groups[next(iter(groups))].child(0) if groups else None
        if first is not None:
            self.results.setCurrentItem(first)
        self.status.setText(
            f"{len(hits)} result{'s' if len(hits) != 1 else ''}"
            if self.query.text().strip()
            else ""
        )

    def _enter(self) -> None:
        if self.timer.isActive():
            self.run_search()
        item = self.results.currentItem()
        if item is not None:
            self._activated(item)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.query.hasFocus():
            self.results.setFocus()
            self.results.keyPressEvent(event)
            return
        super().keyPressEvent(event)

    def _activated(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, ROLE)
        if not data:
            return
        kind, record_id = data
        self.chosen.emit(kind, int(record_id))
        self.accept()
