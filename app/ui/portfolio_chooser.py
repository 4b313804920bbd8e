"""Choosing a portfolio file: the file dialog, the recent list (File > Open Recent), and
what the user sees when a recent portfolio's file has gone (a removed USB stick, a
renamed folder). What a path means is asked of app/services/portfolio_files.py; the
list itself is kept in the app's settings (app/ui/app_settings.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from app.domain.bidi import isolate
from app.services.portfolio_files import (
    PORTFOLIO_SUFFIX,
    look_up,
    moved,
    nearest_existing_folder,
    not_found_sentence,
    problem_opening,
    without,
)
from app.ui.app_settings import recent_portfolios, set_recent
from app.ui.look import set_tone

FILE_FILTER = f"Mentee portfolios (*{PORTFOLIO_SUFFIX});;All files (*)"


def choose_portfolio_file(parent: QWidget | None, title: str, start: Path) -> Path | None:
    """The one place a portfolio file is picked (tests answer QFileDialog here)."""
    name, _ = QFileDialog.getOpenFileName(parent, title, str(start), FILE_FILTER)
    return Path(name) if name else None


def start_folder() -> Path:
    """Where the Open dialog starts: the folder of the most recent portfolio that is
    still there, else Documents/Mentee Portfolio (where new ones go), else Documents."""
    for entry in look_up(recent_portfolios()):
        if entry.found:
            return entry.path.parent
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    documents = Path(found) if found else Path.home()
    ours = documents / "Mentee Portfolio"
    return ours if ours.is_dir() else documents


def recent_label(index: int, name: str, folder: str, found: bool) -> str:
    """One recent portfolio as a menu or list line: number key, name, folder."""
    text = f"{isolate(name)} — {isolate(folder)}" + ("" if found else " (not found)")
    text = text.replace("&", "&&")
    return f"&{index + 1} {text}" if index < 9 else text


class RecentMenu(QMenu):
    """File > Open Recent: most recent first, missing ones marked, and Clear list."""

    chosen = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Open &Recent", parent)
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        entries = look_up(recent_portfolios())
        for index, entry in enumerate(entries):
            action = QAction(recent_label(index, entry.name, entry.folder, entry.found), self)
            action.setToolTip(str(entry.path))
            action.setStatusTip(str(entry.path))
            action.triggered.connect(lambda _c=False, p=entry.path: self.chosen.emit(p))
            self.addAction(action)
        if not entries:
            empty = QAction("No recent portfolios", self)
            empty.setEnabled(False)
            self.addAction(empty)
        self.addSeparator()
        self.clear_action = QAction("&Clear list", self)
        self.clear_action.setEnabled(bool(entries))
        self.clear_action.triggered.connect(self.clear_list)
        self.addAction(self.clear_action)

    def clear_list(self) -> None:
        set_recent([])
        self.rebuild()


class MissingPortfolioDialog(QDialog):
    """A recent portfolio whose file is not where it was: say where it was expected,
    then Find it… (the list points to where it is now) or Remove from list. Nothing is
    ever created at the old path."""

    found = Signal(Path)
    removed = Signal(Path)

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle("Portfolio not found")
        self.sentence = QLabel(not_found_sentence(path))
        self.sentence.setWordWrap(True)
        self.sentence.setAccessibleName("Where the portfolio was expected")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Find it error")
        set_tone(self.error, "error")
        self.error.hide()
        buttons = QDialogButtonBox()
        self.find_button = buttons.addButton("&Find it…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.find_button.setDefault(True)
        self.remove_button = buttons.addButton(
            "&Remove from list", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.cancel_button = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.find_button.clicked.connect(self.find_it)
        self.remove_button.clicked.connect(self.remove_from_list)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sentence)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        # The wrapped sentence needs its height for this width (a zero height cut it).
        self.resize(480, max(self.heightForWidth(480), self.sizeHint().height()))

    def find_it(self) -> None:
        chosen = choose_portfolio_file(
            self, f"Find {isolate(self.path.name)}", nearest_existing_folder(self.path)
        )
        if chosen is None:
            return
        problem = problem_opening(chosen)
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            return
        set_recent(moved(recent_portfolios(), str(self.path), str(chosen)))
        self.accept()
        self.found.emit(chosen)

    def remove_from_list(self) -> None:
        set_recent(without(recent_portfolios(), str(self.path)))
        self.accept()
        self.removed.emit(self.path)
