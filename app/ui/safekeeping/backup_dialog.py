"""Backups: when and where the last one was made, the folders (a second one such as a
USB stick or a synced folder), how often, and Back up now (off the GUI thread)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KnownError
from app.services.auto_backup import AutoBackupResult, BackupPlan, run_automatic_backup
from app.services.destinations import check_folder, default_backup_dir
from app.services.portfolio import Portfolio
from app.ui.background import BackgroundTask
from app.ui.safekeeping.plan_settings import load_plan, note_second_reached, save_plan
from app.ui.safekeeping.scheduler import BackupScheduler


class BackupDialog(QDialog):
    def __init__(
        self,
        portfolio: Portfolio,
        parent: QWidget | None = None,
        scheduler: BackupScheduler | None = None,
    ) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.scheduler = scheduler
        self.setWindowTitle("Backups")
        plan = load_plan(portfolio.portfolio_id)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Last backup")
        self.folder = QLineEdit(str(plan.first_folder(portfolio.path)))
        self.folder.setAccessibleName("Backup folder")
        self.second = QLineEdit(str(plan.second_folder or ""))
        self.second.setPlaceholderText("None: choose a USB stick or a synced folder")
        self.second.setAccessibleName("Second backup folder")
        self.interval = QSpinBox()
        self.interval.setRange(1, 24 * 60)
        self.interval.setSuffix(" minutes")
        self.interval.setValue(int(plan.interval.total_seconds() // 60))
        self.interval.setAccessibleName("Back up at most every")
        self.rule = QLabel(
            "A backup is made after changes (at most once in this time), and when the"
            " portfolio is locked or the app quits. Each folder keeps the newest backup of"
            " each of the last 7 days, 4 weeks and 12 months. Backups are encrypted: they"
            " open with the passphrase and recovery code of the day they were made."
        )
        self.rule.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Backup message")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.now_button = QPushButton("Back up &now")
        self.now_button.clicked.connect(self.back_up_now)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        form = QFormLayout()
        form.addRow("Backup folder:", self._with_browse(self.folder))
        form.addRow("Second folder:", self._with_browse(self.second))
        form.addRow("Back up at most every:", self.interval)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(form)
        layout.addWidget(self.rule)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        row = QHBoxLayout()
        row.addWidget(self.now_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.task = BackgroundTask(self)
        self.task.progress.connect(lambda f, _text: self.progress.setValue(round(f * 100)))
        self.task.done.connect(self._done)
        self.show_status()

    def _with_browse(self, edit: QLineEdit) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        browse = QPushButton("Choose…")
        browse.setAccessibleName(f"Choose {edit.accessibleName().lower()}")
        browse.clicked.connect(lambda: self._choose(edit))
        row.addWidget(browse)
        return box

    def _choose(self, edit: QLineEdit) -> None:
        chosen = QFileDialog.getExistingDirectory(self, edit.accessibleName(), edit.text())
        if chosen:
            edit.setText(chosen)

    def show_status(self) -> None:
        from app.services.auto_backup import backup_status
        from app.ui.safekeeping.plan_settings import second_reached_at

        pid = self.portfolio.portfolio_id
        self.status.setText(
            backup_status(self.portfolio.path, load_plan(pid), second_reached_at(pid)).summary()
        )

    def plan(self) -> BackupPlan:
        """The plan as entered; KnownError (one sentence) for a folder that cannot be."""
        owners = [self.portfolio.path]
        text = self.folder.text().strip()
        folder = None
        if text and Path(text) != default_backup_dir(self.portfolio.path):
            folder = check_folder(Path(text), "the backups", owners=owners)
        second_text = self.second.text().strip()
        second = (
            check_folder(Path(second_text), "the backups", owners=owners) if second_text else None
        )
        return BackupPlan(folder, second, timedelta(minutes=self.interval.value()))

    def save(self) -> None:
        try:
            plan = self.plan()
        except KnownError as err:
            self.message.setText(err.message)
            return
        save_plan(self.portfolio.portfolio_id, plan)
        self.accept()

    def back_up_now(self) -> None:
        try:
            plan = self.plan()
        except KnownError as err:
            self.message.setText(err.message)
            return
        save_plan(self.portfolio.portfolio_id, plan)
        self.now_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.progress.show()
        self.message.setText("Backing up…")
        portfolio = self.portfolio
        self.progress.setValue(0)
        self.close_button.setText("Cancel")
        self.task.start(lambda report: run_automatic_backup(portfolio, plan, report))

    def _done(self, result: object) -> None:
        self.progress.hide()
        self.now_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.close_button.setText("Close")
        if isinstance(result, KnownError):
            self.message.setText(result.message)
            return
        assert isinstance(result, AutoBackupResult)
        if result.reached_second_at is not None:
            note_second_reached(self.portfolio.portfolio_id, result.reached_second_at)
        where = " and ".join(str(p.parent) for p in result.made)
        self.message.setText(
            (result.notice + " " if result.notice else "") + f"Backup made in {where}."
        )
        if self.scheduler is not None:
            self.scheduler.note_backup()
        self.show_status()

    def reject(self) -> None:
        if self.task.running():  # Cancel: the copy stops and leaves nothing behind
            self.task.cancel()
            self.message.setText("Cancelling…")
            return
        super().reject()
