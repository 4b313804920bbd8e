"""The sample portfolio, the welcome window and the app controller."""

from __future__ import annotations

import re
import subprocess
import sys
from argparse import Namespace
from pathlib import Path

import pytest

from app.domain.record_types import Action, Checklist, Contract, Goal, Mentor, SessionRecord
from app.services import records
from app.services.demo import create_demo_portfolio
from app.services.portfolio import CreatedPortfolio, remember_on_this_computer
from app.ui.app_settings import add_recent
from app.ui.launch import AppController
from app.ui.welcome import WelcomeWindow
from tests.conftest import PASSPHRASE, TEST_KDF
from tests.ui.conftest import held_elsewhere

APP_ARGS = Namespace(demo=False, portfolio=None)


def test_demo_portfolio_is_realistic(tmp_path: Path) -> None:
    portfolio = create_demo_portfolio(tmp_path, kdf=TEST_KDF)
    try:
        assert len(records.list_records(portfolio, Mentor)) == 1
        assert len(records.list_records(portfolio, Contract)) == 1
        assert len(records.list_records(portfolio, Goal)) == 5
        assert len(records.list_records(portfolio, SessionRecord)) == 7
        assert len(records.list_records(portfolio, Action)) >= 7
        assert len(records.list_records(portfolio, Checklist)) == 1
    finally:
        portfolio.lock()


def test_welcome_sample_button_opens_marked_demo(qtbot, monkeypatch, answers) -> None:
    import app.services.demo as demo

    real = demo.create_demo_portfolio
    monkeypatch.setattr(demo, "create_demo_portfolio", lambda folder: real(folder, kdf=TEST_KDF))
    controller = AppController()
    qtbot.addWidget(controller.welcome)
    controller.welcome.show()
    controller.welcome.demo_button.click()
    main = controller.main
    assert main is not None
    qtbot.addWidget(main)
    assert "Sample data" in main.windowTitle()
    assert not main.banner.isHidden()
    folder = controller.demo_dirs[0]
    assert folder.exists() and (folder.stat().st_mode & 0o777) == 0o700
    main.close()
    controller.cleanup()
    assert not folder.exists()


def test_welcome_lists_recent(qtbot) -> None:
    from app.ui.app_settings import add_recent, recent_portfolios

    add_recent("/tmp/one.mpf")
    add_recent("/tmp/two.mpf")
    assert recent_portfolios()[:2] == ["/tmp/two.mpf", "/tmp/one.mpf"]
    window = WelcomeWindow()
    qtbot.addWidget(window)
    assert window.recent.count() >= 2


def test_no_reportlab_before_first_window(tmp_path: Path) -> None:
    """Opening the main window must not pay for the printing layer's imports."""
    code = (
        "import sys; from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app.services.demo import create_demo_portfolio\n"
        "from app.ui.main_window import MainWindow\n"
        "from tests.conftest import TEST_KDF\n"
        f"p = create_demo_portfolio(Path({str(tmp_path)!r}), kdf=TEST_KDF)\n"
        "w = MainWindow(p, demo=True); w.show(); app.processEvents()\n"
        "print('reportlab' in sys.modules)\n"
        "w.close()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
        timeout=120,
        env={
            "QT_QPA_PLATFORM": "offscreen",
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path),
        },
    )
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr


def test_overview_and_jump_from_session_action(qtbot, tmp_path: Path, answers) -> None:
    from app.domain.enums import RecordKind
    from app.ui.main_window import SECTION_NAMES, MainWindow

    portfolio = create_demo_portfolio(tmp_path, kdf=TEST_KDF)
    window = MainWindow(portfolio, demo=True)
    qtbot.addWidget(window)
    window.show()
    overview = window.sections[0]
    assert "open" in overview.cards["Actions"].text()  # type: ignore[attr-defined]
    assert "of <b>5</b> achieved" in overview.cards["Goals"].text()  # type: ignore[attr-defined]
    assert "days to go" in overview.cards["Next appraisal"].text()  # type: ignore[attr-defined]
    assert overview.warning.isHidden()  # type: ignore[attr-defined]
    sessions = window.sections[SECTION_NAMES.index("Sessions")]
    window.go_to(SECTION_NAMES.index("Sessions"))
    assert sessions.actions_table.rowCount() >= 1  # type: ignore[attr-defined]
    sessions._open_action(0, 0)  # type: ignore[attr-defined]
    actions = window.sections[SECTION_NAMES.index("Actions")]
    assert window.stack.currentWidget() is actions
    assert actions.loaded is not None and actions.kind == RecordKind.ACTION  # type: ignore[attr-defined]
    window.close()


