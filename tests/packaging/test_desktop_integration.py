"""The desktop entry, AppStream metainfo and icons pass the freedesktop validators."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons"
APP_ID = "uk.org.menteeportfolio.MenteePortfolio"


def test_desktop_file_validates() -> None:
    desktop = LINUX / f"{APP_ID}.desktop"
    result = subprocess.run(
        ["desktop-file-validate", str(desktop)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    text = desktop.read_text(encoding="utf-8")
    assert f"Icon={APP_ID}" in text and re.search(r"^Exec=mentee-portfolio$", text, re.M)


def test_metainfo_validates() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_icons_come_in_every_size() -> None:
    assert (ICONS / "mentee-portfolio.svg").read_text(encoding="utf-8").startswith("<?xml")
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        image = QImage(str(ICONS / f"mentee-portfolio-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
