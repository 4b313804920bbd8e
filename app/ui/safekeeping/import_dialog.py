"""Import a JSON export into a new portfolio, in the app: choose the export and where the
new portfolio goes, set its passphrase (the strength hint of creation), then import off
the GUI thread. All or nothing: if the export is refused, the new portfolio is removed
again. The new portfolio's recovery code is shown, with its sheet to print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
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
    QVBoxLayout,
    QWidget,
)

from app.domain.bidi import isolate
from app.domain.errors import KnownError
from app.domain.kdf import KdfParams
from app.services.import_into_new import Imported, import_into_new
from app.services.portfolio import passphrase_problem
from app.ui.background import BackgroundTask
from app.ui.create_wizard import strength_hint


class ImportDialog(QDialog):
    #: Where the new portfolio was made.
    imported = Signal(Path)

    def __init__(self, parent: QWidget | None = None, kdf: KdfParams | None = None) -> None:
        super().__init__(parent)
        self.kdf = kdf
        self.setWindowTitle("Import a JSON export")
        self.source = QLineEdit()
        self.source.setAccessibleName("Export file")
        self.target = QLineEdit()
        self.target.setAccessibleName("New portfolio file")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase for the new portfolio")
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("Passphrase again")
        self.strength = QLabel(strength_hint(""))
        self.strength.setAccessibleName("Passphrase strength")
        self.passphrase.textChanged.connect(lambda t: self.strength.setText(strength_hint(t)))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Import message")
        self.code = QLabel()
        self.code.setAccessibleName("Recovery code of the new portfolio")
        self.code.setStyleSheet("font-family: monospace; font-size: 13pt;")
        self.code.hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.print_button = QPushButton("&Print the recovery sheet…")
        self.print_button.clicked.connect(self.print_sheet)
        self.print_button.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Import")
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Export (JSON):", self._with_browse(self.source, self._choose_source))
        form.addRow("&New portfolio:", self._with_browse(self.target, self._choose_target))
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow("", self.strength)
        form.addRow("&Again:", self.again)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.code)
        layout.addWidget(self.print_button)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.task = BackgroundTask(self)
        self.task.done.connect(self._done)
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
        passphrase = self.passphrase.text()
        if not source or not target:
            self.message.setText("Choose the export and where the new portfolio goes.")
            return
        problem = passphrase_problem(passphrase)
        if problem:
            self.message.setText(f"The passphrase {problem}.")
            return
        if passphrase != self.again.text():
            self.message.setText("The two entries do not match.")
            return
        kdf = self.kdf

        def job(_report: Callable[[float], None]) -> Imported:
            return import_into_new(Path(source), Path(target), passphrase, kdf)

        self.ok_button.setEnabled(False)
        self.progress.show()
        self.message.setText("Importing…")
        self.task.start(job)

    def _done(self, result: object) -> None:
        self.progress.hide()
        self.ok_button.setEnabled(True)
        if isinstance(result, KnownError):
            self.message.setText(result.message)
            return
        assert isinstance(result, Imported)
        self.result_ = result
        summary = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in result.counts.items() if n)
        self.message.setText(
            f"Imported {summary or 'an empty portfolio'} into"
            f" {isolate(str(result.portfolio.path))}. Its recovery code is below: write it"
            " down or print the sheet, and keep it apart from this computer."
        )
        groups = result.recovery_code.split("-")
        self.code.setText(
            "<br>".join(" ".join(groups[i : i + 5]) for i in range(0, len(groups), 5))
        )
        self.code.show()
        self.print_button.show()
        for field in (self.passphrase, self.again):
            field.clear()
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.accept)
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

    def reject(self) -> None:
        if self.task.running():
            self.message.setText("Finishing the import; it is all or nothing.")
            return
        super().reject()
