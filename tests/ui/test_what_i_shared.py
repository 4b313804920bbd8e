"""File > What I have shared…: a PDF saved from the app's preview, or printed to a file
through the print dialog, is in the ledger with the SHA-256 of the file on disk; the
list is newest first, usable from the keyboard (arrows, Enter opens the folder, Tab
leaves the table) and opens the file's folder."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu
from pytestqt.qtbot import QtBot

from app.domain.record_types import Mentor, Relationship, SessionRecord
from app.services import documents, records
from app.services.calendar_export import save_calendar
from app.ui.main_window import MainWindow
from app.ui.printing.preview import PrintPreviewDialog
from app.ui.what_i_shared import SharedDialog


def _file_menu_action(window: MainWindow, text: str) -> QAction:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert isinstance(menu, QMenu)
    return next(a for a in menu.actions() if a.text() == text)


def test_what_i_have_shared(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pf = window.portfolio
    mentor = records.save(pf, Mentor(name="Dr Mentor"))
    rel = records.save(pf, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    session = records.save(
        pf,
        SessionRecord(
            relationship_id=rel.id,
            held_on=date(2026, 2, 3),
            topics="Rota",
            next_meeting=date(2099, 1, 1),
        ),
    )
    assert session.id is not None
    # A PDF saved from the preview, as the app saves it.
    saved = tmp_path / "from the app" / "session.pdf"
    saved.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(saved), ""))
    )
    preview = PrintPreviewDialog(documents.render(pf, "session", session.id), portfolio=pf)
    qtbot.addWidget(preview)
    # The print dialog's Print to File: Qt writes that file itself.
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed to file.pdf"
    printer.setOutputFileName(str(printed))
    preview.print_to(printer)
    preview.save_as()
    assert saved.is_file()
    calendar = tmp_path / "dates.ics"
    save_calendar(pf, calendar)

    _file_menu_action(window, "&What I have shared…").trigger()
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, SharedDialog) and w.isVisible()
    )
    opened: list[QUrl] = []
    dialog.show_folder = opened.append
    table = dialog.table

    def cell(row: int, column: int) -> str:
        item = table.item(row, column)
        assert item is not None
        return item.text()

    assert table.rowCount() == 3
    # Newest first: the calendar, then the PDF saved from the preview.
    assert "Calendar" in cell(0, 1) and "dates only" in cell(0, 2)
    assert "PDF of a record" in cell(1, 1)
    assert "summary only" in cell(1, 2)
    assert "session.pdf" in cell(1, 3)
    assert "printed to file.pdf" in cell(2, 3)
    assert dialog.entries[2].sha256 == hashlib.sha256(printed.read_bytes()).hexdigest()

    qtbot.waitUntil(table.hasFocus)
    assert dialog.selected() is dialog.entries[0]
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert dialog.selected() is dialog.entries[1]
    # The selected file in full: its records, where it went and its fingerprint.
    shown = dialog.details.text()
    assert str(saved) in shown and f"Session record {session.id}, version 1" in shown
    assert hashlib.sha256(saved.read_bytes()).hexdigest() in shown
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened == [QUrl.fromLocalFile(str(saved.parent))]
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()

    dialog.copy_button.click()
    assert QApplication.clipboard().text() == dialog.entries[1].sha256
    dialog.close()


def test_nothing_shared_yet(qtbot: QtBot, window: MainWindow) -> None:
    dialog = SharedDialog(window.portfolio, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.table.isVisible() and dialog.empty.isVisible()
    assert not dialog.open_button.isEnabled() and not dialog.copy_button.isEnabled()


def test_check_a_file(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    pf = window.portfolio
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    save_calendar(pf, first)
    records.save(pf, Mentor(name="Dr Changed"))
    second.write_bytes(first.read_bytes() + b"X")  # not what left
    dialog = SharedDialog(pf, window)
    qtbot.addWidget(dialog)
    dialog.choose_file = lambda: first
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert "is what left the portfolio on" in dialog.status.text()
    assert dialog.selected() == dialog.entries[0]
    dialog.choose_file = lambda: second
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert "No entry in the ledger" in dialog.status.text()
