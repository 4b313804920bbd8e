"""Layout that fits a small screen (issue 16, found in review): no section grows a
horizontal scrollbar at 1024x600, nor at 1366x768 scaled 1.5x (911x512 in Qt's own
pixels, where fonts and widgets are as big as on that screen); the main window never
opens larger than its screen; a table's columns share its width and can be reset;
and every dialog the app has fits a 1024x600 screen with its buttons on it."""

from __future__ import annotations

import inspect
import pkgutil
from collections.abc import Callable
from datetime import date
from importlib import import_module
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QHeaderView,
    QScrollBar,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

import app.ui
from app.domain.enums import RecordKind
from app.domain.identifiers import IdentifierHit
from app.services import documents
from app.services.signing import attachments, lifecycle
from app.ui.app_settings import settings
from app.ui.desktop import prepare_application
from app.ui.main_window import GEOMETRY_KEY, MainWindow
from tests.conftest import TEST_KDF
from tests.printing.conftest import Filled, filled  # noqa: F401 - the fixture
from tests.ui.conftest import each_page, settle

#: 1024x600, and 1366x768 at QT_SCALE_FACTOR=1.5 (its available area in Qt's pixels).
SCREENS = {"1024x600": (1024, 600), "1366x768 at 1.5x": (911, 512)}


def horizontal_scrollbars(root: QWidget) -> list[str]:
    found = []
    for bar in root.findChildren(QScrollBar):
        if bar.orientation() != Qt.Orientation.Horizontal or not bar.isVisible():
            continue
        area = bar.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        name = area.accessibleName() if area is not None else ""
        found.append(f"{type(area).__name__} {name!r} is {bar.maximum()} px too narrow")
    return found


def test_no_section_scrolls_sideways_on_a_small_screen(
    qtbot: QtBot,
    qapp: QApplication,
    filled: Filled,  # noqa: F811
) -> None:
    prepare_application(qapp)
    window = MainWindow(filled.portfolio)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    problems: dict[str, list[str]] = {}
    for screen, (width, height) in SCREENS.items():
        window.resize(width, height)
        for page in each_page(window, qapp):
            assert window.width() <= width and window.height() <= height, page
            bars = horizontal_scrollbars(window)
            if bars:
                problems[f"{page} at {screen}"] = bars
    assert problems == {}


def test_the_main_window_is_never_larger_than_its_screen(
    qtbot: QtBot,
    qapp: QApplication,
    filled: Filled,  # noqa: F811
) -> None:
    room = QGuiApplication.primaryScreen().availableGeometry()
    for saved in (None, QRect(-400, -300, room.width() + 900, room.height() + 700)):
        if saved is None:
            settings().remove(GEOMETRY_KEY)  # the default size: larger than this screen
        else:  # restored from a bigger monitor, partly off this one
            bigger = QWidget()
            bigger.setGeometry(saved)
            settings().setValue(GEOMETRY_KEY, bigger.saveGeometry())
            bigger.deleteLater()
        window = MainWindow(filled.portfolio)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        assert room.contains(window.frameGeometry()), (saved, window.frameGeometry(), room)
        assert window.minimumSizeHint().width() <= min(SCREENS.values())[0]
        window.hide()  # not closed: closing locks the portfolio
    settings().remove(GEOMETRY_KEY)


def test_columns_share_the_width_and_can_be_reset(
    qtbot: QtBot,
    qapp: QApplication,
    filled: Filled,  # noqa: F811
) -> None:
    prepare_application(qapp)
    window = MainWindow(filled.portfolio)
    qtbot.addWidget(window)
    window.resize(*SCREENS["1366x768 at 1.5x"])
    window.show()
    qtbot.waitExposed(window)
    window.jump_to(RecordKind.MENTOR, filled.mentor.id)
    settle(qapp)
    [table] = [
        t
        for t in window.findChildren(QTableView)
        if t.isVisible() and "Mentor" in t.accessibleName()
    ]
    header = table.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(header.count())]
    assert min(widths) >= 40 and sum(widths) <= table.viewport().width(), widths
    header.resizeSection(0, 3)  # squeezed to nothing by hand (the old Name column)
    header.resizeSection(header.count() - 1, 2000)
    reset = next(a for a in header.actions() if a.text() == "Reset column widths")
    assert header.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    reset.trigger()
    assert [header.sectionSize(c) for c in range(header.count())] == widths
    assert header.sectionResizeMode(header.count() - 1) in (
        QHeaderView.ResizeMode.Stretch,
        QHeaderView.ResizeMode.Interactive,
    )


