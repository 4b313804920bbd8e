"""Every script on the page (issue 17, items 5 and 7): names and paragraphs in Arabic,
Hebrew, Chinese, Hindi, Greek, Polish, Irish and emoji print with their own glyphs,
shaped, in their direction, and come back out of the PDF whole; the PDF says its
language and date and opens with its bookmarks."""

from __future__ import annotations

import html
import re
import subprocess
from datetime import date
from io import BytesIO

import pypdf
import pytest

from app.printing.blocks import field_grid, section
from app.printing.context import Build
from app.printing.fonts import register_fonts
from app.printing.layout import (
    MARGIN_X,
    Bookmark,
    PageMark,
    PrintSetup,
    build_pdf,
    toc_flowable,
    usable_width,
)
from app.printing.scripts import direction_mark, isolate, line_is_rtl, paragraph_is_rtl
from app.printing.text import GlyphReport
from app.services import records
from app.services.glyphs import undrawable_characters
from app.services.pack import PackRequest, build_pack
from tests.printing.conftest import Filled

register_fonts()
SETUP = PrintSetup("Owner", date(2026, 11, 23))
A4_WIDTH = 595.2756

NAMES = {
    "Arabic": "ليلى حداد",
    "Hebrew": "שרה לוי",
    "Chinese": "王小明",
    "Hindi": "प्रिया क्षत्रिय",
    "Greek": "Αλέξανδρος Παπαδόπουλος",
    "Polish": "Łukasz Żółć",
    "Irish": "Siobhán Ní Bhriain",
    "Emoji": "🚑👩🏽‍⚕️❤️",
    "Allah ligature": "ﷲ",
}


def _pdf(story: list, report: GlyphReport | None = None) -> bytes:  # type: ignore[type-arg]
    return build_pdf(story, SETUP, PageMark("Scripts"), report or GlyphReport()).data


def _poppler(tool: str, pdf: bytes, *args: str) -> str:
    return subprocess.run(
        [tool, *args, "-", "-"] if tool == "pdftotext" else [tool, *args, "-"],
        input=pdf,
        check=True,
        capture_output=True,
    ).stdout.decode()


def _words(pdf: bytes) -> list[tuple[float, float, float, str]]:
    """(xMin, xMax, yMin, word) of every word pdftotext finds."""
    xml = _poppler("pdftotext", pdf, "-bbox")
    return [
        (float(a), float(b), float(y), html.unescape(w))
        for a, y, b, w in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', xml
        )
    ]


@pytest.fixture(scope="module")
def every_script() -> tuple[bytes, GlyphReport]:
    """One PDF with each name alone as a paragraph, in a grid and in a sentence."""
    report = GlyphReport()
    width = usable_width(SETUP)
    story = []
    for script, name in NAMES.items():
        story += section(script, name, report)
        story.append(field_grid([("Mentor", name)], width, report))
        story += section("Sentence", f"Met {isolate(name)} on Monday.", report)
    return _pdf(story, report), report


def test_every_script_prints_with_embedded_fonts_and_nothing_missing(
    every_script: tuple[bytes, GlyphReport],
) -> None:
    pdf, report = every_script
    assert report.warnings() == []
    fonts = _poppler("pdffonts", pdf).splitlines()[2:]
    assert fonts and all(" yes yes yes " in line for line in fonts), fonts
    faces = " ".join(fonts)
    for face in ("NotoSansArabic", "NotoSansHebrew", "NotoSansDevanagari", "DroidSans", "Symbola"):
        assert face in faces


def test_every_character_comes_back_out_in_reading_order(
    every_script: tuple[bytes, GlyphReport],
) -> None:
    """pdftotext gives each name back whole and in logical order: Devanagari conjuncts,
    Chinese and emoji beyond the Basic Multilingual Plane included (before: Chinese and
    Hindi were dropped, emoji were boxes)."""
    raw = _poppler("pdftotext", every_script[0], "-enc", "UTF-8")
    text = re.sub(r"[\s\u200e\u200f\u202a-\u202e]", "", raw)
    for name in NAMES.values():
        squeezed = re.sub(r"\s", "", name)
        assert text.count(squeezed) == 3, (name, text)
        assert text.count(f"Met{squeezed}onMonday.") == 1


def test_right_to_left_paragraphs_are_right_aligned_and_use_the_full_measure() -> None:
    """An Arabic paragraph reads right to left from its first letter, flush with the
    right margin, each line but its last filled nearly to the left margin; English
    inside it stays in English order."""
    arabic = "هذا نص عربي طويل يلتف على عدة أسطر لاختبار الالتفاف في الفقرة " * 6
    report = GlyphReport()
    pdf = _pdf([*section("Summary", arabic + "Smith.", report)], report)
    right = A4_WIDTH - MARGIN_X
    lines: dict[float, list[tuple[float, float]]] = {}
    for x_min, x_max, y_min, word in _words(pdf):
        if re.search("[\u0600-\u06ff]", word):
            lines.setdefault(round(y_min), []).append((x_min, x_max))
    assert len(lines) >= 3
    rows = [lines[y] for y in sorted(lines)]
    for row in rows:
        assert abs(max(x for _, x in row) - right) < 2  # flush right
    for row in rows[:-1]:
        assert min(x for x, _ in row) < MARGIN_X + 40  # wrapped at the full measure


