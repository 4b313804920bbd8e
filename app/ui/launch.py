"""Start the desktop app: welcome or unlock first, then the main window."""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.app_settings import APPLICATION, ORGANISATION, add_recent, first_recent, is_file

if TYPE_CHECKING:  # the store loads after the first window is painted
    from app.services.portfolio import Portfolio
    from app.ui.unlock import UnlockDialog
    from app.ui.welcome import WelcomeWindow


def _open_elsewhere(path: Path) -> bool:
    from app.ui.window_claim import held_by_another_process

    return held_by_another_process(path)


class AppController:
    """Moves the user between welcome, unlock and main windows; owns the demo folder."""

    def __init__(self) -> None:
        self._welcome: WelcomeWindow | None = None  # made when first needed
        self.unlock_dialog: UnlockDialog | None = None  # the launch's own unlock dialog
        self.main: Any = None
        self.demo_dirs: list[Path] = []
        self.guard: Any = None  # SingleInstance of the open portfolio
        self.crash_handler: Any = None  # installed just after the first paint

    @property
    def welcome(self) -> WelcomeWindow:
        if self._welcome is None:
            from app.ui.welcome import WelcomeWindow

            self._welcome = WelcomeWindow()
            self._welcome.opened.connect(self.open_main)
            self._welcome.demo_requested.connect(self.open_demo)
        return self._welcome

    def start(self, args: argparse.Namespace) -> None:
        """The first window: the sample portfolio; or the unlock dialog of the
        portfolio named on the command line, or else of the one opened last; or, on a
        first run, the welcome window. A portfolio whose file has gone (a removed USB
        stick) is never made again: the welcome window says where it was expected and
        offers to find it."""
        if getattr(args, "demo", False):
            self.open_demo()
            return
        named = getattr(args, "portfolio", None)
        path = Path(named) if named else first_recent()
        if path is None:
            self.welcome.show()
        elif named and not self._claim(path):
            QTimer.singleShot(0, QApplication.quit)
        elif not is_file(path):
            self.welcome.show()
            # Says where it was expected (Find it…, Remove from list), or what is wrong.
            self.welcome.open_path(path)
        elif not named and _open_elsewhere(path):
            # Already open in another window: this launch is for something else.
            self.welcome.show()
        else:
            self._ask_to_unlock(path)

    def _ask_to_unlock(self, path: Path) -> None:
        from app.ui.unlock import UnlockDialog

        dialog = UnlockDialog(path, offer_other=True)
        self.unlock_dialog = dialog

        def unlocked() -> None:
            if dialog.portfolio is not None:  # always, once accepted
                self.open_main(dialog.portfolio)

        dialog.accepted.connect(unlocked)
        dialog.other_requested.connect(self.welcome_instead)
        dialog.rejected.connect(self._quit_if_nothing_shown)
        dialog.show()

    def _quit_if_nothing_shown(self) -> None:
        """Quit from the launch's unlock dialog ends the app (unless the user asked for
        another portfolio, which shows the welcome window first)."""
        if self.main is None and (self._welcome is None or not self._welcome.isVisible()):
            QApplication.quit()

    def welcome_instead(self) -> None:
        self.welcome.show()
        self.welcome.raise_()

    def front_window(self) -> QWidget:
        """The window the user sees first (and acts on)."""
        for window in (self.main, self.unlock_dialog):
            if window is not None and window.isVisible():
                return window
        return self.welcome

    def after_first_paint(self) -> None:
        """Work that may wait until the user sees a window: a key this computer
        remembers needs the keyring and the store, which take a moment to load."""
        dialog = self.unlock_dialog
        if dialog is not None and dialog.isVisible() and dialog.try_silent() is not None:
            dialog.accept()

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
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(None, "Already open", OPEN_ELSEWHERE_MESSAGE)
        return False

    def _bring_forward(self) -> None:
        from app.ui.single_instance import bring_to_front

        bring_to_front(self.front_window())

    def open_main(self, portfolio: Portfolio, demo: bool = False) -> None:
        from app.ui.common import use_uk_dates_if_unset
        from app.ui.main_window import MainWindow

        # Before the first date is drawn: --demo builds this window before first paint.
        use_uk_dates_if_unset()

        # The window shown now goes first (it may keep unsaved changes: then nothing
        # else happens); only then does this process claim the new portfolio, so the
        # old one is never left open without its claim.
        previous = self.main
        if previous is not None and previous.isVisible() and not previous.close():
            portfolio.lock()
            return
        if not demo and not self._claim(portfolio.path):
            portfolio.lock()
            if previous is not None:
                self.main = None
                previous.deleteLater()
                self.welcome.show()
            else:
                QTimer.singleShot(0, QApplication.quit)
            return
        if not demo:
            add_recent(str(portfolio.path))
        try:
            self.main = MainWindow(portfolio, demo=demo)
        except Exception:
            # A bug: the crash dialog reports it; the welcome window stays to go on from.
            portfolio.lock()
            self.main = None
            if previous is not None:
                previous.deleteLater()
            if self.guard is not None:
                self.guard.release()
                self.guard = None
            self.welcome.show()
            raise
        self.main.claim = self._claim  # File > New and Open show another one here
        if previous is not None:
            # Qt deletes a window the app is done with, in its own order; left to the
            # garbage collector, a widget tree can be torn down child first, and crash.
            previous.deleteLater()
        self.main.show()
        if self._welcome is not None:
            self._welcome.hide()

    def cleanup(self) -> None:
        if self.guard is not None:
            self.guard.release()
            self.guard = None
        for folder in self.demo_dirs:
            shutil.rmtree(folder, ignore_errors=True)


class FirstPaint(QObject):
    """Calls ``then`` once, just after ``window`` has first painted."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self.then: Callable[[], None] | None = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if self.then is not None and event.type() == QEvent.Type.Paint:
            then, self.then = self.then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)  # after this paint has reached the screen
        return False


def finish_start_up(controller: AppController) -> None:
    """Start-up work that need not delay the first window (measured by bench/: the log's
    handlers and the crash dialog's widgets cost ~20 ms). Only the main window shows dates,
    so the locale is chosen in ``open_main``."""
    from app.hardening import forbid_dumping
    from app.logging_setup import start_logging
    from app.ui.desktop import install_crash_reporting

    forbid_dumping()
    start_logging()
    controller.crash_handler = install_crash_reporting()
    controller.after_first_paint()


def run_app(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    from app.ui.desktop import prepare_application

    prepare_application(app)
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
    FirstPaint(controller.front_window(), lambda: finish_start_up(controller))
    try:
        return int(app.exec())
    finally:
        controller.cleanup()
