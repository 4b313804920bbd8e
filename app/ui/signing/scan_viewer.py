"""Show a scan of a signed page from memory (never via a temporary file)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.bidi import isolate
from app.os_support.names import safe_file_name
from app.services.portfolio import Portfolio
from app.services.signing import attachments
from app.ui.ops import Op


class ScanViewer(QDialog):
    def __init__(
        self, portfolio: Portfolio, attachment_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.portfolio, self.attachment_id = portfolio, attachment_id
        scan = attachments.get_scan(portfolio, attachment_id)
        self.filename = scan.attachment.filename or "scan"
        self.setWindowTitle(f"Scan of the signed page: {isolate(self.filename)}")
        layout = QVBoxLayout(self)
        self.pages: list[QLabel] = []
        for number, image in enumerate(attachments.preview_images(scan), start=1):
            pixmap = QPixmap()
            if not pixmap.loadFromData(image):
                continue
            page = QLabel()
            page.setAlignment(Qt.AlignmentFlag.AlignCenter)
            page.setPixmap(
                pixmap.scaledToWidth(
                    min(pixmap.width(), 900), Qt.TransformationMode.SmoothTransformation
                )
            )
            page.setAccessibleName(f"Page {number} of the scan {isolate(self.filename)}")
            self.pages.append(page)
        if self.pages:
            holder = QWidget()
            column = QVBoxLayout(holder)
            for page in self.pages:
                column.addWidget(page)
            area = QScrollArea()
            area.setWidget(holder)
            area.setWidgetResizable(True)
            layout.addWidget(area)
            self.message = QLabel("")
            self.resize(min(max(p.pixmap().width() for p in self.pages), 900) + 60, 720)
        else:
            self.message = QLabel(
                f"This scan is a {scan.attachment.size / 1024:.0f} KB PDF, kept encrypted in"
                " the portfolio. It holds no scanned pages the app can show; save a copy to"
                " open it in your PDF viewer (the copy is not encrypted)."
            )
            self.message.setWordWrap(True)
            layout.addWidget(self.message)
            self.resize(480, 200)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        save = buttons.addButton("&Save a copy…", QDialogButtonBox.ButtonRole.ActionRole)
        save.clicked.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _save(self) -> None:
        suggested = safe_file_name(self.filename, fallback="scan")  # made on another system?
        target, _ = QFileDialog.getSaveFileName(self, "Save a copy of the scan", suggested)
        if target:
            self.save_to(Path(target))

    def save_to(self, target: Path) -> None:
        Op(
            None,
            self,
            lambda: attachments.save_copy(self.portfolio, self.attachment_id, target),
            title="Scan not saved",
        ).in_background("Saving a copy of the scan…").run()