def _started(qtbot, args: Namespace = APP_ARGS) -> AppController:  # noqa: ANN001
    controller = AppController()
    controller.start(args)
    for window in (controller.unlock_dialog, controller._welcome):
        if window is not None:
            qtbot.addWidget(window)
    return controller


def test_launch_asks_for_the_last_portfolio_first(qtbot, created: CreatedPortfolio) -> None:
    path = created.portfolio.path
    created.portfolio.lock()
    add_recent(str(path))
    controller = _started(qtbot)
    dialog = controller.unlock_dialog
    assert dialog is not None and dialog.isVisible() and dialog.path == path
    assert controller.front_window() is dialog
    assert controller._welcome is None  # not even built: the dialog stands alone
    assert path.name in dialog.where.text()
    controller.after_first_paint()  # no remembered key: still asking, and no fuss
    assert dialog.isVisible() and controller.main is None and dialog.error.isHidden()
    dialog.secret.setText("not the passphrase")
    dialog.attempt()
    assert not dialog.error.isHidden() and controller.main is None
    dialog.secret.setText(PASSPHRASE)
    dialog.attempt()
    assert controller.main is not None and controller.main.isVisible()
    qtbot.addWidget(controller.main)
    assert not dialog.isVisible()
    controller.main.portfolio.lock()
    controller.cleanup()


def test_launch_dialog_leads_to_other_portfolios(qtbot, created: CreatedPortfolio) -> None:
    created.portfolio.lock()
    add_recent(str(created.portfolio.path))
    controller = _started(qtbot)
    dialog = controller.unlock_dialog
    assert dialog is not None
    labels = [b.text() for b in dialog.buttons.buttons()]
    assert set(labels) == {"&Unlock", "&Other portfolio…", "&Quit"}
    [other] = [b for b in dialog.buttons.buttons() if b.text() == "&Other portfolio…"]
    other.click()
    qtbot.addWidget(controller.welcome)
    assert not dialog.isVisible() and controller.welcome.isVisible()
    assert controller.front_window() is controller.welcome
    assert controller.welcome.recent_paths[0] == str(created.portfolio.path)


def test_quit_on_the_launch_dialog_ends_the_app(
    qtbot, created: CreatedPortfolio, monkeypatch
) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QApplication

    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))
    created.portfolio.lock()
    add_recent(str(created.portfolio.path))
    controller = _started(qtbot)
    assert controller.unlock_dialog is not None
    controller.unlock_dialog.reject()
    assert quits == [True] and controller._welcome is None


def test_launch_with_the_last_file_gone_shows_welcome_only(qtbot, tmp_path: Path) -> None:
    add_recent(str(tmp_path / "moved-away.mpf"))
    controller = _started(qtbot)
    assert controller.welcome.isVisible() and controller.unlock_dialog is None
    assert controller.welcome.recent.count() >= 1  # still listed, to open or remove


def test_launch_with_a_named_portfolio_asks_for_that_one(
    qtbot, created: CreatedPortfolio, tmp_path: Path
) -> None:
    path = created.portfolio.path
    created.portfolio.lock()
    other = tmp_path / "other.mpf"
    other.write_bytes(b"x")
    add_recent(str(other))
    controller = _started(qtbot, Namespace(demo=False, portfolio=str(path)))
    dialog = controller.unlock_dialog
    assert dialog is not None and dialog.isVisible() and dialog.path == path
    controller.cleanup()


