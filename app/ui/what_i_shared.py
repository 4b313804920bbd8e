"""File > What I have shared…: the ledger of every file written from the portfolio
(app.services.ledger), newest first, with where each went and its SHA-256; Open
folder shows where a file was written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import clock
from app.domain.bidi import isolate
from app.domain.errors import KnownError
from app.services import ledger
from app.services.portfolio import Portfolio
from app.ui.common import fit_to_screen
from app.ui.ops import off_the_gui_thread

COLUMNS = ("When", "What", "Layers", "File")


class _Table(QTableWidget):
    """Enter opens the selected file's folder; Tab leaves the table (the app's rule)."""

    def __init__(self, on_enter: Callable[[], None]) -> None:
        super().__init__(0, len(COLUMNS))
        self._on_enter = on_enter
        self.setTabKeyNavigation(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_enter()
            return
        super().keyPressEvent(event)


class SharedDialog(QDialog):
    def __init__(self, portfolio: Portfolio, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        # How a folder is shown (the desktop's file manager); a test may look instead.
        self.show_folder: Callable[[QUrl], object] = QDesktopServices.openUrl
        # How a file to check is chosen (a file dialog); a test may choose instead.
        self.choose_file: Callable[[], Path | None] = self._ask_for_file
        self.entries: list[ledger.LedgerEntry] = []
        self.setWindowTitle("What I have shared")
        intro = QLabel(
            "Every file written from this portfolio, newest first: when, which records"
            " and which layers, where it went and the SHA-256 fingerprint of the file as"
            " it was written (a copy that differs was changed since). Printing on paper"
            " is in the history, not here. This list is part of the portfolio's audit log."
        )
        intro.setWordWrap(True)
        self.empty = QLabel("Nothing has left this portfolio yet: no file was written from it.")
        self.table = _Table(self.open_folder)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setAccessibleName("Files written from the portfolio")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The long ones share the width (elided; the whole text in their tooltips).
        for name in ("What", "File"):
            header.setSectionResizeMode(COLUMNS.index(name), QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.open_folder())
        # The selected item in full: its records, where it went, its fingerprint.
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("The selected file")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.open_button = QPushButton("&Open folder")
        self.open_button.clicked.connect(self.open_folder)
        self.copy_button = QPushButton("&Copy SHA-256")
        self.copy_button.clicked.connect(self.copy_fingerprint)
        self.check_button = QPushButton("Check a &file…")
        self.check_button.setToolTip(
            "Which entry wrote exactly this file's bytes: a file changed since matches none."
        )
        self.check_button.clicked.connect(self.check_file)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.check_button, self.open_button, self.copy_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        fit_to_screen(self, 1100, 520)
        self.load()

    def load(self) -> None:
        try:
            self.entries = off_the_gui_thread(
                "Reading what left the portfolio…", self, lambda: ledger.entries(self.portfolio)
            )
        except KnownError as err:
            self.entries = []
            self.status.setText(err.message)
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            when = clock.local_time(entry.at)
            cells = (
                f"{when:%d/%m/%Y %H:%M}",
                entry.what,
                entry.layers_label,
                entry.where if entry.path is None else Path(entry.path).name,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(isolate(text))
                item.setToolTip(isolate(entry.where if column == len(cells) - 1 else text))
                self.table.setItem(row, column, item)
        self.empty.setVisible(not self.entries)
        self.table.setVisible(bool(self.entries))
        if self.entries:
            self.table.selectRow(0)
            self.table.setFocus()
        self._selection_changed()

    def selected(self) -> ledger.LedgerEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        entry = self.selected()
        self.details.setText(
            ""
            if entry is None
            else f"{isolate(entry.what)}\n"
            f"Records: {isolate(entry.records_label)}\n"
            f"Written to: {isolate(entry.where)}\n"
            f"SHA-256: {entry.sha256} ({entry.size:,} bytes)"
        )
        self.open_button.setEnabled(entry is not None and entry.folder is not None)
        self.copy_button.setEnabled(entry is not None)

    def open_folder(self) -> None:
        entry = self.selected()
        if entry is None or entry.folder is None:
            return
        if not entry.folder.is_dir():
            self.status.setText(f"The folder {isolate(str(entry.folder))} is no longer there.")
            return
        self.status.setText("")
        self.show_folder(QUrl.fromLocalFile(str(entry.folder)))

    def copy_fingerprint(self) -> None:
        entry = self.selected()
        if entry is not None:
            QGuiApplication.clipboard().setText(entry.sha256)
            self.status.setText("SHA-256 copied.")

    def _ask_for_file(self) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Check a file against what I have shared")
        return Path(chosen) if chosen else None

    def check_file(self) -> None:
        """Compare a file with the ledger: say which entry wrote it (and select it), or
        that none has its bytes."""
        path = self.choose_file()
        if path is None:
            return
        try:
            checked = off_the_gui_thread(
                "Checking the file…", self, lambda: ledger.check_file(self.portfolio, path)
            )
        except KnownError as err:
            self.status.setText(err.message)
            return
        self.status.setText(isolate(checked.sentences()[0]))
        if checked.matches and checked.matches[0] in self.entries:
            self.table.selectRow(self.entries.index(checked.matches[0]))


def show_shared(portfolio: Portfolio, parent: QWidget) -> SharedDialog:
    dialog = SharedDialog(portfolio, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
