"""Restore from a backup: pick one (listed with date and size; what it holds once
unlocked), then restore it to a new file or in place of the current portfolio, which is
backed up first. Off the GUI thread, with progress and Cancel; a bad backup is refused
in one sentence with nothing replaced."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.bidi import isolate
from app.domain.errors import KnownError
from app.services import restore as restore_service
from app.services.portfolio import Portfolio
from app.services.restore import BackupContents, BackupEntry, ReplaceResult
from app.ui.background import BackgroundTask


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


class RestoreDialog(QDialog):
    #: A backup was restored to this new file.
    restored_to = Signal(Path)
    #: The current portfolio now holds the backup (still unlocked).
    replaced = Signal()

    def __init__(
        self,
        portfolio: Portfolio | None = None,
        parent: QWidget | None = None,
        folders: list[Path | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.setWindowTitle("Restore from a backup")
        self.entries: list[BackupEntry] = []
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Made", "Size", "Folder"])
        self.table.setAccessibleName("Backups")
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.choose_button = QPushButton("Choose a backup &file…")
        self.choose_button.clicked.connect(self.choose_file)
        self.use_passphrase = QRadioButton("Passphrase")
        self.use_code = QRadioButton("Recovery code")
        self.use_passphrase.setChecked(True)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName("Backup passphrase or recovery code")
        self.secret.setPlaceholderText("The passphrase the backup was made under")
        self.show_button = QPushButton("&Show what it holds")
        self.show_button.clicked.connect(self.show_contents)
        self.contents = QLabel("Choose a backup, then unlock it to see what it holds.")
        self.contents.setWordWrap(True)
        self.contents.setAccessibleName("What the backup holds")
        self.to_new = QRadioButton("Restore to a &new file")
        self.to_replace = QRadioButton("&Replace the current portfolio (it is backed up first)")
        group = QButtonGroup(self)
        group.addButton(self.to_new)
        group.addButton(self.to_replace)
        self.to_new.setChecked(True)
        self.to_replace.setVisible(portfolio is not None)
        self.target = QLineEdit()
        self.target.setAccessibleName("New portfolio file")
        self.target_button = QPushButton("Choose…")
        self.target_button.clicked.connect(self.choose_target)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Restore message")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.restore_button = QPushButton("Res&tore")
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)

        secret_row = QHBoxLayout()
        secret_row.addWidget(self.use_passphrase)
        secret_row.addWidget(self.use_code)
        secret_row.addWidget(self.secret, 1)
        secret_row.addWidget(self.show_button)
        target_row = QHBoxLayout()
        target_row.addWidget(self.to_new)
        target_row.addWidget(self.target, 1)
        target_row.addWidget(self.target_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        form.addRow("Unlock it with:", secret_row)
        layout.addLayout(form)
        layout.addWidget(self.contents)
        layout.addLayout(target_row)
        layout.addWidget(self.to_replace)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.task = BackgroundTask(self)
        self.task.progress.connect(lambda f, _text: self.progress.setValue(round(f * 100)))
        self.task.done.connect(self._done)
        self._after: Callable[[object], None] = lambda _result: None
        if portfolio is not None:
            self.set_entries(restore_service.backups_of(portfolio.path, folders or [None]))
        self.resize(760, 480)

    # ---- choosing
    def set_entries(self, entries: list[BackupEntry]) -> None:
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            cells = (
                entry.made_at.strftime("%d %b %Y %H:%M"),
                _size(entry.size),
                str(entry.path.parent),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(entry.path))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        if entries:
            self.table.selectRow(0)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose a backup", "", "Portfolio backups (*.mpf);;All files (*)"
        )
        if name:
            self.add_file(Path(name))

    def add_file(self, path: Path) -> None:
        """A backup chosen by hand, first in the list and selected; with it, the other
        backups in its folder."""
        listed = [e for e in restore_service.backups_in_folder(path.parent) if e.path != path]
        try:
            info = path.stat()
            size, made = info.st_size, datetime.fromtimestamp(info.st_mtime)
        except OSError:
            size, made = 0, datetime.min
        self.set_entries([BackupEntry(path, made, size), *listed])

    def choose_target(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Restore to a new file", self.target.text(), "Portfolios (*.mpf)"
        )
        if name:
            self.target.setText(name)

    def selected(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()].path if rows else None

    def _selected(self) -> None:
        self.contents.setText("Unlock it to see what it holds.")
        chosen = self.selected()
        if chosen is not None and not self.target.text():
            # Beside the portfolio, never in the backup folder (refused there).
            folder = chosen.parent.parent if chosen.parent.name == "backups" else chosen.parent
            self.target.setText(str(folder / (chosen.stem + "-restored.mpf")))

    def _secret(self) -> dict[str, str]:
        text = self.secret.text()
        return {"recovery_code": text} if self.use_code.isChecked() else {"passphrase": text}

    # ---- work
    def _run(
        self, job: Callable[[Callable[[float], None]], object], after: Callable[[object], None]
    ) -> None:
        self.message.setText("")
        self._after = after
        for widget in (self.restore_button, self.show_button, self.choose_button):
            widget.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.task.start(job)

    def show_contents(self) -> None:
        chosen = self.selected()
        if chosen is None:
            self.message.setText("Choose a backup first.")
            return
        secret = self._secret()

        def job(_report: Callable[[float], None]) -> BackupContents:
            key, _ = restore_service.backup_key(chosen, **secret)
            return restore_service.contents(chosen, key)

        self._run(job, self._show_held)

    def _show_held(self, result: object) -> None:
        assert isinstance(result, BackupContents)
        held = ", ".join(f"{what}: {n}" for what, n in result.counts)
        self.contents.setText(f"This backup holds {held}.")

    def restore(self) -> None:
        chosen = self.selected()
        if chosen is None:
            self.message.setText("Choose a backup first.")
            return
        secret = self._secret()
        if self.to_replace.isChecked() and self.portfolio is not None:
            portfolio = self.portfolio

            def replace(report: Callable[[float], None]) -> ReplaceResult:
                return restore_service.replace_with_backup(
                    portfolio, chosen, progress=report, **secret
                )

            self._run(replace, self._replaced)
            return
        target_text = self.target.text().strip()
        if not target_text:
            self.message.setText("Choose where the restored portfolio goes.")
            return
        target = Path(target_text)

        def to_new(report: Callable[[float], None]) -> Path:
            report(0.1)
            made = restore_service.restore_to_new_file(chosen, target, **secret)
            return made

        self._run(to_new, self._restored)

    def _restored(self, result: object) -> None:
        assert isinstance(result, Path)
        self.message.setText(
            f"Restored to {isolate(str(result))}. Open it from the welcome window or File menu."
        )
        self.cancel_button.setText("Close")
        self.restored_to.emit(result)

    def _replaced(self, result: object) -> None:
        assert isinstance(result, ReplaceResult)
        self.message.setText(
            "The portfolio now holds the backup. As it was just before, it is kept as"
            f" {isolate(result.safety_copy.name)} in {isolate(str(result.safety_copy.parent))}."
        )
        self.cancel_button.setText("Close")
        self.replaced.emit()

    def _done(self, result: object) -> None:
        self.progress.hide()
        for widget in (self.restore_button, self.show_button, self.choose_button):
            widget.setEnabled(True)
        if isinstance(result, KnownError):
            self.message.setText(result.message)
            return
        self._after(result)

    def cancel(self) -> None:
        if self.task.running():
            self.task.cancel()
            self.message.setText("Cancelling…")
            return
        self.reject()

    def keyPressEvent(self, event: object) -> None:  # noqa: N802
        from PySide6.QtGui import QKeyEvent

        if (
            isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.task.running()
        ):
            self.cancel()
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]
