"""The look (issue 16, found in review): light or dark as the system (or the user)
says, with no colour of its own that fails on either; a text size chosen in Settings
applied to the whole app and kept; warnings said in words or with an icon, never by
colour alone; keyboard focus you can see on every control, light and dark; every form
label with an Alt+letter that reaches its field; and the Overview's cards read out by
a screen reader (through QAccessible, what Qt gives AT-SPI and Orca)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.ui import look
from app.ui.app_settings import settings
from app.ui.desktop import prepare_application
from app.ui.keyboard import mnemonic_of, used_mnemonics
from app.ui.main_window import MainWindow
from app.ui.settings_dialog import SettingsDialog
from tests.printing.conftest import Filled, filled  # noqa: F401 - the fixture
from tests.ui.conftest import each_page

UI = Path(__file__).parents[2] / "app" / "ui"
#: Colours that mean something fixed: the signature pad is a white sheet of paper
#: with dark ink whatever the window around it; look.py and the status badges hold
#: the app's colour pairs, each in a light and a dark version.
OWN_COLOURS = {"look.py", "signing/pad.py", "signing/status.py"}
HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b")
NAMED = re.compile(r"\b(?:color|background)\s*:\s*(?!palette\()[a-z]+\b")


@pytest.fixture
def chosen_look(qapp: QApplication) -> Iterator[None]:
    """Settings of the look go back to the defaults after the test."""
    prepare_application(qapp)
    yield
    settings().remove(look.APPEARANCE_KEY)
    settings().remove(look.TEXT_SIZE_KEY)
    look.apply_look()


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_no_colour_is_written_into_the_windows() -> None:
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.relative_to(UI).as_posix() in OWN_COLOURS:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HEX.search(line) or NAMED.search(line) or "Qt.GlobalColor." in line:
                found.append(f"{path.relative_to(UI)}:{number}: {line.strip()}")
    assert found == []


def _open_window(qtbot: QtBot, filled: Filled) -> MainWindow:  # noqa: F811
    window = MainWindow(filled.portfolio)
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.show()
    qtbot.waitExposed(window)
    return window


def _choose(qtbot: QtBot, window: MainWindow, appearance: str, size: str = "100%") -> None:
    """Settings > Appearance and Text size, chosen with the keyboard, then OK."""
    window.open_settings()
    dialog = window.settings_dialog
    qtbot.waitExposed(dialog)
    for combo, wanted in ((dialog.appearance, appearance), (dialog.text_size, size)):
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Home)
        for _ in range(combo.count()):
            if combo.currentText() == wanted:
                break
            qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentText() == wanted
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def _unreadable(window: MainWindow) -> list[str]:
    """Labels whose text colour is too close to what is behind it (WCAG AA, 4.5:1)."""
    found = []
    for label in window.findChildren(QLabel):
        if not label.isVisible() or not label.text().strip() or label.pixmap().width() > 0:
            continue
        palette = label.palette()
        text = palette.color(QPalette.ColorGroup.Active, label.foregroundRole())
        behind = palette.color(label.backgroundRole())
        own = label.property("tone") or "background" in label.styleSheet()
        if not label.autoFillBackground() and not own:
            behind = label.parentWidget().palette().color(QPalette.ColorRole.Window)
        if label.isEnabled() and _contrast(text, behind) < 4.5:
            found.append(f"{label.text()[:40]!r}: {text.name()} on {behind.name()}")
    return found


@pytest.mark.today("2026-11-23")
def test_dark_and_light_every_label_reads(
    qtbot: QtBot,
    qapp: QApplication,
    filled: Filled,  # noqa: F811
    chosen_look: None,
) -> None:
    window = _open_window(qtbot, filled)
    for appearance, dark in (("Dark", True), ("Light", False)):
        _choose(qtbot, window, appearance)
        assert look.is_dark() is dark
        problems = {page: _unreadable(window) for page in each_page(window, qapp)}
        assert {page: found for page, found in problems.items() if found} == {}, appearance


def test_following_the_system_scheme(qapp: QApplication, chosen_look: None) -> None:
    """ "Follow the system": Qt's colour scheme when the platform says one, else the
    system palette's own lightness; a scheme change is followed at once."""
    shown = look.keep_look(qapp)
    settings().setValue(look.APPEARANCE_KEY, "system")
    hints = qapp.styleHints()
    scheme = hints.colorScheme()
    if scheme == Qt.ColorScheme.Unknown:
        assert shown.wants_dark() is look.is_dark(shown.system_palette)
    else:
        assert shown.wants_dark() is (scheme == Qt.ColorScheme.Dark)
    settings().setValue(look.APPEARANCE_KEY, "dark")
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # what the platform says on a switch
    assert look.is_dark()


def test_text_size_is_applied_everywhere_and_kept(
    qtbot: QtBot,
    qapp: QApplication,
    filled: Filled,  # noqa: F811
    chosen_look: None,
) -> None:
    window = _open_window(qtbot, filled)
    before = QApplication.font().pointSizeF()
    heading = window.sections[0].heading.fontInfo().pointSizeF()
    field_height = window.findChildren(QLineEdit)[0].sizeHint().height()
    _choose(qtbot, window, "Follow the system", "150%")
    assert QApplication.font().pointSizeF() == pytest.approx(before * 1.5)
    assert window.sections[0].heading.fontInfo().pointSizeF() > heading * 1.3
    assert window.findChildren(QLineEdit)[0].sizeHint().height() > field_height
    again = SettingsDialog(filled.portfolio)
    qtbot.addWidget(again)
    assert again.text_size.currentText() == "150%"  # kept for the next start
    assert look.text_size() == 150


