"""Small helpers every window shares: error dialogs, UK dates, the save prompt.
(Settings keys live in app/ui/app_settings.py.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import KnownError


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
        parent,
        "Unsaved changes",
        question,
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Save:
        return save()
    return answer == QMessageBox.StandardButton.Discard


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Size ``window`` to width x height, or less where its screen is smaller (a 1024x600
    netbook, a scaled display), so its buttons are never off the screen."""
    from PySide6.QtGui import QGuiApplication

    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - 40)
        height = min(height, room.height() - 60)
    window.resize(max(width, 320), max(height, 240))


def keep_on_screen(window: QWidget) -> None:
    """Shrink and move ``window`` so that it lies inside its screen's available area
    (the screen less its panels): a size restored from a bigger monitor, or the default
    size on a 1024x600 netbook or a 1.5x scaled display, never puts its edges off the
    screen. Its frame (title bar, borders) counts where the window system has one."""
    from PySide6.QtGui import QGuiApplication

    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    room = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_width = max(0, frame.width() - window.width())
    extra_height = max(0, frame.height() - window.height())
    width = max(window.minimumWidth(), min(window.width(), room.width() - extra_width))
    height = max(window.minimumHeight(), min(window.height(), room.height() - extra_height))
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(frame.x(), room.x()), room.x() + room.width() - width - extra_width)
    y = min(max(frame.y(), room.y()), room.y() + room.height() - height - extra_height)
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, room.x()), max(y, room.y()))


def scrolling(page: QWidget) -> QWidget:
    """``page`` in a frameless scroll area that scrolls up and down only where the
    window is too short for it (a dialog on a 1024x600 screen keeps its buttons)."""
    from PySide6.QtWidgets import QFrame, QScrollArea

    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area
