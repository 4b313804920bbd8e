"""The one path from a widget to a service write (modelled on Anki's CollectionOp and
OpChanges). An ``Op`` runs one service call, shows a refusal (a KnownError) once, where
the user is looking, and then announces what changed on the window's ``ChangeBus``, so
each section refreshes only when a change touches what it shows.

    Op(context.bus, self, lambda: records.save(portfolio, record))
        .changes(Changes.of_records)
        .success(self.load)
        .run(initiator=self)

A call that can take more than about 50 ms (laying out a page, writing an export,
unlocking) runs ``in_background``: on a worker thread while the window keeps painting,
its input held back (a busy cursor, then a note of what it is doing), and ``run`` still
returns once it is done (off_the_gui_thread does the same for a call that only reads).
Locking the portfolio waits until no call is running."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from app.domain.errors import KnownError
from app.services.changes import NOTHING, Changes
from app.ui.background import hold_collection, resume_collection

T = TypeVar("T")
#: How long a background call runs before the window says what it is doing.
NOTE_AFTER_MS = 600


_running = 0  # calls under way, whichever window or dialog started them
_counting = threading.Lock()


class ChangeBus(QObject):
    """The window's announcements: (Changes, the widget that made them or None)."""

    changed = Signal(object, object)

    def busy(self) -> bool:
        """True while an op runs (its call may still be using the portfolio)."""
        return _running > 0

    def announce(self, changes: Changes, initiator: object | None = None) -> None:
        if changes:
            self.changed.emit(changes, initiator)


class HoldInput(QObject):
    """Keeps keys and clicks from the window while a background call runs."""

    HELD = {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.Shortcut,
        QEvent.Type.ShortcutOverride,
    }

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        return event.type() in self.HELD


def _warn(parent: QWidget | None, title: str) -> Callable[[KnownError], None]:
    def warn(err: KnownError) -> None:
        QMessageBox.warning(parent, title, err.message)

    return warn


class Op(Generic[T]):
    def __init__(
        self,
        bus: ChangeBus | None,
        parent: QWidget | None,
        call: Callable[[], T],
        *,
        title: str = "Not done",
    ) -> None:
        self.bus = bus
        self.parent = parent
        self.call = call
        self._changes: Changes | Callable[[T], Changes] = NOTHING
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[KnownError], None] = _warn(parent, title)
        self._label: str | None = None

    def changes(self, what: Changes | Callable[[T], Changes]) -> Op[T]:
        """What the call changes, or how to tell from its result."""
        self._changes = what
        return self

    def success(self, then: Callable[[T], None]) -> Op[T]:
        self._success = then
        return self

    def failure(self, then: Callable[[KnownError], None]) -> Op[T]:
        """Instead of the default warning (e.g. problems shown beside the fields)."""
        self._failure = then
        return self

    def in_background(self, label: str) -> Op[T]:
        """Run the call on a worker thread; ``label`` says what it is doing."""
        self._label = label
        return self

    def run(self, *, initiator: object | None = None) -> bool:
        """Run it; True if the call succeeded (and its changes were announced)."""
        try:
            if self._label is None:
                result = _counted(self.call)
            else:
                result = off_the_gui_thread(self._label, self.parent, self.call)
        except KnownError as err:
            self._failure(err)
            return False
        if self._success is not None:
            self._success(result)
        changes = self._changes(result) if callable(self._changes) else self._changes
        if self.bus is not None:
            self.bus.announce(changes, initiator)
        return True


def _counted(call: Callable[[], T]) -> T:
    global _running
    with _counting:
        _running += 1
    try:
        return call()
    finally:
        with _counting:
            _running -= 1


class _Done(QObject):
    finished = Signal()


def off_the_gui_thread(label: str, parent: QWidget | None, call: Callable[[], T]) -> T:
    """Run ``call`` on a worker thread while the window keeps painting (its input held,
    a note saying ``label`` after a moment); return its result or raise its error."""
    outcome: dict[str, Any] = {}
    done = _Done()
    loop = QEventLoop()
    done.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def work() -> None:
        try:
            outcome["value"] = _counted(call)
        except BaseException as exc:  # noqa: BLE001 - raised again on the GUI thread
            outcome["error"] = exc
        done.finished.emit()

    app = QApplication.instance()
    hold = HoldInput()
    note = QProgressDialog(label, "", 0, 0, parent)
    note.setCancelButton(None)
    note.setWindowModality(Qt.WindowModality.WindowModal)
    note.setMinimumDuration(NOTE_AFTER_MS)
    note.setAutoClose(False)
    note.setAccessibleName(label)
    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    if app is not None:
        app.installEventFilter(hold)
    worker = threading.Thread(target=work, name="mentee-portfolio-op", daemon=True)
    hold_collection()  # no garbage collection on the worker thread (app/ui/background.py)
    try:
        worker.start()
        loop.exec()  # until the worker says it is done (queued: never missed)
        worker.join()
    finally:
        resume_collection()
        if app is not None:
            app.removeEventFilter(hold)
        QApplication.restoreOverrideCursor()
        note.reset()
        note.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    result: T = outcome["value"]
    return result
