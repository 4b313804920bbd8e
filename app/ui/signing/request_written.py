"""After Send for signature…: where the request went and what to do next, with Open
folder (the desktop's file manager) to find the file to attach to an email."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.bidi import isolate
from app.domain.enums import SignerRole
from app.ui.common import fit_to_screen


def next_steps(mentor: str, role: SignerRole = SignerRole.MENTOR) -> str:
    """What the mentee does with a written request, in plain words."""
    if role is SignerRole.MENTEE:
        return (
            "1. Open this file in your PDF reader and sign in your signature box with"
            " your own certificate (a digital signature), or with Fill & Sign.\n"
            "2. Save the signed file.\n"
            "3. Open this record and choose Import signed copy… (or drop the file onto"
            " the record's page). The app checks that it is this version, unchanged, and"
            " records your signature."
        )
    who = f"your mentor ({isolate(mentor)})" if mentor else "your mentor"
    return (
        f"1. Send this file to {who}, by email or however you share files.\n"
        "2. They open it in their PDF reader and sign in the signature box: a digital"
        " signature (Adobe Acrobat Reader, Okular), or Fill & Sign or Preview's"
        " signature. The first page tells them how.\n"
        "3. They send the signed file back to you.\n"
        "4. Open this record and choose Import signed copy… (or drop the file onto the"
        " record's page). The app checks that it is this version, unchanged, and records"
        " their signature.\n"
        "If they print it and sign in ink instead, record that with Record signatures…"
        " and add their scan."
    )


class RequestWritten(QDialog):
    """Says the request was written to ``path`` and what happens next."""

    def __init__(
        self,
        path: Path,
        what: str,
        mentor: str = "",
        parent: QWidget | None = None,
        *,
        role: SignerRole = SignerRole.MENTOR,
        warnings: tuple[str, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.path = path
        # How a folder is shown (the desktop's file manager); a test may look instead.
        self.show_folder: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.setWindowTitle("Signing request written")
        self.setAccessibleName("Signing request written")
        heading = QLabel(f"The signing request for {what} is written to:")
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        self.where = QLabel(isolate(str(path)))
        self.where.setWordWrap(True)
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where.setAccessibleName("Where the request was written")
        self.where.setStyleSheet("font-weight: 600;")
        self.steps = QLabel(next_steps(mentor, role))
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.PlainText)
        self.steps.setAccessibleName("What to do next")
        self.notes = QLabel("\n".join(f"⚠ {w}" for w in warnings))
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setVisible(bool(warnings))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.open_button = QPushButton("&Open folder")
        self.open_button.setToolTip("Show the folder the request is in, to attach it to an email")
        self.open_button.clicked.connect(self.open_folder)
        self.close_button = QPushButton("Close")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.where)
        layout.addWidget(self.steps)
        layout.addWidget(self.notes)
        layout.addStretch(1)
        layout.addLayout(buttons)
        fit_to_screen(self, 620, 380)
        self.open_button.setFocus()

    def open_folder(self) -> None:
        folder = self.path.parent
        if not folder.is_dir():
            self.status.setText(f"The folder {isolate(str(folder))} is no longer there.")
            return
        self.status.setText("")
        self.show_folder(QUrl.fromLocalFile(str(folder)))