@pytest.mark.today("2026-11-23")
def test_warnings_say_it_in_words_or_with_an_icon(
    qtbot: QtBot,
    qapp: QApplication,
    filled: Filled,  # noqa: F811
    chosen_look: None,
) -> None:
    window = _open_window(qtbot, filled)
    shown = [
        label
        for label in window.sections[0].findChildren(QLabel)
        if label.isVisible() and label.property("tone") in ("warning", "error", "due")
    ]
    assert shown, "the filled portfolio has an overdue action and no backup"
    words = ("⚠", "Overdue", "Due soon")
    assert [label.text() for label in shown if not any(w in label.text() for w in words)] == []
    actions = window.sections[0].cards["Actions"].text()
    assert "overdue" in actions and "⚠" in actions


def test_the_overview_cards_are_read_out(
    qtbot: QtBot,
    qapp: QApplication,
    filled: Filled,  # noqa: F811
) -> None:
    window = _open_window(qtbot, filled)
    overview = window.sections[0]
    for title, card in overview.cards.items():
        reader = QAccessible.queryAccessibleInterface(card)
        assert reader is not None
        assert reader.text(QAccessible.Text.Name) == title
        said = reader.text(QAccessible.Text.Description)
        assert said and "<b>" not in said and "<div" not in said, title
    actions = QAccessible.queryAccessibleInterface(overview.cards["Actions"])
    assert "1 open, 1 overdue" in actions.text(QAccessible.Text.Description)
    summary = QAccessible.queryAccessibleInterface(overview.signatures.summary)
    assert "Mark ready to sign" in summary.text(QAccessible.Text.Description)


def test_keyboard_focus_shows_on_every_control_light_and_dark(
    qtbot: QtBot,
    qapp: QApplication,
    filled: Filled,  # noqa: F811
    chosen_look: None,
) -> None:
    """Tab through each section with real key presses: every control the focus stops
    at looks different while it has the focus."""
    window = _open_window(qtbot, filled)
    for appearance in ("Dark", "Light"):
        _choose(qtbot, window, appearance)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        unseen = []
        for page in each_page(window, qapp):
            window.sidebar.setFocus(Qt.FocusReason.TabFocusReason)
            seen: list[QWidget] = []
            for _ in range(80):
                qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
                control = QApplication.focusWidget()
                if control is None or control is window.sidebar or control in seen:
                    break
                seen.append(control)
                focused = control.grab().toImage()
                window.sidebar.setFocus(Qt.FocusReason.TabFocusReason)
                qapp.processEvents()
                if control.grab().toImage() == focused:
                    name = control.accessibleName() or getattr(control, "text", str)()
                    unseen.append(f"{page}: {type(control).__name__} {name!r}")
                control.setFocus(Qt.FocusReason.TabFocusReason)
                qapp.processEvents()
            assert len(seen) > 3, page
        assert unseen == [], f"{appearance}: " + "; ".join(unseen)


def test_every_form_label_has_an_alt_letter_that_reaches_its_field(
    qtbot: QtBot,
    qapp: QApplication,
    filled: Filled,  # noqa: F811
) -> None:
    prepare_application(qapp)
    window = _open_window(qtbot, filled)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    problems = []
    for page in each_page(window, qapp):
        labels = [
            label
            for label in window.stack.currentWidget().findChildren(QLabel)
            if label.isVisible() and label.buddy() is not None and label.text()
        ]
        for label in labels:
            letter = mnemonic_of(label.text())
            if letter is None:
                problems.append(f"{page}: {label.text()!r} has no Alt+letter")
                continue
            if letter in used_mnemonics(label, labels_too=False):
                problems.append(f"{page}: Alt+{letter} of {label.text()!r} presses a button")
                continue
            window.sidebar.setFocus()
            buddy = label.buddy()
            for _ in range(12):  # a letter labels share: each press moves on
                qtbot.keyClick(QApplication.focusWidget(), letter, Qt.KeyboardModifier.AltModifier)
                focused = QGuiApplication.focusObject()
                if focused is buddy or buddy.isAncestorOf(focused):
                    break
            else:
                problems.append(f"{page}: Alt+{letter} went to {type(focused).__name__}")
    assert problems == [], "\n".join(problems)


def test_a_read_only_field_follows_a_change_of_look(qapp: QApplication, chosen_look: None) -> None:
    """A field shown as text (a frozen record's Relationship, a held line) takes the
    window's colour as its background in the look of the moment: switching to dark
    (in Settings, or the system at dusk) left it a white box with pale text."""
    from app.ui.sections import read_only

    settings().setValue(look.APPEARANCE_KEY, "light")
    look.apply_look()
    field = QLineEdit("Dr Αλέξανδρος Łukasz")
    read_only.tinted(field)
    for appearance in ("dark", "light", "dark"):
        settings().setValue(look.APPEARANCE_KEY, appearance)
        look.apply_look()
        shown = field.palette()
        window = qapp.palette().color(QPalette.ColorRole.Window)
        assert shown.color(QPalette.ColorRole.Base) == window, appearance
        text = shown.color(QPalette.ColorRole.Text)
        assert _contrast(text, shown.color(QPalette.ColorRole.Base)) >= 4.5, appearance
