"""Long work (backup, restore, rekey, passphrase) off the GUI thread, with progress and
Cancel, as the appraisal pack does it (app/ui/printing/pack_dialog.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

from app.domain.errors import KnownError
from app.services.cancelling import Cancelled

# A job gets a progress function (a fraction 0..1) that raises Cancelled once Cancel
# was pressed; a job that cannot stop part-way simply does not call it.
Job = Callable[[Callable[[float], None]], object]


class _Worker(QObject):
    progress = Signal(float)
    finished = Signal(object)  # what the job returned, or a KnownError

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        self.cancelled = False

    def report(self, fraction: float) -> None:
        if self.cancelled:
            raise Cancelled()
        self.progress.emit(fraction)

    def run(self) -> None:
        try:
            result = self.job(self.report)
        except KnownError as err:
            result = err
        except Exception as exc:  # noqa: BLE001 - said in one sentence, logged by type only
            from app.logging_setup import log_error

            log_error("safekeeping.failed", exc)
            result = KnownError(
                f"This could not be finished ({type(exc).__name__}); nothing you saved is lost."
            )
        self.finished.emit(result)


class Task(QObject):
    """One job at a time on its own thread; ``done`` carries its result (or KnownError)."""

    progress = Signal(float)
    done = Signal(object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _Worker | None = None

    def start(self, job: Job) -> None:
        assert self._thread is None, "one job at a time"
        self._worker = _Worker(job)
        self._thread = QThread(self)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self.progress)
        self._worker.finished.connect(self._finished)
        self._thread.start()

    def _finished(self, result: object) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
        self._thread, self._worker = None, None
        self.done.emit(result)

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancelled = True

    def running(self) -> bool:
        return self._thread is not None

    def wait(self) -> None:
        """Block until the job ends (quitting: its result is not needed)."""
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
