"""The goals as progress bars: how far along each one's status puts it (not started,
in progress or carried forward halfway, achieved full; dropped as an empty dashed
track), its status and target date in words beside the bar, overdue ones marked.
A click on a goal opens it; anywhere else, the Goals."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from app.domain.bidi import isolate
from app.domain.enums import GoalStatus
from app.domain.glance import GoalBar
from app.domain.record_kind import RecordKind
from app.ui.common import format_date
from app.ui.glance.card import GlanceCard, plural, short_date
from app.ui.glance.geometry import GoalRow, goal_order, goal_rows

SHOWN = 6  # goals drawn; the rest are counted in a line below
BAR = 10  # the bar's thickness


def goals_words(goals: tuple[GoalBar, ...]) -> str:
    if not goals:
        return "No goals yet."
    counts: dict[GoalStatus, int] = {}
    for goal in goals:
        counts[goal.status] = counts.get(goal.status, 0) + 1
    said = [
        f"{plural(len(goals), 'goal')}: "
        + ", ".join(f"{n} {s.label.lower()}" for s, n in counts.items())
        + "."
    ]
    overdue = [g for g in goal_order(goals) if g.overdue]
    if overdue:
        said.append(
            "Past their target date: "
            + "; ".join(f"{isolate(g.title)} (target {format_date(g.target)})" for g in overdue[:3])
            + (f"; and {len(overdue) - 3} more." if len(overdue) > 3 else ".")
        )
    return " ".join(said) + " Enter opens the goals."


def status_words(goal: GoalBar) -> str:
    target = f", target {short_date(goal.target)} {goal.target.year}" if goal.target else ""
    return ("⚠ overdue · " if goal.overdue else "") + goal.status.label + target


class GoalsView(GlanceCard):
    title = "Goals"
    kind = RecordKind.GOAL

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: tuple[GoalRow, ...] = ()

    def stacked(self, width: int) -> bool:
        """Whether each goal's status goes on a line of its own under its title: when
        some title and its status do not fit side by side in ``width``."""
        metrics = QFontMetrics(self.small_font())
        goals = goal_order(self.glance.goals if self.glance else ())[:SHOWN]
        return any(
            metrics.horizontalAdvance(g.title) + metrics.horizontalAdvance(status_words(g)) + 12
            > width
            for g in goals
        )

    def row_height(self, width: int | None = None) -> int:
        lines = 2 if self.stacked(self.picture_area().width() if width is None else width) else 1
        return QFontMetrics(self.small_font()).height() * lines + BAR + 10

    def shown_count(self) -> int:
        goals = self.glance.goals if self.glance else ()
        return min(len(goals), SHOWN)

    def picture_height(self, width: int) -> int:
        line = QFontMetrics(self.small_font()).height()
        goals = self.glance.goals if self.glance else ()
        more = line if len(goals) > SHOWN or not goals else 0
        return self.shown_count() * self.row_height(width) + more

    def relayout(self, area: QRect) -> None:
        if self.glance is None:
            return
        self.rows = goal_rows(
            self.glance.goals, area.top(), self.row_height(), self.bar_width(area), SHOWN
        )

    def bar_width(self, area: QRect) -> float:
        return float(area.width())

    def words(self) -> str:
        return goals_words(self.glance.goals if self.glance else ())

    def record_at(self, point: QPoint) -> int:
        height = self.row_height()
        for row in self.rows:
            if row.top <= point.y() < row.top + height:
                return row.goal.record_id
        return -1

    def paint_picture(self, painter: QPainter, area: QRect) -> None:
        metrics = QFontMetrics(painter.font())
        line = metrics.height()
        text = self.colour(QPalette.ColorRole.Text)
        muted = self.colour(QPalette.ColorRole.PlaceholderText)
        accent = self.colour(QPalette.ColorRole.Highlight)
        good = self.tone("good")
        bad = self.tone("bad")
        track = self.colour(QPalette.ColorRole.AlternateBase)
        edge = self.colour(QPalette.ColorRole.Mid)
        stacked = self.stacked(area.width())
        for row in self.rows:
            goal = row.goal
            status = status_words(goal)
            status_width = metrics.horizontalAdvance(status)
            room = area.width() if stacked else max(0, area.width() - status_width - 12)
            title = metrics.elidedText(goal.title, Qt.TextElideMode.ElideRight, room)
            baseline = row.top + metrics.ascent()
            painter.setPen(text)
            painter.drawText(QPointF(area.left(), baseline), title)
            painter.setPen(bad if goal.overdue else muted)
            if stacked:
                status = metrics.elidedText(status, Qt.TextElideMode.ElideRight, area.width())
                painter.drawText(QPointF(area.left(), baseline + line), status)
            else:
                painter.drawText(QPointF(area.right() - status_width, baseline), status)
            bar_top = row.top + line * (2 if stacked else 1) + 3
            bar = QRectF(area.left(), bar_top, area.width(), BAR)
            if goal.status is GoalStatus.DROPPED:
                painter.setPen(QPen(muted, 1, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(bar, 3, 3)
                continue
            painter.setPen(QPen(bad, 2) if goal.overdue else QPen(edge, 1))
            painter.setBrush(track)
            painter.drawRoundedRect(bar, 3, 3)
            if row.fill > 0:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(good if goal.status is GoalStatus.ACHIEVED else accent)
                painter.drawRoundedRect(QRectF(bar.left(), bar.top(), row.fill, BAR), 3, 3)
        goals = self.glance.goals if self.glance else ()
        bottom = area.top() + len(self.rows) * self.row_height()
        painter.setPen(muted)
        if not goals:
            painter.drawText(QPointF(area.left(), bottom + metrics.ascent()), "No goals yet.")
        elif len(goals) > SHOWN:
            painter.drawText(
                QPointF(area.left(), bottom + metrics.ascent()),
                f"and {len(goals) - SHOWN} more: open Goals to see them all",
            )
