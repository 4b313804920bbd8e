"""The backup on locking runs off the GUI thread with its progress and Cancel: a copy to
a second folder that stalls mid-way (a USB stick) can be cancelled, the lock goes on,
and nothing half-written is left in that folder. Real SQLCipher copies; the stall is
made at the copy's own progress step, the first folder's backup is real and whole."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.domain import clock
from app.domain.record_types import Mentor
from app.services import auto_backup, records
from app.services.auto_backup import BackupPlan
from app.services.portfolio import Portfolio
from app.store.encrypted_copy import is_whole, list_backups
from app.ui.safekeeping import lock_backup
from app.ui.safekeeping.lock_backup import LockBackupDialog
from app.ui.safekeeping.plan_settings import save_plan
from app.ui.safekeeping.scheduler import BackupScheduler

# Enough text that the copy takes several steps of 256 pages (1 MiB each).
NOTES = "A long note about the rota and the teaching timetable. " * 3_500


@pytest.fixture
def large(portfolio: Portfolio) -> Portfolio:
    for number in range(8):
        records.save(portfolio, Mentor(name=f"Dr Mentor {number}", notes=NOTES))
    return portfolio


def _stall_second_folder(
    monkeypatch: pytest.MonkeyPatch, stalled: threading.Event, release: threading.Event
) -> list[list[str]]:
    """The backup as it is, but its copy to the second folder (the second half of the
    progress) stops mid-copy until ``release``, as on a stalled USB stick. Returns, filled
    in at the stall, the names in the second folder then (the half-made copy)."""
    seen: list[list[str]] = []
    real = auto_backup.run_automatic_backup

    def run(portfolio: Portfolio, plan: BackupPlan, progress: Any) -> Any:
        def stalling(fraction: float) -> None:
            if 0.5 < fraction < 1 and not stalled.is_set():
                assert plan.second_folder is not None
                seen.append(sorted(p.name for p in plan.second_folder.iterdir()))
                stalled.set()
                assert release.wait(timeout=60)
            progress(fraction)

        return real(portfolio, plan, stalling)

    monkeypatch.setattr(lock_backup, "run_automatic_backup", run)
    return seen


def test_the_backup_on_locking_can_be_cancelled_mid_copy_and_leaves_nothing(
    qtbot: Any, large: Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    save_plan(large.portfolio_id, BackupPlan(second_folder=usb))
    window = QWidget()
    qtbot.addWidget(window)
    scheduler = BackupScheduler(large, window, window)
    scheduler.last_change_at = clock.now().replace(tzinfo=None) + timedelta(seconds=1)
    notices: list[str] = []
    scheduler.notice.connect(notices.append)
    stalled, release = threading.Event(), threading.Event()
    seen = _stall_second_folder(monkeypatch, stalled, release)
    clicked: list[LockBackupDialog] = []

    def press_cancel_once_stalled() -> None:
        """Runs inside the lock's wait (the GUI thread stays responsive): once the copy
        stalls and the progress window shows, the user clicks Cancel."""
        dialog = QApplication.activeModalWidget()
        if not stalled.is_set() or not isinstance(dialog, LockBackupDialog):
            return
        poll.stop()
        clicked.append(dialog)
        assert dialog.isVisible() and dialog.progress.value() >= 50
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        assert dialog.message.text().startswith("Cancelling")
        release.set()

    poll = QTimer(window)
    poll.timeout.connect(press_cancel_once_stalled)
    poll.start(20)
    scheduler.before_lock()  # returns once the cancelled copy has stopped
    poll.stop()
    release.set()
    assert clicked, "the progress window never showed"
    # Mid-copy: the half-made copy was there, under a temporary name only.
    assert seen and seen[0] and not any(name.endswith(".mpf") for name in seen[0])
    assert list(usb.iterdir()) == []  # nothing left behind
    first = list_backups(large.path, auto_backup.BackupPlan().first_folder(large.path))
    assert len(first) == 1 and is_whole(first[0].path, large.data_key)
    assert notices and "cancelled" in notices[0] and "no half-made backup" in notices[0]
    large.lock()  # the lock goes on


def test_a_backup_on_locking_left_to_finish_is_made_whole(qtbot: Any, portfolio: Portfolio) -> None:
    save_plan(portfolio.portfolio_id, BackupPlan())
    records.save(portfolio, Mentor(name="Dr Quick"))
    window = QWidget()
    qtbot.addWidget(window)
    scheduler = BackupScheduler(portfolio, window, window)
    scheduler.last_change_at = clock.now().replace(tzinfo=None) + timedelta(seconds=1)
    notices: list[str] = []
    scheduler.notice.connect(notices.append)
    with qtbot.waitSignal(scheduler.backed_up, timeout=60_000):
        scheduler.before_lock()
    made = list_backups(portfolio.path, BackupPlan().first_folder(portfolio.path))
    assert len(made) == 1 and is_whole(made[0].path, portfolio.data_key)
    assert notices == [] and QApplication.activeModalWidget() is None
