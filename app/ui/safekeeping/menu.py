"""The File menu's "Keep safe" entries, and the automatic backups behind them. The main
window makes one ``Safekeeping`` and tells it when records change, before it locks or
quits, and when it is unlocked again; everything else lives here."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QMessageBox

from app.services.portfolio import Portfolio
from app.ui.safekeeping.plan_settings import load_plan
from app.ui.safekeeping.scheduler import BackupScheduler


class Safekeeping(QObject):
    def __init__(self, window: QMainWindow, file_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.scheduler = BackupScheduler(self.portfolio, self, window)
        self.scheduler.notice.connect(self.say)
        self.scheduler.backed_up.connect(self.refresh_status_lines)
        self.menu = file_menu.addMenu("&Keep safe")
        self.status_action = QAction("", self)
        self.status_action.setEnabled(False)
        self.menu.addAction(self.status_action)
        self.menu.addSeparator()
        for text, slot in (
            ("&Backups…", self.open_backups),
            ("&Restore from a backup…", self.open_restore),
            ("Change &passphrase…", self.open_change_passphrase),
            ("New recovery &code…", self.open_new_code),
            ("&This computer (remember or forget)…", self.open_this_computer),
            ("&Export as JSON (not encrypted)…", self.open_export),
            ("&Import a JSON export into a new portfolio…", self.open_import),
        ):
            action = QAction(text, self)
            action.triggered.connect(slot)
            self.menu.addAction(action)
        self.menu.aboutToShow.connect(self.show_status)
        self.show_status()

    @property
    def portfolio(self) -> Portfolio:
        portfolio: Portfolio = self.window.portfolio  # type: ignore[attr-defined]
        return portfolio

    # ---- what the window tells it
    def changed(self) -> None:
        self.scheduler.changed()

    def before_lock(self) -> None:
        self.scheduler.before_lock()

    def resume(self) -> None:
        self.scheduler.portfolio = self.portfolio
        self.scheduler.resume()

    def switched(self) -> None:
        """The window shows another portfolio (File > New or Open)."""
        self.scheduler.switch_to(self.portfolio)
        self.show_status()

    # ---- what it tells the user
    def show_status(self) -> None:
        self.status_action.setText(self.scheduler.status_text() or "Locked")

    def refresh_status_lines(self) -> None:
        from app.ui.safekeeping.status_line import BackupStatusLine

        for line in self.window.findChildren(BackupStatusLine):
            line.refresh()

    def say(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Backups", text, parent=self.window)
        box.open()

    # ---- the dialogs
    def _open(self) -> bool:
        return self.portfolio.is_open

    def _alone(self, dialog: QDialog) -> QDialog:
        """Restore and a new key take the portfolio for themselves: no automatic backup
        starts while their dialog is open, and one under way ends first."""
        self.scheduler.timer.stop()
        self.scheduler.task.wait()
        dialog.finished.connect(lambda _result: self.scheduler.timer.start())
        return dialog

    def open_backups(self) -> None:
        from app.ui.safekeeping.backup_dialog import BackupDialog

        if self._open():
            BackupDialog(self.portfolio, self.window, self.scheduler).open()

    def open_restore(self) -> None:
        from app.ui.safekeeping.restore_dialog import RestoreDialog

        if not self._open():
            return
        plan = load_plan(self.portfolio.portfolio_id)
        dialog = RestoreDialog(self.portfolio, self.window, [plan.folder, plan.second_folder])
        self._alone(dialog)
        dialog.replaced.connect(self._refresh_sections)
        dialog.open()

    def _refresh_sections(self) -> None:
        for section in getattr(self.window, "sections", []):
            section.refresh()

    def open_change_passphrase(self) -> None:
        from app.ui.safekeeping.passphrase_dialog import ChangePassphraseDialog

        if self._open():
            ChangePassphraseDialog(self.portfolio, self.window).open()

    def open_new_code(self) -> None:
        from app.ui.safekeeping.recovery_code_dialog import NewRecoveryCodeDialog

        if self._open():
            self._alone(NewRecoveryCodeDialog(self.portfolio, self.window)).open()

    def open_this_computer(self) -> None:
        from app.ui.safekeeping.this_computer_dialog import ThisComputerDialog

        if self._open():
            ThisComputerDialog(self.portfolio, self.window).open()

    def open_export(self) -> None:
        from app.ui.safekeeping.export_dialog import ExportDialog

        if self._open():
            ExportDialog(self.portfolio, self.window).open()

    def open_import(self) -> None:
        from app.ui.safekeeping.import_dialog import ImportDialog

        ImportDialog(self.window).open()
