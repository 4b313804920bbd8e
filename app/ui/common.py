"""Small helpers every window shares: error dialogs, UK dates, settings keys."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QLocale, QSettings
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import KnownError

ORGANISATION = "Mentee Portfolio"
APPLICATION = "Mentee Portfolio"
RECENT_KEY = "recent_portfolios"
AUTO_LOCK_KEY = "auto_lock_minutes"
DEFAULT_AUTO_LOCK = 10
MAX_RECENT = 6


def settings() -> QSettings:
    """Only paths, window geometry and the auto-lock delay are ever stored here."""
    return QSettings(ORGANISATION, APPLICATION)


def recent_portfolios() -> list[str]:
    value = settings().value(RECENT_KEY, [])
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in (value or [])]


def add_recent(path: str) -> None:
    items = [p for p in recent_portfolios() if p != path]
    settings().setValue(RECENT_KEY, [path, *items][:MAX_RECENT])


def auto_lock_minutes() -> int:
    try:
        return max(0, int(settings().value(AUTO_LOCK_KEY, DEFAULT_AUTO_LOCK)))
    except (TypeError, ValueError):
        return DEFAULT_AUTO_LOCK


def use_uk_dates_if_unset() -> None:
    """A bare "C" locale (no LANG) would show dates as "9 11 2026"; the app's users are in
    the UK, so fall back to en_GB there and otherwise follow the user's locale."""
    if QLocale.system().name() in ("C", "en_US_POSIX"):
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))


def show_error(parent: QWidget | None, err: KnownError, title: str = "Mentee Portfolio") -> None:
    QMessageBox.warning(parent, title, err.message)


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def format_date(value: date | None, locale: QLocale | None = None) -> str:
    if value is None:
        return ""
    return (locale or QLocale()).toString(to_qdate(value), QLocale.FormatType.ShortFormat)


def save_before_leaving(parent: QWidget, question: str, save: Callable[[], bool]) -> bool:
    """Ask Save / Discard / Cancel about unsaved changes; True if it is fine to move on
    (saved, or discarded)."""
    answer = QMessageBox.question(
        parent, "Unsaved changes", question,
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
    if answer == QMessageBox.StandardButton.Save:
        return save()
    return answer == QMessageBox.StandardButton.Discard
