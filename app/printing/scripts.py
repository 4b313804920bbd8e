"""One line of user text in any script, measured and drawn on the canvas.

- Direction: a paragraph's base direction is that of its first strong letter outside
  isolates (the Unicode bidirectional algorithm's rules P2 and P3); its lines are put
  in display order by the whole algorithm (python-bidi), never guessed line by line,
  and a right-to-left paragraph's lines are right-aligned. ``wrap_lines`` marks each
  wrapped line of a paragraph with its paragraph's direction (an invisible LRM or RLM
  first), so a line keeps it wherever it is drawn.
- Fonts: each character is drawn by the page font (DejaVu Sans) or by the fallback for
  its script (app/printing/fonts.py); Arabic, Hebrew and Devanagari runs are shaped by
  HarfBuzz (uharfbuzz, through ReportLab's shaped strings): joined letters, ligatures,
  conjuncts and marks in place.
- Extracted text: every run the page font does not draw as it is carries its own text
  (a PDF /ActualText span), so copying or `pdftotext` gives back every character:
  Devanagari conjuncts, Chinese, emoji and, in logical order, Arabic and Hebrew.

A line in the page font alone, left to right (any Latin, Greek or Cyrillic text) takes
the old path: one string drawn as it is, no shaping."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

from app.printing.fonts import (
    INVISIBLE_CATEGORIES,
    Fallback,
    base_covers,
    fallback_covering,
    fallback_face,
    fallback_for,
)

LRM, RLM = "\u200e", "\u200f"
FSI, PDI = "\u2068", "\u2069"
_ISOLATE_OPEN = "\u2066\u2067\u2068"
# Marks that steer the order of a line and are never drawn.
_DIRECTION_MARKS = str.maketrans("", "", "\u200e\u200f\u061c\u2066\u2067\u2068\u2069")
_STRONG_RTL = {"R", "AL"}
# Right-to-left letters, and the marks and isolates that call for the full algorithm.
_NEEDS_BIDI = re.compile("[\u0590-\u08ff\u200e\u200f\u061c\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefc]")


def paragraph_is_rtl(text: str) -> bool:
    """Whether a paragraph reads right to left: its first strong letter (L, R or AL)
    outside isolates decides (P2, P3); with none, it reads left to right (so a sentence
    of the app's made only of isolated names reads as English)."""
    depth = 0
    for char in text:
        if char in _ISOLATE_OPEN:
            depth += 1
        elif char == PDI:
            depth = max(0, depth - 1)
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind == "L" or kind in _STRONG_RTL:
                return kind != "L"
    return False


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in _STRONG_RTL for c in text)


def direction_mark(paragraph: str) -> str:
    """The mark that keeps a wrapped line of ``paragraph`` in its direction: RLM for a
    right-to-left paragraph, LRM for a left-to-right one holding right-to-left text,
    nothing for the rest (no cost for Latin text)."""
    if not _NEEDS_BIDI.search(paragraph):
        return ""
    if paragraph_is_rtl(paragraph):
        return RLM
    return LRM if has_rtl(paragraph) else ""


def line_is_rtl(line: str) -> bool:
    """A drawn line's direction: its mark from ``direction_mark``, else its own first
    strong letter."""
    if line.startswith(RLM):
        return True
    if line.startswith(LRM):
        return False
    return paragraph_is_rtl(line)


def isolate(text: str) -> str:
    """User text (a name) to put inside a sentence: between FSI and PDI, so its own
    direction never reorders the words around it. Isolates already in the text are
    dropped first, so the pair always matches."""
    inner = re.sub("[\u2066-\u2069]", "", text)
    return f"{FSI}{inner}{PDI}" if inner else ""


_SKIN_TONES = frozenset(map(chr, range(0x1F3FB, 0x1F400)))


@dataclass(frozen=True)
class Run:
    """A piece of a line in one font, in display order."""

    font: str
    drawn: str  # what goes to the canvas: plain text or a ShapedStr of glyphs
    width: float  # in points
    text: str  # the characters it stands for, in display order ("" when drawn as is)


def _simple(line: str, font: str) -> bool:
    """Whether a line is drawn as it is: left to right, every character in the page
    font, nothing to shape."""
    if line.isascii():
        return True
    if _NEEDS_BIDI.search(line):
        return False
    # Beyond the Basic Multilingual Plane ReportLab's text map is wrong (an emoji
    # would copy out as another character): such a run carries its own text.
    return all(ord(c) <= 0xFFFF and base_covers(font, ord(c)) for c in line)


# The font each character is drawn in: a fallback, or None for the page font.
_Key = tuple[Fallback | None, bool]  # (fallback, reversed right-to-left run)


def _key(char: str, previous: _Key | None, font: str, display_order: bool) -> _Key:
    code = ord(char)
    rtl = display_order and unicodedata.bidirectional(char) in _STRONG_RTL
    fallback = fallback_for(code)
    if fallback is not None:
        if unicodedata.category(char) == "Mn" and previous is not None:
            return (fallback, previous[1])  # a vowel mark stays with its letter's run
        return (fallback, rtl)
    if base_covers(font, code):
        return (None, rtl)
    if previous is not None and (
        unicodedata.category(char) in INVISIBLE_CATEGORIES or 0xFE00 <= code <= 0xFE0F
    ):
        return previous  # joiners, variation selectors: with the character they follow
    return (fallback_covering(code), rtl)


