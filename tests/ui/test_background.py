"""Long work off the GUI thread: results and progress arrive on the GUI thread, Cancel
stops the job, and no garbage collection runs on a worker thread (one there deleted a
widget's wrapper off its thread and segfaulted a later collection)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.domain.errors import KnownError
from app.services.cancelling import Cancelled
from app.ui.background import BackgroundTask, Progress


@pytest.fixture(autouse=True)
def _collecting() -> Iterator[None]:
    """Automatic collection on, as in the app (the suite holds it during tests)."""
    gc.enable()
    yield
    gc.disable()


def test_the_job_runs_off_the_gui_thread_and_its_news_arrives_on_it(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    task = BackgroundTask(owner)
    gui = threading.current_thread()
    seen: dict[str, object] = {}
    progress: list[tuple[float, str, threading.Thread]] = []
    task.progress.connect(lambda f, t: progress.append((f, t, threading.current_thread())))

    def job(report: Progress) -> str:
        seen["thread"] = threading.current_thread()
        seen["collecting"] = gc.isenabled()
        report(0.5, "half way")
        return "made"

    assert gc.isenabled()
    with qtbot.waitSignal(task.done, timeout=10_000) as done:
        task.start(job)
        assert task.running()
    assert done.args == ["made"] and not task.running()
    assert seen["thread"] is not gui and seen["collecting"] is False
    assert progress == [(0.5, "half way", gui)]
    assert gc.isenabled()


def test_cancel_stops_a_job_at_its_next_progress(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    task = BackgroundTask(owner)
    may_go_on = threading.Event()
    steps: list[int] = []

    def job(report: Progress) -> str:
        may_go_on.wait(10)
        for step in range(5):
            report(step / 5)
            steps.append(step)
        return "all of it"

    with qtbot.waitSignal(task.done, timeout=10_000) as done:
        task.start(job)
        task.cancel()
        may_go_on.set()
    assert isinstance(done.args[0], Cancelled) and steps == []
    assert gc.isenabled()


def test_an_unexpected_error_is_one_sentence(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    task = BackgroundTask(owner)

    def job(_report: Progress) -> None:
        raise ZeroDivisionError("private words")

    with qtbot.waitSignal(task.done, timeout=10_000) as done:
        task.start(job)
    error = done.args[0]
    assert isinstance(error, KnownError)
    assert "ZeroDivisionError" in error.message and "private" not in error.message


def test_an_owner_closed_mid_job_stops_it_before_collection_resumes(qtbot: QtBot) -> None:
    owner = QWidget()
    task = BackgroundTask(owner)
    started, seen = threading.Event(), []

    def job(report: Progress) -> str:
        started.set()
        try:
            while True:  # no timed wait: under libfaketime one would never end
                report(0.5, "working")  # the relay may be gone: said to no one
        except Cancelled:
            seen.append(threading.current_thread())
            raise

    task.start(job)
    assert started.wait(10) and not gc.isenabled()
    owner.deleteLater()
    qtbot.waitUntil(lambda: gc.isenabled(), timeout=10_000)
    # Collection came back only once the worker had stopped at Cancel and ended.
    assert len(seen) == 1 and not seen[0].is_alive()


def test_wait_hands_the_result_over_at_once_and_only_once(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    task = BackgroundTask(owner)
    results: list[object] = []
    task.done.connect(results.append)
    task.start(lambda _progress: "made")
    task.wait()
    assert results == ["made"] and not task.running()
    qtbot.wait(50)  # the relay's own (queued) news arrives later: not a second time
    assert results == ["made"]
