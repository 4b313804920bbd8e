"""Fixtures for the record sections: a real portfolio with a mentor and a
relationship, a UK locale, and helpers that drive widgets like a user."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.domain.records import Mentor, Relationship
from app.services import records
from app.services.portfolio import Portfolio
from app.store.files import side_files
from app.ui.sections.base import SectionContext

UK = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


@pytest.fixture
def relationship(portfolio: Portfolio) -> Relationship:
    mentor = records.save(portfolio, Mentor(name="Dr Łukasz Żółć", role="Consultant"))
    return records.save(portfolio, Relationship(mentor_id=mentor.id,
                                                start_date=date(2026, 1, 5)))


@pytest.fixture
def context(portfolio: Portfolio, relationship: Relationship) -> SectionContext:
    return SectionContext(portfolio, UK)


def show(qtbot, widget: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    widget.resize(1280, 860)
    widget.show()
    qtbot.waitExposed(widget)
    with qtbot.waitActive(widget):  # shortcuts only reach the active window
        widget.activateWindow()
    widget.refresh()  # type: ignore[attr-defined]
    return widget


def press(qtbot, widget: QWidget, key: Qt.Key,  # type: ignore[no-untyped-def]
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier)


def click(qtbot, button: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_dialogs(parent: QWidget) -> list[QMessageBox]:
    return [box for box in parent.findChildren(QMessageBox) if box.isVisible()]


@contextmanager
def answering(button: QMessageBox.StandardButton) -> Iterator[list[str]]:
    """Answer the next modal message box with ``button``; collect its text."""
    from PySide6.QtCore import QTimer

    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    yield seen


@contextmanager
def read_only(portfolio: Portfolio) -> Iterator[None]:
    """Make the portfolio's files really unwritable. As root, permissions do not stop
    writes, so the files are made immutable (chattr +i) instead."""
    portfolio.engine.dispose()  # pooled connections were opened read-write
    files = [str(f) for f in [portfolio.path, *side_files(portfolio.path)] if f.exists()]
    folder = portfolio.path.parent
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", *files], capture_output=True)
        if done.returncode != 0:
            pytest.skip("cannot make files immutable on this file system")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *files], check=True)
            portfolio.engine.dispose()
    else:
        modes = {f: Path(f).stat().st_mode for f in files}
        for f in files:
            os.chmod(f, 0o400)
        os.chmod(folder, 0o500)
        try:
            yield
        finally:
            os.chmod(folder, 0o700)
            for f, mode in modes.items():
                os.chmod(f, mode)
            portfolio.engine.dispose()


def type_text(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ASCII text key by key, pressing Return for each line break (QTest aborts
    on a newline or any non-ASCII character in keyClicks)."""
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        qtbot.keyClicks(widget, line)
