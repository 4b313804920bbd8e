"""One call that makes the QApplication a well-behaved desktop citizen: names that
QStandardPaths and the desktop use, the window icon, the freedesktop desktop-file id
(so Wayland/X11 shells match windows to the menu entry), and the crash handler.

run_app calls ``prepare_application(qt_app)`` right after creating the QApplication.
The private log is already set up by the CLI entry point (app/cli/main.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

import app
from app import APP_NAME
from app.paths import configure_application_identity
from app.ui.about import app_icon
from app.ui.crash import CrashHandler, install_crash_handler

DESKTOP_FILE_ID = "uk.org.menteeportfolio.MenteePortfolio"


def prepare_application(qt_app: QApplication) -> CrashHandler:
    configure_application_identity()
    qt_app.setApplicationDisplayName(APP_NAME)
    qt_app.setApplicationVersion(app.__version__)
    qt_app.setDesktopFileName(DESKTOP_FILE_ID)
    qt_app.setWindowIcon(app_icon())
    return install_crash_handler()
