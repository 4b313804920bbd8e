"""A walk through every section of the main window with the app's keyboard rules on
(issue 16, found in review): no list, table or tree traps Tab, and every control a
screen reader reaches has a name (its own accessible name, or the label it belongs to).
The record's buttons have shortcuts, listed in Help > Keyboard shortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.enums import RecordKind
from app.services.signing import lifecycle
from app.ui.desktop import prepare_application
from app.ui.main_window import SHORTCUTS, MainWindow
from app.ui.sections.contract_form import ContractForm
from tests.printing.conftest import Filled, filled  # noqa: F401 - the fixture

CONTROLS = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)


def _named(widget: QWidget, labelled: set[int]) -> bool:
    if widget.accessibleName().strip() or id(widget) in labelled:
        return True
    return isinstance(widget, QAbstractButton) and bool(widget.text().replace("&", "").strip())


def _problems(root: QWidget) -> list[str]:
    labelled = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy()}
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, CONTROLS):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or widget.objectName().startswith("qt_"):
            continue  # Qt's own parts of a control (a date field's text) share its name
        where = f"{type(widget).__name__} {widget.objectName() or widget.accessibleName()!r}"
        if isinstance(widget, QAbstractItemView) and widget.tabKeyNavigation():
            found.append(f"Tab is trapped in {where}")
        if not _named(widget, labelled):
            parent = widget.parentWidget()
            found.append(f"no name: {where} in {type(parent).__name__}")
    return found


def test_every_section_lets_tab_out_and_names_its_controls(
    qtbot: QtBot,
    qapp: QApplication,
    filled: Filled,  # noqa: F811
) -> None:
    prepare_application(qapp)
    window = MainWindow(filled.portfolio)
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.show()
    qtbot.waitExposed(window)
    problems: dict[str, list[str]] = {}
    for row in range(window.sidebar.count()):
        window.sidebar.setCurrentRow(row)
        section = window.stack.currentWidget()
        # A section shows its first record, so its form and its buttons are on screen.
        model = section.table.model() if hasattr(section, "table") else None
        if model is not None and model.rowCount():
            section.table.selectRow(0)
        qapp.processEvents()
        found = _problems(window)
        if found:
            problems[window.sidebar.item(row).text()] = sorted(set(found))
    assert problems == {}


def test_the_record_buttons_have_shortcuts_listed_in_help(
    qtbot: QtBot,
    qapp: QApplication,
    filled: Filled,  # noqa: F811
    answers: dict[str, object],
) -> None:
    window = MainWindow(filled.portfolio)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    listed = dict(SHORTCUTS)
    for key in ("Ctrl+P", "Ctrl+R", "Ctrl+E", "Ctrl+D"):
        assert key in listed
    window.jump_to(RecordKind.CONTRACT, filled.contract.id)
    [section] = [s for s in window.findChildren(ContractForm) if s.isVisible()]
    assert section.signing is not None and section.signing.ready_button.isVisible()
    window.activateWindow()  # shortcuts act in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    section.table.setFocus()
    qtbot.keyClick(section.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    frozen = lambda: lifecycle.is_frozen(filled.portfolio, RecordKind.CONTRACT, filled.contract.id)  # noqa: E731
    qtbot.waitUntil(frozen, timeout=20_000)
