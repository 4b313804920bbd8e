"""The blocks drawn straight on the canvas (text blocks, ruled grids and tables, the
signature columns): nothing clipped or lost, whatever the text, across page breaks."""

from __future__ import annotations

import html
import re
import subprocess
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.printing.blocks import data_table, field_grid, section, signature_block
from app.printing.context import Build
from app.printing.escaping import printable
from app.printing.fonts import REGULAR, register_fonts
from app.printing.layout import MARGIN_X, PageMark, PrintSetup, build_pdf, usable_width
from app.printing.scripts import display_runs, measure
from app.printing.text import GlyphReport, blocks, wrap_lines

SETUP = PrintSetup("Owner", date(2026, 11, 23))
# The marks wrap_lines puts first on each line of a paragraph holding right-to-left text.
MARKS = "\u200e\u200f"


def _unmarked(text: str) -> str:
    return text.replace("\u200e", "").replace("\u200f", "")


A4_WIDTH = 595.2756

register_fonts()


def _pdf(story: list) -> bytes:  # type: ignore[type-arg]
    return build_pdf(story, SETUP, PageMark("Test", code="S1-1-AAAAAAAA-A"), GlyphReport()).data


def _words(pdf: bytes) -> list[tuple[float, float, int, str]]:
    """(xMin, xMax, page, word) for every word pdftotext finds."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, check=True, capture_output=True
    ).stdout.decode()
    out = []
    for page, body in enumerate(xml.split("<page ")[1:], start=1):
        out += [
            (float(a), float(b), page, html.unescape(w))
            for a, b, w in re.findall(
                r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', body
            )
        ]
    return out


def _pages(pdf: bytes) -> int:
    info = subprocess.run(
        ["pdfinfo", "-"], input=pdf, check=True, capture_output=True
    ).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def _inside_margins(words: list[tuple[float, float, int, str]]) -> None:
    right = A4_WIDTH - MARGIN_X + 0.5
    overflowing = [w for w in words if w[1] > right or w[0] < MARGIN_X - 0.5]
    assert not overflowing, overflowing[:5]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.floats(min_value=20, max_value=400))
def test_wrapped_lines_fit_and_keep_every_character(text: str, width: float) -> None:
    lines = wrap_lines(text, REGULAR, 9.5, width)
    for line in lines:
        # A single character wider than the line is the only thing allowed to stick out
        # (measured as drawn: fallback fonts, shaping; a direction mark draws as nothing).
        assert measure(line, REGULAR, 9.5) <= width or len(line.lstrip(MARKS)) == 1
    # Every character that can be printed (control characters cannot).
    squashed = re.sub(r"[^\S\u00a0\u2007\u202f]+", "", printable(text))
    # Soft hyphens vanish, or print as "-" where a line breaks at one.
    expected = squashed.replace(" ", "").replace("\u00ad", "").replace("-", "")
    wrapped = "".join(lines).replace(" ", "").replace("-", "")
    assert _unmarked(wrapped) == _unmarked(expected)
    assert not any("\u00ad" in line for line in lines)


def test_soft_hyphens_are_invisible_unless_a_line_breaks_there() -> None:
    assert wrap_lines("co\u00adoperation and inter\u00adnational", REGULAR, 9.5, 400) == [
        "cooperation and international"
    ]
    width = stringWidth("cooperation and inter-", REGULAR, 9.5) + 1
    lines = wrap_lines(
        "co\u00adoperation and inter\u00adnational\u00adisation", REGULAR, 9.5, width
    )
    assert lines == ["cooperation and inter-", "nationalisation"]
    # No room even for the first syllable: the word moves to the next line whole.
    width = stringWidth("cooperation and", REGULAR, 9.5) + 2
    assert (
        wrap_lines("cooperation and inter\u00adnational", REGULAR, 9.5, width)[0]
        == "cooperation and"
    )


def test_numbers_of_a_long_list_never_touch_their_text() -> None:
    items = "\n".join(f"{n}. Item number {n}" for n in range(1, 13))
    pdf = _pdf(blocks(items, GlyphReport()))
    xml = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, check=True, capture_output=True
    ).stdout.decode()
    boxes = [
        (float(x0), float(x1), round(float(y)), w)
        for x0, y, x1, w in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', xml
        )
    ]
    numbers = {y: x1 for x0, x1, y, w in boxes if re.fullmatch(r"\d+\.", w)}
    assert len(numbers) == 12
    for x0, _, y, word in boxes:
        if word == "Item":
            assert numbers[y] + 2 < x0, (word, y)


def test_no_break_spaces_hold_words_together() -> None:
    lines = wrap_lines("Dr\u00a0Łukasz\u00a0Żółć and others " * 6, REGULAR, 9.5, 120)
    assert all("Dr\u00a0Łukasz\u00a0Żółć" in line or "Dr" not in line for line in lines)


def test_a_huge_grid_value_flows_over_pages_inside_the_margins() -> None:
    width = usable_width(SETUP)
    specific = " ".join(f"word{n}" for n in range(6000))
    url = "https://example.org/" + "x" * 400  # one very long word
    story = [
        field_grid(
            [("Specific", specific), ("Link", url), ("Record", "Goal 1")],
            width,
            GlyphReport(),
            columns=1,
        )
    ]
    pdf = _pdf(story)
    words = _words(pdf)
    assert _pages(pdf) >= 4
    found = [w for _, _, _, w in words if w.startswith("word")]
    assert found == [f"word{n}" for n in range(6000)]  # all of them, in order
    assert "".join(w for _, _, _, w in words if "x" in w or "https" in w).count("x") >= 400
    _inside_margins(words)


def test_a_long_table_repeats_its_header_and_splits_a_tall_row() -> None:
    width = usable_width(SETUP)
    rows = [
        (f"Action {n} " + "detail " * 30, "Mentee", date(2026, 3, 1), "Open") for n in range(60)
    ]
    rows.insert(30, ("Tall " + "line " * 3000, "Both", None, "Open"))
    widths = [width - 90, 30, 35, 25]
    pdf = _pdf([data_table(["Action", "Owner", "Due", "Status"], rows, widths, GlyphReport())])
    words = _words(pdf)
    pages = _pages(pdf)
    assert pages >= 5
    header_pages = {page for _, _, page, w in words if w == "Owner"}
    assert header_pages == set(range(1, pages + 1))
    assert [w for *_, w in words if w == "Action"].__len__() >= 60 + pages
    assert sum(1 for *_, w in words if w == "line") == 3000
    _inside_margins(words)


def test_lists_and_paragraphs_keep_their_numbers_bullets_and_breaks() -> None:
    report = GlyphReport()
    story = section("Objectives", "Intro line\nsecond line\n\n1. First\n2. \n- Bullet <b>&", report)
    words = [w for *_, w in _words(_pdf(story))]
    text = " ".join(words)
    assert "Intro line second line" in text
    assert "1. First 2." in text and "• Bullet <b>&" in text
    assert "__________" in text  # the empty item is a line to write on


def test_signature_columns_wrap_a_long_name_and_report_missing_glyphs() -> None:
    report = GlyphReport()
    build = Build(usable_width(SETUP), report)
    from app.printing.context import Parties

    name = "Professor " + "Anwen Siân Llewellyn-ap-Rhys " * 6
    story = [
        signature_block(
            build.slots(Parties(name, "Dr 👩🏽‍⚕️ Mentor \U0001fae8")),
            build.width,
            report,
            "We agree.",
        )
    ]
    words = _words(_pdf(story))
    assert sum(1 for *_, w in words if w == "Llewellyn-ap-Rhys") == 6
    _inside_margins(words)
    # The emoji draws (monochrome, Symbola); a character no bundled font has is named.
    assert report.warnings() and "U+1FAE8" in report.warnings()[0]
    assert "U+1F469" not in report.warnings()[0]


def test_blocks_report_what_the_fonts_cannot_draw() -> None:
    report = GlyphReport()
    blocks("Fine text, a 🚑, 王小明, प्रिया and a \U0001fae8 (newer than every font)", report)
    assert len(report.missing) == 1 and "U+1FAE8" in report.warnings()[0]


def test_arabic_and_hebrew_names_print_joined_and_in_reading_order() -> None:
    """ReportLab draws characters left to right as given: without reordering an
    Arabic name came out backwards with its letters unjoined."""
    import unicodedata

    report = GlyphReport()
    story = [
        *section("Summary", "Met Dr أحمد Khan and محمد الأمين. שלום", report),
        field_grid([("Mentor", "محمد الأمين")], usable_width(SETUP), report),
    ]
    pdf = _pdf(story)
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, check=True, capture_output=True
    ).stdout.decode()
    # Arabic is drawn in its joined forms (HarfBuzz picks each letter's contextual glyph,
    # none of them the letter's own), in the Arabic font, embedded.
    runs, _ = display_runs("محمد", REGULAR, 9.5)
    assert [r.font for r in runs] == ["MP-Arabic"]
    assert not set(map(ord, runs[0].drawn)) & set(map(ord, "محمد"))
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, check=True, capture_output=True)
    assert "NotoSansArabic-Regular" in fonts.stdout.decode()
    # pdftotext reads right-to-left runs back into logical order: the names as typed.
    # (It places the spaces around such runs loosely, so they are left out here.)
    text = re.sub("[\u200e\u200f\u202a-\u202e\\s]", "", unicodedata.normalize("NFKC", raw))
    assert "MetDrأحمدKhan" in text
    assert text.count("محمدالأمين") == 2 and "שלום" in text
    assert not report.warnings()
