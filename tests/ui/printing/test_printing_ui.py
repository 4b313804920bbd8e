"""Preview, Save as PDF and Print from the app, and the pack built off the GUI thread."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from app.domain.enums import RecordKind
from app.services import documents
from app.ui.main_window import build_sections
from app.ui.printing.pack_dialog import PackDialog, default_period
from app.ui.printing.preview import PrintPreviewDialog
from app.ui.sections.base import SectionContext
from tests.printing.conftest import Filled


def test_preview_save_and_print(
    qtbot: QtBot, filled: Filled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = documents.render(filled.portfolio, "contract", filled.contract.id)
    dialog = PrintPreviewDialog(doc, portfolio=filled.portfolio)
    qtbot.addWidget(dialog)
    assert dialog.pages.count() == doc.pages >= 1
    assert doc.code in dialog.info.text()
    target = tmp_path / "saved.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    dialog.save_as()
    assert target.read_bytes() == doc.pdf
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    dialog.print_to(printer)
    assert printed.read_bytes().startswith(b"%PDF") and printed.stat().st_size > 10_000


def test_session_preview_can_include_the_reflection(qtbot: QtBot, filled: Filled) -> None:
    from app.ui.printing.actions import open_preview

    sections = build_sections(SectionContext(filled.portfolio))
    sessions = next(s for s in sections if RecordKind.SESSION in s.kinds)
    qtbot.addWidget(sessions)
    sessions.show_record(RecordKind.SESSION, filled.session.id)
    assert sessions.print_button.isVisibleTo(sessions)
    assert sessions.print_button.record == (RecordKind.SESSION, filled.session.id)
    open_preview(sessions, filled.portfolio, "session", filled.session.id)
    dialog = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, PrintPreviewDialog) and w.isVisible()
    )
    before = dialog.doc.pdf
    dialog.reflection.setChecked(True)
    assert dialog.doc.pdf != before and dialog.doc.pages >= 1
    dialog.close()


def test_pack_builds_off_the_gui_thread(qtbot: QtBot, filled: Filled) -> None:
    dialog = PackDialog(filled.portfolio)
    qtbot.addWidget(dialog)
    dialog.date_from.set_value(date(2026, 1, 1))
    dialog.date_to.set_value(date(2026, 12, 31))
    with qtbot.waitSignal(dialog.built, timeout=120_000) as built:
        dialog.start(confirm=False)
        assert dialog.is_building() and not dialog.build_button.isEnabled()
    assert built.args[0].pages >= 8 and dialog.document is built.args[0]
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, PrintPreviewDialog):
            widget.close()


def test_pack_cancel_and_bad_period(
    qtbot: QtBot, filled: Filled, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = PackDialog(filled.portfolio)
    qtbot.addWidget(dialog)
    dialog.date_from.set_value(date(2026, 1, 1))
    dialog.date_to.set_value(date(2026, 12, 31))
    dialog.start(confirm=False)
    dialog.cancel()
    qtbot.waitUntil(lambda: not dialog.is_building(), timeout=60_000)
    assert "cancelled" in dialog.status.text() and dialog.document is None
    warnings: list[str] = []
    monkeypatch.setattr(
        "app.ui.printing.pack_dialog.QMessageBox.warning",
        lambda parent, title, text: warnings.append(text),
    )
    dialog.date_from.set_value(date(2027, 1, 1))
    dialog.start(confirm=False)
    assert warnings and "start before it ends" in warnings[0]


def test_default_period() -> None:
    assert default_period(date(2027, 3, 31), date(2026, 11, 23)) == (
        date(2026, 3, 31),
        date(2027, 3, 31),
    )
    assert default_period(None, date(2026, 11, 23)) == (date(2025, 11, 23), date(2026, 11, 23))
