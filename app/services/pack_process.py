"""Build the appraisal pack in a separate process. Laying out hundreds of pages is
pure-Python work: in a thread of the app it would hold the interpreter lock and,
through garbage collection and freeing of millions of layout objects, freeze the
window for up to a second (measured). In its own process the window never waits.

The child gets the portfolio path and its data key through a pipe (memory only, never
disk), builds the PDF, and sends the bytes back; Cancel terminates it."""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.errors import KnownError
from app.services.documents import PrintedDocument
from app.services.pack import PackCancelled, PackRequest, Progress
from app.services.portfolio import Portfolio

POLL_SECONDS = 0.05


@dataclass(frozen=True)
class _Job:
    path: Path
    data_key: bytes
    request: PackRequest


def _child(job: _Job, messages: Any) -> None:
    from app.hardening import forbid_core_files, forbid_dumping

    forbid_core_files()  # inherited already; repeated for a spawn from elsewhere
    forbid_dumping()  # not inherited across the spawn's exec
    from app.domain import recovery_code
    from app.services.pack import build_pack
    from app.services.portfolio import unlock_with_recovery_code

    try:
        portfolio = unlock_with_recovery_code(job.path, recovery_code.encode(job.data_key))
        try:
            doc = build_pack(
                portfolio, job.request, progress=lambda f, text: messages.put(("progress", f, text))
            )
        finally:
            portfolio.lock()
        messages.put(("done", doc))
    except KnownError as exc:
        messages.put(("known", exc.message))
    except Exception as exc:  # noqa: BLE001 - reported to the parent by class name only
        messages.put(("bug", type(exc).__name__))


def build_pack_in_process(
    portfolio: Portfolio,
    request: PackRequest,
    *,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> PrintedDocument:
    request.check()
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    job = _Job(portfolio.path, portfolio.data_key, request)
    child = context.Process(target=_child, args=(job, messages), daemon=True)
    child.start()
    try:
        while True:
            if is_cancelled is not None and is_cancelled():
                child.terminate()
                raise PackCancelled()
            try:
                message = messages.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not child.is_alive() and messages.empty():
                    raise KnownError(
                        "Building the appraisal pack stopped unexpectedly; nothing was saved."
                    ) from None
                continue
            if message[0] == "progress":
                if progress is not None:
                    progress(message[1], message[2])
            elif message[0] == "done":
                document: PrintedDocument = message[1]
                return document
            elif message[0] == "known":
                raise KnownError(message[1])
            else:
                raise KnownError(
                    f"Building the appraisal pack failed ({message[1]}); nothing was saved."
                )
    finally:
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
