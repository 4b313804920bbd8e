"""The main window: sections, records through the widgets, search, lock, settings."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.domain.enums import ActionStatus, RecordKind
from app.domain.record_types import Action, Goal, Mentor, Relationship, SessionRecord
from app.services import profile, records
from app.ui.main_window import SECTION_NAMES, MainWindow
from app.ui.sections.record_section import RecordSection
from tests.conftest import PASSPHRASE


def section(window: MainWindow, name: str) -> RecordSection:
    index = SECTION_NAMES.index(name)
    window.go_to(index)
    page = window.sections[index]
    return page  # type: ignore[return-value]


def test_sidebar_and_go_shortcuts(window: MainWindow) -> None:
    assert window.sidebar.count() == 8
    # Every shortcut the Help lists is bound (Settings once had no key on Linux).
    assert window.settings_action.shortcut().toString() == "Ctrl+,"
    assert window.search_action.shortcut().toString() == "Ctrl+K"
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    for i in range(8):
        window.go_actions[i].trigger()
        assert window.stack.currentIndex() == i


def test_mentor_relationship_add_edit_delete_undo(window: MainWindow, answers) -> None:
    page = section(window, "Relationships & contract")
    mentors = page.mentors  # type: ignore[attr-defined]
    mentors.new_record()
    mentors.widgets["name"].setText("Dr Helen Morris")
    mentors.widgets["email"].setText("not an email")
    assert not mentors.save_changes()
    assert "email" in mentors.errors["email"].text().lower()
    mentors.widgets["email"].setText("helen@example.org")
    mentors.widgets["is_line_manager"].setChecked(True)
    assert not mentors.warning.isHidden()
    assert mentors.save_changes()
    portfolio = window.portfolio
    [mentor] = records.list_records(portfolio, Mentor)
    assert mentor.is_line_manager
    rels = page.relationships  # type: ignore[attr-defined]
    rels.new_record()
    combo = rels.widgets["mentor_id"]
    combo.setCurrentIndex(combo.findData(mentor.id))
    assert not rels.warning.isHidden()
    assert rels.save_changes()
    assert len(records.list_records(portfolio, Relationship)) == 1
    # edit
    mentors.show_record(RecordKind.MENTOR, mentor.id)
    mentors.widgets["role"].setText("Consultant")
    assert mentors.has_unsaved_changes()
    assert mentors.save_changes()
    assert records.get(portfolio, Mentor, mentor.id).role == "Consultant"
    # delete refused while it has relationships: message, no traceback
    mentors.delete_current()
    assert answers["warnings"]
    # delete the relationship, then undo
    rels.show_record(RecordKind.RELATIONSHIP, records.list_records(portfolio, Relationship)[0].id)
    rels.delete_current()
    assert records.list_records(portfolio, Relationship) == []
    assert not rels.undo_bar.isHidden()
    rels.undo_delete()
    assert len(records.list_records(portfolio, Relationship)) == 1
    # overview warns about the line manager
    overview = window.sections[0]
    overview.refresh()
    assert not overview.warning.isHidden()  # type: ignore[attr-defined]


def test_goal_add_edit_delete(window: MainWindow) -> None:
    goals = section(window, "Goals")
    goals.new_record()
    assert not goals.save_changes()
    assert not goals.errors["title"].isHidden()
    goals.widgets["title"].setText("Pass MRCP")
    goals.widgets["specific"].setPlainText("Sit the exam in spring")
    goals.widgets["target_date"].set_value(date(2027, 3, 1))
    assert goals.save_changes()
    [goal] = records.list_records(window.portfolio, Goal)
    assert goal.target_date == date(2027, 3, 1)
    assert goals.model.rows[0].title == "Pass MRCP"
    index = goals.proxy.index(0, 2)
    assert index.data() == "01/03/2027"
    goals.widgets["title"].setText("Pass MRCP PACES")
    assert goals.save_changes()
    assert records.get(window.portfolio, Goal, goal.id).title == "Pass MRCP PACES"
    goals.delete_current()
    assert records.list_records(window.portfolio, Goal) == []


def _relationship(window: MainWindow) -> Relationship:
    mentor = records.save(window.portfolio, Mentor(name="Dr Jones"))
    return records.save(window.portfolio, Relationship(mentor_id=mentor.id))


@pytest.mark.today("2026-11-23")  # after the sessions it records
def test_session_with_goal_links_actions_and_carry_over(window: MainWindow) -> None:
    portfolio = window.portfolio
    rel = _relationship(window)
    goal = records.save(portfolio, Goal(relationship_id=rel.id, title="Teach more"))
    earlier = records.save(
        portfolio,
        SessionRecord(topics="Catch-up", relationship_id=rel.id, held_on=date(2026, 1, 5)),
    )
    old = records.save(
        portfolio,
        Action(
            relationship_id=rel.id, origin_session_id=earlier.id, description="Read the guidance"
        ),
    )
    for s in window.sections:
        s.refresh()
    sessions = section(window, "Sessions")
    sessions.new_record()
    sessions.widgets["held_on"].set_value(date(2026, 2, 9))
    sessions.widgets["topics"].setPlainText("Teaching plan")
    sessions.widgets["private_reflection"].setPlainText("Felt nervous")
    sessions.goal_list.item(0).setCheckState(Qt.CheckState.Checked)
    assert sessions.carried.count() == 1
    sessions.carried.item(0).setCheckState(Qt.CheckState.Checked)
    sessions.new_action.setText("Plan four sessions")
    sessions.add_action_button.click()
    sessions.new_action.setText("Typed by mistake")
    sessions.add_action_button.click()
    assert sessions.actions_table.rowCount() == 2
    sessions.actions_table.setCurrentCell(1, 0)
    assert sessions.remove_action_button.isEnabled()
    sessions.remove_action_button.click()
    assert sessions.actions_table.rowCount() == 1
    assert sessions.save_changes()
    saved = [s for s in records.list_records(portfolio, SessionRecord) if s.id != earlier.id]
    assert saved[0].goal_ids == [goal.id]
    assert saved[0].private_reflection == "Felt nervous"
    new_actions = records.list_records(portfolio, Action)
    made = [a for a in new_actions if a.origin_session_id == saved[0].id]
    assert [a.description for a in made] == ["Plan four sessions"]
    assert records.get(portfolio, Action, old.id).status == ActionStatus.DONE
    # delete the session
    sessions.show_record(RecordKind.SESSION, earlier.id)
    sessions.delete_current()
    assert earlier.id not in [s.id for s in records.list_records(portfolio, SessionRecord)]


def test_actions_filters_and_edit(window: MainWindow) -> None:
    portfolio = window.portfolio
    records.save(portfolio, Action(description="Overdue thing", due_date=date(2020, 1, 1)))
    records.save(portfolio, Action(description="Done thing", status=ActionStatus.DONE))
    records.save(portfolio, Action(description="Future thing", due_date=date(2099, 1, 1)))
    actions = section(window, "Actions")
    actions.refresh()
    assert len(actions.model.rows) == 2  # open
    actions.show_combo.setCurrentText("Overdue")
    assert [a.description for a in actions.model.rows] == ["Overdue thing"]
    actions.show_combo.setCurrentText("Done")
    assert [a.description for a in actions.model.rows] == ["Done thing"]
    actions.show_combo.setCurrentText("All")
    assert len(actions.model.rows) == 3
    actions.filter.setText("future")
    assert actions.proxy.rowCount() == 1
    actions.filter.clear()
    actions.new_record()
    actions.widgets["description"].setPlainText("Brand new")
    assert actions.save_changes()
    assert len(records.list_records(portfolio, Action)) == 4
    actions.delete_current()
    assert len(records.list_records(portfolio, Action)) == 3


@pytest.mark.today("2026-02-01")
def test_a_session_dated_ahead_is_refused_and_closes_nothing(window: MainWindow) -> None:
    """A session is recorded once held (issue 16: a session dated ahead was saved,
    counted as held and closed the actions it carried)."""
    portfolio = window.portfolio
    rel = _relationship(window)
    earlier = records.save(
        portfolio,
        SessionRecord(topics="Catch-up", relationship_id=rel.id, held_on=date(2026, 1, 5)),
    )
    old = records.save(
        portfolio,
        Action(relationship_id=rel.id, origin_session_id=earlier.id, description="Read it"),
    )
    for s in window.sections:
        s.refresh()
    sessions = section(window, "Sessions")
    sessions.new_record()
    sessions.widgets["held_on"].set_value(date(2026, 2, 9))  # written up before it is held
    sessions.widgets["topics"].setPlainText("Teaching plan")
    sessions.carried.item(0).setCheckState(Qt.CheckState.Checked)
    assert not sessions.save_changes()
    note = sessions.widgets["held_on"].note
    assert "after today: a session is recorded once it has been held" in note.text()
    assert len(records.list_records(portfolio, SessionRecord)) == 1
    assert records.get(portfolio, Action, old.id).status is ActionStatus.OPEN


@pytest.mark.today("2026-11-23")
def test_marking_an_action_done_dates_it_today(window: MainWindow) -> None:
    portfolio = window.portfolio
    future = records.save(portfolio, Action(description="Future thing", due_date=date(2099, 1, 1)))
    undated = records.save(portfolio, Action(description="Done long ago", status=ActionStatus.DONE))
    actions = section(window, "Actions")
    actions.show_record(RecordKind.ACTION, undated.id)
    assert actions.widgets["completed_on"].value() is None  # loading changes nothing
    assert not actions.save_button.isEnabled()
    actions.show_record(RecordKind.ACTION, future.id)
    combo = actions.widgets["status"]
    combo.setCurrentIndex(combo.findText(ActionStatus.DONE.label))
    assert actions.widgets["completed_on"].value() == date(2026, 11, 23)
    assert actions.save_changes()
    saved = records.get(portfolio, Action, future.id)
    assert saved.status is ActionStatus.DONE and saved.completed_on == date(2026, 11, 23)


def test_checklist_from_template_tick_and_delete(window: MainWindow) -> None:
    checklists = section(window, "Checklists")
    assert checklists.template_combo.count() > 0
    checklists.start_from_template()
    assert checklists.items.rowCount() > 3
    checklists.items.item(0, 0).setCheckState(Qt.CheckState.Checked)
    checklists.items.item(0, 1).setText("Done at first meeting")
    assert checklists.save_changes()
    from app.domain.record_types import Checklist

    [saved] = records.list_records(window.portfolio, Checklist)
    assert saved.items[0].done and saved.items[0].note == "Done at first meeting"
    checklists.items.item(1, 0).setCheckState(Qt.CheckState.Checked)
    assert checklists.save_changes()
    assert records.get(window.portfolio, Checklist, saved.id).items[1].done
    checklists.delete_current()
    assert records.list_records(window.portfolio, Checklist) == []


def test_checklist_items_take_the_spare_height(window: MainWindow, qtbot) -> None:
    """A 17-item checklist should not sit in a short box above empty space."""
    window.resize(1280, 900)
    checklists = section(window, "Checklists")
    checklists.start_from_template()
    qtbot.waitUntil(lambda: checklists.items.height() > 300)  # laid out again
    form_page = checklists.items.parentWidget()
    last = checklists.add_item_button.geometry()  # the row under the table
    assert last.top() >= checklists.items.geometry().bottom()
    below = form_page.height() - last.bottom()
    assert checklists.items.height() > 300
    assert below < 30, below


def test_appraisal_profile(window: MainWindow) -> None:
    page = window.sections[SECTION_NAMES.index("Appraisal")]
    window.go_to(SECTION_NAMES.index("Appraisal"))
    page.edits["role_grade"].setText("ST4")  # type: ignore[attr-defined]
    page.next_appraisal.set_value(date(2027, 5, 1))  # type: ignore[attr-defined]
    assert page.save_changes(), page.error.text()  # type: ignore[attr-defined]
    owner = profile.get_owner(window.portfolio)
    assert owner.role_grade == "ST4" and owner.next_appraisal_date == date(2027, 5, 1)
    assert "Sessions: 0" in page.summary.text()  # type: ignore[attr-defined]


@pytest.mark.today("2027-03-31")
def test_appraisal_year_is_twelve_months_to_the_day(window: MainWindow) -> None:
    portfolio = window.portfolio
    mentor = records.save(portfolio, Mentor(name="Dr Helen Morris"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    for held_on in (date(2026, 3, 29), date(2026, 3, 31), date(2027, 3, 31)):
        records.save(
            portfolio, SessionRecord(topics="Catch-up", relationship_id=rel.id, held_on=held_on)
        )
    page = window.sections[SECTION_NAMES.index("Appraisal")]
    window.go_to(SECTION_NAMES.index("Appraisal"))
    page.refresh()  # type: ignore[attr-defined]
    # 31 March 2026 to 31 March 2027: 29 March 2026 is more than twelve months ago.
    assert "Sessions: 2 " in page.summary.text()  # type: ignore[attr-defined]


def test_unsaved_prompt_on_switch(window: MainWindow, answers) -> None:
    goals = section(window, "Goals")
    goals.widgets["title"].setText("Half typed")
    answers["question"] = QMessageBox.StandardButton.Cancel
    window.go_to(0)
    assert window.stack.currentWidget() is goals
    answers["question"] = QMessageBox.StandardButton.Save
    window.go_to(0)
    assert window.stack.currentIndex() == 0
    assert [g.title for g in records.list_records(window.portfolio, Goal)] == ["Half typed"]


def test_search_and_jump(window: MainWindow, qtbot) -> None:
    records.save(window.portfolio, Goal(title="Cardiology taster days"))
    window.open_search()
    dialog = window.search_dialog
    dialog.query.setText("cardiology")
    dialog.run_search()
    assert dialog.results.topLevelItemCount() == 1
    assert dialog.results.topLevelItem(0).text(0) == "Goals"
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    goals = window.sections[SECTION_NAMES.index("Goals")]
    assert window.stack.currentWidget() is goals
    assert goals.widgets["title"].text() == "Cardiology taster days"  # type: ignore[attr-defined]


def test_lock_keeps_draft_and_returns(window: MainWindow) -> None:
    goals = section(window, "Goals")
    goals.new_record()
    goals.widgets["title"].setText("Unsaved idea")
    window.lock_action.trigger()
    assert window.is_locked()
    assert window.sections == []
    form = window.unlock_form
    form.secret.setText("wrong passphrase")
    form.attempt()
    assert window.is_locked() and form.error.text()
    form.secret.setText(PASSPHRASE)
    form.attempt()
    assert not window.is_locked()
    page = window.stack.currentWidget()
    assert page is window.sections[SECTION_NAMES.index("Goals")]
    assert page.widgets["title"].text() == "Unsaved idea"  # type: ignore[attr-defined]
    assert page.has_unsaved_changes()


def test_auto_lock_after_idle(window: MainWindow, qtbot) -> None:
    window.auto_lock.setInterval(50)
    window.auto_lock.start()
    qtbot.waitUntil(window.is_locked, timeout=3000)
    assert window.lock_page is not None


def test_settings_saved(window: MainWindow) -> None:
    records.save(window.portfolio, Mentor(name="Dr Default"))
    window.open_settings()
    dialog = window.settings_dialog
    dialog.auto_lock.setValue(3)
    dialog.paper.setCurrentText("Letter")
    dialog.mentor.setCurrentIndex(1)
    dialog.save()
    assert dialog.result() == 1
    from app.ui.app_settings import auto_lock_minutes

    assert auto_lock_minutes() == 3
    assert window.auto_lock.interval() == 3 * 60_000
    assert profile.get_preference(window.portfolio, "paper_size") == "Letter"
    assert profile.get_preference(window.portfolio, "default_mentor_id") != ""


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_save_error_keeps_typed_text(window: MainWindow, answers, tmp_path: Path) -> None:
    goals = section(window, "Goals")
    goals.new_record()
    goals.widgets["title"].setText("Typed before the disk failed")
    folder = window.portfolio.path.parent
    os.chmod(window.portfolio.path, 0o400)
    os.chmod(folder, 0o500)
    try:
        assert not goals.save_changes()
    finally:
        os.chmod(folder, 0o700)
        os.chmod(window.portfolio.path, 0o600)
    # Said once, beside the Save button: no dialog as well.
    assert answers["warnings"] == []
    assert goals.general_error.text() and "Traceback" not in goals.general_error.text()
    assert goals.widgets["title"].text() == "Typed before the disk failed"
    assert not goals.general_error.isHidden()


def test_disk_full_keeps_typed_text(window: MainWindow, answers, monkeypatch) -> None:
    """Running as root the folder test cannot fail a write, so this one makes the
    store report a full disk the way it does for real (DiskFull from the store)."""
    from app.domain.errors import DiskFull

    sessions = section(window, "Sessions")
    sessions.new_record()
    sessions.widgets["summary"].setPlainText("A long reflective summary")

    def full(*args: object, **kwargs: object) -> None:
        raise DiskFull()

    monkeypatch.setattr(records, "save", full)
    assert not sessions.save_changes()
    assert "disk is full" in sessions.general_error.text() and answers["warnings"] == []
    assert sessions.widgets["summary"].toPlainText() == "A long reflective summary"
    assert sessions.has_unsaved_changes()


def test_signed_session_edit_refused_keeps_text(window: MainWindow, answers) -> None:
    from app.services.signing import lifecycle

    rel = _relationship(window)
    session = records.save(
        window.portfolio,
        SessionRecord(topics="Catch-up", relationship_id=rel.id, held_on=date(2026, 3, 1)),
    )
    sessions = section(window, "Sessions")
    sessions.refresh()
    sessions.show_record(RecordKind.SESSION, session.id)
    assert sessions.signing is not None and not sessions.signing.isHidden()
    lifecycle.mark_ready(window.portfolio, RecordKind.SESSION, session.id)
    sessions.signing.refresh()
    assert "ready" in sessions.signing.badge.text().lower()
    sessions.widgets["summary"].setPlainText("Changed after freezing")
    assert not sessions.save_changes()
    assert not sessions.general_error.isHidden() and answers["warnings"] == []
    assert sessions.widgets["summary"].toPlainText() == "Changed after freezing"


def test_activity_postpones_auto_lock(window: MainWindow, qtbot) -> None:
    timer = window.auto_lock
    timer.setInterval(60_000)
    timer.start()
    for _ in range(2):
        qtbot.waitUntil(lambda: timer.remainingTime() < 59_000)  # a second of idleness
        idle_left = timer.remainingTime()
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Shift)
        assert timer.remainingTime() > idle_left  # a key press starts the count again
    assert not window.is_locked()
    timer.setInterval(200)
    timer.start()
    qtbot.waitUntil(window.is_locked, timeout=3000)  # then idleness locks


def test_lock_closes_open_dialogs(window: MainWindow) -> None:
    window.open_search()
    dialog = window.search_dialog
    assert dialog.isVisible()
    window.lock()
    assert not dialog.isVisible()
    assert not window.search_action.isEnabled()


def test_settings_untick_remember_forgets_key(window: MainWindow, monkeypatch) -> None:
    from app.services import portfolio as portfolio_service

    calls: list[bool] = []
    monkeypatch.setattr(portfolio_service, "is_remembered", lambda p: True)
    monkeypatch.setattr(
        portfolio_service, "remember_on_this_computer", lambda p, remember: calls.append(remember)
    )
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog.remember.isChecked()
    dialog.remember.setChecked(False)
    dialog.save()
    assert calls == [False]


def test_settings_file_holds_no_portfolio_content(window: MainWindow, answers) -> None:
    from app.ui.app_settings import add_recent, settings

    records.save(window.portfolio, Mentor(name="Dr Secret Name"))
    add_recent(str(window.portfolio.path))
    goals = section(window, "Goals")
    goals.widgets["title"].setText("A confidential goal")
    window.lock()
    answers["question"] = QMessageBox.StandardButton.Discard
    window.close()
    store = settings()
    store.sync()
    text = Path(store.fileName()).read_text(errors="replace")
    assert "Secret" not in text and "confidential" not in text
    assert set(store.allKeys()) <= {
        "recent_portfolios",
        "auto_lock_minutes",
        "main_window/geometry",
    }


def test_contract_add_edit_delete_and_default_mentor(window: MainWindow) -> None:
    from app.domain.record_types import Contract

    portfolio = window.portfolio
    mentor = records.save(portfolio, Mentor(name="Dr Default"))
    profile.set_preference(portfolio, "default_mentor_id", str(mentor.id))
    page = section(window, "Relationships & contract")
    page.refresh()
    rels = page.relationships  # type: ignore[attr-defined]
    rels.new_record()
    assert rels.widgets["mentor_id"].currentData() == mentor.id
    assert rels.save_changes()
    contracts = page.contracts  # type: ignore[attr-defined]
    contracts.refresh()
    contracts.new_record()
    assert contracts.widgets["confidentiality"].toPlainText()  # default wording
    contracts.widgets["relationship_id"].setCurrentIndex(1)
    contracts.widgets["agreed_on"].set_value(date(2026, 1, 10))
    assert contracts.save_changes()
    [contract] = records.list_records(portfolio, Contract)
    contracts.widgets["frequency"].setPlainText("Monthly")
    assert contracts.save_changes()
    assert records.get(portfolio, Contract, contract.id).frequency == "Monthly"
    contracts.delete_current()
    assert records.list_records(portfolio, Contract) == []


def test_welcome_opens_existing_portfolio(qtbot, created) -> None:
    from app.ui.welcome import WelcomeWindow

    path = created.portfolio.path
    created.portfolio.lock()
    welcome = WelcomeWindow()
    qtbot.addWidget(welcome)
    opened: list[object] = []
    welcome.opened.connect(lambda p, demo: opened.append(p))
    welcome.open_path(path)
    dialog = welcome.unlock_dialog
    dialog.secret.setText("wrong wrong wrong")
    dialog.attempt()
    assert not dialog.error.isHidden() and opened == []
    dialog.secret.setText(PASSPHRASE)
    dialog.attempt()
    assert len(opened) == 1
    opened[0].lock()  # type: ignore[attr-defined]


def test_close_with_unsaved_changes_asks(window: MainWindow, answers) -> None:
    from app.ui.app_settings import settings

    goals = section(window, "Goals")
    goals.widgets["title"].setText("Not yet saved")
    answers["question"] = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert window.portfolio.is_open
    answers["question"] = QMessageBox.StandardButton.Save
    assert window.close()
    assert not window.portfolio.is_open
    assert settings().value("main_window/geometry") is not None


def test_goals_plan_signing_panel(window: MainWindow) -> None:
    rel = _relationship(window)
    goal = records.save(window.portfolio, Goal(relationship_id=rel.id, title="Lead QI"))
    goals = section(window, "Goals")
    goals.refresh()
    goals.show_record(RecordKind.GOAL, goal.id)
    assert not goals.plan_panel.isHidden()  # type: ignore[attr-defined]
    assert goals.plan_panel.record == (RecordKind.GOALS_PLAN, rel.id)  # type: ignore[attr-defined]


def test_welcome_is_compact_until_there_is_a_recent_list(qtbot) -> None:
    from app.ui.app_settings import RECENT_KEY, add_recent, settings
    from app.ui.welcome import WelcomeWindow

    settings().remove(RECENT_KEY)
    welcome = WelcomeWindow()
    qtbot.addWidget(welcome)
    welcome.show()
    # First run: no empty list area, and the wrapped heading is not squeezed.
    assert welcome.recent is None or welcome.recent.isHidden()
    assert welcome.height() < 300
    assert welcome.height() >= welcome.sizeHint().height()
    add_recent("/home/dr/Documents/mentoring.mpf")
    welcome.refresh_recent()
    assert welcome.recent is not None
    assert not welcome.recent.isHidden() and welcome.recent.count() == 1
    assert welcome.recent.item(0).toolTip() == "/home/dr/Documents/mentoring.mpf"
    assert welcome.height() >= 420
    settings().remove(RECENT_KEY)


def test_a_recent_portfolio_opens_from_the_list(qtbot, created) -> None:  # noqa: ANN001
    from app.ui.app_settings import add_recent
    from app.ui.welcome import WelcomeWindow

    path = created.portfolio.path
    created.portfolio.lock()
    add_recent(str(path))
    welcome = WelcomeWindow()
    qtbot.addWidget(welcome)
    assert welcome.recent is not None
    welcome.recent.itemActivated.emit(welcome.recent.item(0))
    assert welcome.unlock_dialog is not None and welcome.unlock_dialog.path == path


def test_a_new_checklist_gets_items_added_and_removed(window: MainWindow) -> None:
    """ "New" gives an empty checklist: items must be addable there, not only from a
    template."""
    from app.domain.record_types import Checklist

    checklists = section(window, "Checklists")
    checklists.new_record()
    checklists.widgets["title"].setText("Before the review meeting")
    for text in ("Bring the goals plan", "Mistake", "Book a room"):
        checklists.add_item()
        checklists.items.item(checklists.items.rowCount() - 1, 0).setText(text)
    checklists.items.setCurrentCell(1, 0)
    checklists.remove_item()
    checklists.add_item()  # added, then left empty: not saved as an item
    assert checklists.save_changes()
    [saved] = records.list_records(window.portfolio, Checklist)
    assert [item.text for item in saved.items] == ["Bring the goals plan", "Book a room"]
    assert not any(item.done for item in saved.items)
