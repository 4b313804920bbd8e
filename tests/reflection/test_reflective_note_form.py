"""The reflective note's form, driven with real key events (offscreen): the structure
chosen when starting names the private note's parts, the domains and goals are ticked,
and the note is saved; shown at 1024x600 (screenshot in the shots folder)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.domain.kinds.reflective_note import PARTS, ReflectiveNote, Structure
from app.domain.record_types import Goal
from app.services import records
from app.services.portfolio import Portfolio
from app.ui.sections.base import SectionContext
from app.ui.sections.reflective_note_form import ReflectiveNoteForm
from tests.conftest import _ISOLATED

SHOTS = Path(os.environ.get("MENTEE_PORTFOLIO_SHOTS") or _ISOLATED / "shots")
SHOTS.mkdir(parents=True, exist_ok=True)


def _shown_headings(form: ReflectiveNoteForm) -> list[str]:
    out = []
    for name in PARTS:
        holder = form.widgets[name].parentWidget()
        assert holder is not None
        label = form.form.labelForField(holder)
        if not holder.isHidden() and isinstance(label, QLabel):
            out.append(label.text().replace("&", "").removesuffix(" (never printed):"))
    return out


@pytest.mark.today("2026-11-23")
def test_the_structure_names_the_parts_and_the_note_is_saved(
    qtbot: QtBot, portfolio: Portfolio
) -> None:
    goal = records.save(portfolio, Goal(title="Lead the morning handover"))
    form = ReflectiveNoteForm(SectionContext(portfolio))
    qtbot.addWidget(form)
    form.resize(1024, 600)
    form.show()
    qtbot.waitExposed(form)
    assert _shown_headings(form) == [
        "Description",
        "Feelings",
        "Evaluation",
        "Analysis",
        "Conclusion",
        "Action plan",
    ]
    structure = form.field_widget("structure", QComboBox)
    structure.setFocus()
    qtbot.keyClick(structure, Qt.Key.Key_Down)  # What? So what? Now what?
    assert _shown_headings(form) == ["What?", "So what?", "Now what?"]
    qtbot.keyClick(structure, Qt.Key.Key_Down)
    assert _shown_headings(form) == ["What happened?", "What did I learn?", "What will I do next?"]

    qtbot.keyClicks(form.field_widget("title", QLineEdit), "Speaking up on nights")
    qtbot.keyClicks(form.field_widget("part_2", QPlainTextEdit), "Silence is a choice too")
    qtbot.keyClicks(form.field_widget("learning_summary", QPlainTextEdit), "Name the worry")
    form.field_widget("domain_safety", QCheckBox).click()
    item = form.goal_list.item(0)
    assert item is not None and item.text() == goal.title
    item.setCheckState(Qt.CheckState.Checked)
    form.grab().save(str(SHOTS / "reflective-note-form-1024x600.png"))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.general_error.isHidden(), form.general_error.text()

    [saved] = records.list_records(portfolio, ReflectiveNote)
    assert saved.structure is Structure.AOMRC and saved.written_on == date(2026, 11, 23)
    assert (saved.part_2, saved.learning_summary) == ("Silence is a choice too", "Name the worry")
    assert saved.domain_safety and not saved.domain_trust and saved.goal_ids == [goal.id]
    form.open_id(saved.id or 0)
    assert _shown_headings(form)[1] == "What did I learn?"
