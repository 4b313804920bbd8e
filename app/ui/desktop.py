"""One call that makes the QApplication a well-behaved desktop citizen: names that
QStandardPaths and the desktop use, the window icon and the freedesktop desktop-file id
(so Wayland/X11 shells match windows to the menu entry); then, once the first window
has painted, the crash handler.

run_app calls ``prepare_application(qt_app)`` right after creating the QApplication and
``install_crash_reporting()`` (with the private log) after the first paint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

import app
from app import APP_NAME
from app.paths import configure_application_identity
from app.ui.icon import app_icon
from app.ui.keyboard import keep_keyboard_rules
from app.ui.layout_rules import keep_layout_rules
from app.ui.look import keep_look

if TYPE_CHECKING:
    from app.ui.crash import CrashHandler

DESKTOP_FILE_ID = "uk.org.menteeportfolio.MenteePortfolio"


def prepare_application(qt_app: QApplication) -> None:
    configure_application_identity()
    qt_app.setApplicationDisplayName(APP_NAME)
    qt_app.setApplicationVersion(app.__version__)
    qt_app.setDesktopFileName(DESKTOP_FILE_ID)
    qt_app.setWindowIcon(app_icon())
    keep_keyboard_rules(qt_app)
    keep_look(qt_app)
    keep_layout_rules(qt_app)


def install_crash_reporting() -> CrashHandler:
    """The friendly crash dialog (a report free of portfolio data) for every thread."""
    from app.ui.crash import install_crash_handler

    return install_crash_handler()
