"""From the welcome window to a locked and unlocked portfolio, through the controller
the entry point uses; saves screenshots of each step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.domain.record_types import SessionRecord
from app.services import records
from app.ui.launch import AppController
from app.ui.main_window import SECTION_NAMES
from app.ui.welcome import WelcomeWindow
from tests.conftest import PASSPHRASE, TEST_KDF


def test_create_add_session_lock_unlock(qtbot, tmp_path: Path, monkeypatch, answers) -> None:
    monkeypatch.setattr(WelcomeWindow, "kdf", TEST_KDF)
    shots = tmp_path / "shots"
    shots.mkdir()
    controller = AppController()
    qtbot.addWidget(controller.welcome)
    controller.welcome.show()
    controller.welcome.grab().save(str(shots / "1-welcome.png"))
    qtbot.mouseClick(controller.welcome.create_button, Qt.MouseButton.LeftButton)
    wizard = controller.welcome.wizard
    wizard.name.setText("Dr Priya Shah")
    wizard.location.setText(str(tmp_path / "e2e.mpf"))
    wizard.passphrase.setText(PASSPHRASE)
    wizard.passphrase2.setText(PASSPHRASE)
    qtbot.mouseClick(wizard.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 1, timeout=10000)
    wizard.grab().save(str(shots / "2-recovery-code.png"))
    wizard.confirm.setText(wizard.groups[wizard.check_group])
    qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
    main = controller.main
    assert main is not None
    qtbot.addWidget(main)
    assert controller.welcome.isHidden()
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow, timeout=3000)
    sessions = main.sections[SECTION_NAMES.index("Sessions")]
    main.go_to(SECTION_NAMES.index("Sessions"))
    sessions.widgets["topics"].setPlainText("Too early")  # type: ignore[attr-defined]
    assert not sessions.save_changes()
    assert "Relationships" in sessions.errors["relationship_id"].text()  # type: ignore[attr-defined]
    sessions.revert()  # type: ignore[attr-defined]
    main.go_to(SECTION_NAMES.index("Relationships & contract"))
    page = main.sections[SECTION_NAMES.index("Relationships & contract")]
    page.mentors.widgets["name"].setText("Dr Mentor")  # type: ignore[attr-defined]
    assert page.mentors.save_changes()  # type: ignore[attr-defined]
    combo = page.relationships.widgets["mentor_id"]  # type: ignore[attr-defined]
    combo.setCurrentIndex(1)
    assert page.relationships.save_changes()  # type: ignore[attr-defined]
    main.go_to(SECTION_NAMES.index("Sessions"))
    sessions = main.sections[SECTION_NAMES.index("Sessions")]
    sessions.new_record()  # type: ignore[attr-defined]
    sessions.widgets["topics"].setPlainText("First meeting")  # type: ignore[attr-defined]
    sessions.widgets["topics"].setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(
        sessions.widgets["topics"],
        Qt.Key.Key_S,  # type: ignore[attr-defined]
        Qt.KeyboardModifier.ControlModifier,
    )
    assert [s.topics for s in records.list_records(main.portfolio, SessionRecord)] == [
        "First meeting"
    ]
    main.grab().save(str(shots / "3-session.png"))
    qtbot.keyClick(main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert main.is_locked()
    main.grab().save(str(shots / "4-locked.png"))
    main.unlock_form.secret.setText(PASSPHRASE)
    qtbot.keyClick(main.unlock_form.secret, Qt.Key.Key_Return)
    assert not main.is_locked()
    assert main.stack.currentIndex() == SECTION_NAMES.index("Sessions")
    main.grab().save(str(shots / "5-unlocked.png"))
    assert len(list(shots.glob("*.png"))) == 5
    main.close()
    controller.cleanup()
