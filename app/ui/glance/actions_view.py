"""Actions per month over the last 12 months: how many were agreed (outlined bars) and
how many closed (filled bars), how many are open now, and the overdue ones called out
by name. A click on an overdue action opens it; anywhere else, the Actions."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from app.domain.bidi import isolate
from app.domain.glance import ActionsByMonth, Glance
from app.domain.record_kind import RecordKind
from app.ui.common import format_date
from app.ui.glance.card import GlanceCard, plural, short_date
from app.ui.glance.geometry import MONTHS, ActionsGeometry, actions_geometry

CHART = 72  # the bars' tallest height
CALLED_OUT = 3  # overdue actions named; the rest are counted


def actions_words(actions: ActionsByMonth | None) -> str:
    if actions is None:
        return "No actions yet."
    opened = sum(m.opened for m in actions.months)
    closed = sum(m.closed for m in actions.months)
    said = [
        f"In the last 12 months {plural(opened, 'action')} agreed and {closed} closed;"
        f" {actions.open_now} open now."
    ]
    if actions.overdue:
        named = [
            f"{isolate(a.description)} (due {format_date(a.due)})" for a in actions.overdue[:3]
        ]
        more = len(actions.overdue) - len(named)
        said.append(
            f"{len(actions.overdue)} overdue: "
            + "; ".join(named)
            + (f"; and {more} more." if more else ".")
        )
    busiest = [m for m in actions.months if m.opened or m.closed]
    if busiest:
        said.append(
            "By month: "
            + ", ".join(
                f"{MONTHS[m.month.month - 1]} {m.opened} agreed {m.closed} closed" for m in busiest
            )
            + "."
        )
    return " ".join(said) + " Enter opens the actions."


class ActionsView(GlanceCard):
    title = "Actions"
    kind = RecordKind.ACTION

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.geometry_: ActionsGeometry | None = None
        self.overdue_top = 0.0

    def line(self) -> int:
        return QFontMetrics(self.small_font()).height()

    def called_out(self) -> int:
        actions = self.glance.actions if self.glance else None
        overdue = len(actions.overdue) if actions else 0
        return min(overdue, CALLED_OUT) + (1 if overdue > CALLED_OUT else 0)

    def picture_height(self, width: int) -> int:
        return self.line() * (2 + self.called_out()) + CHART + 14

    def axis_width(self) -> int:
        return QFontMetrics(self.small_font()).horizontalAdvance("000") + 6

    def relayout(self, area: QRect) -> None:
        actions = self.glance.actions if self.glance else None
        if actions is None:
            self.geometry_ = None
            return
        line = self.line()
        baseline = area.top() + line + 6 + CHART
        self.geometry_ = actions_geometry(
            actions, area.left() + self.axis_width(), area.right(), baseline, CHART
        )
        self.overdue_top = baseline + line + 6

    def words(self) -> str:
        return actions_words(self.glance.actions if self.glance else None)

    def record_at(self, point: QPoint) -> int:
        actions = self.glance.actions if self.glance else None
        if actions is None or point.y() < self.overdue_top:
            return -1
        row = int((point.y() - self.overdue_top) // self.line())
        if 0 <= row < min(len(actions.overdue), CALLED_OUT):
            return actions.overdue[row].record_id
        return -1

    def paint_picture(self, painter: QPainter, area: QRect) -> None:
        actions = self.glance.actions if self.glance else None
        metrics = QFontMetrics(painter.font())
        text = self.colour(QPalette.ColorRole.Text)
        muted = self.colour(QPalette.ColorRole.PlaceholderText)
        if actions is None or self.geometry_ is None:
            painter.setPen(muted)
            painter.drawText(QPointF(area.left(), area.top() + metrics.ascent()), "No actions yet.")
            return
        geo = self.geometry_
        accent = self.colour(QPalette.ColorRole.Highlight)
        good = self.tone("good")
        bad = self.tone("bad")
        opened_fill = QColor(accent)
        opened_fill.setAlpha(50)
        self._paint_legend(painter, area, metrics, accent, opened_fill, good, text, actions)

        # Gridlines at the maximum and half of it, labelled on the left.
        left = area.left() + self.axis_width()
        for share in (1.0, 0.5):
            y = geo.baseline - share * CHART
            value = geo.axis_max * share
            if value != int(value):
                continue
            painter.setPen(QPen(self.colour(QPalette.ColorRole.Midlight), 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(left, y), QPointF(area.right(), y))
            painter.setPen(muted)
            label = str(int(value))
            painter.drawText(
                QPointF(left - 4 - metrics.horizontalAdvance(label), y + metrics.ascent() / 2),
                label,
            )
        painter.setPen(QPen(muted, 1))
        painter.drawLine(QPointF(left, geo.baseline), QPointF(area.right(), geo.baseline))

        last_right = float("-inf")
        for column in geo.columns:
            opened = QRectF(
                column.left,
                geo.baseline - column.opened_height,
                column.bar_width,
                column.opened_height,
            )
            closed = QRectF(
                column.left + column.bar_width,
                geo.baseline - column.closed_height,
                column.bar_width,
                column.closed_height,
            )
            if column.opened:
                painter.setPen(QPen(accent, 1.5))
                painter.setBrush(opened_fill)
                painter.drawRect(opened)
            if column.closed:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(good)
                painter.drawRect(closed)
            width = metrics.horizontalAdvance(column.label)
            centre = column.left + column.bar_width
            label_left = centre - width / 2
            if label_left > last_right + 3 and label_left + width <= area.right() + 1:
                painter.setPen(text)
                painter.drawText(
                    QPointF(label_left, geo.baseline + 3 + metrics.ascent()), column.label
                )
                last_right = label_left + width

        y = self.overdue_top
        painter.setPen(bad)
        for action in actions.overdue[:CALLED_OUT]:
            due = f" (due {short_date(action.due)})"
            room = area.width() - metrics.horizontalAdvance(due) - metrics.horizontalAdvance("⚠ ")
            words = metrics.elidedText(action.description, Qt.TextElideMode.ElideRight, room)
            painter.drawText(QPointF(area.left(), y + metrics.ascent()), f"⚠ {words}{due}")
            y += metrics.height()
        if len(actions.overdue) > CALLED_OUT:
            more = len(actions.overdue) - CALLED_OUT
            painter.drawText(QPointF(area.left(), y + metrics.ascent()), f"and {more} more overdue")

    def _paint_legend(
        self,
        painter: QPainter,
        area: QRect,
        metrics: QFontMetrics,
        accent: QColor,
        opened_fill: QColor,
        good: QColor,
        text: QColor,
        actions: ActionsByMonth,
    ) -> None:
        x = float(area.left())
        swatch = metrics.height() - 5
        centre = area.top() + metrics.height() / 2
        y = area.top() + metrics.ascent()
        painter.setPen(QPen(accent, 1.5))
        painter.setBrush(opened_fill)
        painter.drawRect(QRectF(x, centre - swatch / 2, swatch, swatch))
        x += swatch + 4
        painter.setPen(text)
        painter.drawText(QPointF(x, y), "agreed")
        x += metrics.horizontalAdvance("agreed") + 12
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(good)
        painter.drawRect(QRectF(x, centre - swatch / 2, swatch, swatch))
        x += swatch + 4
        painter.setPen(text)
        painter.drawText(QPointF(x, y), "closed")
        summary = f"{actions.open_now} open, {len(actions.overdue)} overdue"
        width = metrics.horizontalAdvance(summary)
        x += metrics.horizontalAdvance("closed") + 12
        if x + width <= area.right() + 1:
            painter.setPen(self.tone("bad") if actions.overdue else text)
            painter.drawText(QPointF(area.right() - width, y), summary)

    def prepare(self, glance: Glance) -> None:
        """Nothing to fold: a year of months is twelve columns."""
