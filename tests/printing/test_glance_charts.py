"""The relationship at a glance as printed: the charts' models checked by their numbers
from a known Glance, and the charts read back from a real PDF (text alternative and
legend in the text, vector paths and no images, marks that differ in greyscale)."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast

import pypdf
import pytest
from PIL import Image
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Rect
from reportlab.platypus import Spacer

from app.domain.enums import ActionStatus, GoalStatus
from app.domain.frequency import Frequency, FrequencyUnit
from app.domain.glance import (
    ActionsByMonth,
    Gap,
    Glance,
    GoalBar,
    MonthOfActions,
    OverdueAction,
    SessionMark,
    Timeline,
)
from app.domain.record_types import SessionRecord
from app.printing import glance_charts as charts
from app.printing.fonts import REGULAR
from app.printing.layout import PageMark, PrintSetup, build_pdf
from app.printing.scripts import measure
from app.printing.text import GlyphReport
from app.services import records
from app.services.pack import PackRequest, build_pack
from tests.printing.conftest import MENTOR, Filled, pdf_fonts

TODAY = date(2026, 12, 2)
START = date(2025, 12, 2)
END = date(2027, 1, 20)
WIDTH = 480.0
HELD = (
    date(2026, 1, 8),
    date(2026, 2, 5),
    date(2026, 3, 12),
    date(2026, 6, 18),
    date(2026, 7, 23),
    date(2026, 8, 27),
    date(2026, 9, 24),
)
AGREED = Frequency(FrequencyUnit.WEEKS, 4, 6)
ARABIC_GOAL = "تحسين مهارات التدريس السريري"


def _timeline(agreed: Frequency | None = AGREED) -> Timeline:
    sessions = tuple(SessionMark(n, held, n < 5) for n, held in enumerate(HELD))
    gaps = (Gap(HELD[2], HELD[3], 98, False), Gap(HELD[6], TODAY, 69, True)) if agreed else ()
    return Timeline(
        START, TODAY, END, sessions, agreed, gaps, date(2026, 12, 14), (date(2027, 1, 15),)
    )


def _months(pairs: list[tuple[int, int]]) -> tuple[MonthOfActions, ...]:
    out, month = [], date(2026, 1, 1)
    for opened, closed in pairs:
        out.append(MonthOfActions(month, opened, closed))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return tuple(out)


ACTIONS = ActionsByMonth(
    _months(
        [(2, 0), (1, 1), (3, 1), (0, 0), (0, 2), (0, 0), (2, 1), (2, 2), (1, 3), (0, 1)]
        + [(0, 0)] * 2
    ),
    4,
    (
        OverdueAction(9, "Book the course & tell <the rota>", date(2025, 10, 1), ActionStatus.OPEN),
        OverdueAction(10, "Email the audit lead", date(2026, 11, 15), ActionStatus.IN_PROGRESS),
    ),
)
GOALS = (
    GoalBar(
        1,
        "Lead a QI project <b>on sepsis</b> & AKI",
        GoalStatus.IN_PROGRESS,
        date(2026, 9, 1),
        True,
    ),
    GoalBar(2, "Pass the FRCA final", GoalStatus.ACHIEVED, date(2026, 6, 1), False),
    GoalBar(3, ARABIC_GOAL, GoalStatus.NOT_STARTED, date(2027, 3, 1), False),
    GoalBar(4, "Teaching programme " * 12, GoalStatus.CARRIED_FORWARD, None, False),
    GoalBar(5, "Research day", GoalStatus.DROPPED, date(2026, 5, 1), False),
)
GLANCE = Glance(TODAY, _timeline(), GOALS, ACTIONS)


def _x(day: date) -> float:
    """Where the timeline puts a day: 4 pt in from each side, START to END."""
    return 4 + (WIDTH - 8) * (day - START).days / (END - START).days


def test_the_timeline_puts_each_mark_window_and_gap_at_its_date() -> None:
    plot = charts.timeline_plot(_timeline(), WIDTH)
    assert plot.scale.x(START) == 4 and plot.scale.x(END) == WIDTH - 4
    assert [x for x, _ in plot.marks] == pytest.approx([_x(d) for d in HELD])
    assert [signed for _, signed in plot.marks] == [True] * 5 + [False] * 2
    # After each meeting, the band runs from 4 to 6 weeks later.
    assert plot.windows[3] == pytest.approx(
        (_x(HELD[3] + timedelta(days=28)), _x(HELD[3] + timedelta(days=42)))
    )
    assert len(plot.windows) == len(HELD)
    assert [x for g in plot.gaps for x in (g.x0, g.x1)] == pytest.approx(
        [_x(HELD[2]), _x(HELD[3]), _x(HELD[6]), _x(TODAY)]
    )
    assert [g.open for g in plot.gaps] == [False, True]
    # Hatched from where the agreed 6 weeks ran out.
    assert [g.x_over for g in plot.gaps] == pytest.approx(
        [_x(HELD[2] + timedelta(days=42)), _x(HELD[6] + timedelta(days=42))]
    )
    assert plot.today_x == pytest.approx(_x(TODAY))
    assert plot.next_x == pytest.approx(_x(date(2026, 12, 14)))
    assert plot.review_xs == pytest.approx((_x(date(2027, 1, 15)),))
    # The first of every month from January 2026 to January 2027 has a tick.
    assert len(plot.ticks) == 13 and plot.ticks[0][1] == "Jan"
    assert plot.ticks[0][0] == pytest.approx(_x(date(2026, 1, 1)))
    labels = [entry.label for entry in plot.legend]
    assert "Signed session (5)" in labels and "Not yet signed (2)" in labels
    assert "Past the agreed interval (2 gaps)" in labels
    assert "Next meeting due, as agreed: every 4 to 6 weeks" in labels


def test_the_drawing_holds_a_filled_circle_per_signed_session_and_a_square_per_unsigned() -> None:
    drawing = charts.timeline_drawing(_timeline(), WIDTH)
    lane = charts.timeline_plot(_timeline(), WIDTH).lane_y
    on_lane = [s for s in drawing.contents if getattr(s, "y", None) is not None]
    circles = [s for s in drawing.contents if isinstance(s, Circle) and s.cy == lane]
    squares = [
        s
        for s in on_lane
        if isinstance(s, Rect) and s.width == s.height and s.y + s.height / 2 == lane
    ]
    assert len(circles) == 5 and len(squares) == 2


def test_without_an_agreed_frequency_there_is_no_band_and_no_gap_judged() -> None:
    timeline = _timeline(agreed=None)
    plot = charts.timeline_plot(timeline, WIDTH)
    assert plot.windows == () and plot.gaps == ()
    assert not any(entry.kind in ("band", "gap") for entry in plot.legend)
    words = " ".join(charts.timeline_words(timeline))
    assert "gaps between meetings are not judged" in words
    assert "7 sessions (5 signed, 2 not yet signed)" in words


def test_goal_bars_are_as_long_as_their_status_is_far_along() -> None:
    plot = charts.goals_plot(GOALS, WIDTH)
    full = plot.bar_width
    assert full == pytest.approx(WIDTH * 0.20)
    assert [row.filled for row in plot.rows] == pytest.approx([full / 2, full, 0, full / 2, 0])
    assert [row.target for row in plot.rows][:4] == [
        "01/09/2026",
        "01/06/2026",
        "01/03/2027",
        "None set",
    ]
    assert [row.overdue for row in plot.rows] == [True, False, False, False, False]
    labels = [entry.label for entry in plot.legend]
    assert labels == [
        "Achieved (1)",
        "In progress (1)",
        "Carried forward (1)",
        "Not started (1)",
        "Dropped (1)",
        "Past its target date (1)",
    ]
    many = tuple(GoalBar(n, f"Goal {n}", GoalStatus.IN_PROGRESS, None, False) for n in range(20))
    assert len(charts.goals_plot(many, WIDTH).rows) == charts.MAX_GOALS
    assert "5 more are in the goals plan" in " ".join(charts.goals_words(many, GlyphReport()))


def test_a_goal_title_is_cut_to_its_column_and_never_read_as_markup() -> None:
    line = charts.fitted("Teaching programme " * 12, REGULAR, 8, 150)
    assert line.endswith("…") and measure(line, REGULAR, 8) <= 150
    assert charts.fitted("a\x00b\u202ec\nd", REGULAR, 8, 150) == "abc d"


def test_action_bars_count_per_month_and_overdue_are_called_out_where_due() -> None:
    plot = charts.actions_plot(ACTIONS, WIDTH)
    assert (plot.top_count, plot.step) == (3, 1)
    assert [m.opened_height for m in plot.months][:3] == pytest.approx(
        [2 * plot.per_count, plot.per_count, 3 * plot.per_count]
    )
    assert plot.per_count == pytest.approx(charts.BARS_HEIGHT / 3)
    assert [m.closed_height / plot.per_count for m in plot.months][8] == pytest.approx(3)
    # Due before the chart's first month: counted in its first month; the other in November.
    assert [m.overdue_due for m in plot.months] == [1] + [0] * 9 + [1, 0]
    labels = [entry.label for entry in plot.legend]
    assert labels == [
        "Agreed at a session (11)",
        "Done or dropped (11)",
        "Overdue, by month due (2 of 4 open)",
    ]
    assert charts.nice_step(4) == 1 and charts.nice_step(12) == 5 and charts.nice_step(40) == 10


def _pdf(story: list, tmp_path: Path, name: str = "glance.pdf") -> Path:
    built = build_pdf(story, PrintSetup("Siân", TODAY), PageMark("Glance test"), GlyphReport())
    path = tmp_path / name
    path.write_bytes(built.data)
    return path


def _pages_text(path: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [" ".join(page.split()) for page in out.split("\f")]


@pytest.fixture(scope="module")
def glance_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = GlyphReport()
    story = charts.glance_story(GLANCE, 480, report, "At a glance: mentoring with Dr Łukasz Żółć")
    return _pdf(story, tmp_path_factory.mktemp("glance"))


def test_the_printed_charts_carry_their_legend_and_words_as_text(glance_pdf: Path) -> None:
    text = " ".join(_pages_text(glance_pdf))
    for words in (
        "Signed session (5)",
        "Past the agreed interval (2 gaps)",
        "Agreed to meet every 4 to 6 weeks. 2 gaps longer than agreed, 14 weeks from"
        " 12/03/2026 to 18/06/2026; 10 weeks since 24/09/2026, no meeting yet.",
        "5 goals: 1 achieved, 1 in progress, 1 carried forward, 1 not started, 1 dropped.",
        "Past the target date: Lead a QI project <b>on sepsis</b> & AKI.",
        "11 actions agreed and 11 done or dropped since January 2026.",
        "Book the course & tell <the rota> (due 01/10/2025, open)",
        ARABIC_GOAL,  # drawn right to left, read back in logical order
    ):
        assert words in text


def test_the_charts_are_vector_paths_with_no_image(glance_pdf: Path) -> None:
    reader = pypdf.PdfReader(glance_pdf)
    for page in reader.pages:
        xobjects = cast(dict[str, Any], page["/Resources"]).get("/XObject", {})
        assert all(xobjects[name]["/Subtype"] != "/Image" for name in xobjects)
    contents = reader.pages[0].get_contents()
    assert contents is not None
    content = contents.get_data().decode("latin-1")
    assert content.count(" re ") > 30 and content.count(" l ") > 100  # rectangles, lines
    listed = subprocess.run(
        ["pdfimages", "-list", str(glance_pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    assert len(listed) == 2  # the header lines only: no image at all
    # Every font embedded: the renderer does not fall back to an unembedded Helvetica.
    assert all(row[-5] == "yes" for row in pdf_fonts(glance_pdf))


@pytest.mark.parametrize("above", [400, 470, 520, 560, 600, 640])
def test_a_chart_never_leaves_its_heading_behind(above: float, tmp_path: Path) -> None:
    story = [Spacer(1, above), *charts.glance_story(GLANCE, 480, GlyphReport(), "At a glance")]
    for page in _pages_text(_pdf(story, tmp_path)):
        if "Meetings over the last 12 months" in page:
            assert "Signed session (5)" in page and "From 02/12/2025" in page
        if "Actions by month" in page:
            assert "Agreed at a session (11)" in page


def _grey(drawing: charts.ChartDrawing, tmp_path: Path, scale: int) -> Image.Image:
    pdf = tmp_path / "chart.pdf"
    renderPDF.drawToFile(drawing, str(pdf))
    subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-png",
            "-r",
            str(72 * scale),
            "-singlefile",
            str(pdf),
            str(tmp_path / "chart"),
        ],
        check=True,
    )
    return Image.open(tmp_path / "chart.png").convert("L")


def test_in_greyscale_signed_and_unsigned_marks_and_gaps_still_differ(tmp_path: Path) -> None:
    timeline = _timeline()
    plot = charts.timeline_plot(timeline, WIDTH)
    scale = 4
    image = _grey(charts.timeline_drawing(timeline, WIDTH), tmp_path, scale)

    def at(x: float, y: float) -> int:
        return cast(int, image.getpixel((round(x * scale), round((plot.height - y) * scale))))

    lane = plot.lane_y
    signed = [at(x, lane) for x, s in plot.marks if s]
    unsigned = [at(x, lane) for x, s in plot.marks if not s]
    assert max(signed) < 110 and min(unsigned) > 200  # filled against open, not by hue
    # A square's corner is inked; a circle of the same size has white there.
    corner = 2.9
    assert all(at(x + corner, lane + corner) < 140 for x, s in plot.marks if not s)
    assert all(at(x + corner, lane + corner) > 200 for x, s in plot.marks if s)
    # A long gap is hatched: light and dark along a row, where the band is even.
    gap = plot.gaps[0]
    row = [at(gap.x_over + 10 + i * 0.25, lane + 5) for i in range(60)]
    assert max(row) - min(row) > 100
    band = plot.windows[4]
    even = [at(band[0] + 2 + i * 0.25, lane + 5) for i in range(8)]
    assert max(even) - min(even) < 10 and 170 < even[0] < 245


@pytest.mark.today("2026-12-02")
def test_the_pack_and_the_relationship_summary_draw_the_relationship_at_a_glance(
    filled: Filled, tmp_path: Path
) -> None:
    pf = filled.portfolio
    records.save(pf, replace(filled.contract, agreed_frequency="every 4 to 6 weeks"))
    for held in (date(2026, 3, 3), date(2026, 4, 1), date(2026, 9, 8)):  # 23 weeks apart
        records.save(
            pf, SessionRecord(relationship_id=filled.relationship.id, held_on=held, topics="x")
        )
    doc = build_pack(pf, PackRequest(date(2026, 1, 1), date(2026, 12, 31)))
    path = tmp_path / "pack.pdf"
    path.write_bytes(doc.pdf)
    pages = _pages_text(path)
    # On the cover as far as it fits (the timeline, here), then the page after it.
    glance = pages[0] + pages[1]
    assert f"At a glance: mentoring with {MENTOR}" in glance
    assert "Signed session (0)" in glance and "Not yet signed (4)" in glance
    assert "Agreed to meet every 4 to 6 weeks. 2 gaps longer than agreed, 23 weeks from" in glance
    assert "Passed: review 05/07/2026. Ahead: review 05/01/2027." in glance
    assert "Lead a QI project on sepsis & AKI" in glance  # the goal, in its chart
    summary = next(p for p in pages if "The whole relationship to date" in p)
    assert "At a glance Meetings over the last 12 months" in summary
    # The cover and the pictures are drawn, never pasted in as images.
    reader = pypdf.PdfReader(path)
    for page in reader.pages[:2]:
        xobjects = cast(dict[str, Any], page["/Resources"]).get("/XObject", {})
        assert all(xobjects[name]["/Subtype"] != "/Image" for name in xobjects)
