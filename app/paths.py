"""Where the app keeps things, in each platform's standard places (QStandardPaths).

- the default portfolio: ``<Documents>/Mentee Portfolio/portfolio.mpf`` (the one default
  the new-portfolio wizard proposes; a portfolio of any name opens)
- app data (settings the UI keeps, nothing from the portfolio): the app-data folder
- logs: the state folder (``~/.local/state/Mentee Portfolio/logs`` on Linux,
  ``%LOCALAPPDATA%/Mentee Portfolio/logs`` on Windows, ``~/Library/Application Support``
  on macOS)

Safe before any QApplication exists, so the CLI can use it: only QtCore is imported,
``QStandardPaths`` needs no application object, and the application name it uses for
the app-specific locations is set with the static ``QCoreApplication`` setters here,
which work before an instance is created. ``MENTEE_PORTFOLIO_HOME`` (used by tests and
portable installs) puts app data and logs under one folder instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths

from app import APP_NAME
from app.os_support.private import ensure_private_folder

PORTFOLIO_FOLDER = "Mentee Portfolio"
# A portfolio file's extension, as the Open and Save dialogs filter for it.
PORTFOLIO_SUFFIX = ".mpf"
PORTFOLIO_FILE = "portfolio" + PORTFOLIO_SUFFIX
HOME_OVERRIDE = "MENTEE_PORTFOLIO_HOME"
_Loc = QStandardPaths.StandardLocation


def configure_application_identity() -> None:
    """Give Qt the names it builds app folders from (no organisation level)."""
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName("")
    QCoreApplication.setOrganizationDomain("")


def _location(kind: QStandardPaths.StandardLocation) -> Path:
    configure_application_identity()
    found = QStandardPaths.writableLocation(kind)
    if not found:  # an unusual platform setup: fall back beside the home folder
        return Path.home() / f".{APP_NAME.lower().replace(' ', '-')}"
    return Path(found)


def _override() -> Path | None:
    value = os.environ.get(HOME_OVERRIDE)
    return Path(value).expanduser().resolve() if value else None


def documents_dir() -> Path:
    found = QStandardPaths.writableLocation(_Loc.DocumentsLocation)
    return Path(found) if found else Path.home()


def default_portfolio_dir() -> Path:
    override = _override()
    if override is not None:
        return override / "portfolios"
    return documents_dir() / PORTFOLIO_FOLDER


def default_portfolio_path() -> Path:
    return default_portfolio_dir() / PORTFOLIO_FILE


def app_data_dir() -> Path:
    override = _override()
    return override / "data" if override is not None else _location(_Loc.AppDataLocation)


def log_dir() -> Path:
    override = _override()
    if override is not None:
        return override / "logs"
    state = getattr(_Loc, "StateLocation", None)  # Qt >= 6.7
    base = _location(state) if state is not None else _location(_Loc.AppLocalDataLocation)
    return base / "logs"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (owner-only) if missing and return it."""
    return ensure_private_folder(path)
