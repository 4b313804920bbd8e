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
