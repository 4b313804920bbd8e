"""The relationship at a glance, drawn for print: the pack's cover and the relationship
summary show a Glance (app/domain/glance.py) as three vector charts (ReportLab
graphics, never bitmaps): meetings over the last 12 months against the agreed
interval, goals as bars by status, and actions opened and closed per month.

Print-safe: every distinction also holds in black and white. Signed sessions are
filled circles and unsigned ones open squares; long gaps are hatched; goal statuses
differ by fill pattern and bar length; opened and closed actions are solid and hatched
bars. Each chart carries its legend (with counts) and a sentence or two under it that
says what it shows, so the pack reads without the picture and its text can be copied.

Each ``*_plot`` function works out where things go (plain numbers, tested); the
``*_drawing`` functions draw a plot. User text (goal titles, action descriptions)
reaches the page only through app/printing/escaping.py and scripts.py (bidi, fallback
fonts, shaping); the charts' own words are the app's."""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, Shape, String
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from app.domain.enums import GoalStatus
from app.domain.frequency import Frequency
from app.domain.glance import ActionsByMonth, Glance, GoalBar, Timeline
from app.printing.blocks import heading
from app.printing.escaping import one_line
from app.printing.fonts import BOLD, REGULAR
from app.printing.scripts import draw_line, measure
from app.printing.styles import ACCENT, INK, MUTED, RULE, STYLES
from app.printing.text import GlyphReport, TextBlock, plain

# Print-safe colours: each also differs in shape, pattern or weight from its neighbours.
BAND = colors.HexColor("#C9DCEC")  # the agreed interval (light: reads as pale grey)
GAP = colors.HexColor("#B03A2E")  # a gap longer than agreed (hatched, never a flat fill)
GAP_TINT = colors.HexColor("#F8E3E0")
AHEAD = colors.HexColor("#F2F4F6")  # the months ahead of today
WHITE = colors.white

LABEL_SIZE = 7.0
LEGEND_SIZE = 7.5
MAX_GOALS = 15  # rows in the goals chart; the rest are counted under it
MAX_OVERDUE = 5  # overdue actions named under the actions chart
NAMED_GAPS = 3  # gaps named in the sentences under the timeline


# ---------------------------------------------------------------- shared pieces


