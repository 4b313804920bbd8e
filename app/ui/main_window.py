"""The main window: sidebar of sections, menus, search, lock and settings."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from app.domain.bidi import isolate
from app.domain.enums import RecordKind
from app.services.changes import Changes
from app.services.portfolio import Portfolio
from app.ui.app_settings import auto_lock_minutes, settings
from app.ui.common import keep_on_screen, save_before_leaving
from app.ui.look import set_role, set_tone
from app.ui.ops import ChangeBus
from app.ui.sections.base import Section, SectionContext
from app.ui.sections.sidebar import section_entries, shown_as

if TYPE_CHECKING:
    from app.domain.kdf import KdfParams

ENTRIES = section_entries()
SECTION_NAMES = tuple(entry.title for entry in ENTRIES)
GEOMETRY_KEY = "main_window/geometry"
LOCK_WAITS = (
    "The portfolio locks as soon as the work under way (an export, a backup, a new"
    " passphrase) is done."
)
SHORTCUTS = (
    ("Ctrl+K", "Search everything"),
    ("Ctrl+L", "Lock the portfolio"),
    (f"Ctrl+1 … Ctrl+{min(len(SECTION_NAMES), 9)}", "Go to a section"),
    ("Ctrl+N", "New record"),
    ("Ctrl+O", "Open a portfolio"),
    ("Ctrl+S", "Save the record"),
    ("Ctrl+P", "Print the record"),
    ("Ctrl+R", "Mark the record ready to sign"),
    ("Ctrl+E", "Amend a signed or frozen record"),
    ("Ctrl+D", "Delete the record"),
    ("Ctrl+,", "Settings"),
    ("Ctrl+Q", "Quit"),
)


def build_sections(context: SectionContext) -> list[Section]:
    """One section per sidebar entry, in order (app/ui/sections/sidebar.py)."""
    return [entry.build(context) for entry in ENTRIES]


class IdleWatcher(QObject):
    """Restarts the auto-lock timer on any keyboard or mouse activity."""

    ACTIVITY = {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }

    def __init__(self, timer: QTimer) -> None:
        super().__init__()
        self.timer = timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in self.ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False


def _not_held_elsewhere(path: Path) -> bool:
    from app.ui.window_claim import held_by_another_process

    return not held_by_another_process(path)


class MainWindow(QMainWindow):
    closed = Signal()

    #: Key derivation cost for portfolios made with File > New; None is the production
    #: default.
    kdf: KdfParams | None = None

    def __init__(self, portfolio: Portfolio, demo: bool = False) -> None:
        super().__init__()
        self.portfolio = portfolio
        self.demo = demo
        #: Takes the window claim of a portfolio about to be shown here; False if
        #: another window has it (the app's controller holds the claims).
        self.claim: Callable[[Path], bool] = _not_held_elsewhere
        from app.ui.portfolio_opener import PortfolioOpener

        self.opener = PortfolioOpener(self)
        self.opener.unlocked.connect(self.show_portfolio)
        self.sections: list[Section] = []
        self.bus = ChangeBus()
        self.bus.changed.connect(self._announced)
        self.saved_drafts: list[Any] = []
        self.saved_positions: list[Any] = []
        self.saved_index = 0
        self._set_title()
        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Sections")
        self.sidebar.addItems(list(SECTION_NAMES))
        self.sidebar.setFixedWidth(210)
        self.sidebar.setStyleSheet("QListWidget::item { padding: 7px 8px; }")
        set_role(self.sidebar, "sidebar")
        self.sidebar.currentRowChanged.connect(self._sidebar_changed)
        self.stack = QStackedWidget()
        self.banner = QLabel(
            "Sample data: a throw-away demo portfolio. Nothing you type here"
            " is kept after you close the app."
        )
        self.banner.setAccessibleName("Sample data banner")
        set_tone(self.banner, "info")
        self.banner.setVisible(demo)
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(6, 6, 6, 6)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.unlocked_page = QWidget()
        outer = QVBoxLayout(self.unlocked_page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.banner)
        outer.addWidget(body, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.unlocked_page)
        self.setCentralWidget(self.pages)
        self.lock_page: QWidget | None = None
        self.auto_lock = QTimer(self)
        self.auto_lock.setSingleShot(True)
        self.auto_lock.timeout.connect(self.lock)
        self.idle = IdleWatcher(self.auto_lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self._build_menus()
        self._load_sections()
        self.sidebar.setCurrentRow(0)
        self.apply_auto_lock()
        QTimer.singleShot(0, self, self.offer_retention)  # once the window is up
        geometry = settings().value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 760)
        keep_on_screen(self)  # never larger than the screen it opens on

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if not self.isMaximized() and not self.isFullScreen():
            keep_on_screen(self)  # now with the window system's frame

    # ---- menus
    def _action(self, text: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        from app.ui.portfolio_chooser import RecentMenu

        file_menu.addAction(self._action("&New portfolio…", self.new_portfolio))
        self.open_action = self._action(
            "&Open portfolio…", self.open_portfolio, QKeySequence.StandardKey.Open
        )
        file_menu.addAction(self.open_action)
        self.recent_menu = RecentMenu(file_menu)
        self.recent_menu.chosen.connect(self.open_recent)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        self.search_action = self._action("&Search…", self.open_search, "Ctrl+K")
        file_menu.addAction(self.search_action)
        self.lock_action = self._action("&Lock", self.lock, "Ctrl+L")
        file_menu.addAction(self.lock_action)
        # Not StandardKey.Preferences: it has no key on Linux or Windows.
        self.settings_action = self._action("Se&ttings…", self.open_settings, "Ctrl+,")
        file_menu.addAction(self.settings_action)
        self.shared_action = self._action("&What I have shared…", self.open_shared)
        file_menu.addAction(self.shared_action)
        self.import_return_action = self._action("&Import signed copy…", self.import_return)
        file_menu.addAction(self.import_return_action)
        from app.ui.safekeeping.menu import Safekeeping  # backups, restore, keys

        self.safekeeping = Safekeeping(self, file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))
        go_menu = bar.addMenu("&Go")
        self.go_actions: list[QAction] = []
        for i, name in enumerate(SECTION_NAMES):
            shortcut = f"Ctrl+{i + 1}" if i < 9 else None
            action = self._action(
                name.replace("&", "&&"), lambda _c=False, i=i: self.go_to(i), shortcut
            )
            go_menu.addAction(action)
            self.go_actions.append(action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&Keyboard shortcuts", self.show_shortcuts))
        from app.ui.signing.overview import signing_actions

        help_menu.addActions(signing_actions(lambda: self.portfolio, self))
        help_menu.addSeparator()
        help_menu.addAction(self._action("&About Mentee Portfolio", self.show_about))
        self.portfolio_actions = [
            self.search_action,
            self.lock_action,
            self.settings_action,
            self.shared_action,
            self.import_return_action,
            *self.go_actions,
        ]

    def _set_title(self) -> None:
        self.setWindowTitle(
            ("Sample data — " if self.demo else "")
            + f"{isolate(self.portfolio.path.name)} — Mentee Portfolio"
        )

    def open_shared(self) -> None:
        """The ledger of every file written from the portfolio (app/ui/what_i_shared.py)."""
        from app.ui.what_i_shared import show_shared

        if self.portfolio.is_open:
            show_shared(self.portfolio, self)

    def import_return(self) -> None:
        """A mentor's signed PDF, for whichever record it answers
        (app/ui/signing/import_return.py)."""
        from app.ui.signing.import_return import import_signed_copy

        if self.portfolio.is_open:
            import_signed_copy(self, self.portfolio, bus=self.bus)

    def show_about(self) -> None:
        from app.ui.about import show_about

        show_about(self, self.portfolio.path)

    def show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in SHORTCUTS
        )
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{rows}</table>")

    # ---- sections
    def _load_sections(self) -> None:
        context = SectionContext(self.portfolio, bus=self.bus)
        self.sections = build_sections(context)
        for section in self.sections:
            section.open_record.connect(self.jump_to)
            self.stack.addWidget(section)

    def _clear_sections(self) -> None:
        for section in self.sections:
            self.stack.removeWidget(section)
            section.deleteLater()
        self.sections = []

    def _announced(self, changes: Changes, initiator: object | None) -> None:
        """Something was written: an automatic backup becomes due, and the section on
        screen reloads if it shows it (or holds the form that wrote it, as a tab); the
        others reload when shown."""
        self.safekeeping.changed()
        current = self.current_section()
        if current is not None and current is not initiator and changes.touches(current.watches):
            current.on_changes(changes, initiator)

    def current_section(self) -> Section | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Section) else None

    def confirm_leave(self, section: Section | None) -> bool:
        if section is None or not section.has_unsaved_changes():
            return True
        if not save_before_leaving(
            self, f"Save your changes in {section.title}?", section.save_changes
        ):
            return False
        if section.has_unsaved_changes():  # discarded: gone, not waiting for a return
            section.discard_changes()
        return True

    def _sidebar_changed(self, row: int) -> None:
        if row < 0 or row >= len(self.sections):
            return
        if self.stack.currentIndex() == row:
            return
        current = self.current_section()
        if not self.confirm_leave(current):
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(self.stack.currentIndex())
            self.sidebar.blockSignals(False)
            return
        section = self.sections[row]
        section.shown()
        self.stack.setCurrentWidget(section)

    def go_to(self, index: int) -> None:
        self.sidebar.setCurrentRow(index)

    def jump_to(self, kind: RecordKind, record_id: int) -> None:
        shown = shown_as(kind)
        if shown != kind:  # a record without a form of its own: open where it is shown
            kind, record_id = shown, -1
        for index, section in enumerate(self.sections):
            if kind in section.kinds:
                self.go_to(index)
                if self.stack.currentIndex() == index and record_id >= 0:
                    section.show_record(kind, record_id)
                return

    # ---- search, settings
    def open_search(self) -> None:
        from app.ui.search_dialog import SearchDialog

        if not self.portfolio.is_open:
            return
        dialog = SearchDialog(self.portfolio, self)
        dialog.chosen.connect(self.jump_to)
        self.search_dialog = dialog
        dialog.open()

    def open_settings(self) -> None:
        from app.ui.settings_dialog import SettingsDialog

        if not self.portfolio.is_open:
            return
        dialog = SettingsDialog(self.portfolio, self, bus=self.bus)
        self.settings_dialog = dialog
        dialog.accepted.connect(self.apply_auto_lock)
        dialog.open()

    def apply_auto_lock(self) -> None:
        minutes = auto_lock_minutes()
        if minutes > 0 and self.portfolio.is_open:
            self.auto_lock.setInterval(minutes * 60_000)
            self.auto_lock.start()
        else:
            self.auto_lock.stop()

    # ---- lock
    def is_locked(self) -> bool:
        return not self.portfolio.is_open

    def lock(self) -> None:
        if self.is_locked():
            return
        from app.ui.background import jobs_running

        # A call or a job (an export, a passphrase change, a backup) may still be using
        # the portfolio and its key: lock when it is done, and say so meanwhile.
        if self.bus.busy() or jobs_running():
            self.statusBar().show()
            self.statusBar().showMessage(LOCK_WAITS)
            QTimer.singleShot(200, self.lock)
            return
        if self.findChild(QStatusBar) is not None:  # only while locking waited
            self.statusBar().clearMessage()
            self.statusBar().hide()
        self.auto_lock.stop()
        for widget in QApplication.topLevelWidgets():
            if widget is not self and widget.isVisible() and widget.parent() is self:
                widget.close()
        for child in self.findChildren(QWidget):
            if child.isWindow() and child.isVisible():
                child.close()
        self.saved_index = max(0, self.stack.currentIndex())
        self.saved_positions = [section.position() for section in self.sections]
        self.saved_drafts = [section.take_draft() for section in self.sections]
        self._clear_sections()
        self.safekeeping.before_lock()
        self.portfolio.lock()
        for action in self.portfolio_actions:
            action.setEnabled(False)
        self._show_lock_page()

    def _show_lock_page(self) -> None:
        from app.ui.unlock import UnlockDialog

        page = UnlockDialog(self.portfolio.path)
        page.setWindowFlags(Qt.WindowType.Widget)
        page.setMinimumWidth(460)
        page.setWindowTitle("Locked")
        name = html.escape(isolate(page.path.name), quote=False)
        page.where.setText(
            f"<h2>Locked</h2><p>{name} is locked. Unlock it to carry on where you were.</p>"
        )
        if self.demo:
            from app.services.demo import DEMO_PASSPHRASE

            page.where.setText(
                page.where.text() + f"<p>Sample data passphrase: <b>{DEMO_PASSPHRASE}</b></p>"
            )
        page.cancel_button.setText("Close portfolio")
        page.accepted.connect(lambda: self._unlocked(page))
        page.rejected.connect(self.close)
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(page)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.lock_page = holder
        self.unlock_form = page
        self.pages.addWidget(holder)
        self.pages.setCurrentWidget(holder)
        page.secret.setFocus()

    def _unlocked(self, page: Any) -> None:
        portfolio = page.portfolio
        if portfolio is None:
            return
        self.portfolio = portfolio
        if self.lock_page is not None:
            self.pages.removeWidget(self.lock_page)
            self.lock_page.deleteLater()
            self.lock_page = None
        self._load_sections()
        # Back to the record each section was on, then to what was typed in it.
        for section, position in zip(self.sections, self.saved_positions, strict=False):
            section.restore_position(position)
        for section, draft in zip(self.sections, self.saved_drafts, strict=False):
            if draft is not None:
                section.restore_draft(draft)
        self.saved_drafts = []
        self.saved_positions = []
        for action in self.portfolio_actions:
            action.setEnabled(True)
        self.pages.setCurrentWidget(self.unlocked_page)
        self.stack.setCurrentIndex(-1)
        self.sidebar.blockSignals(True)
        self.sidebar.setCurrentRow(self.saved_index)
        self.sidebar.blockSignals(False)
        self.stack.setCurrentIndex(self.saved_index)
        self.apply_auto_lock()
        self.safekeeping.resume()
        self.offer_retention()

    # ---- new, open: another portfolio in this window
    def ready_to_leave(self) -> bool:
        """Whether this portfolio may be closed for another: each form with unsaved
        changes is saved or discarded first (Cancel stays). Drafts kept while locked
        can only be saved after unlocking, so then nothing else opens."""
        if self.is_locked():
            if self.kept_drafts():
                QMessageBox.warning(
                    self,
                    "Unsaved changes",
                    f"{self.kept_drafts()}: unlock it and save or discard them first.",
                )
                return False
            return True
        for section in self.sections:
            if section.has_unsaved_changes():
                self.go_to(self.sections.index(section))
                if not self.confirm_leave(section):
                    return False
        return True

    def kept_drafts(self) -> str:
        """While locked: the sentence saying which sections hold unsaved changes kept
        from before locking ("" if none)."""
        where = [
            name
            for name, draft in zip(SECTION_NAMES, self.saved_drafts, strict=False)
            if draft is not None
        ]
        if not self.is_locked() or not where:
            return ""
        listed = ", ".join(where[:-1]) + " and " + where[-1] if len(where) > 1 else where[0]
        return (
            f"{isolate(self.portfolio.path.name)} has unsaved changes from before it was"
            f" locked (in {listed})"
        )

    def _may_close_locked(self) -> bool:
        """Closing a locked window drops the drafts it kept: asked first, as opening
        another portfolio is (Cancel, the default, keeps them for unlocking)."""
        kept = self.kept_drafts()
        if not kept:
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"{kept}. Unlock it to save them, or close and discard them?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            return True
        if self.lock_page is not None:  # "Close portfolio" hid the unlock form
            self.unlock_form.show()
            self.unlock_form.secret.setFocus()
        return False

    def new_portfolio(self) -> None:
        """File > New: the create wizard; once created, this window shows it."""
        if not self.ready_to_leave():
            return
        from app.ui.create_wizard import CreateWizard

        wizard = CreateWizard(self, kdf=self.kdf)
        self.create_wizard = wizard
        wizard.accepted.connect(lambda: self._created(wizard))
        wizard.open()

    def _created(self, wizard: Any) -> None:
        if wizard.portfolio is not None:
            self.show_portfolio(wizard.portfolio)

    def open_portfolio(self) -> None:
        """File > Open: pick a portfolio file, then unlock it in this window."""
        from app.ui.portfolio_chooser import choose_portfolio_file, start_folder

        if not self.ready_to_leave():
            return
        chosen = choose_portfolio_file(self, "Open portfolio", start_folder())
        if chosen is not None:
            self.open_path(chosen)

    def open_recent(self, path: Path) -> None:
        if self.ready_to_leave():
            self.open_path(path)

    def open_path(self, path: Path) -> None:
        from app.services.portfolio_files import same_file

        if same_file(path, self.portfolio.path):
            QMessageBox.information(
                self, "Already open", f"{isolate(path.name)} is already open in this window."
            )
            return
        self.opener.open_path(path)

    def show_portfolio(self, portfolio: Portfolio) -> None:
        """Show ``portfolio`` (just created or unlocked) instead of the one shown now,
        which is backed up if due and locked."""
        if not self.claim(portfolio.path):
            portfolio.lock()
            return
        from app.ui.app_settings import add_recent

        self.auto_lock.stop()
        for child in self.findChildren(QWidget):
            if child.isWindow() and child.isVisible():
                child.close()
        self._clear_sections()
        self.safekeeping.before_lock()
        self.portfolio.lock()
        self.portfolio = portfolio
        self.demo = False
        self.banner.setVisible(False)
        self._set_title()
        if self.lock_page is not None:
            self.pages.removeWidget(self.lock_page)
            self.lock_page.deleteLater()
            self.lock_page = None
        self.saved_drafts = []
        self._load_sections()
        for action in self.portfolio_actions:
            action.setEnabled(True)
        self.pages.setCurrentWidget(self.unlocked_page)
        self.stack.setCurrentIndex(-1)
        self.sidebar.blockSignals(True)
        self.sidebar.setCurrentRow(0)
        self.sidebar.blockSignals(False)
        self.stack.setCurrentIndex(0)
        self.sections[0].refresh()
        self.apply_auto_lock()
        self.safekeeping.switched()
        add_recent(str(portfolio.path))
        self.offer_retention()

    def offer_retention(self) -> None:
        """Just unlocked: old private text the retention setting says is due is offered
        for deletion (or deleted, if the setting says automatically)."""
        if self.demo or not self.portfolio.is_open:
            return
        from app.ui.retention_dialog import on_unlock

        self.retention_dialog = on_unlock(self.portfolio, self, self.bus)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.is_locked() and not self._may_close_locked():
            event.ignore()
            return
        if not self.is_locked():
            for section in self.sections:
                if section.has_unsaved_changes():
                    self.stack.setCurrentWidget(section)
                    if not self.confirm_leave(section):
                        event.ignore()
                        return
        settings().setValue(GEOMETRY_KEY, self.saveGeometry())
        self.auto_lock.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self._clear_sections()
        self.safekeeping.before_lock()
        self.portfolio.lock()
        event.accept()
        self.closed.emit()
