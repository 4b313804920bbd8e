"""Export the whole portfolio as JSON in the app, with the warning the command gives:
the file is NOT encrypted. Written off the GUI thread, with progress."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.services.export_json import export_to_file
from app.services.portfolio import Portfolio
from app.ui.look import set_tone
from app.ui.safekeeping.task_dialog import TaskDialog

WARNING = (
    "This file is NOT encrypted. It holds your whole portfolio, private reflections"
    " included, as plain text: keep it like the portfolio itself, never share it, and"
    " delete it when done. To share with an appraiser, build the appraisal pack instead."
)


class ExportDialog(TaskDialog):
    def __init__(self, portfolio: Portfolio, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            title="Export as JSON",
            action="Export",
            message_name="Export message",
            still_running="Finishing the export; it takes a moment.",
            closes=True,
        )
        self.portfolio = portfolio
        warning = QLabel(f"⚠ {WARNING}")
        warning.setWordWrap(True)
        warning.setAccessibleName("Not encrypted")
        set_tone(warning, "warning")
        self.target = QLineEdit(str(portfolio.path.with_name(portfolio.path.stem + "-export.json")))
        self.target.setAccessibleName("Export file")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self.choose)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(choose)
        self.lay_out(warning, row)
        self.resize(560, self.sizeHint().height())

    def choose(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export as JSON", self.target.text(), "JSON (*.json)"
        )
        if name:
            self.target.setText(name)

    def start(self) -> None:
        self.export()

    def export(self) -> None:
        text = self.target.text().strip()
        if not text:
            self.message.setText("Choose where the export goes.")
            return
        out, portfolio = Path(text), self.portfolio

        def job(_report: Callable[[float], None]) -> Path:
            export_to_file(portfolio, out)
            return out

        self.run("Exporting…", job)

    def succeeded(self, result: object) -> None:
        assert isinstance(result, Path)
        self.message.setText(
            f"Exported to {result}. It is NOT encrypted: keep it safe, or delete it."
        )
