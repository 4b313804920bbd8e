"""The first window: create, open, recent portfolios, or try the sample."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.app_settings import recent_portfolios

if TYPE_CHECKING:  # the store and crypto load after the first paint, when needed
    from app.services.portfolio import Portfolio
    from app.store.keyslot import KdfParams
    from app.ui.unlock import UnlockDialog


class WelcomeWindow(QWidget):
    #: (portfolio, is_demo)
    opened = Signal(object, bool)
    demo_requested = Signal()

    #: Key derivation cost for new portfolios; None is the production default.
    kdf: KdfParams | None = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unlock_dialog: UnlockDialog | None = None
        self.setWindowTitle("Mentee Portfolio")
        heading = QLabel("<h2>Mentee Portfolio</h2>"
                         "<p>Your private, encrypted record of mentoring: contract, "
                         "goals, meetings and signed session records, kept on this "
                         "computer and nowhere else.</p>")
        heading.setWordWrap(True)
        self.create_button = QPushButton("&Create new portfolio…")
        self.open_button = QPushButton("&Open existing…")
        self.demo_button = QPushButton("&Try with sample data")
        for button, name in ((self.create_button, "Create new portfolio"),
                             (self.open_button, "Open existing portfolio"),
                             (self.demo_button, "Try with sample data")):
            button.setAccessibleName(name)
            button.setMinimumHeight(34)
        self.recent_label = QLabel("&Recent portfolios")
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent portfolios")
        self.recent_label.setBuddy(self.recent)
        self.recent.itemActivated.connect(self._open_recent)
        self.create_button.clicked.connect(self.start_create)
        self.open_button.clicked.connect(self.choose_file)
        self.demo_button.clicked.connect(self.demo_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.create_button)
        layout.addWidget(self.open_button)
        layout.addWidget(self.demo_button)
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent, 1)
        # Keeps the heading and buttons at the top when there is no recent list.
        layout.addStretch()
        self.refresh_recent()
        # Short until there is a recent list; sizeHint keeps the wrapped heading whole.
        self.resize(460, 420 if self.recent_paths else self.sizeHint().height())

    def refresh_recent(self) -> None:
        self.recent.clear()
        # Rows map to paths by position: no Qt.ItemDataRole, whose namespace (every Qt
        # enum) would cost the first paint ~14 ms.
        self.recent_paths = recent_portfolios()
        for path in self.recent_paths:
            item = QListWidgetItem(path)
            item.setToolTip(path)
            self.recent.addItem(item)
        visible = self.recent.count() > 0
        self.recent.setVisible(visible)
        self.recent_label.setVisible(visible)
        if visible and self.height() < 420:
            self.resize(self.width(), 420)  # room for the list

    def _open_recent(self, item: QListWidgetItem) -> None:
        self.open_path(Path(self.recent_paths[self.recent.row(item)]))

    def start_create(self) -> None:
        from app.ui.create_wizard import CreateWizard

        wizard = CreateWizard(self, kdf=self.kdf)
        self.wizard = wizard
        wizard.accepted.connect(lambda: self._emit(wizard.portfolio))
        wizard.open()

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open portfolio", "",
                                              "Mentee portfolios (*.mpf);;All files (*)")
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> None:
        from app.ui.instance_lock import held_by_another_process
        from app.ui.unlock import UnlockDialog

        if held_by_another_process(path):  # never unlock it a second time beside it
            self._show_open_elsewhere(path)
            return
        dialog = UnlockDialog(path, self)
        self.unlock_dialog = dialog
        portfolio = dialog.try_silent()
        if portfolio is not None:
            self._emit(portfolio)
            return
        dialog.accepted.connect(lambda: self._emit(dialog.portfolio))
        dialog.open()

    def _show_open_elsewhere(self, path: Path) -> None:
        from PySide6.QtWidgets import QMessageBox

        from app.ui.single_instance import OPEN_ELSEWHERE_MESSAGE, ask_to_come_forward

        if ask_to_come_forward(path):
            QMessageBox.information(self, "Already open",
                                    f"{path.name} is already open in another window; it"
                                    " has been brought to the front.")
        else:
            QMessageBox.warning(self, "Already open", OPEN_ELSEWHERE_MESSAGE)

    def _emit(self, portfolio: Portfolio | None) -> None:
        from app.services.portfolio import Portfolio

        if isinstance(portfolio, Portfolio):
            self.opened.emit(portfolio, False)
