"""File > New, File > Open and File > Open Recent show another portfolio in the same
window; a recent portfolio whose file has gone (a removed USB stick) is found again or
removed from the list, never made again at its old path (issue 18, item 7)."""

from __future__ import annotations

import sqlite3
from argparse import Namespace
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app.domain.bidi import isolate
from app.domain.record_types import Goal, OwnerProfile
from app.services import records
from app.services.portfolio import create_portfolio
from app.ui.app_settings import add_recent, recent_portfolios, set_recent
from app.ui.launch import AppController
from app.ui.main_window import SECTION_NAMES, MainWindow
from app.ui.portfolio_chooser import MissingPortfolioDialog
from app.ui.welcome import WelcomeWindow
from tests.conftest import PASSPHRASE, TEST_KDF
from tests.ui.conftest import held_elsewhere

OTHER_PASSPHRASE = "a second long passphrase"
# A menu popped up grabs the keyboard, which the offscreen platform cannot do.
menu_popup = pytest.mark.qt_log_ignore("^This plugin does not support grabbing the keyboard$")


@pytest.fixture(autouse=True)
def empty_recent_list() -> Iterator[None]:
    set_recent([])
    yield
    set_recent([])


@pytest.fixture
def picked(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """The file dialog answers ``picked["answer"]`` (a path, or "" for Cancel) and
    records how it was asked."""
    state: dict[str, object] = {"answer": "", "asked": []}

    def get_open_file_name(parent: object, title: str, start: str, filters: str) -> object:
        state["asked"].append((title, start, filters))  # type: ignore[attr-defined]
        return str(state["answer"]), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(get_open_file_name))
    return state


def other_portfolio(folder: Path, name: str = "second.mpf") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    created = create_portfolio(
        path, OwnerProfile(name="Dr Ōla Brønn"), OTHER_PASSPHRASE, kdf=TEST_KDF
    )
    records.save(created.portfolio, Goal(title="Goal of the second portfolio"))
    created.portfolio.lock()
    return path


def unlock_with_keys(qtbot, window: MainWindow | WelcomeWindow, passphrase: str) -> None:  # noqa: ANN001
    dialog = window.opener.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.secret, passphrase)
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)


def goal_titles(window: MainWindow) -> list[str]:
    return [g.title for g in records.list_records(window.portfolio, Goal)]


def test_file_open_unlocks_the_chosen_portfolio_in_this_window(
    qtbot, window: MainWindow, picked, tmp_path: Path
) -> None:  # noqa: ANN001
    first = window.portfolio
    second = other_portfolio(tmp_path / "stick")
    add_recent(str(first.path))
    picked["answer"] = str(second)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    [(title, start, filters)] = picked["asked"]  # type: ignore[misc]
    assert start == str(first.path.parent)  # where the last portfolio is
    assert "*.mpf" in filters
    unlock_with_keys(qtbot, window, OTHER_PASSPHRASE)
    assert window.portfolio.path == second and window.portfolio.is_open
    assert not first.is_open  # the one shown before is locked
    assert "second.mpf" in window.windowTitle()
    assert goal_titles(window) == ["Goal of the second portfolio"]
    assert window.stack.currentIndex() == 0 and window.sections[0].isVisible()
    assert recent_portfolios()[:2] == [str(second), str(first.path)]


def test_file_open_asks_about_unsaved_changes_first(
    qtbot, window: MainWindow, picked, answers, tmp_path: Path
) -> None:  # noqa: ANN001
    second = other_portfolio(tmp_path / "elsewhere")
    picked["answer"] = str(second)
    goals = window.sections[SECTION_NAMES.index("Goals")]
    window.go_to(SECTION_NAMES.index("Goals"))
    goals.new_record()  # type: ignore[attr-defined]
    qtbot.keyClicks(goals.widgets["title"], "Typed, not saved")  # type: ignore[attr-defined]
    answers["question"] = QMessageBox.StandardButton.Cancel
    window.open_action.trigger()
    assert picked["asked"] == []  # Cancel: nothing else is even offered
    assert goals.widgets["title"].text() == "Typed, not saved"  # type: ignore[attr-defined]
    first = window.portfolio
    answers["question"] = QMessageBox.StandardButton.Save
    window.open_action.trigger()
    assert len(picked["asked"]) == 1  # type: ignore[arg-type]
    unlock_with_keys(qtbot, window, OTHER_PASSPHRASE)
    assert window.portfolio.path == second
    reopened = create_reader(first.path)
    assert "Typed, not saved" in reopened


