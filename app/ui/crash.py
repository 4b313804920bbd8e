"""The last line of defence in the desktop app: an unexpected error shows a friendly
dialog with a report the user can copy, and the same report goes to the log.

The report never holds portfolio data: it has the app, Python and Qt versions, the
platform, the exception's *class name* and a traceback of file/line/function names
only. The exception message and local variables are left out on purpose: a message
such as ``KeyError: 'Dr Siân Ó Dálaigh'`` could quote a record or a passphrase."""

from __future__ import annotations

import logging
import platform
import sys
import threading
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, QtMsgType, Signal, qInstallMessageHandler, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.logging_setup import FIELDS_ATTR, LOGGER_NAME, log_event, safe_frames

ExcInfo = tuple[type[BaseException], BaseException | None, TracebackType | None]


def crash_report(
    exc_type: type[BaseException], tb: TracebackType | None, where: str = "main thread"
) -> str:
    """The copyable report: versions, platform, class name and a message-free traceback."""
    from app.ui.about import app_version  # the About dialog's module: load when needed

    lines = [
        f"{APP_NAME} {app_version()}",
        f"Python {platform.python_version()}, Qt {qVersion()}",
        f"Platform {platform.platform(terse=True)}",
        f"Error {exc_type.__module__}.{exc_type.__qualname__} in the {where}",
        "Traceback (most recent call last):",
    ]
    lines += [f"  {frame}" for frame in safe_frames(tb)]
    return "\n".join(lines)


class CrashDialog(QDialog):
    def __init__(self, report: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME}: something went wrong")
        message = QLabel(
            "<p><b>Sorry, something went wrong inside the app.</b></p>"
            "<p>Your portfolio is safe: everything you saved is kept, and the portfolio "
            "is never left half-written. If this happens again, please send the report "
            "below to the developers. It contains no portfolio content, only where in "
            "the program the problem happened.</p>"
        )
        message.setWordWrap(True)
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        self.copy_button = QPushButton("Copy report")
        self.copy_button.clicked.connect(self.copy_report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.report, 1)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())
        self.copy_button.setText("Copied")


class _Bridge(QObject):
    """Carries reports from worker threads to the GUI thread (queued signal)."""

    report_ready = Signal(str)


class CrashHandler:
    def __init__(self, show_dialog: Callable[[str], None] | None = None):
        self._show_dialog = show_dialog or self._default_dialog
        self._showing = False
        self._bridge = _Bridge()
        self._bridge.report_ready.connect(self._present)
        self.last_report: str | None = None

    def install(self) -> None:
        sys.excepthook = self.handle_exception
        threading.excepthook = self.handle_thread_exception
        qInstallMessageHandler(self.handle_qt_message)

    def uninstall(self) -> None:
        sys.excepthook = sys.__excepthook__
        threading.excepthook = threading.__excepthook__
        qInstallMessageHandler(None)

    def handle_exception(
        self, exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        self._report(crash_report(exc_type, tb), exc_type, tb)

    def handle_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        self._report(
            crash_report(args.exc_type, args.exc_traceback, "background work"),
            args.exc_type,
            args.exc_traceback,
        )

    def handle_qt_message(self, kind: QtMsgType, _context: object, _message: str) -> None:
        # Qt's message text can quote file names or widget text: log only its severity.
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            log_event("qt.message", severity=kind.name)

    def _report(self, report: str, exc_type: type[BaseException], tb: TracebackType | None) -> None:
        self.last_report = report
        # The log's formatter writes the class name and file/line/function frames only,
        # and the exception itself (its message may quote portfolio text) is not passed
        # on: logging takes None in its place, typeshed's stubs for logging do not.
        logging.getLogger(LOGGER_NAME).error(
            "app.crash",
            exc_info=(exc_type, None, tb),  # type: ignore[arg-type]
            extra={FIELDS_ATTR: {"frames": len(safe_frames(tb))}},
        )
        self._bridge.report_ready.emit(report)

    def _present(self, report: str) -> None:
        if self._showing or QApplication.instance() is None:
            return
        self._showing = True
        try:
            self._show_dialog(report)
        finally:
            self._showing = False

    @staticmethod
    def _default_dialog(report: str) -> None:
        CrashDialog(report, QApplication.activeWindow()).exec()


_handler: CrashHandler | None = None


def install_crash_handler() -> CrashHandler:
    """The hook for run_app: call once, after the QApplication exists."""
    global _handler
    if _handler is None:
        _handler = CrashHandler()
    _handler.install()  # again after an uninstall: harmless when already installed
    return _handler
