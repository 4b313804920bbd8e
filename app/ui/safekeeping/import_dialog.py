"""Import a JSON export into a new portfolio, in the app: choose the export and where the
new portfolio goes, set its passphrase (the strength hint of creation), then import off
the GUI thread. All or nothing: if the export is refused, the new portfolio is removed
again. The new portfolio's recovery code is shown, with its sheet to print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.domain.bidi import isolate
from app.domain.kdf import KdfParams
from app.services.import_into_new import Imported, import_into_new
from app.ui.look import set_role
from app.ui.new_passphrase import NewPassphrase
from app.ui.recovery_code_view import code_html
from app.ui.safekeeping.task_dialog import TaskDialog


class ImportDialog(TaskDialog):
    #: Where the new portfolio was made.
    imported = Signal(Path)

    def __init__(self, parent: QWidget | None = None, kdf: KdfParams | None = None) -> None:
        super().__init__(
            parent,
            title="Import a JSON export",
            action="Import",
            message_name="Import message",
            still_running="Finishing the import; it is all or nothing.",
        )
        self.kdf = kdf
        self.source = QLineEdit()
        self.source.setAccessibleName("Export file")
        self.target = QLineEdit()
        self.target.setAccessibleName("New portfolio file")
        self.new_passphrase = NewPassphrase("Passphrase for the new portfolio")
        self.passphrase = self.new_passphrase.passphrase
        self.again = self.new_passphrase.again
        self.code = QLabel()
        self.code.setAccessibleName("Recovery code of the new portfolio")
        set_role(self.code, "code")
        self.code.hide()
        self.print_button = QPushButton("&Print the recovery sheet…")
        self.print_button.clicked.connect(self.print_sheet)
        self.print_button.hide()
        form = QFormLayout()
        form.addRow("&Export (JSON):", self._with_browse(self.source, self._choose_source))
        form.addRow("&New portfolio:", self._with_browse(self.target, self._choose_target))
        self.new_passphrase.add_rows(form, "&Passphrase:", "&Again:")
        layout = self.lay_out(form)
        # The new portfolio's code and its sheet go below the message about them.
        at = layout.indexOf(self.message) + 1
        layout.insertWidget(at, self.code)
        layout.insertWidget(at + 1, self.print_button)
        self.result_: Imported | None = None
        self.resize(620, self.sizeHint().height())

    def _with_browse(self, edit: QLineEdit, choose: Callable[[], None]) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        button = QPushButton("Choose…")
        button.clicked.connect(choose)
        row.addWidget(button)
        return box

    def _choose_source(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose the export", "", "JSON (*.json)")
        if name:
            self.source.setText(name)
            if not self.target.text():
                self.target.setText(str(Path(name).with_suffix(".mpf")))

    def _choose_target(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "New portfolio", self.target.text(), "Portfolios (*.mpf)"
        )
        if name:
            self.target.setText(name)

    def start(self) -> None:
        source, target = self.source.text().strip(), self.target.text().strip()
        if not source or not target:
            self.message.setText("Choose the export and where the new portfolio goes.")
            return
        problem = self.new_passphrase.problem()
        if problem:
            self.message.setText(problem)
            return
        passphrase, kdf = self.new_passphrase.text(), self.kdf

        def job(_report: Callable[[float], None]) -> Imported:
            return import_into_new(Path(source), Path(target), passphrase, kdf)

        self.run("Importing…", job)

    def succeeded(self, result: object) -> None:
        assert isinstance(result, Imported)
        self.result_ = result
        summary = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in result.counts.items() if n)
        self.message.setText(
            f"Imported {summary or 'an empty portfolio'} into"
            f" {isolate(str(result.portfolio.path))}. Its recovery code is below: write it"
            " down or print the sheet, and keep it apart from this computer."
        )
        self.code.setText(code_html(result.recovery_code))
        self.code.show()
        self.print_button.show()
        self.new_passphrase.clear()
        self.offer_close()
        self.imported.emit(result.portfolio.path)

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name
        """Closed: the new portfolio is locked (open it like any other)."""
        if self.result_ is not None:
            self.result_.portfolio.lock()
        super().done(result)

    def print_sheet(self) -> None:
        from app.ui.printing.actions import open_preview  # ReportLab: only when asked

        if self.result_ is not None:
            open_preview(self, self.result_.portfolio, "recovery", 0)
