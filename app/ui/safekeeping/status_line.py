"""One line on the Overview: when and where the last backup was made, and a calm
warning when there is none yet or none has reached the second folder for 14 days."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.domain.errors import KnownError
from app.services.auto_backup import backup_status
from app.services.portfolio import Portfolio
from app.ui.look import set_tone
from app.ui.safekeeping.plan_settings import load_plan, second_reached_at


class BackupStatusLine(QLabel):
    def __init__(self, portfolio: Portfolio, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.setWordWrap(True)
        self.setAccessibleName("Backups")
        self.refresh()

    def refresh(self) -> None:
        if not self.portfolio.is_open:
            return
        pid = self.portfolio.portfolio_id
        try:
            status = backup_status(self.portfolio.path, load_plan(pid), second_reached_at(pid))
        except (KnownError, OSError):
            return
        text = status.summary()
        worry = status.last_at is None or status.second_overdue
        if worry:
            text = f"⚠ {text} File > Keep safe > Backups… makes one now."
        self.setText(text)
        set_tone(self, "warning" if worry else None)
