"""A signed return kept with a version: its pages rendered from memory (the decrypted
file never touches the disk), how it was signed, Check again, and Save a copy…."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain import clock
from app.domain.bidi import isolate
from app.domain.enums import RecordKind
from app.domain.errors import KnownError
from app.os_support.names import safe_file_name
from app.services.portfolio import Portfolio
from app.services.signing import attachments, returns
from app.services.signing.lifecycle import ROLE_LABEL
from app.services.signing.returns_api import ReturnCheck, StoredReturn
from app.ui.common import fit_to_screen
from app.ui.look import set_tone
from app.ui.ops import Op, off_the_gui_thread

PAGE_SCALE = 1.0  # 72 dpi: the whole page width in the dialog, readable


def stored_return(
    portfolio: Portfolio, kind: RecordKind, record_id: int, attachment_id: int
) -> StoredReturn | None:
    """The kept return ``attachment_id`` is, from its record's list."""
    found = returns.returns_of(portfolio, kind, record_id)
    return next((r for r in found if r.attachment_id == attachment_id), None)


def described(stored: StoredReturn) -> str:
    """One line naming a kept return: who returned it, when, which file."""
    return (
        f"Signed copy returned by the {ROLE_LABEL[stored.role]}, recorded"
        f" {clock.local_time(stored.recorded_at):%-d %b %Y %H:%M}:"
        f" {isolate(stored.filename)} ({stored.size / 1024:,.0f} KB)"
    )


class ReturnViewer(QDialog):
    def __init__(
        self, portfolio: Portfolio, stored: StoredReturn, parent: QWidget | None = None
    ) -> None:
        from app.ui.printing.preview import render_pages

        super().__init__(parent)
        self.portfolio, self.stored = portfolio, stored
        self.attachment_id = attachment_id = stored.attachment_id
        self.filename = stored.filename or "signed copy.pdf"
        self.setWindowTitle(f"Signed copy: {isolate(self.filename)}")
        # How it was signed, until Check again says it with what it found.
        self.about = QLabel(f"{described(stored)}\n{stored.method}")
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.about.setAccessibleName("How it was signed")
        self.check = QLabel()
        self.check.setWordWrap(True)
        self.check.setTextFormat(Qt.TextFormat.PlainText)
        self.check.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.check.setAccessibleName("Check result")
        self.check.hide()
        self.pages: list[QLabel] = []
        problem = ""
        try:
            pdf = off_the_gui_thread(
                "Opening the signed copy…",
                self,
                lambda: returns.returned_pdf(portfolio, attachment_id),
            )
            images = render_pages(pdf, PAGE_SCALE)
        except KnownError as err:
            images, problem = [], err.message
        except Exception:  # noqa: BLE001 - a file PDFium cannot show is said in a sentence
            images, problem = [], "The app cannot show this file's pages; save a copy to open it."
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setSpacing(12)
        for number, image in enumerate(images, start=1):
            page = QLabel()
            page.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            page.setPixmap(QPixmap.fromImage(image))
            page.setAccessibleName(f"Page {number} of {len(images)} of the signed copy")
            column.addWidget(page)
            self.pages.append(page)
        if problem:
            note = QLabel(problem)
            note.setWordWrap(True)
            column.addWidget(note)
        holder.setStyleSheet("background: palette(dark);")  # pages on a desk, light or dark
        area = QScrollArea()
        area.setWidget(holder)
        area.setWidgetResizable(True)
        area.setAccessibleName("Pages of the signed copy")
        self.check_button = QPushButton("Check &again")
        self.check_button.setToolTip(
            "Check the kept file again: that it is the one accepted and its signature"
            " still validates"
        )
        self.check_button.clicked.connect(self.check_again)
        self.save_button = QPushButton("&Save a copy…")
        self.save_button.clicked.connect(self._save)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.check_button, self.save_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addWidget(self.check)
        layout.addWidget(area, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 760, 900)
        self.check_button.setFocus()

    def check_again(self) -> ReturnCheck | None:
        try:
            found = off_the_gui_thread(
                "Checking the signed copy…",
                self,
                lambda: returns.check_stored_return(self.portfolio, self.attachment_id),
            )
        except KnownError as err:
            self.check.setText(err.message)
            set_tone(self.check, "bad")
            self.check.show()
            return None
        self.about.setText(described(self.stored))
        self.check.setText(found.text)
        set_tone(self.check, "good" if found.ok else "bad")
        self.check.show()
        return found

    def _save(self) -> None:
        suggested = safe_file_name(self.filename, fallback="signed copy")
        target, _ = QFileDialog.getSaveFileName(
            self, "Save a copy of the signed PDF", suggested, "PDF documents (*.pdf)"
        )
        if target:
            self.save_to(Path(target))

    def save_to(self, target: Path) -> None:
        Op(
            None,
            self,
            lambda: attachments.save_copy(self.portfolio, self.attachment_id, target),
            title="Copy not saved",
        ).in_background("Saving a copy of the signed PDF…").run()
