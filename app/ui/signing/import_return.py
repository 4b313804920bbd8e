"""Import signed copy…: the mentor's returned PDF is checked off the GUI thread
(which request and version it answers, that its pages are what was sent, a digital
signature validated) and its signature recorded; the dialog then says what was
recorded, or the one sentence saying why not (nothing recorded)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.bidi import isolate
from app.domain.enums import RecordKind
from app.domain.errors import KnownError
from app.services.changes import Changes
from app.services.portfolio import Portfolio
from app.services.signing import returns
from app.services.signing.lifecycle import ROLE_LABEL
from app.services.signing.returns_api import AcceptedReturn, CertificateInfo
from app.ui.background import BackgroundTask, Progress
from app.ui.common import fit_to_screen
from app.ui.look import set_tone
from app.ui.ops import ChangeBus


def choose_return(parent: QWidget) -> Path | None:
    """The returned PDF to import (the Open dialog, in Documents by default)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import the signed copy", folder, "PDF documents (*.pdf);;All files (*)"
    )
    return Path(name) if name else None


def certificate_lines(certificate: CertificateInfo) -> list[str]:
    """The signer's certificate as the window shows it (its text isolated)."""
    return [
        f"Certificate: {isolate(certificate.subject)}",
        f"Issued by: {isolate(certificate.issuer)}",
        f"Certificate SHA-256: {certificate.sha256}",
        f"Valid from {certificate.not_before:%-d %b %Y} to {certificate.not_after:%-d %b %Y}",
        f"Trust: {certificate.trust}",
    ]


def recorded_lines(accepted: AcceptedReturn) -> list[str]:
    """What the import recorded, line by line."""
    how = (
        "digital signature, verified on import"
        if accepted.digital
        else "signature drawn in the PDF reader, checked on import"
    )
    lines = [
        f"Signed by: {isolate(accepted.signer_name)} ({ROLE_LABEL[accepted.role]}),"
        f" {accepted.signed_on:%-d %B %Y}",
        f"How: {how}",
        f"What they added: {accepted.changes}",
    ]
    if accepted.certificate is not None:
        lines += certificate_lines(accepted.certificate)
    lines += [f"⚠ {warning}" for warning in accepted.warnings]
    return lines


class ImportReturnDialog(QDialog):
    """Checks and records ``path`` as soon as it opens; ``recorded`` carries the
    AcceptedReturn once the signature is recorded. ``expected``: the record whose page
    it was started from (a return for another record is refused)."""

    recorded = Signal(object)

    def __init__(
        self,
        portfolio: Portfolio,
        path: Path,
        parent: QWidget | None = None,
        *,
        bus: ChangeBus | None = None,
        initiator: object | None = None,
        expected: tuple[RecordKind, int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.path = path
        self.bus = bus
        self.initiator = initiator
        self.expected = expected
        self.accepted_return: AcceptedReturn | None = None
        self.refusal: str | None = None
        self.setWindowTitle("Import signed copy")
        self.file_label = QLabel(f"File: {isolate(str(path))}")
        self.file_label.setWordWrap(True)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setAccessibleName("Import result")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("What was recorded")
        self.details.hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName("Checking the signed copy")
        self.view_button = QPushButton("&View the signed PDF…")
        self.view_button.clicked.connect(self.view_return)
        self.view_button.hide()
        self.again_button = QPushButton("&Choose another file…")
        self.again_button.clicked.connect(self.choose_again)
        self.again_button.hide()
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.view_button, self.again_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.headline)
        layout.addWidget(self.progress)
        layout.addWidget(self.details)
        layout.addStretch(1)
        layout.addLayout(buttons)
        fit_to_screen(self, 640, 380)
        self.task = BackgroundTask(self, name="mentee-portfolio-return")
        self.task.progress.connect(self._progress)
        self.task.done.connect(self._done)
        self.start()

    def start(self) -> None:
        portfolio, path, expected = self.portfolio, self.path, self.expected

        def job(progress: Progress) -> AcceptedReturn:
            return returns.accept_signed_return(
                portfolio, path, filename=path.name, expected=expected, progress=progress.show
            )

        self.accepted_return, self.refusal = None, None
        self.file_label.setText(f"File: {isolate(str(path))}")
        self.headline.setText("Checking the signed copy against what was sent…")
        set_tone(self.headline, None)
        self.details.hide()
        self.view_button.hide()
        self.again_button.hide()
        self.progress.setValue(0)
        self.progress.show()
        self.close_button.setEnabled(False)
        self.task.start(job)

    def _progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(round(max(0.0, min(fraction, 1.0)) * 100))
        if text:
            self.headline.setText(text)

    def _done(self, result: object) -> None:
        self.progress.hide()
        self.close_button.setEnabled(True)
        if isinstance(result, KnownError):
            self.refusal = result.message
            self.headline.setText(result.message)
            set_tone(self.headline, "bad")
            self.details.setText("Nothing was recorded.")
            self.details.show()
            self.again_button.show()
            self.again_button.setFocus()
            return
        assert isinstance(result, AcceptedReturn)
        self.accepted_return = result
        self.headline.setText(
            f"Recorded the {ROLE_LABEL[result.role]}'s signature on"
            f" {result.kind.label.lower()} {result.record_id}, version {result.version}."
        )
        set_tone(self.headline, "good")
        self.details.setText("\n".join(recorded_lines(result)))
        self.details.show()
        self.view_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        if self.bus is not None:
            self.bus.announce(Changes.of(result.kind, result.record_id), self.initiator)
        self.recorded.emit(result)

    def choose_again(self) -> None:
        path = choose_return(self)
        if path is not None:
            self.path = path
            self.start()

    def view_return(self) -> None:
        from app.ui.signing.return_viewer import ReturnViewer, stored_return

        accepted = self.accepted_return
        if accepted is None:
            return
        stored = stored_return(
            self.portfolio, accepted.kind, accepted.record_id, accepted.attachment_id
        )
        if stored is not None:
            ReturnViewer(self.portfolio, stored, self).exec()

    def reject(self) -> None:
        if self.task.running():
            return  # closing waits for the check (it may be recording the signature)
        super().reject()


def import_signed_copy(
    parent: QWidget,
    portfolio: Portfolio,
    path: Path | None = None,
    *,
    bus: ChangeBus | None = None,
    initiator: object | None = None,
    expected: tuple[RecordKind, int] | None = None,
) -> ImportReturnDialog | None:
    """Ask for the file (unless given, as by a drop), then check and record it in a
    dialog that says what it found; None when no file was chosen."""
    if path is None:
        path = choose_return(parent)
        if path is None:
            return None
    dialog = ImportReturnDialog(
        portfolio, path, parent, bus=bus, initiator=initiator, expected=expected
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
