"""Save screenshots of the main window over the sample portfolio.

QT_QPA_PLATFORM=offscreen PYTHONPATH=. python scripts/ui_screenshots.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

SHOTS = {0: "overview.png", 3: "main-window.png", 6: "appraisal.png"}
#: The same window in the dark look (what a system set to dark gets).
DARK_SHOTS = {3: "main-window-dark.png"}
#: The Overview's pictures at the smallest and the commonest laptop screens.
OVERVIEW_SIZES = ((1024, 600), (1366, 768))


def main() -> int:
    app = QApplication(sys.argv)
    from app.services.demo import create_demo_portfolio
    from app.store.keyslot import KdfParams
    from app.ui.common import use_uk_dates_if_unset
    from app.ui.desktop import prepare_application
    from app.ui.look import keep_look
    from app.ui.main_window import MainWindow

    prepare_application(app)
    use_uk_dates_if_unset()
    folder = Path(tempfile.mkdtemp(prefix="mp-shots-"))
    out = Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    try:
        portfolio = create_demo_portfolio(folder, kdf=KdfParams(n=2**12, r=8, p=1))
        window = MainWindow(portfolio, demo=True)
        window.resize(1280, 800)
        window.show()
        keep_look(app).apply(dark=False)
        for index, name in SHOTS.items():
            window.go_to(index)
            app.processEvents()
            window.grab().save(str(out / name))
        keep_look(app).apply(dark=True)
        for index, name in DARK_SHOTS.items():
            window.go_to(index)
            app.processEvents()
            window.grab().save(str(out / name))
        for dark in (False, True):
            keep_look(app).apply(dark=dark)
            for width, height in OVERVIEW_SIZES:
                window.resize(width, height)
                window.go_to(0)
                app.processEvents()
                look = "dark" if dark else "light"
                window.grab().save(str(out / f"overview-{width}x{height}-{look}.png"))
        window.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
