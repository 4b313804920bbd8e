"""Export the whole portfolio as JSON in the app, with the warning the command gives:
the file is NOT encrypted. Written off the GUI thread, with progress."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KnownError
from app.services.export_json import export_to_file
from app.services.portfolio import Portfolio
from app.ui.background import BackgroundTask

WARNING = (
    "This file is NOT encrypted. It holds your whole portfolio, private reflections"
    " included, as plain text: keep it like the portfolio itself, never share it, and"
    " delete it when done. To share with an appraiser, build the appraisal pack instead."
)


class ExportDialog(QDialog):
    def __init__(self, portfolio: Portfolio, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.setWindowTitle("Export as JSON")
        warning = QLabel(WARNING)
        warning.setWordWrap(True)
        warning.setAccessibleName("Not encrypted")
        warning.setStyleSheet(
            "background: #fff3cd; color: #5c4400; padding: 8px; border-radius: 4px;"
        )
        self.target = QLineEdit(str(portfolio.path.with_name(portfolio.path.stem + "-export.json")))
        self.target.setAccessibleName("Export file")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self.choose)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Export message")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Export")
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(choose)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.task = BackgroundTask(self)
        self.task.done.connect(self._done)
        self.resize(560, self.sizeHint().height())

    def choose(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export as JSON", self.target.text(), "JSON (*.json)"
        )
        if name:
            self.target.setText(name)

    def export(self) -> None:
        text = self.target.text().strip()
        if not text:
            self.message.setText("Choose where the export goes.")
            return
        out, portfolio = Path(text), self.portfolio

        def job(_report: Callable[[float], None]) -> Path:
            export_to_file(portfolio, out)
            return out

        self.ok_button.setEnabled(False)
        self.progress.show()
        self.message.setText("Exporting…")
        self.task.start(job)

    def _done(self, result: object) -> None:
        self.progress.hide()
        self.ok_button.setEnabled(True)
        if isinstance(result, KnownError):
            self.message.setText(result.message)
            return
        assert isinstance(result, Path)
        self.message.setText(
            f"Exported to {result}. It is NOT encrypted: keep it safe, or delete it."
        )

    def reject(self) -> None:
        if self.task.running():
            self.message.setText("Finishing the export; it takes a moment.")
            return
        super().reject()
