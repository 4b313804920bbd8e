"""Start the desktop app: welcome or unlock first, then the main window."""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui.common import APPLICATION, ORGANISATION, add_recent, use_uk_dates_if_unset

if TYPE_CHECKING:  # the store loads after the first window is painted
    from app.services.portfolio import Portfolio


class AppController:
    """Moves the user between welcome, unlock and main windows; owns the demo folder."""

    def __init__(self) -> None:
        from app.ui.welcome import WelcomeWindow

        self.welcome = WelcomeWindow()
        self.welcome.opened.connect(self.open_main)
        self.main = None
        self.demo_dirs: list[Path] = []
        self.guard: Any = None  # SingleInstance of the open portfolio
        self.welcome.demo_requested.connect(self.open_demo)

    def start(self, args: argparse.Namespace) -> None:
        if getattr(args, "demo", False):
            self.open_demo()
        elif getattr(args, "portfolio", None):
            if not self._claim(Path(args.portfolio)):
                QTimer.singleShot(0, QApplication.quit)
                return
            self.welcome.show()
            self.welcome.open_path(Path(args.portfolio))
        else:
            self.welcome.show()

    def open_demo(self) -> None:
        from app.services.demo import create_demo_portfolio, make_demo_dir

        folder = make_demo_dir()
        self.demo_dirs.append(folder)
        self.open_main(create_demo_portfolio(folder), True)

    def _claim(self, path: Path) -> bool:
        """One window per portfolio: False if another window has it (and was asked to
        come forward, or is not responding and the user was told)."""
        from app.ui.single_instance import OPEN_ELSEWHERE_MESSAGE, Claim, SingleInstance

        guard = SingleInstance(path)
        if self.guard is not None and self.guard.key == guard.key:
            return True
        outcome = guard.claim()
        if outcome is Claim.OWNER:
            if self.guard is not None:
                self.guard.release()
            self.guard = guard
            guard.activation_requested.connect(self._bring_forward)
            return True
        if outcome is Claim.OPEN_ELSEWHERE:
            QMessageBox.warning(None, "Already open", OPEN_ELSEWHERE_MESSAGE)
        return False

    def _bring_forward(self) -> None:
        from app.ui.single_instance import bring_to_front

        window = self.main if self.main is not None and self.main.isVisible() else self.welcome
        bring_to_front(window)

    def open_main(self, portfolio: Portfolio, demo: bool = False) -> None:
        from app.ui.main_window import MainWindow

        if not demo and not self._claim(portfolio.path):
            portfolio.lock()
            if self.main is None:
                QTimer.singleShot(0, QApplication.quit)
            return
        if not demo:
            add_recent(str(portfolio.path))
        self.main = MainWindow(portfolio, demo=demo)
        self.main.new_requested.connect(self._back_to_welcome)
        self.main.show()
        self.welcome.hide()

    def _back_to_welcome(self) -> None:
        self.welcome.refresh_recent()
        self.welcome.show()

    def cleanup(self) -> None:
        if self.guard is not None:
            self.guard.release()
            self.guard = None
        for folder in self.demo_dirs:
            shutil.rmtree(folder, ignore_errors=True)


def run_app(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    use_uk_dates_if_unset()
    from app.ui.desktop import prepare_application

    crash_handler = prepare_application(app)  # friendly dialog, no portfolio data
    controller = AppController()
    app.aboutToQuit.connect(controller.cleanup)
    # Quit cleanly (and delete a demo folder) on Ctrl+C or a polite kill; the timer
    # lets Python run its signal handlers while Qt's event loop is waiting.
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    ticker = QTimer()
    ticker.timeout.connect(lambda: None)
    ticker.start(300)
    controller.start(args)
    try:
        return int(app.exec())
    finally:
        controller.cleanup()
        del crash_handler
