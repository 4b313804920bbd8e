"""UI fixtures: a main window over a real portfolio, and dialogs answered for us."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QMessageBox

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