@cache
def _hb_font(font: str) -> Any:
    return pdfmetrics.getFont(font).hbFont(1000)  # type: ignore[attr-defined]


@lru_cache(maxsize=16384)
def _shaped(text: str, font: str, rtl: bool) -> tuple[ShapedStr, float]:
    """``text`` (logical order) shaped by HarfBuzz into glyphs in display order, and
    its advance for a size of 1 point."""
    import uharfbuzz

    ttf: Any = pdfmetrics.getFont(font)
    hb_font = _hb_font(font)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    uharfbuzz.shape(hb_font, buffer, {"kern": True, "liga": True})
    chars: list[str] = []
    data: list[ShapeData] = []
    advance = 0.0
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        gid = info.codepoint
        known = ttf.face.glyphToChar.get(gid)
        if known:
            code = known[0]
        else:
            code = ttf.hbAddPrivate(hb_font.glyph_to_string(gid), gid, position.x_advance)
        x_advance = ttf.pdfScale(position.x_advance)
        data.append(
            ShapeData(
                info.cluster,
                x_advance,
                ttf.pdfScale(position.y_advance),
                ttf.pdfScale(position.x_offset),
                ttf.pdfScale(position.y_offset),
                ttf.face.charWidths.get(code, 0),
            )
        )
        chars.append(chr(code))
        advance += x_advance / 1000
    # types-reportlab says one ShapeData; ReportLab keeps (and its text object reads) a list.
    return ShapedStr("".join(chars), shapeData=data), advance  # type: ignore[arg-type]


def _run(piece: str, key: _Key, font: str, size: float, display_order: bool) -> Run:
    fallback, reversed_rtl = key
    face = font if fallback is None else fallback_face(fallback, font)
    if fallback is not None and fallback.shaped:
        logical = piece[::-1] if reversed_rtl else piece
        rtl = reversed_rtl or (not display_order and has_rtl(piece))
        glyphs, advance = _shaped(logical, face, rtl)
        return Run(face, glyphs, advance * size, piece)
    # Unshaped: characters the face has no glyph for (joiners, variation selectors)
    # are left out of what is drawn, and kept in the text; so are skin-tone modifiers,
    # which a monochrome emoji font can only draw as a grey square.
    shown = "".join(c for c in piece if base_covers(face, ord(c)) and c not in _SKIN_TONES)
    needs_text = shown != piece or reversed_rtl or any(ord(c) > 0xFFFF for c in piece)
    width = pdfmetrics.stringWidth(shown, face, size)
    return Run(face, shown, width, piece if needs_text or fallback is not None else "")


def _runs(text: str, font: str, size: float, display_order: bool) -> list[Run]:
    runs: list[Run] = []
    start, key = 0, None
    for index, char in enumerate(text):
        new = _key(char, key, font, display_order)
        if key is not None and new != key:
            runs.append(_run(text[start:index], key, font, size, display_order))
            start = index
        key = new
    if key is not None:
        runs.append(_run(text[start:], key, font, size, display_order))
    return runs


def measure(text: str, font: str, size: float) -> float:
    """The width of ``text`` drawn in ``font`` (with fallbacks and shaping)."""
    if _simple(text, font):
        return pdfmetrics.stringWidth(text, font, size)
    return sum(run.width for run in _runs(text.translate(_DIRECTION_MARKS), font, size, False))


def display_runs(line: str, font: str, size: float) -> tuple[list[Run], bool]:
    """One line as runs in display order, and whether it reads right to left."""
    rtl = line_is_rtl(line)
    if _NEEDS_BIDI.search(line):
        from bidi import get_display

        line = str(get_display(line, base_dir="R" if rtl else "L"))
    return _runs(line.translate(_DIRECTION_MARKS), font, size, True), rtl


def _actual_text(text: str) -> str:
    return "/Span <</ActualText <FEFF" + text.encode("utf-16-be").hex().upper() + ">>> BDC"


def draw_line(
    canvas: Any,
    x: float,
    y: float,
    line: str,
    font: str,
    size: float,
    width: float | None = None,
    *,
    align_end: bool = False,
) -> float:
    """Draw one line with its baseline at ``y``: from ``x`` when it reads left to
    right, flush with ``x + width`` when it reads right to left (and ``width`` is
    given), or ending at ``x`` when ``align_end`` (a header's right-hand text). The
    canvas's fill colour is used. Returns the width drawn."""
    if _simple(line, font):
        drawn = pdfmetrics.stringWidth(line, font, size)
        start = x - drawn if align_end else x
        canvas.setFont(font, size)
        canvas.drawString(start, y, line)
        return drawn
    runs, rtl = display_runs(line, font, size)
    drawn = sum(run.width for run in runs)
    if align_end:
        start = x - drawn
    elif rtl and width is not None:
        start = x + width - drawn
    else:
        start = x
    for run in runs:
        if run.text:
            canvas.addLiteral(_actual_text(run.text))
        text = canvas.beginText(start, y)
        text.setFont(run.font, size)
        text.textOut(run.drawn)
        canvas.drawText(text)
        if run.text:
            canvas.addLiteral("EMC")
        start += run.width
    return drawn


def undrawable(text: str) -> list[str]:
    """The characters of ``text`` no bundled font can draw, each once, in order."""
    from app.printing.fonts import drawable

    seen: list[str] = []
    for char in text:
        if char not in seen and not drawable(char):
            seen.append(char)
    return seen