def create_reader(path: Path) -> list[str]:
    from app.services.portfolio import unlock_with_passphrase

    portfolio = unlock_with_passphrase(path, PASSPHRASE)
    try:
        return [g.title for g in records.list_records(portfolio, Goal)]
    finally:
        portfolio.lock()


def test_file_new_creates_and_shows_the_new_portfolio(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    monkeypatch.setattr(MainWindow, "kdf", TEST_KDF)
    first = window.portfolio
    [new_action] = [
        a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&New portfolio…"
    ]
    new_action.trigger()
    wizard = window.create_wizard
    assert wizard.isVisible()
    target = tmp_path / "made here" / "new.mpf"
    target.parent.mkdir()
    qtbot.keyClicks(wizard.name, "Dr Nia Evans")
    wizard.location.clear()
    qtbot.keyClicks(wizard.location, str(target))
    qtbot.keyClicks(wizard.passphrase, PASSPHRASE)
    qtbot.keyClicks(wizard.passphrase2, PASSPHRASE)
    qtbot.mouseClick(wizard.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 1, timeout=10000)
    qtbot.keyClicks(wizard.confirm, wizard.groups[wizard.check_group])
    qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
    assert window.portfolio.path == target and window.portfolio.is_open
    assert not first.is_open
    assert "new.mpf" in window.windowTitle()
    assert recent_portfolios()[0] == str(target)


@menu_popup
def test_open_recent_lists_names_and_folders_and_opens_by_number_key(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # noqa: ANN001
    second = other_portfolio(tmp_path / "Work & play")
    gone = tmp_path / "usb" / "old.mpf"
    add_recent(str(gone))
    add_recent(str(second))
    menu = window.recent_menu
    menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(menu.isVisible, timeout=3000)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == [
        # Name and folder isolated (FSI ... PDI): either may be right-to-left.
        f"&1 {isolate('second.mpf')} — {isolate(f'{tmp_path}/Work && play')}",
        f"&2 {isolate('old.mpf')} — {isolate(f'{tmp_path}/usb')} (not found)",
        "&Clear list",
    ]
    qtbot.keyClick(menu, Qt.Key.Key_1)
    unlock_with_keys(qtbot, window, OTHER_PASSPHRASE)
    assert window.portfolio.path == second


@menu_popup
def test_clear_list_empties_open_recent(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    add_recent(str(tmp_path / "one.mpf"))
    menu = window.recent_menu
    menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(menu.isVisible, timeout=3000)
    qtbot.keyClick(menu, Qt.Key.Key_C)
    assert recent_portfolios() == []
    menu.rebuild()
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "No recent portfolios",
        "&Clear list",
    ]
    assert not menu.clear_action.isEnabled()


def _missing_dialog(window: MainWindow | WelcomeWindow) -> MissingPortfolioDialog:
    dialog = window.opener.missing_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def find_it_by_keyboard(qtbot, dialog: MissingPortfolioDialog) -> None:  # noqa: ANN001
    """Return presses Find it…, the dialog's default button."""
    qtbot.keyClick(dialog, Qt.Key.Key_Return)


def remove_by_keyboard(qtbot, dialog: MissingPortfolioDialog) -> None:  # noqa: ANN001
    """Tab to Remove from list, then Space."""
    dialog.find_button.setFocus()
    qtbot.keyClick(dialog.find_button, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.remove_button
    qtbot.keyClick(dialog.remove_button, Qt.Key.Key_Space)


def test_a_recent_portfolio_on_a_removed_stick_can_be_found_where_it_is_now(
    qtbot, window: MainWindow, picked, tmp_path: Path
) -> None:  # noqa: ANN001
    first = window.portfolio
    was = tmp_path / "media" / "USB STICK" / "Mentoring" / "second.mpf"
    (tmp_path / "media").mkdir()
    now = other_portfolio(tmp_path / "copied back")
    add_recent(str(first.path))
    add_recent(str(was))
    window.open_recent(was)
    dialog = _missing_dialog(window)
    sentence = dialog.sentence.text()
    assert "second.mpf was not found in" in sentence and str(was.parent) in sentence
    assert window.portfolio is first and first.is_open  # nothing changed yet
    picked["answer"] = str(now)
    find_it_by_keyboard(qtbot, dialog)
    [(_title, start, _filters)] = picked["asked"]  # type: ignore[misc]
    assert start == str(tmp_path / "media")  # the nearest folder still there
    unlock_with_keys(qtbot, window, OTHER_PASSPHRASE)
    assert window.portfolio.path == now
    assert recent_portfolios() == [str(now), str(first.path)]
    assert not (tmp_path / "media" / "USB STICK").exists()  # nothing made at the old path


def test_a_missing_portfolio_can_be_removed_from_the_list(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # noqa: ANN001
    was = tmp_path / "renamed folder" / "portfolio.mpf"
    add_recent(str(was))
    add_recent(str(window.portfolio.path))
    window.open_recent(was)
    dialog = _missing_dialog(window)
    remove_by_keyboard(qtbot, dialog)
    assert not dialog.isVisible()
    assert recent_portfolios() == [str(window.portfolio.path)]
    assert not was.parent.exists()
    assert window.portfolio.is_open


def test_find_it_refuses_a_file_that_is_not_a_portfolio(
    qtbot, window: MainWindow, picked, tmp_path: Path
) -> None:  # noqa: ANN001
    was = tmp_path / "gone" / "portfolio.mpf"
    add_recent(str(was))
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n" * 200)
    window.open_recent(was)
    dialog = _missing_dialog(window)
    picked["answer"] = str(notes)
    find_it_by_keyboard(qtbot, dialog)
    assert dialog.isVisible() and "notes.txt is not a Mentee Portfolio file" in dialog.error.text()
    assert recent_portfolios() == [str(was)]


@pytest.mark.parametrize("kind", ["text", "sqlite", "folder", "empty"])
def test_opening_something_that_is_not_a_portfolio_says_so_and_changes_nothing(
    qtbot, window: MainWindow, picked, answers, tmp_path: Path, kind: str
) -> None:  # noqa: ANN001
    first = window.portfolio
    target = tmp_path / f"chosen-{kind}.mpf"
    if kind == "text":
        target = tmp_path / "letter.pdf"
        target.write_bytes(b"%PDF-1.4\n" + b"x" * 4000)
    elif kind == "sqlite":
        with sqlite3.connect(target) as db:
            db.execute("create table t (x)")
        db.close()
    elif kind == "folder":
        target.mkdir()
    else:
        target.write_bytes(b"")
    picked["answer"] = str(target)
    window.open_action.trigger()
    [sentence] = answers["warnings"]  # type: ignore[misc]
    assert "Nothing was opened." in sentence and target.name in sentence
    assert window.portfolio is first and first.is_open
    assert window.opener.unlock_dialog is None
    assert recent_portfolios() == []


def test_opening_the_portfolio_already_shown_says_so(window: MainWindow, picked, answers) -> None:  # noqa: ANN001
    picked["answer"] = str(window.portfolio.path)
    window.open_action.trigger()
    name = isolate(window.portfolio.path.name)
    assert answers["warnings"] == [f"{name} is already open in this window."]
    assert window.portfolio.is_open and window.opener.unlock_dialog is None


def test_opening_a_portfolio_open_in_another_window_brings_that_one_forward(
    window: MainWindow, picked, answers, tmp_path: Path
) -> None:  # noqa: ANN001
    first = window.portfolio
    second = other_portfolio(tmp_path / "held")
    with held_elsewhere(second) as holder:
        picked["answer"] = str(second)
        window.open_action.trigger()
        assert holder.readline().strip() == "asked forward"
        assert answers["warnings"] == [
            f"{isolate('second.mpf')} is already open in another window; it has been brought"
            " to the front."
        ]
        assert window.portfolio is first and first.is_open
        assert window.opener.unlock_dialog is None


def test_welcome_marks_a_missing_portfolio_and_offers_to_find_it(
    qtbot, picked, tmp_path: Path
) -> None:  # noqa: ANN001
    here = other_portfolio(tmp_path / "now here")
    was = tmp_path / "stick" / "second.mpf"
    add_recent(str(was))
    welcome = WelcomeWindow()
    qtbot.addWidget(welcome)
    welcome.show()
    assert welcome.recent is not None
    assert (
        welcome.recent.item(0).text()
        == f"{isolate('second.mpf')} — {isolate(str(was.parent))} (not found)"
    )
    opened: list[object] = []
    welcome.opened.connect(lambda portfolio, demo: opened.append(portfolio))
    welcome.recent.setCurrentRow(0)
    welcome.recent.setFocus()
    qtbot.keyClick(welcome.recent, Qt.Key.Key_Return)
    dialog = _missing_dialog(welcome)
    picked["answer"] = str(here)
    find_it_by_keyboard(qtbot, dialog)
    assert welcome.recent.item(0).text() == f"{isolate('second.mpf')} — {isolate(str(here.parent))}"
    unlock_with_keys(qtbot, welcome, OTHER_PASSPHRASE)
    assert len(opened) == 1
    opened[0].lock()  # type: ignore[attr-defined]
    assert not was.parent.exists()


def test_launch_with_the_last_portfolio_gone_says_where_it_was_expected(
    qtbot, tmp_path: Path
) -> None:  # noqa: ANN001
    was = tmp_path / "USB" / "portfolio.mpf"
    add_recent(str(was))
    controller = AppController()
    controller.start(Namespace(demo=False, portfolio=None))
    qtbot.addWidget(controller.welcome)
    assert controller.welcome.isVisible() and controller.unlock_dialog is None
    dialog = _missing_dialog(controller.welcome)
    assert f"portfolio.mpf was not found in {was.parent}" in dialog.sentence.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert recent_portfolios() == [str(was)]  # never silently dropped
    assert not was.parent.exists()  # nor made again
    controller.cleanup()
    QApplication.processEvents()


def test_a_locked_window_opens_another_but_keeps_unsaved_drafts_first(
    qtbot, window: MainWindow, picked, answers, tmp_path: Path
) -> None:  # noqa: ANN001
    first = window.portfolio
    second = other_portfolio(tmp_path / "after lock")
    picked["answer"] = str(second)
    goals = window.sections[SECTION_NAMES.index("Goals")]
    window.go_to(SECTION_NAMES.index("Goals"))
    goals.new_record()  # type: ignore[attr-defined]
    qtbot.keyClicks(goals.widgets["title"], "Draft while locked")  # type: ignore[attr-defined]
    window.lock()
    window.open_action.trigger()
    assert picked["asked"] == [] and len(answers["warnings"]) == 1  # type: ignore[arg-type]
    assert "unsaved changes from before it was locked" in answers["warnings"][0]  # type: ignore[index]
    assert window.portfolio is first and window.is_locked()
    window.unlock_form.secret.setText(PASSPHRASE)
    window.unlock_form.attempt()
    section = window.current_section()
    assert section is not None and section.save_changes()
    window.lock()  # nothing unsaved this time
    window.open_action.trigger()
    unlock_with_keys(qtbot, window, OTHER_PASSPHRASE)
    assert window.portfolio.path == second and not window.is_locked()
    assert window.lock_page is None and window.open_action.isEnabled()
    assert window.search_action.isEnabled()
    assert "Draft while locked" in create_reader(first.path)


def test_through_the_app_the_window_claim_moves_to_the_portfolio_shown(
    qtbot, created, tmp_path: Path, picked
) -> None:  # noqa: ANN001
    from app.ui.window_claim import instance_key

    controller = AppController()
    controller.open_main(created.portfolio)
    main = controller.main
    qtbot.addWidget(main)
    assert controller.guard.key == instance_key(created.portfolio.path)
    second = other_portfolio(tmp_path / "claimed")
    picked["answer"] = str(second)
    main.open_action.trigger()
    unlock_with_keys(qtbot, main, OTHER_PASSPHRASE)
    assert controller.main is main and main.portfolio.path == second
    assert controller.guard.key == instance_key(second)
    main.close()
    controller.cleanup()