def test_base_direction_follows_the_first_strong_letter() -> None:
    assert paragraph_is_rtl("שרה met Sam")
    assert not paragraph_is_rtl("Sam met שרה")
    assert paragraph_is_rtl("2026: «ليلى» and Sam")  # digits and quotes are not strong
    assert not paragraph_is_rtl(f"{isolate('שרה')} met Sam")  # isolates are skipped (P2)
    assert not paragraph_is_rtl("12345 ...")
    # Each wrapped line keeps its paragraph's direction, whatever its own first letter.
    assert line_is_rtl(direction_mark("שרה met Sam") + "met Sam")
    assert not line_is_rtl(direction_mark("Sam met שרה") + "שרה")
    assert direction_mark("Latin only, Zażółć") == ""  # Latin pays nothing


def test_an_isolated_name_does_not_reorder_its_sentence() -> None:
    """'Met ⁨ليلى حداد⁩ (mentor).' keeps the English in English order: the name does
    not pull the brackets and full stop into its run."""
    report = GlyphReport()
    pdf = _pdf([*section("S", f"Met {isolate('ليلى حداد')} (mentor) in 2026.", report)])
    words = sorted(_words(pdf), key=lambda w: (round(w[2]), w[0]))
    line = [w for *_, w in words if w not in ("S", "Scripts", "Owner")]
    joined = " ".join(line)
    assert "(mentor) in 2026." in joined
    assert joined.index("Met") < joined.index("(mentor)")


def test_the_contents_name_every_script_with_even_leaders() -> None:
    """The contents go through the same drawing path (Hebrew not reversed, Arabic
    joined, Chinese present); a group line has no page number of its own; the leaders'
    dots stand in the same columns on every line."""
    report = GlyphReport()
    build = Build(usable_width(SETUP), report)
    story = [toc_flowable()]
    for script in ("Hebrew", "Arabic", "Chinese", "Hindi", "Polish"):
        story += [Bookmark("Session records", 0), Bookmark(f"Session with {NAMES[script]}", 1)]
        story += section("Notes", "text", build.report)
    pdf = build_pdf(story, SETUP, PageMark("t"), report, multi_pass=True).data
    raw = _poppler("pdftotext", pdf, "-enc", "UTF-8", "-l", "1")
    text = re.sub(r"[\s.\u202a-\u202e]", "", raw)
    for script in ("Hebrew", "Arabic", "Chinese", "Hindi", "Polish"):
        assert "Sessionwith" + re.sub(r"\s", "", NAMES[script]) in text
    leaders: dict[int, list[tuple[float, float]]] = {}
    for x_min, x_max, y_min, word in _words(pdf):
        if set(word) == {"."}:
            leaders.setdefault(round(y_min), []).append((x_min, x_max))
    assert len(leaders) == 5  # the five records' lines, not the group lines
    # Every leader ends at one place and starts on the same grid of 4.5 points.
    assert len({round(max(b for _, b in spans), 1) for spans in leaders.values()}) == 1
    starts = [min(a for a, _ in spans) for spans in leaders.values()]
    for start in starts:
        steps = (start - starts[0]) / 4.5
        assert abs(steps - round(steps)) < 0.05, starts
    reader = pypdf.PdfReader(BytesIO(pdf))
    assert reader.pages[0].get("/Annots")  # each line links to its page


@pytest.mark.today("2027-03-04")
def test_the_pdf_says_its_date_language_and_opens_with_bookmarks() -> None:
    report = GlyphReport()
    story = [toc_flowable(), Bookmark("Records", 0), Bookmark("One", 1), *section("S", "t", report)]
    pdf = build_pdf(story, SETUP, PageMark("t"), report, multi_pass=True).data
    reader = pypdf.PdfReader(BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/PageMode"] == "/UseOutlines"
    created = str((reader.metadata or {})["/CreationDate"])
    assert created.startswith("D:20270304"), created
    # No unembedded Helvetica (ReportLab's contents table brought one in).
    assert " no " not in _poppler("pdffonts", pdf)


def test_the_app_can_ask_which_characters_will_not_print() -> None:
    assert undrawable_characters("Dr 王小明 प्रिया 🚑 ليلى ﷲ") == []
    assert undrawable_characters("Dr \U00013000 Smith \U00013000 \U0001fae8") == [
        "\U00013000 (U+13000 EGYPTIAN HIEROGLYPH A001)",
        "\U0001fae8 (U+1FAE8)",  # newer than this Python's character names
    ]


@pytest.mark.today("2026-12-31")
def test_the_pack_cover_names_what_no_font_draws(filled: Filled) -> None:
    """A character no bundled font has is named on the cover (and in the warnings the
    print preview shows), not left to print as an unexplained box."""
    session = records.copy_with(filled.session, topics="Hieroglyph \U00013000 and 王小明")
    records.save(filled.portfolio, session)
    pack = build_pack(filled.portfolio, PackRequest(date(2026, 1, 1), date(2026, 12, 31)))
    cover = _poppler("pdftotext", pack.pdf, "-enc", "UTF-8", "-l", "1")
    assert "U+13000 EGYPTIAN HIEROGLYPH A001" in " ".join(cover.split())
    assert any("U+13000" in warning for warning in pack.warnings)
    assert not any("738B" in warning for warning in pack.warnings)  # 王 prints
