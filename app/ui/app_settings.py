"""The app's own QSettings: recent portfolio paths, the auto-lock delay, window state.

Kept apart from app/ui/common.py so that the first window can read the recent list
without loading the date and locale helpers (QLocale's enums alone cost milliseconds)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

ORGANISATION = "Mentee Portfolio"
APPLICATION = "Mentee Portfolio"
RECENT_KEY = "recent_portfolios"
AUTO_LOCK_KEY = "auto_lock_minutes"
DEFAULT_AUTO_LOCK = 10
MAX_RECENT = 6


def settings() -> QSettings:
    """Only paths, window geometry, the auto-lock delay and the look (light or dark,
    text size) are ever stored here."""
    return QSettings(ORGANISATION, APPLICATION)


def recent_portfolios() -> list[str]:
    value = settings().value(RECENT_KEY, [])
    # Qt gives one path back as a str, several as a list; a file edited elsewhere can
    # hold anything (a rectangle, a number), which lists nothing.
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


def last_portfolio() -> Path | None:
    """The portfolio opened last, if its file is still there (and can be looked at: a
    folder without permission or a dead network mount counts as not there)."""
    recent = recent_portfolios()
    return Path(recent[0]) if recent and is_file(Path(recent[0])) else None


def is_file(path: Path) -> bool:
    """Path.is_file that answers False where Python 3.11 raises (EACCES, ENAMETOOLONG,
    EIO, ESTALE)."""
    try:
        return path.is_file()
    except OSError:
        return False


def add_recent(path: str) -> None:
    items = [p for p in recent_portfolios() if p != path]
    settings().setValue(RECENT_KEY, [path, *items][:MAX_RECENT])


def first_recent() -> Path | None:
    """The portfolio opened last, whether or not its file is there now."""
    recent = recent_portfolios()
    return Path(recent[0]) if recent else None


def set_recent(paths: list[str]) -> None:
    """Store the recent list as the services left it (found elsewhere, removed)."""
    if paths:
        settings().setValue(RECENT_KEY, paths[:MAX_RECENT])
    else:
        settings().remove(RECENT_KEY)


def auto_lock_minutes() -> int:
    value = settings().value(AUTO_LOCK_KEY, DEFAULT_AUTO_LOCK)
    if not isinstance(value, int | str):
        return DEFAULT_AUTO_LOCK
    try:
        return max(0, int(value))
    except ValueError:
        return DEFAULT_AUTO_LOCK