@pytest.mark.keyring
def test_launch_with_a_remembered_key_opens_straight_after_first_paint(
    qtbot, secret_service: None, created: CreatedPortfolio
) -> None:
    remember_on_this_computer(created.portfolio, True)
    path = created.portfolio.path
    created.portfolio.lock()
    add_recent(str(path))
    controller = _started(qtbot)
    try:
        dialog = controller.unlock_dialog
        assert dialog is not None and dialog.isVisible()  # shown first, at once
        controller.after_first_paint()
        assert controller.main is not None and controller.main.isVisible()
        qtbot.addWidget(controller.main)
        assert not dialog.isVisible()
        controller.main.portfolio.lock()
    finally:
        from app.store import keyring_slot

        keyring_slot.forget(created.portfolio.portfolio_id)
        controller.cleanup()


def test_demo_from_the_command_line_shows_uk_dates_under_a_bare_locale(tmp_path: Path) -> None:
    """--demo builds the main window before the first paint; its dates must still be UK
    dates when the system locale is bare "C" (which would print "14 12 2026")."""
    code = (
        "import re; from argparse import Namespace\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app.ui.launch import AppController\n"
        "c = AppController(); c.start(Namespace(demo=True, portfolio=None))\n"
        "app.processEvents()\n"
        "text = c.main.sections[0].cards['Next meeting'].text()\n"
        "print(text); c.cleanup()\n"
    )
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": "/usr/bin:/bin",
        "LC_ALL": "C",
        "LANG": "C",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
        timeout=120,
        env=env,
    )
    shown = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
    assert re.search(r"<b>\d\d/\d\d/\d{4}</b>", shown), (shown, out.stderr[-2000:])


def test_launch_with_an_unreadable_last_path_shows_welcome(qtbot) -> None:
    """Python 3.11's is_file raises for some errors (here ENAMETOOLONG; also EACCES,
    EIO): the launch must still show a window."""
    add_recent("/tmp/" + "x" * 300 + "/portfolio.mpf")
    controller = _started(qtbot)
    assert controller.welcome.isVisible() and controller.unlock_dialog is None


def test_launch_while_the_last_portfolio_is_open_elsewhere(
    qtbot, created: CreatedPortfolio, answers
) -> None:  # noqa: ANN001
    """A second launch is for another portfolio: it must not unlock the open one beside
    its window (nor quit); opening it from the welcome brings its window forward."""
    path = created.portfolio.path
    created.portfolio.lock()
    add_recent(str(path))
    with held_elsewhere(path) as holder:
        controller = _started(qtbot)
        assert controller.unlock_dialog is None and controller.welcome.isVisible()
        controller.welcome.open_path(path)
        assert controller.welcome.unlock_dialog is None  # not asked to unlock it here
        assert holder.readline().strip() == "asked forward"
        assert any("brought to the front" in text for text in answers["warnings"])


def test_a_main_window_that_fails_to_build_leaves_the_welcome(
    qtbot, created: CreatedPortfolio, monkeypatch
) -> None:  # noqa: ANN001
    """After the launch's unlock dialog has gone, a bug while building the main window
    (reported by the crash dialog) must leave a window to go on from, and the portfolio
    locked."""
    import app.ui.main_window as main_window

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(main_window, "MainWindow", broken)
    controller = AppController()
    with pytest.raises(RuntimeError):
        controller.open_main(created.portfolio)
    qtbot.addWidget(controller.welcome)
    assert controller.welcome.isVisible() and controller.main is None
    assert not created.portfolio.is_open
    assert controller.guard is None  # free for the next attempt
    controller.cleanup()


def test_a_window_the_app_is_done_with_is_deleted_by_qt(qtbot) -> None:  # noqa: ANN001
    """A main window replaced by another is closed (its portfolio locked) and deleted by
    Qt, never left to the garbage collector, which can tear a widget tree down child
    first and crash."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    controller = AppController()
    qtbot.addWidget(controller.welcome)
    controller.open_demo()
    first = controller.main
    assert first is not None and first.isVisible()
    first_portfolio = first.portfolio
    controller.open_demo()
    second = controller.main
    assert second is not None
    qtbot.addWidget(second)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(first) and shiboken6.isValid(second)
    assert not first_portfolio.is_open and second.portfolio.is_open
    second.close()
    controller.cleanup()
