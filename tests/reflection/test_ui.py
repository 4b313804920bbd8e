"""The reflection widgets driven through real widgets (offscreen): identifier review,
closure dialog, review reminders and the appraisal exports."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from app.domain.bidi import isolate
from app.domain.enums import RelationshipStatus
from app.domain.errors import RecordFrozen
from app.domain.identifiers import IdentifierHit
from app.domain.record_types import Mentor, Relationship, SessionRecord
from app.services import records
from app.services.portfolio import Portfolio
from app.ui.reflection.appraisal_exports import AppraisalExports
from app.ui.reflection.closure_dialog import ClosureDialog, ReopenDialog
from app.ui.reflection.identifier_review import IdentifierReviewDialog
from app.ui.reflection.reminders import ReviewReminders
from tests.conftest import _ISOLATED

SHOTS = Path(os.environ.get("MENTEE_PORTFOLIO_SHOTS") or _ISOLATED / "shots")
SHOTS.mkdir(parents=True, exist_ok=True)
TODAY = date(2026, 11, 23)
PRIVATE = "Private: I felt Łukasz Żółć's remark <& unfair> 😬"


@pytest.fixture
def rel(portfolio: Portfolio) -> Relationship:
    mentor = records.save(portfolio, Mentor(name="Dr Siân Ó Dálaigh"))
    relationship = records.save(
        portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 5, 1))
    )
    records.save(
        portfolio,
        SessionRecord(
            topics="Catch-up",
            relationship_id=relationship.id,
            held_on=date(2026, 10, 2),
            duration_minutes=90,
            private_reflection=PRIVATE,
            appraisal_learning="Saying no to extra rota gaps",
            appraisal_practice_change="I now block two hours for audit",
            appraisal_next_steps="Lead the M&M meeting",
            next_meeting=date(2026, 11, 30),
        ),
    )
    return relationship


def test_identifier_review_confirm_is_deliberate(qtbot: QtBot) -> None:
    hits = [
        IdentifierHit(
            "NHS number",
            "943 476 5919",
            4,
            16,
            "NHS [943 476 5919] seen",
            "session of 02/10/2026, reflection",
        )
    ]
    dialog = IdentifierReviewDialog(hits, "exporting CPD entries")
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 2).text() == "NHS [943 476 5919] seen"
    assert dialog.table.item(0, 0).text().startswith("session of 02/10/2026")
    assert not dialog.export_button.isEnabled()
    dialog.confirm.setChecked(True)
    assert dialog.export_button.isEnabled()
    dialog.grab().save(str(SHOTS / "reflection-identifiers.png"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_reminders_show_next_meeting_and_review(
    qtbot: QtBot, portfolio: Portfolio, rel: Relationship
) -> None:
    widget = ReviewReminders(portfolio, today=TODAY)
    qtbot.addWidget(widget)
    text = "\n".join(widget.lines)
    siân = isolate("Dr Siân Ó Dálaigh")  # a name in a sentence is isolated (FSI ... PDI)
    assert f"Due soon: Next meeting with {siân}, 30 November 2026 (in 7 days)" in text
    # 3 and 6 months from a 1 May start: the November review is overdue, August is history.
    assert (f"Overdue: Review of the mentoring with {siân}, 1 November 2026 (22 days ago)") in text
    widget.grab().save(str(SHOTS / "reflection-reminders.png"))


def test_closure_dialog_needs_a_reason_then_locks_records(
    qtbot: QtBot, portfolio: Portfolio, rel: Relationship
) -> None:
    dialog = ClosureDialog(portfolio, rel.id or 0, "Dr Siân Ó Dálaigh", today=TODAY)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.end_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.isVisibleTo(dialog)
    assert dialog.problem.text() == "Please say why the relationship is ending."
    dialog.end_date.set_value(date(2026, 1, 1))
    dialog.reason.setCurrentIndex(0)
    qtbot.mouseClick(dialog.end_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "The end date must be on or after the start date."
    dialog.end_date.set_value(date(2026, 11, 20))
    dialog.answers["learned"].setPlainText("Ask for help early")
    dialog.grab().save(str(SHOTS / "reflection-closure.png"))
    qtbot.mouseClick(dialog.end_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    closed = records.get(portfolio, Relationship, rel.id or 0)
    assert closed.status is RelationshipStatus.ENDED and closed.end_reason == "Goals met"
    assert closed.end_learned == "Ask for help early" and closed.end_date == date(2026, 11, 20)
    (session,) = records.list_records(portfolio, SessionRecord)
    with pytest.raises(RecordFrozen, match="has ended"):
        records.save(portfolio, records.copy_with(session, topics="changed"))

    reopen = ReopenDialog(portfolio, rel.id or 0, "Dr Siân Ó Dálaigh")
    qtbot.addWidget(reopen)
    qtbot.mouseClick(reopen.reopen_button, Qt.MouseButton.LeftButton)
    assert reopen.problem.text().startswith("Please say why")
    reopen.reason.setPlainText("Agreed to six more months for the ARCP")
    qtbot.mouseClick(reopen.reopen_button, Qt.MouseButton.LeftButton)
    assert reopen.result() == QDialog.DialogCode.Accepted
    assert records.get(portfolio, Relationship, rel.id or 0).status is not (
        RelationshipStatus.ENDED
    )
    records.save(portfolio, records.copy_with(session, topics="changed"))


def _exports(
    qtbot: QtBot, portfolio: Portfolio, path: Path, reviewed: list[int], go_on: bool
) -> AppraisalExports:
    def review(hits: object, what: str, parent: QWidget | None) -> bool:
        reviewed.append(len(hits))  # type: ignore[arg-type]
        return go_on

    widget = AppraisalExports(
        portfolio, today=TODAY, review_hits=review, choose_path=lambda *_: path
    )
    qtbot.addWidget(widget)
    widget.date_from.set_value(date(2026, 1, 1))
    return widget


def test_exports_default_to_twelve_months_to_the_day(qtbot: QtBot, portfolio: Portfolio) -> None:
    for today, start in (
        (date(2027, 3, 31), date(2026, 3, 31)),
        (date(2028, 2, 29), date(2027, 2, 28)),
        (date(2027, 1, 30), date(2026, 1, 30)),
    ):
        widget = AppraisalExports(portfolio, today=today)
        qtbot.addWidget(widget)
        assert widget.date_from.value() == start
        assert widget.date_to.value() == today


def test_cpd_export_uses_summaries_unless_private_included(
    qtbot: QtBot, portfolio: Portfolio, rel: Relationship, tmp_path: Path
) -> None:
    reviewed: list[int] = []
    widget = _exports(qtbot, portfolio, tmp_path / "cpd.csv", reviewed, go_on=True)
    widget.grab().save(str(SHOTS / "reflection-exports.png"))
    qtbot.mouseClick(widget.cpd_button, Qt.MouseButton.LeftButton)
    data = (tmp_path / "cpd.csv").read_text("utf-8-sig")
    assert "Saying no to extra rota gaps" in data and "mentoring" in data
    assert "Łukasz" not in data and "Private" not in data and reviewed == []
    assert "Wrote 1 CPD entry" in widget.status.text()
    assert (tmp_path / "cpd.csv").stat().st_mode & 0o777 == 0o600
    # Ticked, the private reflection goes in (its names are not portfolio people).
    widget.include_private.setChecked(True)
    qtbot.mouseClick(widget.cpd_button, Qt.MouseButton.LeftButton)
    assert PRIVATE in (tmp_path / "cpd.csv").read_text("utf-8-sig")


def test_cpd_export_stops_on_identifiers_unless_confirmed(
    qtbot: QtBot, portfolio: Portfolio, rel: Relationship, tmp_path: Path
) -> None:
    (session,) = records.list_records(portfolio, SessionRecord)
    records.save(
        portfolio,
        records.copy_with(
            session, appraisal_learning="Discussed the patient, NHS 943 476 5919, with Siân"
        ),
    )
    reviewed: list[int] = []
    target = tmp_path / "cpd.txt"
    widget = _exports(qtbot, portfolio, target, reviewed, go_on=False)
    qtbot.mouseClick(widget.cpd_button, Qt.MouseButton.LeftButton)
    # The NHS number and the name, in the reflection and in the title that carries what
    # was learned: the review shows all four places.
    assert reviewed == [4] and not target.exists()
    assert widget.status.text().startswith("Not exported")
    widget = _exports(qtbot, portfolio, target, reviewed, go_on=True)
    qtbot.mouseClick(widget.cpd_button, Qt.MouseButton.LeftButton)
    assert "943 476 5919" in target.read_text("utf-8")


def test_calendar_export_has_no_confidential_text(
    qtbot: QtBot, portfolio: Portfolio, rel: Relationship, tmp_path: Path
) -> None:
    target = tmp_path / "mentoring"
    widget = _exports(qtbot, portfolio, target, [], go_on=True)
    qtbot.mouseClick(widget.calendar_button, Qt.MouseButton.LeftButton)
    written = tmp_path / "mentoring.ics"
    calendar = Calendar.from_ical(written.read_bytes())
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert summaries <= {"Mentoring meeting", "Mentoring review"} and summaries
    raw = written.read_text("utf-8")
    for secret in ("Siân", "Dálaigh", "rota", "audit", "Łukasz", "M&M"):
        assert secret not in raw
    assert "Wrote" in widget.status.text()
