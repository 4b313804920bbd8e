"""Automatic backups while the app runs: after changes (at most once per interval, off
the GUI thread), and when the portfolio is locked or the app quits (then at once, before
the key is dropped, off the GUI thread too, with progress and Cancel). The rule is
app.services.auto_backup.backup_due."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from app.domain import clock
from app.domain.errors import KnownError
from app.services.auto_backup import (
    AutoBackupResult,
    Trigger,
    backup_due,
    backup_status,
    run_automatic_backup,
)
from app.services.cancelling import Cancelled
from app.services.portfolio import Portfolio
from app.ui.background import BackgroundTask
from app.ui.safekeeping.plan_settings import load_plan, note_second_reached, second_reached_at

CHECK_EVERY_MS = 60_000


class BackupScheduler(QObject):
    #: One sentence for the user: a problem, or the second folder missing (said once).
    notice = Signal(str)
    #: A backup was made (the status line changes).
    backed_up = Signal()

    def __init__(
        self, portfolio: Portfolio, parent: QObject | None = None, window: QWidget | None = None
    ) -> None:
        """``window``: the one the backup on locking shows its progress over."""
        super().__init__(parent)
        self.portfolio = portfolio
        self.window = window
        self._locking = False
        self.last_change_at: datetime | None = None
        self.last_backup_at = self._last_made()
        self._told_missing = False
        # Locking finishes this one itself (before_lock), before the key is dropped.
        self.task = BackgroundTask(self, lock_waits=False)
        self.task.done.connect(self._done)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(lambda: self.consider(Trigger.TIMER))
        self.timer.start()

    def _now(self) -> datetime:
        return clock.now().replace(tzinfo=None)

    def _last_made(self) -> datetime | None:
        if not self.portfolio.is_open:
            return None
        plan = load_plan(self.portfolio.portfolio_id)
        return backup_status(self.portfolio.path, plan).last_at

    def changed(self) -> None:
        """Something was saved."""
        self.last_change_at = self._now()
        self.consider(Trigger.CHANGE)

    def consider(self, trigger: Trigger) -> None:
        if not self.portfolio.is_open or self.task.running():
            return
        plan = load_plan(self.portfolio.portfolio_id)
        if not backup_due(
            trigger, self._now(), self.last_backup_at, self.last_change_at, plan.interval
        ):
            return
        portfolio = self.portfolio
        self.task.start(lambda _report: run_automatic_backup(portfolio, plan))

    def before_lock(self) -> None:
        """Locking or quitting: finish a backup under way, and make one if due, before
        the key is dropped: off the GUI thread, with its progress and Cancel shown if
        it takes more than a moment (app/ui/safekeeping/lock_backup.py)."""
        self.timer.stop()
        self.task.wait()
        if not self.portfolio.is_open or self._locking:
            return
        plan = load_plan(self.portfolio.portfolio_id)
        if not backup_due(
            Trigger.LOCK, self._now(), self.last_backup_at, self.last_change_at, plan.interval
        ):
            return
        from app.ui.safekeeping.lock_backup import LockBackupDialog

        self._locking = True
        dialog = LockBackupDialog(self.portfolio, plan, self.window)
        try:
            result = dialog.run()
        finally:
            self._locking = False
            dialog.deleteLater()
        if isinstance(result, Cancelled):
            self.notice.emit(
                "The backup on locking was cancelled; no half-made backup was left behind. "
                + self.status_text()
            )
        elif isinstance(result, KnownError):
            self.notice.emit(f"The backup on locking could not be made: {result.message}")
        else:
            assert isinstance(result, AutoBackupResult)
            self._record(result)

    def switch_to(self, portfolio: Portfolio) -> None:
        """The window shows another portfolio now: its own backups, its own changes."""
        self.timer.stop()
        self.task.wait()
        self.portfolio = portfolio
        self.last_change_at = None
        self.last_backup_at = self._last_made()
        self._told_missing = False
        self.timer.start()

    def resume(self) -> None:
        """Unlocked again."""
        self.last_backup_at = self._last_made() or self.last_backup_at
        self.timer.start()

    def _done(self, result: object) -> None:
        if isinstance(result, KnownError):
            self.notice.emit(f"The automatic backup could not be made: {result.message}")
            return
        assert isinstance(result, AutoBackupResult)
        self._record(result)

    def _record(self, result: AutoBackupResult) -> None:
        self.last_backup_at = self._now()
        if result.reached_second_at is not None:
            note_second_reached(self.portfolio.portfolio_id, result.reached_second_at)
            self._told_missing = False
        if result.notice and not self._told_missing:
            self._told_missing = True
            self.notice.emit(result.notice)
        self.backed_up.emit()

    def note_backup(self) -> None:
        """A backup was made elsewhere (Back up now)."""
        self.last_backup_at = self._now()
        self.backed_up.emit()

    def status_text(self) -> str:
        if not self.portfolio.is_open:
            return ""
        pid = self.portfolio.portfolio_id
        return backup_status(self.portfolio.path, load_plan(pid), second_reached_at(pid)).summary()
