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
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KnownError
from app.services import attachments
from app.services.portfolio import Portfolio


class ScanViewer(QDialog):
    def __init__(self, portfolio: Portfolio, attachment_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.portfolio, self.attachment_id = portfolio, attachment_id
        scan = attachments.get_scan(portfolio, attachment_id)
        self.filename = scan.attachment.filename or "scan"
        self.setWindowTitle(f"Scan of the signed page: {self.filename}")
        layout = QVBoxLayout(self)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = QPixmap()
        if scan.is_image and pixmap.loadFromData(scan.data):
            self.image.setPixmap(pixmap.scaledToWidth(min(pixmap.width(), 900),
                                                      Qt.TransformationMode.SmoothTransformation))
            self.image.setAccessibleName(f"Scan {self.filename}")
            area = QScrollArea()
            area.setWidget(self.image)
            area.setWidgetResizable(True)
            layout.addWidget(area)
            self.resize(min(pixmap.width(), 900) + 40, 700)
        else:
            kind = "PDF" if scan.attachment.media_type == "application/pdf" else "file"
            self.image.setText(
                f"This scan is a {kind} of {scan.attachment.size / 1024:.0f} KB, kept encrypted"
                " in the portfolio. PDF scans cannot be shown inside the app; save a copy to"
                " open it in your PDF viewer (the copy is not encrypted).")
            self.image.setWordWrap(True)
            layout.addWidget(self.image)
            self.resize(480, 200)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        save = buttons.addButton("&Save a copy…", QDialogButtonBox.ButtonRole.ActionRole)
        save.clicked.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _save(self) -> None:
        target, _ = QFileDialog.getSaveFileName(self, "Save a copy of the scan", self.filename)
        if target:
            self.save_to(Path(target))

    def save_to(self, target: Path) -> None:
        try:
            attachments.save_copy(self.portfolio, self.attachment_id, target)
        except KnownError as err:
            QMessageBox.warning(self, "Scan not saved", err.message)
