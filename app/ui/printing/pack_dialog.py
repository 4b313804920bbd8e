"""Build the appraisal pack: choose the period, whether private reflections go in and
whether amendments awaiting signature print after the signed versions they would change;
check the text for identifiers, then build it off the GUI thread (in its own process)
with a progress bar and Cancel, and open the preview to save or print it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import clock
from app.domain.errors import KnownError
from app.services import profile
from app.services.appraisal_text import period_hits
from app.services.documents import PrintedDocument
from app.services.pack import PackCancelled, PackRequest, candidates
from app.services.pack_process import build_pack_in_process
from app.services.portfolio import Portfolio
from app.services.reviews import add_months
from app.services.sharing_check import keep
from app.ui.background import BackgroundTask, Progress
from app.ui.date_field import DateField
from app.ui.look import set_tone
from app.ui.printing.preview import PrintPreviewDialog
from app.ui.reflection.identifier_review import confirm_hits


def default_period(next_appraisal: date | None, today: date) -> tuple[date, date]:
    """The twelve months before the next appraisal, or the last twelve months."""
    end = next_appraisal or today
    return add_months(end, -12), end


class PackDialog(QDialog):
    built = Signal(object)  # PrintedDocument

    def __init__(self, portfolio: Portfolio, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.setWindowTitle("Build the appraisal pack")
        start, end = default_period(profile.get_owner(portfolio).next_appraisal_date, clock.today())
        self.date_from = DateField(label="Period from")
        self.date_to = DateField(label="Period to")
        self.date_from.set_value(start)
        self.date_to.set_value(end)
        self.reflections = QCheckBox("Include my private reflections")
        self.reflections.setToolTip(
            "Left out unless you tick this: the pack shares your appraisal summaries"
        )
        self.amendments = QCheckBox("Also print amendments awaiting signature")
        self.amendments.setToolTip(
            "An amended record prints as last signed. Tick this to print its proposed"
            " amendment after it too, marked DRAFT"
        )
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.status = QLabel(
            "The pack holds a cover, a summary, contents and the records of the period."
        )
        self.status.setWordWrap(True)
        # Said before building: an appraiser expects signed records.
        self.unsigned_note = QLabel()
        self.unsigned_note.setWordWrap(True)
        self.unsigned_note.setAccessibleName("Records not signed yet")
        set_tone(self.unsigned_note, "warning")
        self.date_from.changed.connect(self.show_unsigned)
        self.date_to.changed.connect(self.show_unsigned)
        self.build_button = QPushButton("&Build pack")
        self.build_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        buttons = QDialogButtonBox()
        buttons.addButton(self.build_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.build_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        form = QFormLayout()
        form.addRow("From:", self.date_from)
        form.addRow("To:", self.date_to)
        form.addRow("", self.reflections)
        form.addRow("", self.amendments)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.unsigned_note)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self.task = BackgroundTask(self, name="mentee-portfolio-pack")
        self.task.progress.connect(self._on_progress)
        self.task.done.connect(self._on_finished)
        self._closing = False
        self.document: PrintedDocument | None = None
        self.show_unsigned()

    def show_unsigned(self) -> None:
        """How many of the period's signable records are not fully signed: their pages
        will say so, and the mentee may want signatures first."""
        try:
            items = candidates(self.portfolio, self.request())
        except KnownError:
            self.unsigned_note.hide()
            return
        signable = [item for item in items if item.status]
        waiting = [item for item in signable if item.status != "signed"]
        self.unsigned_note.setVisible(bool(waiting))
        if waiting:
            self.unsigned_note.setText(
                f"{len(waiting)} of the {len(signable)} records to be signed in this period"
                " are not fully signed yet; their pages will say so. You can build the pack"
                " now, or record the signatures first."
            )

    def request(self) -> PackRequest:
        return PackRequest(
            self.date_from.required_value("the first day of the period"),
            self.date_to.required_value("the last day of the period"),
            include_reflections=self.reflections.isChecked(),
            include_amendments=self.amendments.isChecked(),
        )

    def start(self, *, confirm: bool = True) -> None:
        try:
            request = self.request()
            request.check()
            hits = period_hits(
                self.portfolio,
                request.date_from,
                request.date_to,
                include_reflections=request.include_reflections,
            )
        except KnownError as err:
            QMessageBox.warning(self, "Cannot build the pack", err.message)
            return
        if confirm and not confirm_hits(hits, "building the appraisal pack", self):
            return
        keep(self.portfolio, "appraisal pack", hits)
        self.build_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setValue(0)
        self.status.setText("Starting…")
        portfolio = self.portfolio

        def build(progress: Progress) -> PrintedDocument:
            # The pack stops by itself at Cancel (it ends its process): its progress
            # is only shown, never raised through.
            return build_pack_in_process(
                portfolio, request, progress=progress.show, is_cancelled=progress.cancelled
            )

        self.task.start(build)

    def _on_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(round(fraction * 100))
        self.status.setText(text)

    def _on_finished(self, result: object) -> None:
        if self._closing:
            return  # closed while building: nothing to show, nowhere to show it
        self.build_button.setEnabled(True)
        self.progress.setVisible(False)
        if isinstance(result, PackCancelled):
            self.status.setText(result.message)
            return
        if isinstance(result, KnownError):
            self.status.setText(result.message)
            QMessageBox.warning(self, "Cannot build the pack", result.message)
            return
        assert isinstance(result, PrintedDocument)
        self.document = result
        self.status.setText(f"Built: {result.pages} pages.")
        self.cancel_button.setText("Close")  # nothing left to cancel
        self.built.emit(result)
        PrintPreviewDialog(result, self, portfolio=self.portfolio).open()

    def cancel(self) -> None:
        if self.task.running():
            self.task.cancel()
            self.status.setText("Cancelling…")
            return
        self.reject()

    def is_building(self) -> bool:
        return self.task.running()

    def done(self, result: int) -> None:
        """Closing while building: the build stops first (its process is ended)."""
        self._closing = True
        if self.task.running():
            self.task.cancel()
            self.task.wait()
        super().done(result)
