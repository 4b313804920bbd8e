"""Help > About and the crash dialog, as real widgets."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from app.ui.about import AboutDialog, app_version, bundled_components
from app.ui.crash import CrashDialog, CrashHandler, crash_report

SECRET = "Siân Ó Dálaigh passphrase correct horse battery"


def test_about_shows_version_places_and_every_licence(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    portfolio = tmp_path / "Łukasz & <co>.mentee"
    dialog = AboutDialog(portfolio)
    qtbot.addWidget(dialog)
    text = dialog.text.text()
    assert f"Version {app_version()}" in text
    assert "Łukasz &amp; &lt;co&gt;.mentee" in text  # escaped, not taken as markup
    assert "Log files" in text
    names = [dialog.components.item(i).text() for i in range(dialog.components.count())]
    for expected in (
        "Qt and PySide6 — LGPL-3.0",
        "SQLCipher — BSD-style",
        "ReportLab — BSD",
        "SQLAlchemy — MIT",
        "keyring — MIT",
        "DejaVu fonts",
    ):
        assert any(name.startswith(expected) for name in names), (expected, names)
    dialog.components.setCurrentRow(0)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dialog.licence_text.toPlainText()
    for component in bundled_components():
        assert len(component.text) > 300, component.name  # a real licence text


def test_crash_report_has_frames_but_no_message() -> None:
    def inner() -> None:
        raise RuntimeError(SECRET)

    try:
        inner()
    except RuntimeError as exc:
        report = crash_report(type(exc), exc.__traceback__)
    assert "builtins.RuntimeError" in report
    assert "test_about_crash.py:" in report and "in inner" in report
    assert "Python " in report and "Qt " in report and "Platform " in report
    for word in SECRET.split():
        assert word not in report, word


def test_crash_dialog_copies_its_report(qtbot) -> None:  # noqa: ANN001
    dialog = CrashDialog("Mentee Portfolio 0.1.0\nError builtins.KeyError")
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "Mentee Portfolio 0.1.0\nError builtins.KeyError"
    assert dialog.copy_button.text() == "Copied"


def test_exception_in_a_worker_thread_reaches_the_gui_thread(qtbot) -> None:  # noqa: ANN001
    shown: list[tuple[str, bool]] = []
    handler = CrashHandler(
        show_dialog=lambda r: shown.append(
            (r, threading.current_thread() is threading.main_thread())
        )
    )
    handler.install()
    try:

        def work() -> None:
            raise LookupError(SECRET)

        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(shown))
    finally:
        handler.uninstall()
    report, on_main_thread = shown[0]
    assert on_main_thread
    assert "LookupError in the background work" in report and "in work" in report
    assert "Siân" not in report


def test_start_up_names_the_app_then_installs_crash_reporting_after_first_paint(
    qapp, qtbot
) -> None:  # noqa: ANN001
    import sys

    from app.logging_setup import shutdown_logging
    from app.ui.desktop import DESKTOP_FILE_ID, prepare_application
    from app.ui.launch import AppController, FirstPaint, finish_start_up

    prepare_application(qapp)
    assert qapp.applicationName() == "Mentee Portfolio"
    assert qapp.desktopFileName() == DESKTOP_FILE_ID
    assert not qapp.windowIcon().isNull()
    controller = AppController()
    qtbot.addWidget(controller.welcome)
    sys.excepthook = sys.__excepthook__
    FirstPaint(controller.welcome, lambda: finish_start_up(controller))
    assert controller.crash_handler is None  # nothing painted yet
    controller.welcome.show()
    try:
        qtbot.waitUntil(lambda: controller.crash_handler is not None, timeout=5000)
        assert sys.excepthook == controller.crash_handler.handle_exception
    finally:
        if controller.crash_handler is not None:
            controller.crash_handler.uninstall()
        shutdown_logging()
