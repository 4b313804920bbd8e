"""Open a portfolio file in a window (the welcome window's or the main window's): a
file that has gone offers Find it… or Remove from list; one that cannot be a portfolio,
or is open in another window, is said in one sentence; otherwise it is unlocked."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.bidi import isolate
from app.services.portfolio_files import is_missing, problem_opening
from app.ui.window_claim import held_by_another_process

if TYPE_CHECKING:
    from app.services.portfolio import Portfolio
    from app.ui.portfolio_chooser import MissingPortfolioDialog
    from app.ui.unlock import UnlockDialog


class PortfolioOpener(QObject):
    #: The portfolio, unlocked; the window decides what to do with it.
    unlocked = Signal(object)
    #: The recent list was changed (found elsewhere, or removed).
    list_changed = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.unlock_dialog: UnlockDialog | None = None
        self.missing_dialog: MissingPortfolioDialog | None = None

    def open_path(self, path: Path) -> None:
        if is_missing(path):
            self._offer_to_find(path)
            return
        problem = problem_opening(path)
        if problem is not None:
            QMessageBox.warning(self.window, "Cannot open", problem)
            return
        if held_by_another_process(path):  # never unlock it a second time beside it
            self._show_open_elsewhere(path)
            return
        from app.ui.unlock import UnlockDialog

        dialog = UnlockDialog(path, self.window)
        self.unlock_dialog = dialog
        portfolio = dialog.try_silent()
        if portfolio is not None:
            self._emit(portfolio)
            return
        dialog.accepted.connect(lambda: self._emit(dialog.portfolio))
        dialog.open()

    def _offer_to_find(self, path: Path) -> None:
        from app.ui.portfolio_chooser import MissingPortfolioDialog

        dialog = MissingPortfolioDialog(path, self.window)
        self.missing_dialog = dialog
        dialog.found.connect(self._found)
        dialog.removed.connect(lambda _path: self.list_changed.emit())
        dialog.open()

    def _found(self, path: Path) -> None:
        self.list_changed.emit()
        self.open_path(path)

    def _show_open_elsewhere(self, path: Path) -> None:
        from app.ui.single_instance import OPEN_ELSEWHERE_MESSAGE, ask_to_come_forward

        if ask_to_come_forward(path):
            QMessageBox.information(
                self.window,
                "Already open",
                f"{isolate(path.name)} is already open in another window; it has been brought"
                " to the front.",
            )
        else:
            QMessageBox.warning(self.window, "Already open", OPEN_ELSEWHERE_MESSAGE)

    def _emit(self, portfolio: Portfolio | None) -> None:
        from app.services.portfolio import Portfolio

        if isinstance(portfolio, Portfolio):
            self.unlocked.emit(portfolio)
