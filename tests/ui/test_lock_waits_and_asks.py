"""Locking waits for a Keep safe job still using the portfolio, and closing a locked
window asks before it drops the drafts kept at locking (found in review)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.ui.main_window import SECTION_NAMES, MainWindow
from tests.conftest import PASSPHRASE


def _draft_in_goals(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    window.go_to(SECTION_NAMES.index("Goals"))
    goals = window.current_section()
    qtbot.mouseClick(goals.new_button, Qt.MouseButton.LeftButton)  # type: ignore[union-attr]
    qtbot.keyClicks(goals.widgets["title"], "Kept while locked")  # type: ignore[union-attr]
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked()


def test_close_portfolio_on_a_locked_window_asks_before_dropping_its_drafts(
    qtbot, window: MainWindow, answers, monkeypatch
) -> None:  # noqa: ANN001
    _draft_in_goals(qtbot, window)
    asked: list[str] = []

    def question(parent: object, title: str, text: str, *args: object) -> object:
        asked.append(text)
        return answers["question"]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    answers["question"] = QMessageBox.StandardButton.Cancel
    qtbot.mouseClick(window.unlock_form.cancel_button, Qt.MouseButton.LeftButton)
    assert asked and "unsaved changes from before it was locked (in Goals)" in asked[0]
    assert window.isVisible() and window.is_locked()
    assert window.unlock_form.isVisible()  # the form to unlock with is still there
    qtbot.keyClicks(window.unlock_form.secret, PASSPHRASE)
    qtbot.keyClick(window.unlock_form.secret, Qt.Key.Key_Return)
    goals = window.current_section()
    assert goals.widgets["title"].text() == "Kept while locked"  # type: ignore[union-attr]
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    answers["question"] = QMessageBox.StandardButton.Discard
    qtbot.mouseClick(window.unlock_form.cancel_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2 and not window.isVisible()


def test_locking_waits_for_an_export_under_way(
    qtbot, window: MainWindow, monkeypatch, tmp_path: Path
) -> None:  # noqa: ANN001
    from app.ui.safekeeping import export_dialog
    from app.ui.safekeeping.export_dialog import ExportDialog

    release = threading.Event()
    real = export_dialog.export_to_file

    def slow(portfolio, out):  # noqa: ANN001, ANN202 - the real export, once released
        release.wait(10)
        return real(portfolio, out)

    monkeypatch.setattr(export_dialog, "export_to_file", slow)
    window.safekeeping.open_export()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    out = tmp_path / "export.json"
    dialog.target.setText(str(out))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.task.running()
    window.lock()  # what auto-lock does; the dialog cannot stop it
    assert not window.is_locked() and window.portfolio.is_open
    assert "locks as soon as the work under way" in window.statusBar().currentMessage()
    release.set()
    qtbot.waitUntil(window.is_locked, timeout=10_000)
    assert json.loads(out.read_text(encoding="utf-8"))  # the export was written whole
    assert window.statusBar().isHidden()
