"""UI fixtures: a main window over a real portfolio, and dialogs answered for us."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QMessageBox, QTabWidget

from app.services.portfolio import Portfolio
from app.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def uk_locale() -> Iterator[None]:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Questions get ``answers["question"]``; warnings are recorded, never shown."""
    state: dict[str, object] = {"question": QMessageBox.StandardButton.Yes, "warnings": []}

    def question(*args: object, **kwargs: object) -> object:
        return state["question"]

    def warning(parent: object, title: str, text: str, *args: object) -> object:
        state["warnings"].append(text)  # type: ignore[attr-defined]
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(warning))
    return state


@pytest.fixture
def window(qtbot, portfolio: Portfolio, answers: dict[str, object]) -> Iterator[MainWindow]:
    win = MainWindow(portfolio)
    qtbot.addWidget(win)
    win.show()
    yield win
    answers["question"] = QMessageBox.StandardButton.Discard
    win.close()


HOLDER_SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QTimer
from app.ui.single_instance import SingleInstance
app = QCoreApplication([])
guard = SingleInstance(Path(sys.argv[1]))
guard.activation_requested.connect(lambda: print("asked forward", flush=True))
print(guard.claim().value, flush=True)
QTimer.singleShot(60000, app.quit)
app.exec()
"""


@contextmanager
def held_elsewhere(path: Path) -> Iterator[IO[str]]:
    """Another process holds ``path``'s one-window claim while the block runs; yields
    its output, where it says "asked forward" when asked to come to the front."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER_SCRIPT, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "owner"
        yield holder.stdout
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


def settle(qapp: QApplication) -> None:
    """Let layouts, then the columns fitted after them, take their places."""
    for _ in range(3):
        qapp.processEvents()


def each_page(window: MainWindow, qapp: QApplication) -> Iterator[str]:
    """Show each section, with its first record open, and each tab of a tabbed one;
    yield each page's name ("Relationships & contract / Contract")."""
    for row in range(window.sidebar.count()):
        window.sidebar.setCurrentRow(row)
        section = window.stack.currentWidget()
        tabs = section.findChildren(QTabWidget)
        for tab in range(tabs[0].count()) if tabs else [None]:
            if tab is not None:
                tabs[0].setCurrentIndex(tab)
            shown = tabs[0].currentWidget() if tab is not None else section
            table = getattr(shown, "table", None)
            if table is not None and table.model().rowCount():
                table.selectRow(0)
            settle(qapp)
            name = window.sidebar.item(row).text()
            yield name if tab is None else f"{name} / {tabs[0].tabText(tab)}"
