"""The first window: create, open, recent portfolios, or try the sample."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.bidi import isolate
from app.ui.app_settings import recent_portfolios

if TYPE_CHECKING:  # the store and crypto load after the first paint, when needed
    from PySide6.QtWidgets import QListWidget, QListWidgetItem

    from app.domain.kdf import KdfParams
    from app.services.portfolio import Portfolio
    from app.ui.portfolio_opener import PortfolioOpener
    from app.ui.unlock import UnlockDialog


class WelcomeWindow(QWidget):
    #: (portfolio, is_demo)
    opened = Signal(object, bool)
    demo_requested = Signal()

    #: Key derivation cost for new portfolios; None is the production default.
    kdf: KdfParams | None = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opener: PortfolioOpener | None = None  # made when first needed
        self.setWindowTitle("Mentee Portfolio")
        heading = QLabel(
            "<h2>Mentee Portfolio</h2>"
            "<p>Your private, encrypted record of mentoring: contract, "
            "goals, meetings and signed session records, kept on this "
            "computer and nowhere else.</p>"
        )
        heading.setWordWrap(True)
        self.create_button = QPushButton("&Create new portfolio…")
        self.open_button = QPushButton("&Open existing…")
        self.demo_button = QPushButton("&Try with sample data")
        for button, name in (
            (self.create_button, "Create new portfolio"),
            (self.open_button, "Open existing portfolio"),
            (self.demo_button, "Try with sample data"),
        ):
            button.setAccessibleName(name)
            button.setMinimumHeight(34)
        # The recent list is built when there is something to list: on a first run its
        # widget and enum types would cost the first paint ~3 ms for nothing.
        self.recent_label: QLabel | None = None
        self.recent: QListWidget | None = None
        self.recent_paths: list[str] = []
        self.create_button.clicked.connect(self.start_create)
        self.open_button.clicked.connect(self.choose_file)
        self.demo_button.clicked.connect(self.demo_requested)
        self.column = QVBoxLayout(self)
        self.column.addWidget(heading)
        self.column.addWidget(self.create_button)
        self.column.addWidget(self.open_button)
        self.column.addWidget(self.demo_button)
        self.restore_button = QPushButton("&Restore from a backup…")
        self.restore_button.clicked.connect(self.start_restore)
        self.column.addWidget(self.restore_button)
        # Keeps the heading and buttons at the top when there is no recent list.
        self.column.addStretch()
        self.refresh_recent()
        # Short until there is a recent list; sizeHint keeps the wrapped heading whole.
        self.resize(460, 420 if self.recent_paths else self.sizeHint().height())

    def refresh_recent(self) -> None:
        self.recent_paths = recent_portfolios()
        if not self.recent_paths and self.recent is None:
            return
        recent = self._recent_list()
        recent.clear()
        # Rows map to paths by position: no Qt.ItemDataRole, whose namespace (every Qt
        # enum) would cost the first paint ~14 ms.
        from app.services.portfolio_files import look_up  # no store: paths only

        for entry in look_up(self.recent_paths):
            line = f"{isolate(entry.name)} — {isolate(str(entry.folder))}" + (
                "" if entry.found else " (not found)"
            )
            recent.addItem(line)
            recent.item(recent.count() - 1).setToolTip(str(entry.path))
        visible = recent.count() > 0
        recent.setVisible(visible)
        assert self.recent_label is not None
        self.recent_label.setVisible(visible)
        if visible and self.height() < 420:
            self.resize(self.width(), 420)  # room for the list

    def _recent_list(self) -> QListWidget:
        if self.recent is None:
            from PySide6.QtWidgets import QListWidget

            self.recent_label = QLabel("&Recent portfolios")
            self.recent = QListWidget()
            self.recent.setAccessibleName("Recent portfolios")
            self.recent_label.setBuddy(self.recent)
            self.recent.itemActivated.connect(self._open_recent)
            at = self.column.count() - 1  # above the closing stretch
            self.column.insertWidget(at, self.recent_label)
            self.column.insertWidget(at + 1, self.recent, 1)
        return self.recent

    def _open_recent(self, item: QListWidgetItem) -> None:
        assert self.recent is not None
        self.open_path(Path(self.recent_paths[self.recent.row(item)]))

    def start_create(self) -> None:
        from app.ui.create_wizard import CreateWizard

        wizard = CreateWizard(self, kdf=self.kdf)
        self.wizard = wizard
        wizard.accepted.connect(lambda: self._emit(wizard.portfolio))
        wizard.open()

    def start_restore(self) -> None:
        from app.ui.safekeeping.restore_dialog import RestoreDialog

        dialog = RestoreDialog(None, self)
        self.restore_dialog = dialog
        dialog.restored_to.connect(self.open_path)
        dialog.open()

    def choose_file(self) -> None:
        from app.ui.portfolio_chooser import choose_portfolio_file, start_folder

        chosen = choose_portfolio_file(self, "Open portfolio", start_folder())
        if chosen is not None:
            self.open_path(chosen)

    @property
    def unlock_dialog(self) -> UnlockDialog | None:
        return None if self.opener is None else self.opener.unlock_dialog

    def open_path(self, path: Path) -> None:
        """Unlock the portfolio at ``path``; a file that has gone offers Find it… and
        Remove from list, and anything else wrong is said in one sentence."""
        if self.opener is None:
            from app.ui.portfolio_opener import PortfolioOpener

            self.opener = PortfolioOpener(self)
            self.opener.unlocked.connect(self._emit)
            self.opener.list_changed.connect(self.refresh_recent)
        self.opener.open_path(path)

    def _emit(self, portfolio: Portfolio | None) -> None:
        from app.services.portfolio import Portfolio

        if isinstance(portfolio, Portfolio):
            self.opened.emit(portfolio, False)
