"""The audit log as a table, for one record (with its frozen versions) or for the
whole portfolio (newest first, loaded a page at a time)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import clock
from app.domain.bidi import isolate
from app.domain.enums import RecordKind
from app.services import history
from app.services.history import HistoryEntry
from app.services.portfolio import Portfolio
from app.services.records import saved_id
from app.services.signing import attachments, lifecycle, returns
from app.services.signing.lifecycle import STATUS_LABEL, VersionInfo
from app.services.signing.return_records import is_request_copy
from app.services.signing.returns_api import StoredReturn
from app.ui.text_direction import each_cell_in_its_own_direction

PAGE = 500
_Index = QModelIndex | QPersistentModelIndex


class _RowsModel(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Any] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def cell(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(self.rows[index.row()], index.column())
        return None

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def add_rows(self, rows: list[Any]) -> None:
        if not rows:
            return
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()


class HistoryModel(_RowsModel):
    headers = ("#", "When", "What", "Record", "Detail")

    def cell(self, row: HistoryEntry, column: int) -> str:
        if column == 0:
            return str(row.seq)
        if column == 1:
            return f"{clock.local_time(row.at):%-d %b %Y %H:%M}"
        if column == 2:
            return row.action_label
        if column == 3:
            return row.record_label
        return row.display_detail


class VersionsModel(_RowsModel):
    headers = ("Version", "Status", "Code", "Signed by", "Reason")

    def cell(self, row: VersionInfo, column: int) -> str:
        if column == 0:
            return f"{row.version} ({clock.local_time(row.created_at):%-d %b %Y})"
        if column == 1:
            return STATUS_LABEL[row.status]
        if column == 2:
            return row.code
        if column == 3:
            return "; ".join(s.summary_on_screen for s in row.signatures) or "nobody yet"
        return row.reason


def _table(model: QAbstractTableModel, name: str) -> QTableView:
    view = QTableView()
    each_cell_in_its_own_direction(view)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


class HistoryView(QWidget):
    """Call show_record(kind, id) or show_portfolio()."""

    def __init__(self, portfolio: Portfolio, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.record: tuple[RecordKind, int] | None = None
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: 600;")
        self.versions = VersionsModel()
        self.versions_view = _table(self.versions, "Frozen versions")
        self.versions_view.setMaximumHeight(160)
        self.scan_button = QPushButton("View &scan…")
        self.scan_button.setEnabled(False)
        self.scan_button.clicked.connect(self._view_scan)
        self.return_button = QPushButton("View signed &copy…")
        self.return_button.setToolTip(
            "Show the signed PDF returned for the selected version, and check it again"
        )
        self.return_button.setEnabled(False)
        self.return_button.clicked.connect(self._view_return)
        self.returns_kept: list[StoredReturn] = []
        self.versions_view.selectionModel().selectionChanged.connect(self._update_scan_button)
        self.log = HistoryModel()
        self.log_view = _table(self.log, "Audit log")
        self.more_button = QPushButton("Show &older entries")
        self.more_button.clicked.connect(self._more)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.versions_view)
        self.scans = QLabel()
        self.scans.setWordWrap(True)
        self.scans.setAccessibleName("Scans kept with this record")
        self.returned = QLabel()
        self.returned.setWordWrap(True)
        self.returned.setAccessibleName("Signed copies returned for this record")
        self.returned.setVisible(False)
        texts = QVBoxLayout()
        texts.setContentsMargins(0, 0, 0, 0)
        texts.addWidget(self.scans)
        texts.addWidget(self.returned)
        scan_row = QHBoxLayout()
        scan_row.addLayout(texts, 1)
        scan_row.addWidget(self.scan_button)
        scan_row.addWidget(self.return_button)
        self.scan_row = QWidget()
        self.scan_row.setLayout(scan_row)
        layout.addWidget(self.scan_row)
        layout.addWidget(self.log_view, 1)
        layout.addWidget(self.more_button)

    def show_record(self, kind: RecordKind, record_id: int) -> None:
        self.record = (kind, record_id)
        versions = lifecycle.history(self.portfolio, kind, record_id)
        self.versions.set_rows(versions)
        self.versions_view.setVisible(bool(versions))
        self.returns_kept = returns.returns_of(self.portfolio, kind, record_id)
        self._list_scans(kind, record_id)
        self._list_returns()
        self.scan_row.setVisible(bool(versions) or bool(self.scans.text()))
        status = lifecycle.signature_status(self.portfolio, kind, record_id)
        self.heading.setText(f"{kind.label} {record_id}: {status.detail}")
        self.log.set_rows(history.record_history(self.portfolio, kind, record_id))
        self.more_button.setVisible(False)
        self._fit()

    def _list_scans(self, kind: RecordKind, record_id: int) -> None:
        """The scans of signed pages kept with the record (select a version to view its
        signature's scan); one no signature names is said to be so."""
        returned = {r.attachment_id for r in self.returns_kept}
        scans = [
            scan
            for scan in attachments.scans_of(self.portfolio, kind, record_id)
            if saved_id(scan) not in returned and not is_request_copy(scan.filename or "")
        ]
        described = [
            f"{isolate(scan.filename)} ({scan.size / 1024:,.0f} KB"
            + ("" if attachments.is_in_use(self.portfolio, saved_id(scan)) else ", not signed on")
            + ")"
            for scan in scans
        ]
        self.scans.setText(("Scans kept: " + "; ".join(described)) if described else "")

    def _list_returns(self) -> None:
        """The signed PDFs returned by a signer (select their version to view one)."""
        described = [
            f"version {r.version}, {isolate(r.filename)} ({r.size / 1024:,.0f} KB,"
            f" {'digitally signed' if r.digital else 'signature drawn in the reader'})"
            for r in self.returns_kept
        ]
        self.returned.setText(
            ("Signed copies returned: " + "; ".join(described)) if described else ""
        )
        self.returned.setVisible(bool(described))

    def show_portfolio(self) -> None:
        self.record = None
        self.versions.set_rows([])
        self.versions_view.setVisible(False)
        self.returns_kept = []
        self.scan_row.setVisible(False)
        total = history.entry_count(self.portfolio)
        self.heading.setText(
            f"Everything that happened in this portfolio ({total:,} entries,"
            " newest first). Each entry is chained to the one before, so"
            " 'check' can tell if any was altered."
        )
        self.log.set_rows(history.portfolio_history(self.portfolio, limit=PAGE))
        self.more_button.setVisible(total > len(self.log.rows))
        self._fit()

    def _more(self) -> None:
        more = history.portfolio_history(self.portfolio, limit=PAGE, offset=len(self.log.rows))
        self.log.add_rows(more)
        self.more_button.setVisible(len(more) == PAGE)

    def _fit(self) -> None:
        for view in (self.versions_view, self.log_view):
            view.resizeColumnsToContents()
            header = view.horizontalHeader()
            for column in range(header.count() - 1):
                header.resizeSection(column, min(header.sectionSize(column), 280))

    def _selected_scan(self) -> int | None:
        rows = self.versions_view.selectionModel().selectedRows()
        if not rows:
            return None
        version: VersionInfo = self.versions.rows[rows[0].row()]
        returned = {r.attachment_id for r in self.returns_kept}
        return next(
            (
                s.scan_attachment_id
                for s in version.signatures
                if s.scan_attachment_id is not None and s.scan_attachment_id not in returned
            ),
            None,
        )

    def _selected_return(self) -> StoredReturn | None:
        """The newest signed copy returned for the selected version."""
        rows = self.versions_view.selectionModel().selectedRows()
        if not rows:
            return None
        version: VersionInfo = self.versions.rows[rows[0].row()]
        found = [r for r in self.returns_kept if r.version == version.version]
        return found[-1] if found else None

    def _update_scan_button(self) -> None:
        self.scan_button.setEnabled(self._selected_scan() is not None)
        self.return_button.setEnabled(self._selected_return() is not None)

    def _view_scan(self) -> None:
        from app.ui.signing.scan_viewer import ScanViewer

        scan_id = self._selected_scan()
        if scan_id is not None:
            ScanViewer(self.portfolio, scan_id, self).exec()

    def _view_return(self) -> None:
        from app.ui.signing.return_viewer import ReturnViewer

        stored = self._selected_return()
        if stored is not None:
            ReturnViewer(self.portfolio, stored, self).exec()
