"""One picture card on the Overview: a framed, titled, focusable surface that opens the
records behind it on a click, Enter or Space, and that a screen reader reads as text
(its accessible name is the title, its description says what the picture shows)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.glance import Glance
from app.domain.record_kind import RecordKind
from app.ui.look import is_dark, tone_colours

PADDING = 10
SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(day: date) -> str:
    """ "3 Mar" for a label in a picture (the full date is in the words)."""
    return f"{day.day} {SHORT_MONTHS[day.month - 1]}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class GlanceCard(QWidget):
    """Subclasses set ``title`` and ``kind``, and implement prepare, words, relayout,
    paint_picture and (optionally) record_at."""

    #: Open the records behind the card: (kind, record id, or -1 for the whole section).
    opened = Signal(object, int)

    title = ""
    kind: RecordKind

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.glance: Glance | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)  # the timeline's legend wraps when narrow
        self.setSizePolicy(policy)
        self.setMinimumWidth(220)
        self.setAccessibleName(self.title)
        self.setToolTip(f"{self.title}: click or press Enter to open the records")

    # ---- what subclasses provide

    def prepare(self, glance: Glance) -> None:
        """Fold the Glance into what the picture needs, once per Glance."""

    def words(self) -> str:
        """What the picture shows, as sentences for a screen reader."""
        raise NotImplementedError

    def picture_height(self, width: int) -> int:
        """The picture's height below the title at ``width``, from the font in use."""
        raise NotImplementedError

    def relayout(self, area: QRect) -> None:
        """Place things in ``area`` (the card's inside, below the title)."""

    def paint_picture(self, painter: QPainter, area: QRect) -> None:
        raise NotImplementedError

    def record_at(self, point: QPoint) -> int:
        """The record under ``point`` (a mouse click), or -1 for the whole section."""
        return -1

    def chosen_record(self) -> int:
        """The record Enter opens (one chosen with the arrow keys), or -1."""
        return -1

    # ---- the card

    def set_glance(self, glance: Glance) -> None:
        self.glance = glance
        self.prepare(glance)
        self.updateGeometry()
        self.relayout(self.picture_area())
        self.setAccessibleDescription(self.words())
        self.update()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt)
        inside = max(1, width - PADDING * 2)
        return self.title_height() + self.picture_height(inside) + PADDING * 2

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt)
        width = max(self.width(), self.minimumWidth())
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt)
        return QSize(self.minimumWidth(), self.heightForWidth(self.minimumWidth()))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.glance is not None:
            self.updateGeometry()  # a larger text size makes every picture taller
            self.relayout(self.picture_area())
            self.update()

    def title_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def small_font(self) -> QFont:
        font = QFont(self.font())
        size = font.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * 0.9)
        return font

    def title_height(self) -> int:
        return QFontMetrics(self.title_font()).height() + 6

    def picture_area(self) -> QRect:
        inside = self.rect().adjusted(PADDING, PADDING, -PADDING, -PADDING)
        return inside.adjusted(0, self.title_height(), 0, 0)

    def colour(self, role: QPalette.ColorRole) -> QColor:
        return self.palette().color(role)

    def tone(self, name: str, behind: bool = False) -> QColor:
        """A tone's text colour, or (``behind``) its background, for this card's look."""
        text, back = tone_colours(name, is_dark(self.palette()))
        return (back or text) if behind else text

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        if self.glance is not None:
            self.relayout(self.picture_area())
            if event.size().width() != event.oldSize().width():
                self.updateGeometry()  # the height follows the width

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        painter.setBrush(self.colour(QPalette.ColorRole.Base))
        if self.hasFocus():
            painter.setPen(QPen(self.colour(QPalette.ColorRole.Highlight), 3))
        else:
            painter.setPen(QPen(self.colour(QPalette.ColorRole.Mid), 1))
        painter.drawRoundedRect(frame, 6, 6)
        painter.setFont(self.title_font())
        painter.setPen(self.colour(QPalette.ColorRole.Text))
        title = self.rect().adjusted(PADDING, PADDING, -PADDING, 0)
        title.setHeight(self.title_height())
        painter.drawText(title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self.title)
        if self.glance is not None:
            painter.setFont(self.small_font())
            self.paint_picture(painter, self.picture_area())
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.opened.emit(self.kind, self.record_at(event.position().toPoint()))
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.opened.emit(self.kind, self.chosen_record())
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt)
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt)
        super().focusOutEvent(event)
        self.update()