# ---- every dialog -------------------------------------------------------------------


def _jpeg() -> bytes:
    image = QImage(300, 400, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG")
    return bytes(data.data())


def _factories(filled: Filled, tmp_path: Path) -> dict[str, Callable[[], QDialog]]:  # noqa: F811
    from app.services import retention
    from app.ui.about import AboutDialog
    from app.ui.crash import CrashDialog
    from app.ui.create_wizard import CreateWizard
    from app.ui.portfolio_chooser import MissingPortfolioDialog
    from app.ui.printing.pack_dialog import PackDialog
    from app.ui.printing.preview import PrintPreviewDialog
    from app.ui.reflection.closure_dialog import ClosureDialog, ReopenDialog
    from app.ui.reflection.identifier_review import IdentifierReviewDialog
    from app.ui.retention_dialog import RetentionDialog
    from app.ui.safekeeping.backup_dialog import BackupDialog
    from app.ui.safekeeping.export_dialog import ExportDialog
    from app.ui.safekeeping.import_dialog import ImportDialog
    from app.ui.safekeeping.lock_backup import LockBackupDialog
    from app.ui.safekeeping.passphrase_dialog import ChangePassphraseDialog
    from app.ui.safekeeping.plan_settings import load_plan
    from app.ui.safekeeping.recovery_code_dialog import NewRecoveryCodeDialog
    from app.ui.safekeeping.restore_dialog import RestoreDialog
    from app.ui.safekeeping.this_computer_dialog import ThisComputerDialog
    from app.ui.search_dialog import SearchDialog
    from app.ui.sections.lifecycle_prompts import BookMeetingDialog
    from app.ui.settings_dialog import SettingsDialog
    from app.ui.signing.amend_dialog import AmendDialog
    from app.ui.signing.import_return import ImportReturnDialog
    from app.ui.signing.panel import HistoryDialog
    from app.ui.signing.request_written import RequestWritten
    from app.ui.signing.return_viewer import ReturnViewer
    from app.ui.signing.scan_viewer import ScanViewer
    from app.ui.signing.sign_dialog import SignDialog
    from app.ui.signing.verify_dialog import VerifyDialog
    from app.ui.unlock import UnlockDialog
    from app.ui.what_i_shared import SharedDialog

    p = filled.portfolio
    session = RecordKind.SESSION, filled.session.id
    hit = IdentifierHit("NHS number", "943 476 5919", 4, 16, "NHS [943 476 5919] seen", "a session")

    def sign() -> QDialog:
        return SignDialog(p, lifecycle.mark_ready(p, *session))

    def scan() -> QDialog:
        return ScanViewer(p, attachments.add_scan(p, *session, _jpeg(), "photo.jpg").id)

    def signed_copy() -> QDialog:
        from app.services import signing_requests as requests
        from app.services.signing import returns
        from tests.signing.signed_returns import ink_incremental

        checklist = RecordKind.CHECKLIST, filled.checklist.id or 0
        lifecycle.mark_ready(p, *checklist)
        sent = requests.make_signing_request(p, *checklist, tmp_path / "request.pdf")
        back = ink_incremental(Path(sent.path).read_bytes(), 0, (100, 100, 220, 150))
        returns.accept_signed_return(p, back, filename="signed.pdf")
        return ReturnViewer(p, returns.returns_of(p, *checklist)[0])

    not_a_pdf = tmp_path / "not a return.pdf"
    not_a_pdf.write_text("text")
    return {
        "AboutDialog": lambda: AboutDialog(p.path),
        "AmendDialog": lambda: AmendDialog(p, RecordKind.CONTRACT, filled.contract.id),
        "BackupDialog": lambda: BackupDialog(p),
        "BookMeetingDialog": lambda: BookMeetingDialog(date(2026, 12, 7)),
        "ChangePassphraseDialog": lambda: ChangePassphraseDialog(p, kdf=TEST_KDF),
        "ClosureDialog": lambda: ClosureDialog(p, filled.relationship.id or 0, "Dr A Mentor"),
        "CrashDialog": lambda: CrashDialog("Mentee Portfolio\nError builtins.KeyError\n" * 40),
        "CreateWizard": lambda: CreateWizard(kdf=TEST_KDF),
        "ExportDialog": lambda: ExportDialog(p),
        "HistoryDialog": lambda: HistoryDialog(p, session),
        "IdentifierReviewDialog": lambda: IdentifierReviewDialog([hit] * 30, "exporting"),
        "ImportDialog": lambda: ImportDialog(kdf=TEST_KDF),
        "ImportReturnDialog": lambda: ImportReturnDialog(p, not_a_pdf),
        "MissingPortfolioDialog": lambda: MissingPortfolioDialog(tmp_path / "gone.mpf"),
        "NewRecoveryCodeDialog": lambda: NewRecoveryCodeDialog(p, kdf=TEST_KDF),
        "PackDialog": lambda: PackDialog(p),
        "PrintPreviewDialog": lambda: PrintPreviewDialog(
            documents.render(p, "contract", filled.contract.id), portfolio=p
        ),
        "ReopenDialog": lambda: ReopenDialog(p, filled.relationship.id or 0, "Dr A Mentor"),
        "RequestWritten": lambda: RequestWritten(
            tmp_path / "request.pdf", "Checklist 1, version 1", "Dr A Mentor"
        ),
        "RestoreDialog": lambda: RestoreDialog(p),
        "LockBackupDialog": lambda: LockBackupDialog(p, load_plan(p.portfolio_id), None),
        "RetentionDialog": lambda: RetentionDialog(p, retention.preview(p, 1)),
        "ReturnViewer": signed_copy,
        "ScanViewer": scan,
        "SearchDialog": lambda: SearchDialog(p),
        "SettingsDialog": lambda: SettingsDialog(p),
        "SharedDialog": lambda: SharedDialog(p),
        "SignDialog": sign,
        "ThisComputerDialog": lambda: ThisComputerDialog(p),
        "UnlockDialog": lambda: UnlockDialog(p.path),
        "VerifyDialog": lambda: VerifyDialog(p),
    }


def _every_dialog_class() -> set[str]:
    """Every QDialog the app defines (a new one must be added to _factories)."""
    for module in pkgutil.walk_packages(app.ui.__path__, "app.ui."):
        import_module(module.name)
    found: set[str] = set()
    todo = list(QDialog.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("app.ui.") and not inspect.isabstract(cls):
            found.add(cls.__name__)
    return found - {"TaskDialog"}  # the base of the Keep safe dialogs, never shown itself


def test_every_dialog_fits_a_1024x600_screen(
    qtbot: QtBot,
    qapp: QApplication,
    filled: Filled,  # noqa: F811
    tmp_path: Path,
    answers: dict[str, object],
) -> None:
    prepare_application(qapp)
    factories = _factories(filled, tmp_path)
    assert _every_dialog_class() <= set(factories), "a dialog this test does not open"
    width, height = SCREENS["1024x600"]
    title_bar = 40  # a window manager's frame, which offscreen windows lack
    problems = {}
    for name, make in factories.items():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        settle(qapp)
        smallest = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
        room = QGuiApplication.primaryScreen().availableGeometry()
        size = dialog.frameGeometry()
        buttons = [
            b
            for b in dialog.findChildren(QAbstractButton)
            if b.isVisible() and b.window() is dialog and b.objectName() != "qt_scrollarea"
        ]
        off = [
            b.text()
            for b in buttons
            if not dialog.rect().contains(QRect(b.mapTo(dialog, b.rect().topLeft()), b.size()))
        ]
        if smallest.width() > width or smallest.height() > height - title_bar:
            problems[name] = f"needs at least {smallest.width()}x{smallest.height()}"
        elif not room.contains(size):
            problems[name] = f"opens at {size} on a screen of {room}"
        elif off:
            problems[name] = f"buttons off the dialog: {off}"
        dialog.close()
    assert problems == {}
