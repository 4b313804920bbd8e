"""The sample portfolio, the welcome window and the app controller."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.domain.records import Action, Checklist, Contract, Goal, Mentor, SessionRecord
from app.services import records
from app.services.demo import create_demo_portfolio
from app.ui.launch import AppController
from app.ui.welcome import WelcomeWindow
from tests.conftest import TEST_KDF


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
    monkeypatch.setattr(demo, "create_demo_portfolio",
                        lambda folder: real(folder, kdf=TEST_KDF))
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
    from app.ui.common import add_recent, recent_portfolios

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
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).parents[2], timeout=120,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
                              "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)})
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
