"""A right-to-left name in an English sentence on the screen is isolated (FSI ... PDI),
so it never reorders the English around it: the main window on a real portfolio whose
mentor (and owner, and file) have Arabic or Hebrew names (issue 16, found in review)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.domain.bidi import isolate
from app.domain.record_types import Action, Mentor, OwnerProfile, Relationship, SessionRecord
from app.services import profile, records
from app.services.portfolio import Portfolio
from app.ui.main_window import MainWindow
from app.ui.sections.overview_page import OverviewSection

MENTOR = "د. ليلى حداد"
OWNER = "ד״ר נועה 2"
FILE = "תיק נועה.mpf"


@pytest.fixture
def portfolio_path(tmp_path: Path) -> Path:
    return tmp_path / FILE


def _overview(window: MainWindow) -> OverviewSection:
    (overview,) = [s for s in window.sections if isinstance(s, OverviewSection)]
    return overview


@pytest.mark.today("2027-02-20")
def test_the_overview_isolates_right_to_left_names(qtbot, portfolio: Portfolio, answers) -> None:
    profile.save_owner(portfolio, OwnerProfile(name=OWNER))
    mentor = records.save(portfolio, Mentor(name=MENTOR, is_line_manager=True))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2027, 1, 4)))
    records.save(
        portfolio,
        SessionRecord(
            relationship_id=rel.id,
            held_on=date(2027, 2, 3),
            next_meeting=date(2027, 3, 1),
            topics="רוטציות 2027",
        ),
    )
    records.save(
        portfolio,
        Action(relationship_id=rel.id, description="לכתוב 3 מכתבים", due_date=date(2027, 2, 1)),
    )
    window = MainWindow(portfolio)
    qtbot.addWidget(window)
    window.show()
    overview = _overview(window)
    assert isolate(FILE) in window.windowTitle()
    assert isolate(OWNER) in overview.heading.text()
    warning = overview.warning.text()
    assert isolate(MENTOR) in warning and warning.index(isolate(MENTOR)) < warning.index(" is ")
    # Qt's rich text would take the line's direction from the name: it is said to be English.
    assert warning.startswith('<div dir="ltr">')
    assert f"with {isolate(MENTOR)}" in overview.cards["Next meeting"].text()
    assert isolate("לכתוב 3 מכתבים") in overview.cards["Actions"].text()
    assert isolate("רוטציות 2027") in overview.cards["Recent sessions"].text()
    reminders = "\n".join(overview.reminders.lines)
    assert f"Next meeting with {isolate(MENTOR)}, 1 March 2027" in reminders
    answers["question"] = QMessageBox.StandardButton.Discard
    window.close()


@pytest.mark.today("2027-02-20")
def test_forms_lists_and_dialogs_isolate_right_to_left_text(qtbot, portfolio: Portfolio) -> None:
    from PySide6.QtWidgets import QLabel

    from app.domain.record_types import Goal
    from app.ui.portfolio_chooser import recent_label
    from app.ui.reflection.closure_dialog import ClosureDialog
    from app.ui.sections import choices
    from app.ui.sections.base import SectionContext
    from app.ui.sections.mentor_form import MentorForm
    from app.ui.sections.session_form import SessionForm

    mentor = records.save(portfolio, Mentor(name=MENTOR))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2027, 1, 4)))
    goal = "خطة 2 للقيادة"
    records.save(portfolio, Goal(relationship_id=rel.id, title=goal))
    first = records.save(
        portfolio, SessionRecord(relationship_id=rel.id, held_on=date(2027, 1, 10), topics="a")
    )
    action = "לכתוב 3 מכתבים"
    records.save(
        portfolio,
        Action(
            relationship_id=rel.id,
            origin_session_id=first.id,
            description=action,
            due_date=date(2027, 3, 1),
        ),
    )
    later = records.save(
        portfolio, SessionRecord(relationship_id=rel.id, held_on=date(2027, 2, 10), topics="b")
    )
    ((_, label),) = choices.relationships(portfolio)
    assert label.startswith(f"{isolate(MENTOR)} (")
    context = SectionContext(portfolio)
    mentors = MentorForm(context)
    qtbot.addWidget(mentors)
    mentors.show_record(mentors.kind, mentor.id)
    assert mentors.heading.text() == f"Mentor: {isolate(MENTOR)}"
    sessions = SessionForm(context)
    qtbot.addWidget(sessions)
    sessions.show_record(sessions.kind, later.id)
    assert sessions.goal_list.item(0).text().startswith(f"{isolate(goal)} (")
    assert sessions.carried.item(0).text() == f"{isolate(action)} (due 01/03/2027)"
    closing = ClosureDialog(portfolio, rel.id or 0, MENTOR)
    qtbot.addWidget(closing)
    texts = [w.text() for w in closing.findChildren(QLabel)]
    assert any(t.startswith(f"Ending the relationship with {isolate(MENTOR)}.") for t in texts)
    folder = "/home/נועה/תיקים"
    assert recent_label(0, FILE, folder, True) == f"&1 {isolate(FILE)} — {isolate(folder)}"


def test_the_unlock_dialog_isolates_the_file_and_folder(qtbot, tmp_path: Path) -> None:
    from app.ui.unlock import UnlockDialog

    folder = tmp_path / "ملفات & <أوراق>"
    dialog = UnlockDialog(folder / FILE)
    qtbot.addWidget(dialog)
    shown = dialog.where.text()
    assert shown.startswith('<div dir="ltr">')
    assert f"<b>{isolate(FILE)}</b>" in shown
    assert (
        isolate(str(folder).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        in shown
    )


def test_list_cells_hold_the_raw_text_in_its_own_direction(qtbot, portfolio: Portfolio) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyleOptionViewItem

    from app.ui.sections.base import SectionContext
    from app.ui.sections.mentor_form import MentorForm

    name = "2 בינואר meeting"  # starts with a digit, then Hebrew: a right-to-left cell
    records.save(portfolio, Mentor(name=name))
    mentors = MentorForm(SectionContext(portfolio))
    qtbot.addWidget(mentors)
    option = QStyleOptionViewItem()
    mentors.table.itemDelegate().initStyleOption(option, mentors.table.model().index(0, 0))
    assert option.text == name  # a cell that is only user text gets no marks
    assert option.direction == Qt.LayoutDirection.LayoutDirectionAuto
