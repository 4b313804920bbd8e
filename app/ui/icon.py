"""The app's window icon, in its own module so the launch path does not load the About
dialog (and its widgets) before the first window is painted."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from app.resources import resource_path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resource_path("icons", f"mentee-portfolio-{size}.png")))
    return icon
