"""The backup made as the portfolio is locked (or the app quits, or another portfolio
is shown): it must end before the key is dropped, but a slow or stalled folder (a USB
stick) must not hold the lock and the window for as long as the copy takes. So it runs
off the GUI thread (app/ui/background.py); the window's input is held meanwhile, and
after a moment a small window shows its progress with Cancel. Cancel stops the copy at
its next step, and what it had begun is removed: app.store.encrypted_copy writes each
backup under a temporary name and gives it a backup's name only once it is whole and
verified, so a cancelled one leaves no file behind."""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.auto_backup import BackupPlan, run_automatic_backup
from app.services.portfolio import Portfolio
from app.ui.background import BackgroundTask, Progress
from app.ui.ops import HoldInput

# A backup that ends sooner is never shown (most do: a portfolio copies in well under
# a second to a local disk).
SHOW_AFTER_MS = 400


class LockBackupDialog(QDialog):
    """The backup on locking, with its progress and Cancel; ``run`` returns what the
    backup came to (an AutoBackupResult, or a KnownError: Cancelled when cancelled)."""

    def __init__(self, portfolio: Portfolio, plan: BackupPlan, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.portfolio, self.plan = portfolio, plan
        self.setWindowTitle("Backing up")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.message = QLabel(
            "Backing up before the portfolio is locked. You can cancel: earlier backups"
            " stay as they are, and nothing half-written is left behind."
        )
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Backup on locking")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName("Backup progress")
        self.cancel_button = QPushButton("Cancel")
        buttons = QDialogButtonBox()
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self.task = BackgroundTask(self, name="mentee-portfolio-lock-backup", lock_waits=False)
        self.task.progress.connect(lambda f, _text: self.progress.setValue(round(f * 100)))
        self.outcome: object = None
        self._ended = False
        self.task.done.connect(self._finished)

    def run(self) -> object:
        """Back up, and return when the backup has ended or stopped at Cancel."""
        portfolio, plan = self.portfolio, self.plan
        # Keys and clicks are held from every window until the progress window shows;
        # then its modality keeps them from the rest.
        hold = HoldInput(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(hold)

        def show() -> None:
            if app is not None:
                app.removeEventFilter(hold)
            if self.task.running():
                self.show()
                self.cancel_button.setFocus()

        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(show)
        timer.start(SHOW_AFTER_MS)

        def job(report: Progress) -> object:
            return run_automatic_backup(portfolio, plan, report)

        self.task.start(job)
        try:
            # Events are handled while the copy runs, but not deferred deletions: this
            # runs inside the window's closeEvent, and a nested QEventLoop also ran the
            # deletions queued before it, the window's own children among them, under
            # the loop itself (a segfault in QEventLoop::processEvents, found by the
            # window tests' teardown). processEvents leaves deferred deletions queued.
            while not self._ended:
                QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        finally:
            timer.stop()
            if app is not None:
                app.removeEventFilter(hold)
            self.hide()
        return self.outcome

    def _finished(self, result: object) -> None:
        self.outcome = result
        self._ended = True

    def reject(self) -> None:
        """Cancel (or Esc): the copy stops at its next step; the window stays until it
        has, so the lock never drops the key under a copy still running."""
        if self.task.running():
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.message.setText("Cancelling… the half-made copy is being removed.")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt)
        event.ignore()
        self.reject()
