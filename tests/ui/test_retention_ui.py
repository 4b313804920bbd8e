"""Retention in the window: Settings takes the number of months (kept in the
portfolio), shows what would go before anything does, and deletes it only when asked;
the pin beside a private layer is reached and ticked with the keyboard; set to
"automatically", unlocking deletes what is due."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.domain.enums import RecordKind, SessionFormat
from app.domain.record_types import Mentor, Relationship, SessionRecord
from app.services import backup as backup_service
from app.services import records, retention
from app.services.portfolio import Portfolio
from app.ui.main_window import SECTION_NAMES, MainWindow
from app.ui.retention_dialog import RetentionDialog

SECRET = "I felt out of my depth on nights"


@pytest.fixture
def old_session(portfolio: Portfolio) -> SessionRecord:
    mentor = records.save(portfolio, Mentor(name="Dr Mary Seacole"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2024, 1, 8)))
    return records.save(
        portfolio,
        SessionRecord(
            relationship_id=rel.id,
            held_on=date(2024, 5, 10),
            format=SessionFormat.VIDEO,
            topics="Nights",
            private_reflection=SECRET,
        ),
    )


@pytest.mark.today("2026-11-23")
def test_settings_preview_then_delete(
    qtbot, window: MainWindow, old_session: SessionRecord, answers: dict[str, object]
) -> None:
    window.open_settings()
    dialog = window.settings_dialog
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(QApplication.focusWidget(), "r", Qt.KeyboardModifier.AltModifier)
    assert dialog.retention_months.hasFocus(), QApplication.focusWidget()
    dialog.retention_months.selectAll()
    qtbot.keyClicks(dialog.retention_months, "12")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(dialog.retention_dialog, RetentionDialog))
    offered = dialog.retention_dialog
    assert offered is not None
    qtbot.waitExposed(offered)
    listed = offered.listing.toPlainText()
    assert f"Session record {old_session.id} of 10 May 2024: private reflection" in listed
    assert SECRET not in listed
    assert retention.setting(window.portfolio) == retention.Setting(12, False)
    # Shown is not deleted; Delete for good asks once more, then deletes.
    assert records.get(window.portfolio, SessionRecord, old_session.id).private_reflection
    qtbot.waitUntil(lambda: QApplication.activeWindow() is offered)
    assert offered.not_now.hasFocus()  # the safe choice is the one under Enter
    qtbot.keyClick(QApplication.focusWidget(), "d", Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not offered.isVisible())
    assert records.get(window.portfolio, SessionRecord, old_session.id).private_reflection == ""
    assert any("Deleted the private layers of 1 record" in w for w in answers["warnings"])


@pytest.mark.today("2026-11-23")
def test_the_pin_is_ticked_with_the_keyboard(
    qtbot, window: MainWindow, old_session: SessionRecord
) -> None:
    index = SECTION_NAMES.index("Sessions")
    window.go_to(index)
    form = window.sections[index]
    form.open_id(old_session.id)
    pin = form.pin
    assert pin is not None and pin.isEnabled() and not pin.isChecked()
    pin.setFocus()
    qtbot.keyClick(pin, Qt.Key.Key_Space)
    assert retention.is_pinned(window.portfolio, RecordKind.SESSION, old_session.id)
    assert retention.preview(window.portfolio, 12).layers == ()


@pytest.mark.today("2026-11-23")
def test_unlocking_deletes_what_is_due_when_set_to_automatically(
    qtbot, portfolio: Portfolio, old_session: SessionRecord, answers: dict[str, object]
) -> None:
    retention.save_setting(portfolio, retention.Setting(12, automatic=True))
    win = MainWindow(portfolio)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(
        lambda: records.get(portfolio, SessionRecord, old_session.id).private_reflection == ""
    )
    win.close()


@pytest.mark.today("2026-11-23")
def test_show_what_would_go_then_prune_the_backups(
    qtbot, window: MainWindow, old_session: SessionRecord, answers: dict[str, object]
) -> None:
    held, _ = backup_service.backup(window.portfolio)
    window.open_settings()
    dialog = window.settings_dialog
    dialog.retention_months.setValue(12)
    qtbot.mouseClick(dialog.retention_review, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(dialog.retention_dialog, RetentionDialog))
    offered = dialog.retention_dialog
    assert held.name in offered.listing.toPlainText()
    assert "makes a fresh backup first" in offered.remain.text()
    offered.prune.setFocus()
    qtbot.keyClick(offered.prune, Qt.Key.Key_Space)
    qtbot.mouseClick(offered.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not offered.isVisible())
    assert any("Removed 1 backup that held" in w for w in answers["warnings"])
    # (The window's own backups may take the same name again: the test's clock is still.)
    assert retention.preview(window.portfolio, 12).holding == ()
    assert records.get(window.portfolio, SessionRecord, old_session.id).private_reflection == ""
    # Looking was not saving: the setting is still off until OK.
    assert retention.setting(window.portfolio).months is None
