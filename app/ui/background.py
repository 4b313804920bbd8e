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
_jobs = 0  # BackgroundTask jobs not yet handed over; changed on the GUI thread only


def jobs_running() -> int:
    """How many BackgroundTask jobs are under way in the app (an export, a passphrase
    change, a backup, the pack): locking waits until there are none, since each may
    still be using the portfolio and its key."""
    return _jobs


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


class _Run:
    """One job's thread, its Cancel, and what it came to (set on the worker thread
    before the relay says so; handed over on the GUI thread once)."""

    def __init__(self, thread: threading.Thread, cancel: threading.Event) -> None:
        self.thread = thread
        self.cancel = cancel
        self.result: object = KnownError("This stopped unexpectedly; nothing you saved is lost.")
        self.handed_over = False
        self.holding_collection = False
        self.counted = False  # among jobs_running() until handed over

    def end(self) -> None:
        """The thread has ended (joined): give automatic collection back."""
        global _jobs
        if self.counted and not self.handed_over:
            _jobs = max(0, _jobs - 1)
        self.handed_over = True
        if self.holding_collection:
            self.holding_collection = False
            resume_collection()


class _Current:
    """The task's job under way, kept outside the task so that the task's deletion
    (its owner closed mid-job) can still stop and end it."""

    run: _Run | None = None


def _owner_gone(current: _Current) -> None:
    """Stop the job and wait for its thread before collection resumes: a collection
    must never run on a worker thread."""
    run = current.run
    if run is not None and not run.handed_over:
        run.cancel.set()
        run.thread.join()
        run.end()


class BackgroundTask(QObject):
    """One job at a time on its own thread; ``done`` carries its result (or KnownError)
    exactly once, on the GUI thread."""

    progress = Signal(float, str)
    done = Signal(object)

    def __init__(
        self, parent: QObject, *, name: str = "mentee-portfolio-task", lock_waits: bool = True
    ) -> None:
        """``lock_waits``: locking waits for the job (False only for a job whose owner
        finishes it itself before the key is dropped: the automatic backup)."""
        super().__init__(parent)
        self._name = name
        self._lock_waits = lock_waits
        self._relay = _Relay(self)
        self._relay.progress.connect(self.progress)
        self._relay.finished.connect(self._hand_over)
        # Held here until the result reached the GUI thread, so the worker thread never
        # drops the last reference to whatever the job holds.
        self._job: Job | None = None
        current = self._current = _Current()
        self.destroyed.connect(lambda *_: _owner_gone(current))

    def start(self, job: Job) -> None:
        global _jobs
        assert self._current.run is None, "one job at a time"
        self._job = job
        relay = self._relay
        cancel = threading.Event()
        progress = Progress(
            lambda fraction, text: _emit_while_alive(relay.progress, fraction, text), cancel
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
            run.result = result
            _emit_while_alive(relay.finished, run)

        run = _Run(threading.Thread(target=work, name=self._name, daemon=True), cancel)
        self._current.run = run
        if self._lock_waits:
            run.counted = True
            _jobs += 1
        hold_collection()
        run.holding_collection = True
        run.thread.start()

    def _hand_over(self, run: object) -> None:
        """The job ended: its result goes out through ``done`` (once: ``wait`` may
        have handed it over already)."""
        assert isinstance(run, _Run)
        if run.handed_over:
            return
        run.thread.join()
        run.end()
        if self._current.run is run:
            self._current.run, self._job = None, None
        self.done.emit(run.result)

    def cancel(self) -> None:
        """Ask the job to stop; ``done`` then carries Cancelled (or the job's result, if
        it had already finished)."""
        if self._current.run is not None:
            self._current.run.cancel.set()

    def running(self) -> bool:
        return self._current.run is not None

    def wait(self) -> None:
        """Block until the job ends, and hand its result over through ``done`` now
        (locking, quitting, or switching portfolio: the result belongs to the state
        before, not to whatever comes next)."""
        run = self._current.run
        if run is not None:
            run.thread.join()
            self._hand_over(run)
