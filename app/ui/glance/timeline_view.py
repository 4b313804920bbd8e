"""The year of meetings: every session held in the last 12 months as a mark (filled
when signed, hollow when not), the window in which the contract says the next meeting
is due as a band, gaps longer than agreed shaded, and today, the next meeting and the
review dates ahead. A click on a mark opens that session; anywhere else, the Sessions.
With the keyboard, the arrow keys pick a session and Enter opens it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from app.domain.glance import Glance, Timeline
from app.domain.record_kind import RecordKind
from app.ui.common import format_date
from app.ui.glance.card import GlanceCard, plural, short_date
from app.ui.glance.geometry import (
    DayOfSessions,
    Mark,
    TimelineGeometry,
    due_window,
    fold_sessions,
    timeline_geometry,
)
from app.ui.look import is_dark

LANE = 34  # the height of the strip the marks sit on
RADIUS = 5
REACH = 8  # how near a click must be to a mark to open that session


def weeks_and_days(days: int, short: bool = False) -> str:
    """ "6 weeks 3 days" (or "6 wk 3 d"): exact, since a gap of 6 weeks and 3 days is
    longer than "every 4 to 6 weeks" allows, and "6 weeks" would say it was not."""
    weeks, rest = divmod(days, 7)
    if short:
        return f"{weeks} wk {rest} d" if rest else f"{weeks} wk"
    said = plural(weeks, "week") if weeks else ""
    if rest:
        said = f"{said} {plural(rest, 'day')}".strip()
    return said


def timeline_words(timeline: Timeline) -> str:
    sessions = timeline.sessions
    signed = sum(1 for s in sessions if s.signed)
    if sessions:
        said = [
            f"{plural(len(sessions), 'session')} in the last 12 months,"
            f" {signed} of them signed; the last on {format_date(sessions[-1].held_on)}."
        ]
    else:
        said = ["No sessions in the last 12 months."]
    window = due_window(timeline)
    if timeline.agreed is None:
        said.append("The contract does not say how often you meet in a way the app can read.")
    else:
        said.append(f"The contract agrees to meet {timeline.agreed.phrase}.")
        if window is not None:
            said.append(
                f"The next meeting is due between {format_date(window[0])}"
                f" and {format_date(window[1])}."
            )
    if timeline.gaps:
        listed = [
            f"{weeks_and_days(g.days)} {'since' if g.open else 'from'} {format_date(g.start)}"
            + (" (still open)" if g.open else "")
            for g in timeline.gaps[:3]
        ]
        more = len(timeline.gaps) - len(listed)
        said.append(
            f"{plural(len(timeline.gaps), 'gap')} longer than agreed: "
            + "; ".join(listed)
            + (f"; and {more} more." if more else ".")
        )
    if timeline.next_meeting is not None:
        said.append(f"Next meeting booked for {format_date(timeline.next_meeting)}.")
    else:
        said.append("No next meeting booked.")
    said += [f"{timeline.date_name(d)} due {format_date(d)}." for d in timeline.review_dates]
    return " ".join(said)


class TimelineView(GlanceCard):
    title = "Meetings in the last 12 months"
    kind = RecordKind.SESSION

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folded: tuple[DayOfSessions, ...] = ()
        self.geometry_: TimelineGeometry | None = None
        self.chosen: int | None = None  # index into the geometry's marks
        # The marks drawn once per Glance, width and palette, and copied on each paint.
        self.marks_layer: QPixmap | None = None
        self.setMinimumWidth(420)

    # ---- model

    def prepare(self, glance: Glance) -> None:
        self.folded = fold_sessions(glance.timeline)
        self.chosen = None

    def legend(self) -> list[tuple[str, str]]:
        """(swatch, words) of each legend item; swatch is "signed", "unsigned", "band",
        "gap", or "" for words alone."""
        timeline = self.glance.timeline if self.glance else None
        items = [("signed", "signed"), ("unsigned", "not signed")]
        if timeline is not None and timeline.agreed is not None:
            items += [
                ("band", f"next one due (agreed: {timeline.agreed.phrase})"),
                ("gap", "longer than agreed"),
            ]
        else:
            items.append(("", "No agreed frequency in the contract: add one to see long gaps"))
        return items

    def legend_rows(self, width: int) -> list[list[tuple[float, str, str]]]:
        """The legend laid out in rows no wider than ``width``: (x offset, swatch,
        words) of each item; an item starts a new row where it would not fit."""
        metrics = QFontMetrics(self.small_font())
        rows: list[list[tuple[float, str, str]]] = [[]]
        x = 0.0
        for kind, words in self.legend():
            wide = self.swatch_width(kind, metrics) + metrics.horizontalAdvance(words)
            if rows[-1] and x + wide > width:
                rows.append([])
                x = 0.0
            rows[-1].append((x, kind, words))
            x += wide + 14
        return rows

    @staticmethod
    def swatch_width(kind: str, metrics: QFontMetrics) -> float:
        """The room a legend item's swatch takes, with the space after it."""
        if kind in ("signed", "unsigned"):
            return RADIUS * 2 + 4
        return (metrics.height() - 4) * 1.6 + 4 if kind else 0

    def picture_height(self, width: int) -> int:
        line = QFontMetrics(self.small_font()).height()
        return line * (len(self.legend_rows(width)) + 2) + LANE + 14

    def lane_top(self, area: QRect) -> int:
        line = QFontMetrics(self.small_font()).height()
        return area.top() + line * (len(self.legend_rows(area.width())) + 1) + 8

    def relayout(self, area: QRect) -> None:
        if self.glance is None:
            return
        inset = RADIUS + 2
        self.geometry_ = timeline_geometry(
            self.glance.timeline, self.folded, area.left() + inset, area.right() - inset
        )
        self.marks_layer = None

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.marks_layer = None  # light and dark draw the marks differently
        super().changeEvent(event)

    def draw_marks(self, geo: TimelineGeometry) -> QPixmap:
        """Every mark on a transparent strip as wide as the card and a lane high."""
        ratio = self.devicePixelRatioF()
        layer = QPixmap(round(self.width() * ratio), round(LANE * ratio))
        layer.setDevicePixelRatio(ratio)
        layer.fill(QColor(0, 0, 0, 0))  # see-through: the lane shows between marks
        painter = QPainter(layer)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = self.colour(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(accent, 2))
        for signed in (False, True):
            painter.setBrush(accent if signed else self.colour(QPalette.ColorRole.Base))
            for mark in geo.marks:
                if mark.signed is signed:
                    painter.drawEllipse(QPointF(mark.x, LANE / 2), RADIUS, RADIUS)
        painter.end()
        return layer

    def words(self) -> str:
        assert self.glance is not None
        said = timeline_words(self.glance.timeline)
        mark = self.chosen_mark()
        if mark is not None:
            state = "signed" if mark.signed else "not signed"
            many = f", {mark.count} sessions that day" if mark.count > 1 else ""
            said += f" Chosen: the session of {format_date(mark.day)}, {state}{many}."
        return said + " Enter opens the sessions; the arrow keys pick one."

    def reviews_shown(self) -> tuple[date, ...]:
        """The review dates the geometry placed (those on or after the first day)."""
        timeline = self.glance.timeline if self.glance else None
        return tuple(d for d in timeline.review_dates if timeline.start <= d) if timeline else ()

    def chosen_mark(self) -> Mark | None:
        if self.geometry_ is None or self.chosen is None:
            return None
        return self.geometry_.marks[self.chosen]

    def record_at(self, point: QPoint) -> int:
        if self.geometry_ is None:
            return -1
        area = self.picture_area()
        top = self.lane_top(area)
        if not top - REACH <= point.y() <= top + LANE + REACH:
            return -1
        mark = self.geometry_.mark_near(point.x(), REACH)
        return -1 if mark is None else mark.record_id

    def chosen_record(self) -> int:
        mark = self.chosen_mark()
        return -1 if mark is None else mark.record_id

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        marks = self.geometry_.marks if self.geometry_ else ()
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if marks and (step or event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End)):
            if event.key() == Qt.Key.Key_Home:
                self.chosen = 0
            elif event.key() == Qt.Key.Key_End or self.chosen is None:
                self.chosen = len(marks) - 1
            else:
                self.chosen = min(max(self.chosen + (step or 0), 0), len(marks) - 1)
            self.setAccessibleDescription(self.words())
            self.update()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.chosen is not None:
            self.chosen = None
            self.setAccessibleDescription(self.words())
            self.update()
            event.accept()
            return
        super().keyPressEvent(event)

    # ---- painting

    def paint_picture(self, painter: QPainter, area: QRect) -> None:
        geo = self.geometry_
        if geo is None or self.glance is None:
            return
        metrics = QFontMetrics(painter.font())
        line = metrics.height()
        text = self.colour(QPalette.ColorRole.Text)
        muted = self.colour(QPalette.ColorRole.PlaceholderText)
        accent = self.colour(QPalette.ColorRole.Highlight)
        gap_fill = self.tone("warning", behind=True)
        gap_text = self.tone("warning")
        band_fill = QColor(accent)
        band_fill.setAlpha(110 if is_dark(self.palette()) else 60)  # as visible on dark
        top = self.lane_top(area)
        lane = QRectF(geo.scale.left, top, geo.scale.right - geo.scale.left, LANE)
        middle = lane.center().y()

        self._paint_legend(painter, area, metrics, accent, band_fill, gap_fill, text)

        # The lane, the band in which the next meeting is due, and the long gaps.
        painter.setPen(QPen(self.colour(QPalette.ColorRole.Mid), 1))
        painter.setBrush(self.colour(QPalette.ColorRole.AlternateBase))
        painter.drawRect(lane)
        if geo.band is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(band_fill)
            painter.drawRect(
                QRectF(geo.band.left, lane.top(), geo.band.right - geo.band.left, LANE)
            )
        for gap in geo.gaps:
            span = QRectF(gap.left, lane.top() + 1, max(2.0, gap.right - gap.left), LANE - 2)
            painter.setPen(QPen(gap_text, 1, Qt.PenStyle.DashLine))
            painter.setBrush(gap_fill)
            painter.drawRect(span)
            words = next(
                (
                    w
                    for w in (weeks_and_days(gap.gap.days), weeks_and_days(gap.gap.days, True))
                    if metrics.horizontalAdvance(w) + 2 * (RADIUS + 4) < span.width()
                ),
                "",
            )
            if words:
                painter.setPen(gap_text)
                painter.drawText(
                    span.adjusted(3, 1, -3, 0),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    words,
                )

        # Month ticks and their names below the lane.
        painter.setPen(QPen(muted, 1))
        names_top = lane.bottom() + 4
        last_right = float("-inf")
        for tick in geo.ticks:
            painter.drawLine(QPointF(tick.x, lane.bottom()), QPointF(tick.x, lane.bottom() + 4))
            width = metrics.horizontalAdvance(tick.label)
            left = tick.x - width / 2
            if left < area.left() or left + width > area.right() + 1 or left < last_right + 4:
                continue
            painter.setPen(text)
            painter.drawText(QPointF(left, names_top + metrics.ascent()), tick.label)
            painter.setPen(QPen(muted, 1))
            last_right = left + width

        # Today, the next meeting and reviews: lines across the lane, labelled above it.
        labels: list[tuple[float, str, QColor]] = [(geo.today_x, "Today", text)]
        painter.setPen(QPen(text, 1.5, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(geo.today_x, lane.top() - 3), QPointF(geo.today_x, lane.bottom()))
        due = self.tone("due")
        for x in geo.review_xs:
            painter.setPen(QPen(due, 2))
            painter.drawLine(QPointF(x, lane.top() - 3), QPointF(x, lane.bottom()))
        for x, day in zip(geo.review_xs, self.reviews_shown(), strict=True):
            labels.append((x, f"{self.glance.timeline.date_name(day)} {short_date(day)}", due))
        if geo.next_meeting_x is not None and self.glance.timeline.next_meeting is not None:
            x = geo.next_meeting_x
            painter.setPen(QPen(accent, 2))
            painter.setBrush(accent)
            diamond = [
                QPointF(x, middle - 7),
                QPointF(x + 7, middle),
                QPointF(x, middle + 7),
                QPointF(x - 7, middle),
            ]
            painter.drawPolygon(diamond)
            labels.append((x, "Next " + short_date(self.glance.timeline.next_meeting), accent))
        self._paint_labels(painter, area, labels, lane.top() - 4 - line, metrics)

        # The sessions.
        chosen = self.chosen_mark()
        if self.marks_layer is None:
            self.marks_layer = self.draw_marks(geo)
        painter.drawPixmap(QPointF(0, lane.top()), self.marks_layer)
        if chosen is not None:
            painter.setPen(QPen(text, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(chosen.x, middle), RADIUS + 4, RADIUS + 4)
        if not geo.marks:
            painter.setPen(muted)
            painter.drawText(lane, Qt.AlignmentFlag.AlignCenter, "No sessions held in this year")

    def _paint_legend(
        self,
        painter: QPainter,
        area: QRect,
        metrics: QFontMetrics,
        accent: QColor,
        band_fill: QColor,
        gap_fill: QColor,
        text: QColor,
    ) -> None:
        line = metrics.height()
        side = line - 4
        base = self.colour(QPalette.ColorRole.Base)
        for row, items in enumerate(self.legend_rows(area.width())):
            top = area.top() + row * line
            centre = top + line / 2
            for offset, kind, words in items:
                x = area.left() + offset
                box = QRectF(x, centre - side / 2, side * 1.6, side)
                if kind in ("signed", "unsigned"):
                    painter.setPen(QPen(accent, 2))
                    painter.setBrush(accent if kind == "signed" else base)
                    painter.drawEllipse(QPointF(x + RADIUS, centre), RADIUS - 1, RADIUS - 1)
                elif kind == "band":
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(band_fill)
                    painter.drawRect(box)
                elif kind == "gap":
                    painter.setPen(QPen(self.tone("warning"), 1, Qt.PenStyle.DashLine))
                    painter.setBrush(gap_fill)
                    painter.drawRect(box)
                x += self.swatch_width(kind, metrics)
                painter.setPen(text if kind else self.colour(QPalette.ColorRole.PlaceholderText))
                painter.drawText(QPointF(x, top + metrics.ascent()), words)

    def _paint_labels(
        self,
        painter: QPainter,
        area: QRect,
        labels: list[tuple[float, str, QColor]],
        top: float,
        metrics: QFontMetrics,
    ) -> None:
        """Words centred over their lines, pushed apart so they never overlap and kept
        inside the card."""
        placed: list[tuple[float, float, str, QColor]] = []
        for x, words, colour in sorted(labels, key=lambda label: label[0]):
            width = float(metrics.horizontalAdvance(words))
            left = max(x - width / 2, float(area.left()))
            if placed:
                left = max(left, placed[-1][0] + placed[-1][1] + 8)
            placed.append((left, width, words, colour))
        overflow = placed[-1][0] + placed[-1][1] - area.right() if placed else 0
        if overflow > 0:  # push back from the right edge, one label after another
            limit = float(area.right())
            for i in range(len(placed) - 1, -1, -1):
                at, width, words, colour = placed[i]
                at = min(at, limit - width)
                placed[i] = (at, width, words, colour)
                limit = at - 8
        for (x, _words, _colour), (left, width, words, colour) in zip(
            sorted(labels, key=lambda label: label[0]), placed, strict=True
        ):
            left = max(left, float(area.left()))
            painter.setPen(colour)
            painter.drawText(QPointF(left, top + metrics.ascent()), words)
            if abs(left + width / 2 - x) > width / 2:  # pushed off its line: a leader to it
                painter.setPen(QPen(colour, 1, Qt.PenStyle.DotLine))
                end = min(max(x, left), left + width)
                painter.drawLine(
                    QPointF(end, top + metrics.height()), QPointF(x, top + metrics.height() + 4)
                )
