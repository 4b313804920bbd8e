"""How a section tells the user that something could not be done. A storage problem
(read-only folder, full disk) is a KnownError: a dialog with its one-sentence message,
opened window-modal without blocking, so the form behind it keeps what was typed."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import KnownError


def report_error(parent: QWidget, exc: KnownError, title: str = "Not saved") -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, title, exc.message,
                      QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText("What you typed is still in the form.")
    box.setObjectName("knownErrorDialog")
    box.open()
    return box