def day_text(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def weeks_text(days: int) -> str:
    weeks = days / 7
    return f"{round(weeks)} weeks" if weeks >= 2 else f"{days} days"


def frequency_text(agreed: Frequency) -> str:
    """ "every 4 to 6 weeks", "every month": as the app writes it everywhere."""
    return agreed.phrase


def hatch(
    x0: float, y0: float, x1: float, y1: float, spacing: float, color: Color, width: float = 0.6
) -> list[Line]:
    """Diagonal lines (/ at 45 degrees) filling the rectangle, clipped to it."""
    out: list[Line] = []
    if x1 - x0 <= 0 or y1 - y0 <= 0:
        return out
    # Lines x - y = c, for c from x0 - y1 to x1 - y0.
    c = x0 - y1 + spacing / 2
    while c < x1 - y0:
        # Enter at the lower edge or the left edge, leave at the top or the right.
        start_x = max(x0, c + y0)
        start_y = start_x - c
        end_x = min(x1, c + y1)
        end_y = end_x - c
        if end_x > start_x:
            out.append(Line(start_x, start_y, end_x, end_y, strokeColor=color, strokeWidth=width))
        c += spacing
    return out


def crosshatch(
    x0: float, y0: float, x1: float, y1: float, spacing: float, color: Color, width: float = 0.5
) -> list[Line]:
    """Both diagonals: hatch and its mirror image."""
    lines = hatch(x0, y0, x1, y1, spacing, color, width)
    for line in hatch(x0, y0, x1, y1, spacing, color, width):
        # Mirror about the rectangle's vertical centre line.
        line.x1, line.x2 = x0 + x1 - line.x1, x0 + x1 - line.x2
        lines.append(line)
    return lines


def box(x: float, y: float, width: float, height: float, **style: Any) -> Rect:
    """A rectangle with its fill and stroke (set after: Rect's type stubs refuse them)."""
    rect = Rect(x, y, width, height)
    for name, value in style.items():
        setattr(rect, name, value)
    return rect


def signed_mark(x: float, y: float, r: float = 3.4) -> Circle:
    return Circle(x, y, r, fillColor=ACCENT, strokeColor=ACCENT, strokeWidth=0.8)


def unsigned_mark(x: float, y: float, r: float = 3.2) -> Rect:
    return box(x - r, y - r, 2 * r, 2 * r, fillColor=WHITE, strokeColor=INK, strokeWidth=1.1)


def diamond(x: float, y: float, r: float = 4.2) -> Polygon:
    return Polygon(
        [x, y + r, x + r, y, x, y - r, x - r, y],
        fillColor=WHITE,
        strokeColor=ACCENT,
        strokeWidth=1.4,
    )


def triangle(x: float, y: float, r: float = 3.8, fill: Color = INK) -> Polygon:
    """An upward triangle centred on (x, y)."""
    return Polygon(
        [x - r, y - r * 0.8, x + r, y - r * 0.8, x, y + r],
        fillColor=fill,
        strokeColor=INK,
        strokeWidth=0.6,
    )


def text(x: float, y: float, words: str, size: float = LABEL_SIZE, **style: Any) -> String:
    """The app's own words (never user text) as a String shape."""
    shape = String(x, y, words, fontName=style.pop("font", REGULAR), fontSize=size)
    for name, value in style.items():
        setattr(shape, name, value)
    return shape


@dataclass(frozen=True)
class LegendEntry:
    """One item of a legend: a swatch (drawn by ``kind``) and what it stands for."""

    kind: str  # signed, unsigned, band, gap, next, review, today, solid, hatch, ...
    label: str


def _swatch(kind: str, x: float, y: float) -> list[Shape]:
    """The legend's picture of ``kind``, 12 points wide, centred vertically on y."""
    if kind == "signed":
        return [signed_mark(x + 6, y, 3.0)]
    if kind == "unsigned":
        return [unsigned_mark(x + 6, y, 2.8)]
    if kind == "band":
        return [box(x, y - 4, 12, 8, fillColor=BAND, strokeColor=None)]
    if kind == "gap":
        return [
            box(x, y - 4, 12, 8, fillColor=GAP_TINT, strokeColor=None),
            *hatch(x, y - 4, x + 12, y + 4, 2.6, GAP, 0.7),
            Line(x, y - 4, x + 12, y - 4, strokeColor=GAP, strokeWidth=1.6),
        ]
    if kind == "next":
        return [diamond(x + 6, y, 3.6)]
    if kind == "review":
        return [triangle(x + 6, y, 3.4)]
    if kind == "today":
        return [Line(x + 6, y - 5, x + 6, y + 5, strokeColor=INK, strokeWidth=1.2)]
    if kind == "overdue":
        return [triangle(x + 6, y, 3.4, fill=GAP)]
    if kind.endswith("_bar"):
        return _bar_swatch(kind, x, y)
    if kind in GOAL_FILLS:
        return _goal_fill(kind, x, y - 4, 12, 8, 1.0)
    raise ValueError(kind)


def legend_rows(entries: Sequence[LegendEntry], width: float) -> list[list[LegendEntry]]:
    """Entries in rows no wider than ``width`` (each swatch 12 pt, 4 pt, its label)."""
    rows: list[list[LegendEntry]] = [[]]
    used = 0.0
    for entry in entries:
        need = _entry_width(entry)
        if rows[-1] and used + need > width:
            rows.append([])
            used = 0.0
        rows[-1].append(entry)
        used += need
    return [row for row in rows if row]


def _entry_width(entry: LegendEntry) -> float:
    return 12 + 4 + stringWidth(entry.label, REGULAR, LEGEND_SIZE) + 12


LEGEND_LEADING = 12.0


def draw_legend(
    drawing: Drawing, entries: Sequence[LegendEntry], x: float, top: float, width: float
) -> float:
    """Draw the legend's rows down from ``top``; returns the height used."""
    rows = legend_rows(entries, width)
    y = top - LEGEND_LEADING / 2
    for row in rows:
        left = x
        for entry in row:
            for shape in _swatch(entry.kind, left, y):
                drawing.add(shape)
            drawing.add(text(left + 16, y - 2.6, entry.label, LEGEND_SIZE, fillColor=INK))
            left += _entry_width(entry)
        y -= LEGEND_LEADING
    return len(rows) * LEGEND_LEADING


def legend_height(entries: Sequence[LegendEntry], width: float) -> float:
    return len(legend_rows(entries, width)) * LEGEND_LEADING


@dataclass(frozen=True)
class UserLabel:
    """A piece of user text to draw in a chart: one line, made printable, cut to fit."""

    x: float
    y: float  # baseline
    line: str
    font: str
    size: float
    width: float  # the room it has; a right-to-left line is drawn flush right in it


def fitted(text_: str, font: str, size: float, width: float) -> str:
    """User text as one printable line no wider than ``width`` (cut with "…")."""
    line = one_line(text_, 300)
    if measure(line, font, size) <= width:
        return line
    low, high = 0, len(line)
    while low < high:  # the longest start that fits with its ellipsis
        middle = (low + high + 1) // 2
        if measure(line[:middle].rstrip() + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return line[:low].rstrip() + "…"


class ChartDrawing(Drawing):
    """A Drawing that also draws lines of user text through the script-aware path
    (bidirectional order, fallback fonts, shaping, text a reader can copy)."""

    _attrMap = AttrMap(  # noqa: N815 (ReportLab's name)
        BASE=Drawing, user_labels=AttrMapValue(None, desc="user text lines")
    )

    def __init__(self, width: float, height: float) -> None:
        super().__init__(width, height)
        self.user_labels: list[UserLabel] = []
        # The font the renderer starts with: otherwise Helvetica, set (and listed in
        # the PDF, not embedded) even when no word is drawn in it.
        self.initialFontName = REGULAR

    def draw(self, showBoundary: object = None) -> None:  # noqa: N803 (ReportLab's name)
        super().draw()
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(INK)
        for label in self.user_labels:
            draw_line(canvas, label.x, label.y, label.line, label.font, label.size, label.width)
        canvas.restoreState()


class ChartBlock(Flowable):
    """A chart with the text under it, as one piece: never split across pages, so with
    its heading (app/printing/keeping.py ties a heading to what follows) it moves to the
    next page whole rather than leaving the heading behind."""

    def __init__(self, drawing: Drawing, notes: Sequence[Flowable]) -> None:
        super().__init__()
        self.drawing, self.notes = drawing, list(notes)
        self.width = self.height = 0.0
        self.spaceAfter = 6.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        height = float(self.drawing.height) + 3.0
        for note in self.notes:
            height += note.wrap(available_width, available_height)[1] + note.getSpaceAfter()
        self.width, self.height = available_width, height
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        y = self.height - float(self.drawing.height)
        self.drawing.drawOn(self.canv, 0, y)
        y -= 3.0
        for note in self.notes:
            _, height = note.wrap(self.width, self.height)
            y -= height
            note.drawOn(self.canv, 0, y)
            y -= note.getSpaceAfter()


def note(words: str, report: GlyphReport, *, bullet: str = "") -> TextBlock:
    """A sentence under a chart (it may hold user text: checked and made printable)."""
    report.check(words)
    block = TextBlock(words, STYLES["small"], bullet=bullet)
    block.spaceAfter = 1.5
    return block


# ---------------------------------------------------------------- the timeline


@dataclass(frozen=True)
class Scale:
    """Dates to x: ``start`` at ``left``, ``end`` at ``right``."""

    start: date
    end: date
    left: float
    right: float

    def x(self, day: date) -> float:
        span = max(1, (self.end - self.start).days)
        return self.left + (self.right - self.left) * (day - self.start).days / span


@dataclass(frozen=True)
class PlottedGap:
    """A gap longer than agreed: from one meeting (x0) to the next (x1, or today), and
    from where it went past the agreed interval (x_over): that part is hatched."""

    x0: float
    x_over: float
    x1: float
    days: int
    open: bool


@dataclass(frozen=True)
class TimelinePlot:
    width: float
    height: float
    scale: Scale
    lane_y: float  # the centre line the sessions sit on
    axis_y: float
    marks: tuple[tuple[float, bool], ...]  # (x, signed) per session, oldest first
    windows: tuple[tuple[float, float], ...]  # when each next meeting was due, as agreed
    gaps: tuple[PlottedGap, ...]
    today_x: float
    next_x: float | None
    review_xs: tuple[float, ...]
    ticks: tuple[tuple[float, str], ...]  # month starts and their labels ("" unlabelled)
    legend: tuple[LegendEntry, ...]
    legend_top: float


LANE_HALF = 9.0  # half the band's height about the sessions' line
PLOT_HEIGHT = 84.0  # from the axis to the top labels


def _months(start: date, end: date) -> list[date]:
    first = date(start.year, start.month, 1)
    if first < start:
        first = _next_month(first)
    out = []
    while first <= end:
        out.append(first)
        first = _next_month(first)
    return out


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def timeline_legend(timeline: Timeline) -> tuple[LegendEntry, ...]:
    signed = sum(mark.signed for mark in timeline.sessions)
    unsigned = len(timeline.sessions) - signed
    entries = [
        LegendEntry("signed", f"Signed session ({signed})"),
        LegendEntry("unsigned", f"Not yet signed ({unsigned})"),
    ]
    if timeline.agreed is not None:
        entries.append(
            LegendEntry("band", f"Next meeting due, as agreed: {frequency_text(timeline.agreed)}")
        )
        gaps = len(timeline.gaps)
        entries.append(
            LegendEntry("gap", f"Past the agreed interval ({gaps} gap{'s' if gaps != 1 else ''})")
        )
    entries.append(LegendEntry("today", "Today"))
    if timeline.next_meeting is not None:
        entries.append(LegendEntry("next", "Next meeting booked"))
    if timeline.review_dates:
        entries.append(LegendEntry("review", "Contract review or appraisal"))
    return tuple(entries)


def timeline_plot(timeline: Timeline, width: float) -> TimelinePlot:
    legend = timeline_legend(timeline)
    below = 22.0  # month labels under the axis
    legend_space = legend_height(legend, width) + 4
    height = legend_space + below + PLOT_HEIGHT
    axis_y = legend_space + below
    lane_y = axis_y + 32.0
    scale = Scale(timeline.start, max(timeline.end, timeline.today), 4.0, width - 4.0)
    marks = tuple((scale.x(s.held_on), s.signed) for s in timeline.sessions)
    windows: tuple[tuple[float, float], ...] = ()
    if timeline.agreed is not None:
        low = timedelta(days=timeline.agreed.shortest_days)
        high = timedelta(days=timeline.agreed.longest_days)
        last = scale.end
        windows = tuple(
            (scale.x(max(scale.start, s.held_on + low)), scale.x(min(last, s.held_on + high)))
            for s in timeline.sessions
            if s.held_on + low <= last
        )
    longest = timedelta(days=timeline.agreed.longest_days if timeline.agreed else 0)
    gaps = tuple(
        PlottedGap(
            scale.x(max(g.start, scale.start)),
            scale.x(min(max(g.start + longest, scale.start), g.end, scale.end)),
            scale.x(min(g.end, scale.end)),
            g.days,
            g.open,
        )
        for g in timeline.gaps
        if g.end >= scale.start
    )
    months = _months(scale.start, scale.end)
    step = 1 if len(months) <= 15 else 2
    ticks = tuple(
        (
            scale.x(m),
            (calendar.month_abbr[m.month] if index % step == 0 else ""),
        )
        for index, m in enumerate(months)
    )
    return TimelinePlot(
        width=width,
        height=height,
        scale=scale,
        lane_y=lane_y,
        axis_y=axis_y,
        marks=marks,
        windows=windows,
        gaps=gaps,
        today_x=scale.x(timeline.today),
        next_x=scale.x(timeline.next_meeting) if timeline.next_meeting else None,
        review_xs=tuple(scale.x(d) for d in timeline.review_dates),
        ticks=ticks,
        legend=legend,
        legend_top=legend_space,
    )


def timeline_drawing(timeline: Timeline, width: float) -> ChartDrawing:
    plot = timeline_plot(timeline, width)
    drawing = ChartDrawing(width, plot.height)
    scale, lane, axis = plot.scale, plot.lane_y, plot.axis_y
    top = axis + PLOT_HEIGHT
    # The months ahead of today, shaded.
    if plot.today_x < scale.right:
        drawing.add(
            box(
                plot.today_x,
                axis,
                scale.right - plot.today_x,
                PLOT_HEIGHT - 12,
                fillColor=AHEAD,
                strokeColor=None,
            )
        )
    # A faint line at each month's start.
    for x0, _ in plot.ticks:
        drawing.add(Line(x0, axis, x0, lane + LANE_HALF + 6, strokeColor=RULE, strokeWidth=0.3))
    # The agreed interval: after each meeting, when the next one was due.
    for x0, x1 in plot.windows:
        drawing.add(
            box(x0, lane - LANE_HALF, x1 - x0, 2 * LANE_HALF, fillColor=BAND, strokeColor=None)
        )
    # Gaps longer than agreed: bracketed from meeting to meeting with their length, the
    # time past the agreed interval hatched over a heavy rule.
    for gap in plot.gaps:
        y0, y1 = lane - LANE_HALF - 4, lane + LANE_HALF + 4
        over = gap.x1 - gap.x_over
        drawing.add(box(gap.x_over, y0, over, y1 - y0, fillColor=GAP_TINT, strokeColor=None))
        for line in hatch(gap.x_over, y0, gap.x1, y1, 3.2, GAP, 0.7):
            drawing.add(line)
        drawing.add(Line(gap.x_over, y0, gap.x1, y0, strokeColor=GAP, strokeWidth=2.0))
        for x in (gap.x0, gap.x1):
            drawing.add(Line(x, y1 + 1, x, y1 + 4, strokeColor=GAP, strokeWidth=0.8))
        drawing.add(Line(gap.x0, y1 + 4, gap.x1, y1 + 4, strokeColor=GAP, strokeWidth=0.8))
        words = weeks_text(gap.days) + (" so far" if gap.open else "")
        drawing.add(
            text(
                (gap.x0 + gap.x1) / 2,
                y1 + 7,
                words,
                LABEL_SIZE,
                font=BOLD,
                textAnchor="middle",
                fillColor=GAP,
            )
        )
    # The line the sessions sit on, and the axis.
    drawing.add(Line(scale.left, lane, scale.right, lane, strokeColor=MUTED, strokeWidth=0.6))
    drawing.add(Line(scale.left, axis, scale.right, axis, strokeColor=INK, strokeWidth=0.8))
    for x, month in plot.ticks:
        drawing.add(Line(x, axis, x, axis - 3, strokeColor=INK, strokeWidth=0.6))
        if month and x + 2 + stringWidth(month, REGULAR, LABEL_SIZE) <= scale.right:
            drawing.add(text(x + 2, axis - 10, month, fillColor=INK))
    years = sorted({m.year for m in _months(scale.start, scale.end)} | {scale.start.year})
    for year in years:  # each year named once, under its first month in view
        first = max(scale.start, date(year, 1, 1))
        drawing.add(text(scale.x(first) + 2, axis - 19, str(year), fillColor=MUTED))
    # Today, next meeting, reviews: each label in the first row where it overlaps none.
    placed: list[list[tuple[float, float]]] = [[], [], []]
    rows = (top - 7, top - 19, top - 28)
    words_on: list[tuple[float, float, float, str, str]] = []

    def label(x: float, words: str, font: str, prefer: int) -> None:
        size = LABEL_SIZE
        wide = stringWidth(words, font, size)
        x0 = x - 7 - wide if x + 7 + wide > scale.right else x + 4
        order = [prefer, *(r for r in range(len(rows)) if r != prefer)]
        row = next(
            (r for r in order if all(x0 > b + 4 or x0 + wide < a - 4 for a, b in placed[r])),
            order[-1],
        )
        placed[row].append((x0, x0 + wide))
        words_on.append((x0, rows[row], wide, words, font))

    drawing.add(Line(plot.today_x, axis, plot.today_x, top - 2, strokeColor=INK, strokeWidth=1.2))
    label(plot.today_x, f"Today {day_text(timeline.today)}", BOLD, 0)
    for x, day in zip(plot.review_xs, timeline.review_dates, strict=True):
        drawing.add(
            Line(x, axis, x, top - 13, strokeColor=INK, strokeWidth=0.8, strokeDashArray=[2, 2])
        )
        drawing.add(triangle(x, top - 13))
        label(x, f"{timeline.date_name(day)} {day_text(day)}", REGULAR, 1)
    for x0, y, wide, words, font in words_on:  # over the lines, on their own ground
        ground = AHEAD if x0 >= plot.today_x else WHITE
        drawing.add(
            box(x0 - 1.5, y - 2, wide + 3, LABEL_SIZE + 2.5, fillColor=ground, strokeColor=None)
        )
        drawing.add(text(x0, y, words, LABEL_SIZE, font=font, fillColor=INK))
    for x, signed in plot.marks:
        drawing.add(signed_mark(x, lane) if signed else unsigned_mark(x, lane))
    if plot.next_x is not None and timeline.next_meeting is not None:
        drawing.add(diamond(plot.next_x, lane))
        anchor = "end" if plot.next_x > scale.right - 50 else "middle"
        drawing.add(
            text(
                plot.next_x,
                lane - LANE_HALF - 13,
                f"Next {day_text(timeline.next_meeting)}",
                textAnchor=anchor,
                fillColor=ACCENT,
                font=BOLD,
            )
        )
    draw_legend(drawing, plot.legend, 0, plot.legend_top, width)
    return drawing


def timeline_words(timeline: Timeline) -> list[str]:
    """What the timeline shows, in sentences."""
    count = len(timeline.sessions)
    signed = sum(s.signed for s in timeline.sessions)
    held = f"{count} session{'s' if count != 1 else ''}"
    if count:
        held += f" ({signed} signed, {count - signed} not yet signed)"
    out = [f"From {day_text(timeline.start)} to {day_text(timeline.today)}: {held}."]
    if timeline.agreed is None:
        out.append(
            "The contract does not say how often to meet in a form that can be measured, so"
            " gaps between meetings are not judged."
        )
    else:
        agreed = f"Agreed to meet {frequency_text(timeline.agreed)}."
        if not timeline.gaps:
            out.append(f"{agreed} No gap was longer than agreed.")
        else:
            # The longest few, in date order (the chart shows every one).
            named = sorted(
                sorted(timeline.gaps, key=lambda g: -g.days)[:NAMED_GAPS], key=lambda g: g.start
            )
            gaps = "; ".join(
                f"{weeks_text(g.days)} since {day_text(g.start)}, no meeting yet"
                if g.open
                else f"{weeks_text(g.days)} from {day_text(g.start)} to {day_text(g.end)}"
                for g in named
            )
            many = len(timeline.gaps)
            more = many - len(named)
            longest = f"the longest {len(named)}: " if more else ""
            tail = f"; {more} shorter" if more else ""
            out.append(
                f"{agreed} {many} gap{'s' if many != 1 else ''} longer than agreed,"
                f" {longest}{gaps}{tail}."
            )
    ahead = []
    if timeline.next_meeting is not None:
        ahead.append(f"next meeting {day_text(timeline.next_meeting)}")
    ahead += [
        f"{timeline.date_name(d).lower()} {day_text(d)}"
        for d in timeline.review_dates
        if d >= timeline.today
    ]
    passed = [
        f"{timeline.date_name(d).lower()} {day_text(d)}"
        for d in timeline.review_dates
        if d < timeline.today
    ]
    dates = [f"Passed: {', '.join(passed)}."] if passed else []
    dates += [f"Ahead: {', '.join(ahead)}."] if ahead else []
    if dates:
        out.append(" ".join(dates))
    return out


# ---------------------------------------------------------------- goals


# How far along each status puts a goal's bar, and how the bar is filled.
GOAL_SHARE = {
    GoalStatus.NOT_STARTED: 0.0,
    GoalStatus.IN_PROGRESS: 0.5,
    GoalStatus.CARRIED_FORWARD: 0.5,
    GoalStatus.ACHIEVED: 1.0,
    GoalStatus.DROPPED: 0.0,
}
GOAL_FILLS = {
    "achieved": "solid",
    "in_progress": "hatch",
    "carried_forward": "crosshatch",
    "not_started": "empty",
    "dropped": "struck",
}
GOAL_ORDER = (
    GoalStatus.ACHIEVED,
    GoalStatus.IN_PROGRESS,
    GoalStatus.CARRIED_FORWARD,
    GoalStatus.NOT_STARTED,
    GoalStatus.DROPPED,
)


def _goal_fill(kind: str, x: float, y: float, w: float, h: float, share: float) -> list[Shape]:
    """A bar's track (outlined, w wide) with ``share`` of it filled in the status's way."""
    fill = GOAL_FILLS[kind]
    out: list[Shape] = [box(x, y, w, h, fillColor=WHITE, strokeColor=MUTED, strokeWidth=0.6)]
    filled = w * share
    if fill == "solid":
        out.append(box(x, y, filled, h, fillColor=ACCENT, strokeColor=ACCENT, strokeWidth=0.6))
    elif fill == "hatch":
        out.append(box(x, y, filled, h, fillColor=BAND, strokeColor=ACCENT, strokeWidth=0.8))
        out += hatch(x, y, x + filled, y + h, 2.8, ACCENT, 0.8)
    elif fill == "crosshatch":
        out.append(box(x, y, filled, h, fillColor=WHITE, strokeColor=ACCENT, strokeWidth=0.8))
        out += crosshatch(x, y, x + filled, y + h, 3.0, ACCENT, 0.5)
    elif fill == "struck":
        out.append(Line(x, y + h / 2, x + w, y + h / 2, strokeColor=MUTED, strokeWidth=1.4))
    return out


@dataclass(frozen=True)
class GoalRow:
    y: float  # the row's baseline
    filled: float  # the filled length of the bar
    status: GoalStatus
    target: str  # "01/09/2026" or "None set"
    overdue: bool


@dataclass(frozen=True)
class GoalsPlot:
    width: float
    height: float
    title_width: float
    bar_x: float
    bar_width: float
    status_x: float
    target_x: float
    rows: tuple[GoalRow, ...]
    hidden: int  # goals not drawn (more than MAX_GOALS)
    legend: tuple[LegendEntry, ...]
    legend_top: float


ROW = 14.0
TITLE_SIZE = 8.0
GOAL_HEADER = 14.0


def goal_counts(goals: Sequence[GoalBar]) -> dict[GoalStatus, int]:
    return {status: sum(g.status is status for g in goals) for status in GOAL_ORDER}


def goals_legend(goals: Sequence[GoalBar]) -> tuple[LegendEntry, ...]:
    counts = goal_counts(goals)
    entries = [
        LegendEntry(status.value, f"{status.label} ({counts[status]})")
        for status in GOAL_ORDER
        if counts[status] or status in (GoalStatus.ACHIEVED, GoalStatus.IN_PROGRESS)
    ]
    overdue = sum(g.overdue for g in goals)
    if overdue:
        entries.append(LegendEntry("overdue", f"Past its target date ({overdue})"))
    return tuple(entries)


def goals_plot(goals: Sequence[GoalBar], width: float) -> GoalsPlot:
    shown = list(goals[:MAX_GOALS])
    legend = goals_legend(goals)
    legend_space = legend_height(legend, width) + 6
    height = legend_space + ROW * len(shown) + GOAL_HEADER
    title_width = width * 0.38
    bar_x = title_width + 10
    bar_width = width * 0.20
    status_x = bar_x + bar_width + 10
    target_x = status_x + width * 0.15
    rows = tuple(
        GoalRow(
            height - GOAL_HEADER - ROW * (index + 1) + 4,
            bar_width * GOAL_SHARE[goal.status],
            goal.status,
            day_text(goal.target) if goal.target else "None set",
            goal.overdue,
        )
        for index, goal in enumerate(shown)
    )
    return GoalsPlot(
        width,
        height,
        title_width,
        bar_x,
        bar_width,
        status_x,
        target_x,
        rows,
        len(goals) - len(shown),
        legend,
        legend_space,
    )


def goals_drawing(goals: Sequence[GoalBar], width: float, report: GlyphReport) -> ChartDrawing:
    plot = goals_plot(goals, width)
    drawing = ChartDrawing(width, plot.height)
    head_y = plot.height - 10
    for x, words in (
        (0, "Goal"),
        (plot.bar_x, "Not started \u2192 achieved"),
        (plot.status_x, "Status"),
        (plot.target_x, "Target date"),
    ):
        drawing.add(text(x, head_y, words, font=BOLD, fillColor=MUTED))
    drawing.add(Line(0, head_y - 4, width, head_y - 4, strokeColor=INK, strokeWidth=0.8))
    size = LABEL_SIZE + 0.5
    for row, goal in zip(plot.rows, goals, strict=False):
        report.check(goal.title)
        line = fitted(goal.title, REGULAR, TITLE_SIZE, plot.title_width) or "(untitled goal)"
        drawing.user_labels.append(UserLabel(0, row.y, line, REGULAR, TITLE_SIZE, plot.title_width))
        for shape in _goal_fill(
            goal.status.value, plot.bar_x, row.y - 1.5, plot.bar_width, 8, GOAL_SHARE[goal.status]
        ):
            drawing.add(shape)
        drawing.add(text(plot.status_x, row.y, goal.status.label, size, fillColor=INK))
        if row.overdue:
            drawing.add(triangle(plot.target_x + 3.5, row.y + 2.6, 3.2, fill=GAP))
            drawing.add(text(plot.target_x + 10, row.y, row.target, size, font=BOLD, fillColor=GAP))
            after = plot.target_x + 10 + stringWidth(row.target, BOLD, size) + 4
            drawing.add(text(after, row.y, "overdue", size, font=BOLD, fillColor=GAP))
        else:
            drawing.add(text(plot.target_x + 10, row.y, row.target, size, fillColor=INK))
        drawing.add(Line(0, row.y - 4.5, width, row.y - 4.5, strokeColor=RULE, strokeWidth=0.3))
    draw_legend(drawing, plot.legend, 0, plot.legend_top - 2, width)
    return drawing


def goals_words(goals: Sequence[GoalBar], report: GlyphReport) -> list[str]:
    if not goals:
        return ["No goals recorded yet."]
    counts = goal_counts(goals)
    parts = [f"{counts[s]} {s.label.lower()}" for s in GOAL_ORDER if counts[s]]
    many = len(goals)
    out = [f"{many} goal{'s' if many != 1 else ''}: {', '.join(parts)}."]
    overdue = [g for g in goals if g.overdue]
    if overdue:
        titles = "; ".join(one_line(g.title, 80) for g in overdue)
        report.check(titles)
        out.append(f"Past the target date: {titles}.")
    hidden = len(goals) - MAX_GOALS
    if hidden > 0:
        out.append(f"The chart shows the first {MAX_GOALS}; {hidden} more are in the goals plan.")
    return out


# ---------------------------------------------------------------- actions


@dataclass(frozen=True)
class MonthBars:
    x: float  # the month's slot starts here
    label: str
    opened_height: float
    closed_height: float
    overdue_due: int  # overdue actions that fell due this month


@dataclass(frozen=True)
class ActionsPlot:
    width: float
    height: float
    left: float
    base_y: float
    slot: float
    bar: float
    top_count: int
    step: int
    per_count: float  # points per action
    months: tuple[MonthBars, ...]
    legend: tuple[LegendEntry, ...]
    legend_top: float


BARS_HEIGHT = 80.0


def nice_step(top: int) -> int:
    """A tick step giving at most five ticks up to ``top``: 1, 2, 5, 10, 20, ..."""
    if top <= 5:
        return 1
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)


def actions_legend(actions: ActionsByMonth) -> tuple[LegendEntry, ...]:
    opened = sum(m.opened for m in actions.months)
    closed = sum(m.closed for m in actions.months)
    entries = [
        LegendEntry("solid_bar", f"Agreed at a session ({opened})"),
        LegendEntry("hatch_bar", f"Done or dropped ({closed})"),
    ]
    entries.append(
        LegendEntry(
            "overdue", f"Overdue, by month due ({len(actions.overdue)} of {actions.open_now} open)"
        )
    )
    return tuple(entries)


def actions_plot(actions: ActionsByMonth, width: float) -> ActionsPlot:
    legend = actions_legend(actions)
    legend_space = legend_height(legend, width) + 4
    below = 22.0
    height = legend_space + below + BARS_HEIGHT + 24
    base_y = legend_space + below
    left = 22.0
    slot = (width - left) / max(1, len(actions.months))
    biggest = max([max(m.opened, m.closed) for m in actions.months] + [1])
    step = nice_step(biggest)
    top_count = step * math.ceil(biggest / step)
    per_count = BARS_HEIGHT / top_count
    due: dict[tuple[int, int], int] = {}
    for action in actions.overdue:
        key = (action.due.year, action.due.month)
        due[key] = due.get(key, 0) + 1
    first = actions.months[0].month if actions.months else None
    months = []
    for index, month in enumerate(actions.months):
        key = (month.month.year, month.month.month)
        # Overdue actions that fell due before the chart's first month count there.
        earlier = 0
        if index == 0 and first is not None:
            earlier = sum(n for (y, m), n in due.items() if (y, m) < key)
        months.append(
            MonthBars(
                left + slot * index,
                calendar.month_abbr[month.month.month],
                month.opened * per_count,
                month.closed * per_count,
                due.get(key, 0) + earlier,
            )
        )
    return ActionsPlot(
        width,
        height,
        left,
        base_y,
        slot,
        min(14.0, slot * 0.3),
        top_count,
        step,
        per_count,
        tuple(months),
        legend,
        legend_space,
    )


def _bar_swatch(kind: str, x: float, y: float) -> list[Shape]:
    if kind == "solid_bar":
        return [box(x + 2, y - 4, 8, 8, fillColor=ACCENT, strokeColor=ACCENT)]
    return [
        box(x + 2, y - 4, 8, 8, fillColor=WHITE, strokeColor=INK, strokeWidth=0.8),
        *hatch(x + 2, y - 4, x + 10, y + 4, 2.4, INK, 0.6),
    ]


def actions_drawing(actions: ActionsByMonth, width: float) -> ChartDrawing:
    plot = actions_plot(actions, width)
    drawing = ChartDrawing(width, plot.height)
    base, left = plot.base_y, plot.left
    for count in range(0, plot.top_count + 1, plot.step):
        y = base + count * plot.per_count
        drawing.add(
            Line(
                left,
                y,
                width,
                y,
                strokeColor=RULE if count else INK,
                strokeWidth=0.3 if count else 0.8,
            )
        )
        drawing.add(text(left - 4, y - 2.5, str(count), textAnchor="end", fillColor=MUTED))
    for month, counts in zip(plot.months, actions.months, strict=True):
        middle = month.x + plot.slot / 2
        opened_x = middle - plot.bar - 1
        closed_x = middle + 1
        if month.opened_height:
            drawing.add(
                box(
                    opened_x,
                    base,
                    plot.bar,
                    month.opened_height,
                    fillColor=ACCENT,
                    strokeColor=ACCENT,
                    strokeWidth=0.6,
                )
            )
            drawing.add(
                text(
                    opened_x + plot.bar / 2,
                    base + month.opened_height + 2,
                    str(counts.opened),
                    6.5,
                    textAnchor="middle",
                    fillColor=INK,
                )
            )
        if month.closed_height:
            top = base + month.closed_height
            drawing.add(
                box(
                    closed_x,
                    base,
                    plot.bar,
                    month.closed_height,
                    fillColor=WHITE,
                    strokeColor=INK,
                    strokeWidth=0.8,
                )
            )
            for line in hatch(closed_x, base, closed_x + plot.bar, top, 2.6, INK, 0.6):
                drawing.add(line)
            drawing.add(
                text(
                    closed_x + plot.bar / 2,
                    top + 2,
                    str(counts.closed),
                    6.5,
                    textAnchor="middle",
                    fillColor=INK,
                )
            )
        drawing.add(text(middle, base - 10, month.label, textAnchor="middle", fillColor=INK))
        if counts.month.month == 1 or month is plot.months[0]:
            drawing.add(
                text(
                    middle, base - 19, str(counts.month.year), textAnchor="middle", fillColor=MUTED
                )
            )
        if month.overdue_due:  # called out above the month they fell due in
            above = base + BARS_HEIGHT + 16
            drawing.add(triangle(middle - 4, above + 2.5, 3.4, fill=GAP))
            drawing.add(
                text(middle + 1, above, str(month.overdue_due), 7.5, font=BOLD, fillColor=GAP)
            )
    draw_legend(drawing, plot.legend, 0, plot.legend_top, width)
    return drawing


def actions_words(actions: ActionsByMonth) -> list[str]:
    opened = sum(m.opened for m in actions.months)
    closed = sum(m.closed for m in actions.months)
    first = actions.months[0].month if actions.months else None
    since = f" since {first:%B %Y}" if first else ""
    out = [
        f"{opened} action{'s' if opened != 1 else ''} agreed and {closed} done or dropped{since}."
    ]
    overdue = len(actions.overdue)
    out.append(
        f"{actions.open_now} open now"
        + (f", {overdue} of them overdue:" if overdue else ", none overdue.")
    )
    return out


def overdue_lines(actions: ActionsByMonth) -> list[str]:
    lines = [
        f"{one_line(a.description, 140) or 'An action'}"
        f" (due {day_text(a.due)}, {a.status.label.lower()})"
        for a in actions.overdue[:MAX_OVERDUE]
    ]
    more = len(actions.overdue) - MAX_OVERDUE
    if more > 0:
        lines.append(f"and {more} more in the action log.")
    return lines


# ---------------------------------------------------------------- on the page


def glance_story(
    glance: Glance, width: float, report: GlyphReport, title: str, goals_when_empty: bool = True
) -> list[Flowable]:
    """The three charts, each under its heading with its words below it: ``title``
    heads the whole (e.g. "At a glance: mentoring with Dr A"). Without goals, the goals
    chart says so, or (``goals_when_empty`` False: a page listing the goals below) is
    left out."""
    out: list[Flowable] = [heading(title, report)]
    timeline = glance.timeline
    out.append(heading("Meetings over the last 12 months", report, "h3"))
    out.append(
        ChartBlock(
            timeline_drawing(timeline, width), [note(w, report) for w in timeline_words(timeline)]
        )
    )
    if glance.goals or goals_when_empty:
        out.append(heading("Goals by status", report, "h3"))
    if glance.goals:
        out.append(
            ChartBlock(
                goals_drawing(glance.goals, width, report),
                [note(w, report) for w in goals_words(glance.goals, report)],
            )
        )
    elif goals_when_empty:
        out.append(plain("No goals recorded yet.", report, "empty"))
    out.append(heading("Actions by month", report, "h3"))
    actions = glance.actions
    quiet = actions is None or not any(m.opened or m.closed for m in actions.months)
    if actions is None or (quiet and not actions.overdue):
        words = "No actions agreed or closed in the last 12 months"
        open_now = actions.open_now if actions is not None else 0
        out.append(plain(f"{words}; {open_now} open now.", report, "empty"))
    else:
        notes = [note(w, report) for w in actions_words(actions)]
        notes += [note(line, report, bullet="•") for line in overdue_lines(actions)]
        out.append(ChartBlock(actions_drawing(actions, width), notes))
    return out
