"""Long work off the GUI thread (the appraisal pack, backups, restore, a new passphrase
or recovery code, a new portfolio's key), with progress and Cancel.

One pattern for all of it. The job runs on a plain Python thread and touches no Qt
object there except by emitting the relay's signals; the relay, like the task, lives on
the GUI thread as a child of the widget that started the job, so Qt owns both and their
signals reach the GUI thread queued. Nothing Qt is ever created on, moved to or deleted
from the worker thread: a QThread with a QObject moved onto it let Python's garbage
collector delete a Qt object of one thread from another, which segfaulted.

    task = BackgroundTask(self)
    task.progress.connect(self.show_progress)   # (fraction 0..1, text)
    task.done.connect(self.finished)            # what the job returned, or a KnownError
    task.start(lambda progress: do_the_work(progress))
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app.domain.errors import KnownError
from app.services.cancelling import Cancelled

_workers = 0  # worker threads running; changed on the GUI thread only
_collecting_before = True  # whether automatic collection was on when the first began


def hold_collection() -> None:
    """A worker thread is about to start (call on the GUI thread, before it starts)."""
    global _workers, _collecting_before
    if _workers == 0:
        _collecting_before = gc.isenabled()
        gc.disable()
    _workers += 1


def resume_collection() -> None:
    """A worker thread has ended (call on the GUI thread, after joining it)."""
    global _workers
    _workers = max(0, _workers - 1)
    if _workers == 0 and _collecting_before:
        gc.enable()


class Progress:
    """What a job is given. ``progress(fraction, text)`` says how far it got and raises
    Cancelled once Cancel was pressed (a job that cannot stop part-way simply does not
    call it); ``cancelled()`` asks without raising, for a job that stops by itself."""

    def __init__(self, emit: Callable[[float, str], None], cancel: threading.Event) -> None:
        self._emit = emit
        self._cancel = cancel

    def __call__(self, fraction: float, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self.show(fraction, text)

    def show(self, fraction: float, text: str = "") -> None:
        """Say how far the job got, without checking for Cancel."""
        self._emit(fraction, text)

    def cancelled(self) -> bool:
        return self._cancel.is_set()


Job = Callable[[Progress], object]


class _Relay(QObject):
    """Carries the worker thread's news to the GUI thread (queued, since it lives there)."""

    progress = Signal(float, str)
    finished = Signal(object)


def _emit_while_alive(signal: object, *args: object) -> None:
    """Emit unless the widget that owned the task (and so the relay) is gone."""
    with contextlib.suppress(RuntimeError):  # its C++ object was deleted with its owner
        signal.emit(*args)  # type: ignore[attr-defined]


def _give_back(held: list[bool]) -> None:
    if held[0]:
        held[0] = False
        resume_collection()


class BackgroundTask(QObject):
    """One job at a time on its own thread; ``done`` carries its result (or KnownError)."""

    progress = Signal(float, str)
    done = Signal(object)

    def __init__(self, parent: QObject, *, name: str = "mentee-portfolio-task") -> None:
        super().__init__(parent)
        self._name = name
        self._relay = _Relay(self)
        self._relay.progress.connect(self.progress)
        self._relay.finished.connect(self._finished)
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        # Held here until the result reached the GUI thread, so the worker thread never
        # drops the last reference to whatever the job holds.
        self._job: Job | None = None
        # Whether this task holds the garbage collection; in a list, not on self, so
        # that the task's deletion (its owner closed mid-job) can still give it back.
        held = self._held = [False]
        self.destroyed.connect(lambda *_: _give_back(held))

    def start(self, job: Job) -> None:
        assert self._thread is None, "one job at a time"
        self._cancel = threading.Event()
        self._job = job
        relay = self._relay
        progress = Progress(
            lambda fraction, text: _emit_while_alive(relay.progress, fraction, text),
            self._cancel,
        )

        def work() -> None:
            try:
                result: object = job(progress)
            except KnownError as err:
                result = err
            except Exception as exc:  # noqa: BLE001 - said in one sentence, logged by type
                from app.logging_setup import log_error

                log_error("background.failed", exc)
                result = KnownError(
                    f"This could not be finished ({type(exc).__name__}); nothing you saved is lost."
                )
            _emit_while_alive(relay.finished, result)

        self._thread = threading.Thread(target=work, name=self._name, daemon=True)
        hold_collection()
        self._held[0] = True
        self._thread.start()

    def _finished(self, result: object) -> None:
        if self._thread is not None:
            self._thread.join()
        self._thread, self._job = None, None
        _give_back(self._held)
        self.done.emit(result)

    def cancel(self) -> None:
        """Ask the job to stop; ``done`` then carries Cancelled (or the job's result, if
        it had already finished)."""
        self._cancel.set()

    def running(self) -> bool:
        return self._thread is not None

    def wait(self) -> None:
        """Block until the job's thread ends (quitting or locking: its result still
        arrives through ``done``)."""
        if self._thread is not None:
            self._thread.join()
