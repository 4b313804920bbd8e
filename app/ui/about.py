"""Help > About: the version, where the data lives, and the licences of everything the
app bundles (read from resources/licenses/components.json and the licence files)."""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import app
from app import APP_NAME
from app.paths import app_data_dir, default_portfolio_dir, log_dir
from app.resources import resource_path
from app.ui.icon import app_icon


@dataclass(frozen=True)
class Component:
    name: str
    licence: str
    text: str
    note: str = ""


def app_version() -> str:
    """The installed distribution's version; the source tree's when not installed."""
    from importlib import metadata  # ~15 ms: only when the version is asked for

    try:
        return metadata.version("mentee-portfolio")
    except metadata.PackageNotFoundError:
        return app.__version__


def bundled_components() -> list[Component]:
    folder = resource_path("licenses")
    entries = json.loads((folder / "components.json").read_text(encoding="utf-8"))
    found = []
    for entry in entries:
        text_file = (folder / entry["file"]).resolve()
        text = text_file.read_text(encoding="utf-8", errors="replace")
        found.append(Component(entry["name"], entry["licence"], text, entry.get("note", "")))
    return found


class AboutDialog(QDialog):
    def __init__(self, portfolio_path: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.setWindowIcon(app_icon())
        self.resize(820, 560)
        tabs = QTabWidget()
        tabs.addTab(self._about_tab(portfolio_path), "About")
        tabs.addTab(self._licences_tab(), "Licences")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)

    def _about_tab(self, portfolio_path: Path | None) -> QWidget:
        page = QWidget()
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        where = portfolio_path if portfolio_path is not None else default_portfolio_dir()
        rows = [
            ("This portfolio" if portfolio_path else "Portfolios are kept in", where),
            ("App settings", app_data_dir()),
            ("Log files (no portfolio content)", log_dir()),
        ]
        places = "".join(
            f"<tr><td style='padding-right:12px'><b>{escape(label)}</b></td>"
            f"<td>{escape(str(path))}</td></tr>"
            for label, path in rows
        )
        self.text = QLabel(
            f"<h2>{escape(APP_NAME)}</h2>"
            f"<p>Version {escape(app_version())}</p>"
            "<p>A private, encrypted portfolio of your mentoring relationship. Everything "
            "stays on this computer; nothing is sent anywhere.</p>"
            f"<p><b>Where your data lives</b></p><table>{places}</table>"
            f"<p>Python {escape(platform.python_version())}, "
            f"Qt {escape(qVersion())}, PySide6 {escape(pyside_version)}</p>"
            "<p>Mentee Portfolio is free software under the GNU GPL, version 3 or later. "
            "The Licences tab lists the components it bundles.</p>"
        )
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(page)
        layout.addWidget(icon)
        layout.addWidget(self.text, 1)
        return page

    def _licences_tab(self) -> QWidget:
        page = QWidget()
        self.components = QListWidget()
        self.licence_text = QPlainTextEdit()
        self.licence_text.setReadOnly(True)
        # Licence texts are laid out with their own line breaks.
        self.licence_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.licence_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._components = bundled_components()
        for component in self._components:
            QListWidgetItem(f"{component.name} — {component.licence}", self.components)
        self.components.currentRowChanged.connect(self._show_licence)
        self.components.setCurrentRow(0)
        layout = QHBoxLayout(page)
        layout.addWidget(self.components, 2)
        layout.addWidget(self.licence_text, 4)
        return page

    def _show_licence(self, row: int) -> None:
        if 0 <= row < len(self._components):
            component = self._components[row]
            header = f"{component.name}: {component.licence}\n"
            if component.note:
                header += f"{component.note}\n"
            self.licence_text.setPlainText(f"{header}\n{component.text}")


def show_about(parent: QWidget | None = None, portfolio_path: Path | None = None) -> None:
    """The hook for the main window's Help > About action."""
    AboutDialog(portfolio_path, parent).exec()
