"""The app's log: a rotating file in the log folder (mode 0600) that can never hold
portfolio text or secrets.

The guarantee does not rely on callers being careful. The formatter never prints a
record's message text: it prints the *event name* (the message format itself, when it
is a dotted lower-case identifier such as ``portfolio.unlocked``) and otherwise the
placeholder ``unlisted``; it prints only extra fields whose values are numbers,
booleans or identifiers (e.g. an error class name); and for exceptions only the class
name and the traceback's file/line/function names, never the exception message or
local variables. So a third-party library that logs an SQL statement, or a record
that quotes a passphrase, still leaves nothing readable behind.

Use ``log_event("record.saved", kind="session", count=1)`` and
``log_error("save.failed", exc)``.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import traceback
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from app.os_support.private import open_private_append
from app.paths import ensure_private_dir, log_dir

LOGGER_NAME = "mentee_portfolio"
LOG_FILE = "mentee-portfolio.log"
MAX_BYTES = 512 * 1024
BACKUP_COUNT = 3
EVENT_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
SAFE_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]{0,80}$")
FIELDS_ATTR = "safe_fields"

_installed: logging.Handler | None = None


def safe_frames(tb: TracebackType | None) -> list[str]:
    """``file:line in function`` for each frame: no source text, no locals, no message."""
    lines = []
    for frame in traceback.extract_tb(tb):
        short = "/".join(Path(frame.filename).parts[-2:])
        lines.append(f"{short}:{frame.lineno} in {frame.name}")
    return lines


def _safe_value(value: object) -> str | None:
    if isinstance(value, bool | int | float):
        return str(value)
    if isinstance(value, str) and SAFE_WORD.match(value):
        return value
    return None


class SafeFormatter(logging.Formatter):
    """Event name, level, safe fields and a message-free traceback; nothing else."""

    def format(self, record: logging.LogRecord) -> str:
        when = self.formatTime(record, "%Y-%m-%dT%H:%M:%S")
        event = (
            record.msg
            if isinstance(record.msg, str) and EVENT_NAME.match(record.msg)
            else "unlisted"
        )
        parts = [
            when,
            record.levelname,
            record.name if SAFE_WORD.match(record.name) else "logger",
            event,
        ]
        fields = getattr(record, FIELDS_ATTR, None)
        if isinstance(fields, Mapping):
            for key, value in fields.items():
                shown = _safe_value(value)
                if isinstance(key, str) and SAFE_WORD.match(key):
                    parts.append(f"{key}={shown if shown is not None else '?'}")
        line = " ".join(parts)
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _exc, tb = record.exc_info
            frames = "\n".join(f"    {frame}" for frame in safe_frames(tb))
            line += (
                f" error={exc_type.__name__}\n{frames}" if frames else f" error={exc_type.__name__}"
            )
        return line


def _private_rotating_handler(path: Path) -> logging.Handler:
    """A rotating file whose every generation is created owner-only (0600).

    logging.handlers (with socket, pickle and queue) loads here, not at import, so the
    app's first window does not wait for it."""
    import logging.handlers

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        def _open(self) -> io.TextIOWrapper:
            fd = open_private_append(Path(self.baseFilename))  # tightens an older file
            return os.fdopen(fd, "a", encoding="utf-8")

    return PrivateRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )


def setup_logging(folder: Path | None = None, level: int = logging.INFO) -> Path:
    """Send every log record (ours and libraries') to the private rotating file.

    Idempotent: a second call replaces the first handler. Returns the log file path."""
    global _installed
    target = ensure_private_dir(folder if folder is not None else log_dir())
    handler = _private_rotating_handler(target / LOG_FILE)
    handler.setFormatter(SafeFormatter())
    root = logging.getLogger()
    if _installed is not None:
        root.removeHandler(_installed)
        _installed.close()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)  # libraries: only their warnings and errors
    logging.getLogger(LOGGER_NAME).setLevel(level)
    _installed = handler
    logging.captureWarnings(True)
    log_event("app.started")
    return target / LOG_FILE


def start_logging() -> None:
    """The private log, for the desktop app and the commands alike; the app works on
    without one (e.g. a read-only home folder)."""
    with contextlib.suppress(OSError):
        setup_logging()


def shutdown_logging() -> None:
    global _installed
    if _installed is not None:
        logging.getLogger().removeHandler(_installed)
        _installed.close()
        _installed = None
        logging.captureWarnings(False)


def log_event(event: str, level: int = logging.INFO, **fields: object) -> None:
    logging.getLogger(LOGGER_NAME).log(level, event, extra={FIELDS_ATTR: fields})


def log_error(event: str, exc: BaseException, **fields: object) -> None:
    """Log an error by class name with a message-free traceback."""
    logging.getLogger(LOGGER_NAME).error(
        event,
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={FIELDS_ATTR: {**fields, "error_class": type(exc).__name__}},
    )
