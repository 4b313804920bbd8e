"""Dropping a mentor's signed PDF onto a record's page imports it (the same as Import
signed copy…): one local PDF file is taken, anything else is left to the widget under
the pointer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QTimer
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QWidget


def dropped_pdf(mime: QMimeData) -> Path | None:
    """The one local file ending in .pdf that ``mime`` carries, or None (several files,
    a web address, text)."""
    if not mime.hasUrls():
        return None
    urls = mime.urls()
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() == ".pdf" else None


class ReturnDrop(QObject):
    """Installed on a page: a PDF dropped on it goes to ``take`` (after the drop has
    finished, so the file manager is not left waiting while it is checked)."""

    def __init__(
        self,
        page: QWidget,
        take: Callable[[Path], object],
        active: Callable[[], bool] = lambda: True,
    ) -> None:
        """``active``: whether a drop is taken now (the page shows a record)."""
        super().__init__(page)
        self._take = take
        self._active = active
        page.setAcceptDrops(True)
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDropEvent)  # a drag's enter and move events are too
            if not self._active() or dropped_pdf(event.mimeData()) is None:
                return False
            event.acceptProposedAction()
            return True
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            path = dropped_pdf(event.mimeData())
            if path is None or not self._active():
                return False
            event.acceptProposedAction()
            QTimer.singleShot(0, self, lambda: self._take(path))
            return True
        return False
