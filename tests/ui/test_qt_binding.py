"""The Qt binding itself: calling a Python slot must not lose a reference to what it
returns. PySide6 6.12.0 drops one reference to None on every slot call, so a long
session (every click and keystroke calls slots) ends in "Fatal Python error:
deallocating None", and so did the test suite at exit."""

from __future__ import annotations

import gc
import sys

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

CALLS = 500


def test_slot_calls_keep_their_references(qtbot: QtBot) -> None:
    button = QPushButton()
    qtbot.addWidget(button)
    calls: list[bool] = []
    button.clicked.connect(lambda: calls.append(True))  # a slot returns None
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        button.click()
    gc.collect()
    lost = before - sys.getrefcount(None)
    assert len(calls) == CALLS
    assert lost < CALLS // 2, f"{lost} references to None lost in {CALLS} slot calls"
