"""Print preview rendered from memory (the PDF bytes never touch the disk unless the
user saves them), with Save as PDF and Print.

QtPdf is not part of the PySide6 wheels we ship (Essentials), so pages are rendered
with pypdfium2 (PDFium, the engine Chrome uses) straight from the bytes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.bidi import isolate
from app.domain.errors import KnownError
from app.services.documents import PrintedDocument, record_printed_file, save_pdf
from app.services.portfolio import Portfolio
from app.ui.common import fit_to_screen
from app.ui.ops import Op

PREVIEW_SCALE = 1.3  # about 94 dpi: readable on screen without zooming


def render_pages(pdf: bytes, scale: float) -> list[QImage]:
    """Every page of ``pdf`` as an image, rendered in memory."""
    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            bitmap = page.render(scale=scale)
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_BGR888
                if bitmap.n_channels == 3
                else QImage.Format.Format_RGB32,
            )
            images.append(image.copy())  # own the pixels before PDFium frees them
            page.close()
        return images
    finally:
        document.close()


class PrintPreviewDialog(QDialog):
    """Shows a printed document page by page; Save as PDF… and Print…."""

    def __init__(
        self,
        doc: PrintedDocument,
        parent: QWidget | None = None,
        *,
        portfolio: Portfolio,
        rerender_with_reflection: Callable[[bool], PrintedDocument] | None = None,
    ) -> None:
        """``portfolio``: the one printed from; Save as PDF never writes over its files."""
        super().__init__(parent)
        self.doc = doc
        self.portfolio = portfolio
        self._rerender = rerender_with_reflection
        self.setWindowTitle(f"Print preview: {isolate(doc.title)}")
        self.pages = QVBoxLayout()
        self.pages.setSpacing(16)
        holder = QWidget()
        holder.setLayout(self.pages)
        holder.setStyleSheet("background: palette(dark);")  # pages on a desk, light or dark
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName("Pages")
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.reflection = QCheckBox("Include my private reflection on this page")
        self.reflection.setVisible(rerender_with_reflection is not None)
        self.reflection.toggled.connect(self._toggle_reflection)
        self.save_button = QPushButton("&Save as PDF…")
        self.print_button = QPushButton("&Print…")
        close = QPushButton("Close")
        self.save_button.clicked.connect(self.save_as)
        self.print_button.clicked.connect(self.print_pages)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reflection)
        buttons.addStretch(1)
        for button in (self.save_button, self.print_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 900, 1000)
        self._show(doc)

    def _show(self, doc: PrintedDocument) -> None:
        self.doc = doc
        while self.pages.count():
            item = self.pages.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for number, image in enumerate(render_pages(doc.pdf, PREVIEW_SCALE), 1):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setAccessibleName(f"Page {number} of {doc.pages}")
            self.pages.addWidget(label)
        lines = [
            f"{doc.pages} page{'s' if doc.pages != 1 else ''}"
            + (f" · verification code {doc.code}" if doc.code else "")
        ]
        lines += [f"⚠ {warning}" for warning in doc.warnings]
        self.info.setText("\n".join(lines))

    def _toggle_reflection(self, include: bool) -> None:
        if self._rerender is not None:
            try:
                self._show(self._rerender(include))
            except KnownError as err:
                QMessageBox.warning(self, "Cannot print", err.message)

    def save_as(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getSaveFileName(
            self, "Save as PDF", f"{folder}/{self.doc.file_name}", "PDF documents (*.pdf)"
        )
        if not name:
            return
        doc, portfolio = self.doc, self.portfolio
        Op(
            None, self, lambda: save_pdf(portfolio, doc, Path(name)), title="Not saved"
        ).in_background("Saving the PDF…").run()

    def print_pages(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Paint every page, rendered at the printer's resolution, onto ``printer``."""
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, "Not printed", "The printer could not be started.")
            return
        try:
            dpi = min(printer.resolution(), 300)
            for index, image in enumerate(render_pages(self.doc.pdf, dpi / 72)):
                if index:
                    printer.newPage()
                target = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(
                    target.x(),
                    target.y(),
                    image.scaled(
                        size,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    ),
                )
        finally:
            painter.end()
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
            # Print to File: Qt wrote a file from the portfolio; it goes in the ledger.
            doc, portfolio = self.doc, self.portfolio
            printed = Path(printer.outputFileName())
            Op(
                None,
                self,
                lambda: record_printed_file(portfolio, doc, printed),
                title="Printed, not recorded",
            ).run()
