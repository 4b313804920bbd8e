"""The safekeeping dialogs driven as a user would (typed keys, clicked buttons) over
real SQLCipher portfolios: backups and their status, restore (replace and to a new
file, a damaged backup refused), change passphrase, new recovery code, and this
computer's keyring; the File menu's entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QRadioButton, QWidget

from app.domain.errors import KnownError
from app.domain.record_types import Mentor
from app.services import backup as backup_service
from app.services import records
from app.services.portfolio import (
    CreatedPortfolio,
    Portfolio,
    unlock_with_passphrase,
    unlock_with_recovery_code,
)
from app.store import keyring_slot
from app.ui.main_window import MainWindow
from app.ui.new_passphrase import MISMATCH
from app.ui.printing.preview import PrintPreviewDialog
from app.ui.safekeeping.backup_dialog import BackupDialog
from app.ui.safekeeping.passphrase_dialog import ChangePassphraseDialog
from app.ui.safekeeping.plan_settings import load_plan, save_plan
from app.ui.safekeeping.recovery_code_dialog import NewRecoveryCodeDialog
from app.ui.safekeeping.restore_dialog import RestoreDialog
from app.ui.safekeeping.status_line import BackupStatusLine
from app.ui.safekeeping.this_computer_dialog import ThisComputerDialog
from tests.conftest import PASSPHRASE, TEST_KDF

LEFT = Qt.MouseButton.LeftButton


def _mentors(pf: Portfolio) -> list[str]:
    return sorted(m.name for m in records.list_records(pf, Mentor))


@pytest.fixture
def with_backup(portfolio: Portfolio) -> tuple[Portfolio, Path]:
    records.save(portfolio, Mentor(name="Dr Before"))
    made, _ = backup_service.backup(portfolio)
    records.save(portfolio, Mentor(name="Dr After"))
    return portfolio, made


@pytest.fixture(autouse=True)
def _no_plan_left_over(portfolio: Portfolio) -> None:
    from app.services.auto_backup import BackupPlan

    save_plan(portfolio.portfolio_id, BackupPlan())


def test_backup_dialog_backs_up_now_and_says_the_second_folder_is_missing(
    qtbot, portfolio: Portfolio, tmp_path: Path
) -> None:
    dialog = BackupDialog(portfolio)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.status.text() == "No backup has been made yet."
    usb = tmp_path / "usb-stick"
    qtbot.keyClicks(dialog.second, str(usb))
    qtbot.mouseClick(dialog.now_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.task.running() and dialog.now_button.isEnabled())
    said = dialog.message.text()
    assert "is not there" in said and "Backup made in" in said
    assert dialog.status.text().startswith("Last backup:")
    assert load_plan(portfolio.portfolio_id).second_folder == usb
    usb.mkdir()
    qtbot.mouseClick(dialog.now_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.task.running() and dialog.now_button.isEnabled())
    assert "is not there" not in dialog.message.text()
    assert any(usb.iterdir())
    dialog.interval.selectAll()
    qtbot.keyClicks(dialog.interval, "25")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert load_plan(portfolio.portfolio_id).interval.total_seconds() == 25 * 60


def test_backup_dialog_refuses_a_folder_inside_the_portfolio_in_one_sentence(
    qtbot, portfolio: Portfolio
) -> None:
    dialog = BackupDialog(portfolio)
    qtbot.addWidget(dialog)
    dialog.second.setText("")
    qtbot.keyClicks(dialog.second, str(portfolio.path))
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.message.text().startswith("Refused to write the backups")
    assert dialog.isVisible() is False or dialog.result() == 0


def _tick(qtbot, radio: QRadioButton) -> None:
    """Click on the button's indicator (a wide radio button's middle is empty space)."""
    qtbot.mouseClick(radio, LEFT, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()


def _type_passphrase(qtbot, dialog: RestoreDialog, secret: str = PASSPHRASE) -> None:
    dialog.secret.clear()
    qtbot.keyClicks(dialog.secret, secret)


def test_restore_dialog_shows_what_a_backup_holds_and_replaces_the_portfolio(
    qtbot, with_backup: tuple[Portfolio, Path]
) -> None:
    pf, made = with_backup
    dialog = RestoreDialog(pf)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 1 and dialog.selected() == made
    _type_passphrase(qtbot, dialog)
    qtbot.mouseClick(dialog.show_button, LEFT)
    qtbot.waitUntil(lambda: "Mentors: 1" in dialog.contents.text())
    replaced: list[bool] = []
    dialog.replaced.connect(lambda: replaced.append(True))
    _tick(qtbot, dialog.to_replace)
    qtbot.mouseClick(dialog.restore_button, LEFT)
    qtbot.waitUntil(
        lambda: not dialog.task.running() and dialog.restore_button.isEnabled(), timeout=20000
    )
    assert replaced, dialog.message.text()
    assert "kept as" in dialog.message.text()
    assert _mentors(pf) == ["Dr Before"]


def test_restore_dialog_refuses_a_damaged_backup_and_replaces_nothing(
    qtbot, with_backup: tuple[Portfolio, Path]
) -> None:
    pf, made = with_backup
    made.write_bytes(made.read_bytes()[:8192])
    dialog = RestoreDialog(pf)
    qtbot.addWidget(dialog)
    _type_passphrase(qtbot, dialog)
    _tick(qtbot, dialog.to_replace)
    qtbot.mouseClick(dialog.restore_button, LEFT)
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled() and bool(dialog.message.text()))
    said = dialog.message.text()
    assert "damaged" in said and "nothing was changed" in said and "\n" not in said
    assert _mentors(pf) == ["Dr After", "Dr Before"]


def test_restore_dialog_from_the_welcome_window_restores_to_a_new_file(
    qtbot, with_backup: tuple[Portfolio, Path], tmp_path: Path
) -> None:
    _, made = with_backup
    dialog = RestoreDialog(None)
    qtbot.addWidget(dialog)
    assert not dialog.to_replace.isVisibleTo(dialog)
    dialog.add_file(made)
    target = tmp_path / "restored.mpf"
    dialog.target.clear()
    qtbot.keyClicks(dialog.target, str(target))
    _type_passphrase(qtbot, dialog)
    done: list[Path] = []
    dialog.restored_to.connect(done.append)
    qtbot.mouseClick(dialog.restore_button, LEFT)
    qtbot.waitUntil(lambda: bool(done) or dialog.restore_button.isEnabled(), timeout=20000)
    assert done == [target], dialog.message.text()
    copy = unlock_with_passphrase(target, PASSPHRASE)
    try:
        assert _mentors(copy) == ["Dr Before"]
    finally:
        copy.lock()


def test_change_passphrase_dialog_hints_checks_and_changes(qtbot, portfolio: Portfolio) -> None:
    dialog = ChangePassphraseDialog(portfolio, kdf=TEST_KDF)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "short")
    assert dialog.new_passphrase.strength.text().startswith("Too short")
    new = " four unrelated words here"
    qtbot.keyClicks(dialog.passphrase, new)
    assert dialog.new_passphrase.strength.text().startswith("Strong")
    qtbot.keyClicks(dialog.again, "something else")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.message.text() == MISMATCH
    dialog.again.clear()
    qtbot.keyClicks(dialog.again, "short" + new)
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.changed or "not" in dialog.message.text(), timeout=20000)
    assert dialog.changed, dialog.message.text()
    unlock_with_passphrase(portfolio.path, "short" + new).lock()
    with pytest.raises(KnownError):
        unlock_with_passphrase(portfolio.path, PASSPHRASE)


def test_new_recovery_code_dialog_replaces_the_key_and_prints_the_sheet(
    qtbot, created: CreatedPortfolio
) -> None:
    pf = created.portfolio
    dialog = NewRecoveryCodeDialog(pf, kdf=TEST_KDF)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "wrong passphrase")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled() and "passphrase" in dialog.message.text())
    assert dialog.result_ is None
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=20000)
    assert dialog.code.isVisible() and "old recovery code" in dialog.message.text()
    new_code = dialog.result_.recovery_code
    assert new_code.split("-")[0] in dialog.code.text()
    qtbot.mouseClick(dialog.print_button, LEFT)
    qtbot.waitUntil(
        lambda: any(isinstance(w, PrintPreviewDialog) for w in QApplication.topLevelWidgets())
    )
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, PrintPreviewDialog):
            widget.close()
    pf.lock()
    unlock_with_recovery_code(pf.path, new_code).lock()
    with pytest.raises(KnownError):
        unlock_with_recovery_code(pf.path, created.recovery_code)


def test_this_computer_without_a_keyring_says_so(
    qtbot, portfolio: Portfolio, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring_slot, "OS_STORES", ("no.such.backend",))
    dialog = ThisComputerDialog(portfolio)
    qtbot.addWidget(dialog)
    assert "no keyring available" in dialog.state_label.text()
    assert not dialog.remember_button.isEnabled() and not dialog.forget_button.isEnabled()


def test_this_computer_remembers_and_forgets(
    qtbot, portfolio: Portfolio, secret_service: None
) -> None:
    dialog = ThisComputerDialog(portfolio)
    qtbot.addWidget(dialog)
    assert "does not remember" in dialog.state_label.text()
    qtbot.mouseClick(dialog.remember_button, LEFT)
    assert "remembers the portfolio" in dialog.state_label.text()
    assert keyring_slot.recall(portfolio.portfolio_id) == portfolio.data_key
    qtbot.mouseClick(dialog.forget_button, LEFT)
    assert "does not remember" in dialog.state_label.text()
    assert keyring_slot.recall(portfolio.portfolio_id) is None


def test_the_file_menu_keeps_safe_and_says_when_the_last_backup_was(
    qtbot, window: MainWindow
) -> None:
    menu = window.safekeeping.menu
    texts = [a.text() for a in menu.actions()]
    for wanted in (
        "&Backups…",
        "&Restore from a backup…",
        "Change &passphrase…",
        "New recovery &code…",
        "&This computer (remember or forget)…",
        "&Export as JSON (not encrypted)…",
    ):
        assert wanted in texts
    assert texts[0] == "No backup has been made yet."
    window.safekeeping.changed()  # a change, then the lock: a backup before the key goes
    qtbot.waitUntil(lambda: not window.safekeeping.scheduler.task.running(), timeout=20000)
    window.safekeeping.show_status()
    assert menu.actions()[0].text().startswith("Last backup:")
    lines = window.findChildren(BackupStatusLine)
    assert lines and lines[0].text().startswith("Last backup:")
    window.safekeeping.open_restore()
    shown = [w for w in window.findChildren(QWidget) if isinstance(w, RestoreDialog)]
    assert shown and shown[0].table.rowCount() == 1
    shown[0].close()


def test_the_welcome_window_offers_restore_from_a_backup(qtbot) -> None:
    from app.ui.welcome import WelcomeWindow

    welcome = WelcomeWindow()
    qtbot.addWidget(welcome)
    welcome.show()
    assert welcome.restore_button.text() == "&Restore from a backup…"
    qtbot.mouseClick(welcome.restore_button, LEFT)
    qtbot.waitUntil(lambda: welcome.restore_dialog.isVisible())
    assert welcome.restore_dialog.portfolio is None
    welcome.restore_dialog.close()


def test_the_overview_says_when_14_days_pass_without_the_second_folder(
    qtbot, portfolio: Portfolio, tmp_path: Path
) -> None:
    from datetime import datetime, timedelta

    import time_machine

    from app.services.auto_backup import BackupPlan, run_automatic_backup
    from app.ui.safekeeping.plan_settings import note_second_reached

    usb = tmp_path / "usb"
    usb.mkdir()
    plan = BackupPlan(second_folder=usb)
    save_plan(portfolio.portfolio_id, plan)
    start = datetime(2026, 3, 2, 10, 0)
    with time_machine.travel(start.astimezone(), tick=False):
        reached = run_automatic_backup(portfolio, plan).reached_second_at
    assert reached is not None
    note_second_reached(portfolio.portfolio_id, reached)
    usb.rename(tmp_path / "usb-taken-out")
    with time_machine.travel((start + timedelta(days=10)).astimezone(), tick=False):
        run_automatic_backup(portfolio, plan)
        line = BackupStatusLine(portfolio)
        qtbot.addWidget(line)
        assert line.text().startswith("Last backup: 12 Mar 2026 at 10:00")
        assert "second folder" not in line.text()
    with time_machine.travel((start + timedelta(days=15)).astimezone(), tick=False):
        line.refresh()
        assert "No backup has reached the second folder for 15 days." in line.text()
        assert line.property("tone") == "warning"  # app/ui/look.py: light or dark


def test_backup_now_can_be_cancelled_and_leaves_nothing(
    qtbot, portfolio: Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.safekeeping import backup_dialog

    real = backup_dialog.run_automatic_backup

    for n in range(40):
        records.save(portfolio, Mentor(name=f"Mentor {n}", notes="z" * 3000))
    folder = tmp_path / "elsewhere"
    dialog = BackupDialog(portfolio)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.folder.clear()
    qtbot.keyClicks(dialog.folder, str(folder))

    def cancel_pressed_as_it_starts(*args: object) -> object:
        dialog.task.cancel()  # what Cancel does, before the copy's first step
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(backup_dialog, "run_automatic_backup", cancel_pressed_as_it_starts)
    qtbot.mouseClick(dialog.now_button, LEFT)
    assert dialog.close_button.text() == "Cancel"
    qtbot.waitUntil(lambda: not dialog.task.running() and dialog.now_button.isEnabled())
    assert dialog.message.text() == "Cancelled; nothing was changed."
    assert not any(folder.iterdir())  # no backup, no temporary file
    assert dialog.close_button.text() == "Close"


def test_export_dialog_warns_and_writes_the_json(
    qtbot, portfolio: Portfolio, tmp_path: Path
) -> None:
    import json

    from app.ui.safekeeping.export_dialog import ExportDialog

    records.save(portfolio, Mentor(name="Dr Exported"))
    dialog = ExportDialog(portfolio)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "NOT encrypted" in dialog.findChild(QLabel).text()
    dialog.target.clear()
    qtbot.keyClicks(dialog.target, str(portfolio.path))  # the portfolio itself: refused
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.task.running() and dialog.ok_button.isEnabled())
    assert "Refused" in dialog.message.text() and "\n" not in dialog.message.text()
    out = tmp_path / "mine.json"
    dialog.target.clear()
    qtbot.keyClicks(dialog.target, str(out))
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.task.running() and dialog.ok_button.isEnabled())
    assert "NOT encrypted" in dialog.message.text()
    assert "Dr Exported" in json.dumps(json.loads(out.read_text()))


def test_import_dialog_makes_a_new_portfolio_and_a_refused_export_leaves_none(
    qtbot, portfolio: Portfolio, tmp_path: Path
) -> None:
    from app.services.export_json import export_to_file
    from app.ui.safekeeping.import_dialog import ImportDialog

    records.save(portfolio, Mentor(name="Dr Carried Over"))
    export = tmp_path / "export.json"
    export_to_file(portfolio, export)
    dialog = ImportDialog(kdf=TEST_KDF)
    qtbot.addWidget(dialog)
    dialog.show()
    broken = tmp_path / "broken.json"
    broken.write_text(export.read_text()[:300])  # cut short
    target = tmp_path / "imported.mpf"
    qtbot.keyClicks(dialog.source, str(broken))
    qtbot.keyClicks(dialog.target, str(target))
    qtbot.keyClicks(dialog.passphrase, "four unrelated words here")
    assert dialog.new_passphrase.strength.text().startswith("Strong")
    qtbot.keyClicks(dialog.again, "four unrelated words here")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.task.running() and dialog.ok_button.isEnabled())
    assert dialog.result_ is None and dialog.message.text()
    assert not target.exists() and not Path(str(target) + ".keys").exists()
    dialog.source.clear()
    qtbot.keyClicks(dialog.source, str(export))
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=20000)
    assert dialog.code.isVisible() and "Imported" in dialog.message.text()
    dialog.close()
    copy = unlock_with_passphrase(target, "four unrelated words here")
    try:
        assert _mentors(copy) == ["Dr Carried Over"]
    finally:
        copy.lock()
