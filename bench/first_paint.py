"""Run a Qt program until its first window paints, print a timestamp and the heavy
modules already imported, then exit. Used the same way for the bare-window floor and
for the real app, so neither needs a hook of its own:

    python -m bench.first_paint bare
    python -m bench.first_paint app [app arguments...]
    python -m bench.first_paint --until UnlockDialog app [app arguments...]

``--until CLASS`` waits for the first paint of a window of that class (e.g. the unlock
dialog, which opens over the welcome window when the app knows a portfolio).

It wraps ``QApplication.exec`` to install an application-wide event filter, so the
program under test runs unchanged up to its event loop."""

from __future__ import annotations

import json
import os
import sys
import time

HEAVY = (
    "reportlab",
    "alembic",
    "sqlalchemy",
    "cryptography",
    "keyring",
    "sqlcipher3",
    "jsonschema",
    "PIL",
)


def _install(until: str | None) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    original_exec = QApplication.exec

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if (
                event.type() == QEvent.Type.Paint
                and getattr(watched, "isWindow", None)
                and watched.isWindow()
                and until in (None, type(watched).__name__)
            ):
                report = {
                    "painted": time.time(),
                    "window": type(watched).__name__,
                    "heavy": sorted(m for m in HEAVY if m in sys.modules),
                }
                sys.stdout.write(json.dumps(report) + "\n")
                sys.stdout.flush()
                os._exit(0)  # skip teardown: only the time to first paint matters
            return False

    def exec_with_probe(*_args: object) -> int:
        app = QApplication.instance()
        probe = FirstPaint(app)
        app.installEventFilter(probe)
        return original_exec()  # a static method in PySide6

    QApplication.exec = exec_with_probe  # type: ignore[method-assign]


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1000, 700)
    window.show()
    return app.exec()


def main() -> int:
    args = sys.argv[1:]
    until = None
    if args[:1] == ["--until"]:
        until, args = args[1], args[2:]
    _install(until)
    if args[0] == "bare":
        return bare()
    from app.main import main as app_main

    return app_main(args[1:])


if __name__ == "__main__":
    raise SystemExit(main())
