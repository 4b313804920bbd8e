"""Typing dates into the real forms with real key presses, saving through the window
onto a real portfolio and reading back what was kept (issue 16: 08/09/2026 was saved
as 01/09/2026, 20/10/2026 reverted, a next appraisal of 01/06/2027 became today)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QComboBox

from app.domain.record_types import Action, Contract, Goal, Mentor, Relationship, SessionRecord
from app.services import profile, records
from app.ui.date_field import DateField
from app.ui.main_window import SECTION_NAMES, MainWindow
from app.ui.sections.record_section import RecordSection

TODAY = "2026-11-23"
ACCEPTED = [
    ("08/09/2026", date(2026, 9, 8)),
    ("8/9/2026", date(2026, 9, 8)),
    ("08/09/26", date(2026, 9, 8)),
    ("2026-09-08", date(2026, 9, 8)),
    ("20/10/2026", date(2026, 10, 20)),
    ("today", date(2026, 11, 23)),
    ("yesterday", date(2026, 11, 22)),
]
NOT_DATES = [
    ("31/02/2026", "There is no 31 February 2026."),
    ("00/01/2026", "day 0"),
    ("2026-13-01", "no month 13"),
    ("20/09/1", "not a year"),
    ("next week", "is not a date; type it as dd/mm/yyyy"),
]


def section(window: MainWindow, name: str, tab: str | None = None) -> Any:
    index = SECTION_NAMES.index(name)
    window.go_to(index)
    page = window.sections[index]
    if tab is not None:
        page.tabs.setCurrentWidget(getattr(page, tab))
        return getattr(page, tab)
    return page


def type_date(qtbot: Any, field: DateField, text: str) -> None:
    """Click into the field, select what is there and type over it, as a person does."""
    field.edit.setFocus()
    qtbot.mouseClick(field.edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field.edit, Qt.Key.Key_Backspace)
    if text:
        qtbot.keyClicks(field.edit, text)


def save_with_keys(qtbot: Any, form: RecordSection) -> None:
    focus = form.focusWidget() or form
    qtbot.keyClick(focus, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture
def rel(window: MainWindow) -> Relationship:
    mentor = records.save(window.portfolio, Mentor(name="Dr Jones"))
    made = records.save(window.portfolio, Relationship(mentor_id=mentor.id))
    for page in window.sections:
        page.refresh()
    return made


def _new_session(qtbot: Any, window: MainWindow) -> RecordSection:
    form = section(window, "Sessions")
    form.new_record()
    qtbot.keyClicks(form.widgets["topics"], "Rota worries")
    return form


@pytest.mark.today(TODAY)
@pytest.mark.parametrize(("typed", "meant"), ACCEPTED)
def test_a_session_keeps_the_date_typed(
    qtbot: Any, window: MainWindow, rel: Relationship, typed: str, meant: date
) -> None:
    form = _new_session(qtbot, window)
    type_date(qtbot, form.widgets["held_on"], typed)
    save_with_keys(qtbot, form)
    saved = records.list_records(window.portfolio, SessionRecord)
    assert [s.held_on for s in saved] == [meant]
    assert form.widgets["held_on"].edit.text() == meant.strftime("%d/%m/%Y")


@pytest.mark.today(TODAY)
@pytest.mark.parametrize(("typed", "says"), [*NOT_DATES, ("tomorrow", "after today")])
def test_a_session_refuses_what_is_not_a_day_held_in_place(
    qtbot: Any, window: MainWindow, rel: Relationship, typed: str, says: str
) -> None:
    form = _new_session(qtbot, window)
    field = form.widgets["held_on"]
    type_date(qtbot, field, typed)
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)  # leaving it: refused, not reverted
    assert field.edit.text() == typed
    save_with_keys(qtbot, form)
    assert records.list_records(window.portfolio, SessionRecord) == []
    assert field.note.isVisible() and says in field.note.text()
    assert field.edit.text() == typed  # never changed or reverted
    assert field.edit.hasFocus()


@pytest.mark.today(TODAY)
def test_ctrl_s_on_a_blank_new_session_says_what_is_missing(
    qtbot: Any, window: MainWindow, rel: Relationship
) -> None:
    form = section(window, "Sessions")
    form.new_record()
    form.widgets["held_on"].edit.setFocus()
    save_with_keys(qtbot, form)
    assert records.list_records(window.portfolio, SessionRecord) == []
    assert form.errors["topics"].isVisible()
    assert "write what you discussed" in form.errors["topics"].text()


@pytest.mark.today(TODAY)
def test_a_pasted_page_in_location_is_refused_with_a_message(
    qtbot: Any, window: MainWindow, rel: Relationship
) -> None:
    form = _new_session(qtbot, window)
    location = form.widgets["location"]
    QApplication.clipboard().setText("Seminar room " * 900)  # an 11,700-character paste
    location.setFocus()
    qtbot.keyClick(location, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(location.text()) == 11_700
    save_with_keys(qtbot, form)
    assert records.list_records(window.portfolio, SessionRecord) == []
    assert "at most 120 on one line" in form.errors["location"].text()


@pytest.mark.today(TODAY)
def test_an_optional_date_stays_empty_when_cleared(
    qtbot: Any, window: MainWindow, rel: Relationship
) -> None:
    form = _new_session(qtbot, window)
    type_date(qtbot, form.widgets["next_meeting"], "14/12/2026")
    qtbot.keyClick(form.widgets["next_meeting"].edit, Qt.Key.Key_Tab)
    assert form.widgets["next_meeting"].note.text() == "Mon 14 December 2026: in 21 days"
    save_with_keys(qtbot, form)
    [saved] = records.list_records(window.portfolio, SessionRecord)
    assert saved.next_meeting == date(2026, 12, 14)
    type_date(qtbot, form.widgets["next_meeting"], "")
    save_with_keys(qtbot, form)
    [saved] = records.list_records(window.portfolio, SessionRecord)
    assert saved.next_meeting is None


@pytest.mark.today(TODAY)
def test_tab_passes_a_date_field_in_one_stop(
    qtbot: Any, window: MainWindow, rel: Relationship
) -> None:
    form = section(window, "Sessions")
    field = form.widgets["held_on"]
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    after = form.focusWidget()
    assert isinstance(after, QComboBox) and after is form.widgets["relationship_id"]
    assert field.button.focusPolicy() == Qt.FocusPolicy.NoFocus


@pytest.mark.today(TODAY)
def test_alt_down_opens_a_calendar_and_enter_takes_the_day(
    qtbot: Any, window: MainWindow, rel: Relationship
) -> None:
    form = _new_session(qtbot, window)
    field = form.widgets["held_on"]
    type_date(qtbot, field, "10/11/2026")
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = field.popup
    assert popup is not None and popup.isVisible()
    calendar = popup.calendar
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Right)
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert field.edit.text() == "11/11/2026"
    save_with_keys(qtbot, form)
    [saved] = records.list_records(window.portfolio, SessionRecord)
    assert saved.held_on == date(2026, 11, 11)


@pytest.mark.today(TODAY)
@pytest.mark.parametrize(
    ("typed", "meant"), [("01/06/2027", date(2027, 6, 1)), ("tomorrow", date(2026, 11, 24))]
)
def test_a_goals_target_date_is_kept_and_marked_ahead(
    qtbot: Any, window: MainWindow, rel: Relationship, typed: str, meant: date
) -> None:
    form = section(window, "Goals")
    form.new_record()
    qtbot.keyClicks(form.widgets["title"], "Lead a QI project")
    type_date(qtbot, form.widgets["target_date"], typed)
    qtbot.keyClick(form.widgets["target_date"].edit, Qt.Key.Key_Tab)
    assert ": in " in form.widgets["target_date"].note.text()
    save_with_keys(qtbot, form)
    assert [g.target_date for g in records.list_records(window.portfolio, Goal)] == [meant]


@pytest.mark.today(TODAY)
@pytest.mark.parametrize(("typed", "meant"), ACCEPTED[:4])
def test_an_actions_due_date_is_kept(
    qtbot: Any, window: MainWindow, rel: Relationship, typed: str, meant: date
) -> None:
    form = section(window, "Actions")
    form.new_record()
    qtbot.keyClicks(form.widgets["description"], "Book the course")
    type_date(qtbot, form.widgets["due_date"], typed)
    save_with_keys(qtbot, form)
    assert [a.due_date for a in records.list_records(window.portfolio, Action)] == [meant]


@pytest.mark.today(TODAY)
@pytest.mark.parametrize(("typed", "says"), NOT_DATES)
def test_an_actions_due_date_refuses_what_is_not_a_date(
    qtbot: Any, window: MainWindow, rel: Relationship, typed: str, says: str
) -> None:
    form = section(window, "Actions")
    form.new_record()
    qtbot.keyClicks(form.widgets["description"], "Book the course")
    field = form.widgets["due_date"]
    type_date(qtbot, field, typed)
    save_with_keys(qtbot, form)
    assert records.list_records(window.portfolio, Action) == []
    assert says in field.note.text() and field.edit.text() == typed


@pytest.mark.today(TODAY)
def test_an_action_agreed_in_a_session_keeps_its_typed_due_date(
    qtbot: Any, window: MainWindow, rel: Relationship
) -> None:
    form = _new_session(qtbot, window)
    qtbot.keyClicks(form.new_action, "Read the guidance")
    type_date(qtbot, form.new_due, "7/1/27")
    qtbot.mouseClick(form.add_action_button, Qt.MouseButton.LeftButton)
    assert form.new_action.hasFocus() and form.new_due.edit.text() == ""
    save_with_keys(qtbot, form)
    [action] = records.list_records(window.portfolio, Action)
    assert action.due_date == date(2027, 1, 7)


@pytest.mark.today(TODAY)
def test_a_contracts_dates_are_kept_and_agreed_on_is_never_ahead(
    qtbot: Any, window: MainWindow, rel: Relationship
) -> None:
    form = section(window, "Relationships & contract", "contracts")
    form.new_record()
    relationship = form.widgets["relationship_id"]
    relationship.setCurrentIndex(relationship.findData(rel.id))
    type_date(qtbot, form.widgets["agreed_on"], "tomorrow")
    type_date(qtbot, form.widgets["review_date"], "2027-05-31")
    save_with_keys(qtbot, form)
    assert records.list_records(window.portfolio, Contract) == []
    assert "after today" in form.widgets["agreed_on"].note.text()
    type_date(qtbot, form.widgets["agreed_on"], "02/11/2026")
    save_with_keys(qtbot, form)
    [contract] = records.list_records(window.portfolio, Contract)
    assert (contract.agreed_on, contract.review_date) == (date(2026, 11, 2), date(2027, 5, 31))


@pytest.mark.today(TODAY)
def test_the_next_appraisal_keeps_the_date_typed_and_can_be_cleared(
    qtbot: Any, window: MainWindow
) -> None:
    page = section(window, "Appraisal")
    type_date(qtbot, page.next_appraisal, "01/06/2027")
    qtbot.keyClick(page.next_appraisal.edit, Qt.Key.Key_Tab)
    assert page.next_appraisal.note.text() == "Tue 1 June 2027: in 190 days"
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert profile.get_owner(window.portfolio).next_appraisal_date == date(2027, 6, 1)
    type_date(qtbot, page.next_appraisal, "31/06/2027")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "There is no 31 June 2027." in page.next_appraisal.note.text()
    assert profile.get_owner(window.portfolio).next_appraisal_date == date(2027, 6, 1)
    type_date(qtbot, page.next_appraisal, "")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert profile.get_owner(window.portfolio).next_appraisal_date is None


@pytest.mark.today(TODAY)
def test_the_pack_period_is_read_as_typed(qtbot: Any, window: MainWindow) -> None:
    from app.ui.printing.pack_dialog import PackDialog

    dialog = PackDialog(window.portfolio, window)
    qtbot.addWidget(dialog)
    dialog.show()
    type_date(qtbot, dialog.date_from, "1/12/2025")
    type_date(qtbot, dialog.date_to, "30/11/26")
    request = dialog.request()
    assert (request.date_from, request.date_to) == (date(2025, 12, 1), date(2026, 11, 30))
    type_date(qtbot, dialog.date_to, "30/02/2026")
    with pytest.raises(Exception, match="There is no 30 February 2026."):
        dialog.request()
    dialog.start(confirm=False)  # refused with the sentence, nothing built
    assert dialog.document is None


@pytest.mark.today(TODAY)
def test_a_us_locale_reads_month_first(qtbot: Any) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    field = DateField(label="Due")
    qtbot.addWidget(field)
    field.show()
    assert field.edit.placeholderText() == "mm/dd/yyyy"
    type_date(qtbot, field, "09/08/2026")
    assert field.value() == date(2026, 9, 8)
    field.set_value(date(2026, 12, 25))
    assert field.edit.text() == "12/25/2026"


def test_no_window_part_types_dates_another_way() -> None:
    """Every date typed in the window is a DateField: no QDateEdit is left in app/ui."""
    import app.ui

    root = Path(app.ui.__file__).parent
    others = [p for p in root.rglob("*.py") if "QDateEdit" in p.read_text(encoding="utf-8")]
    assert others == []
