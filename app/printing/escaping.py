"""The one path by which user text reaches a PDF. Every piece of user text passes
through one of these on its way to a page:

- ``paragraph_markup``: into a ReportLab Paragraph (whose text is markup: unescaped,
  ``<img src=...>`` embeds a local file, ``<a href=...>`` makes a link, ``<font>``
  hides text);
- ``drawn_line``: onto the canvas, one line at a time, in drawing order;
- ``one_line``: into the outline (bookmarks), the table of contents and the
  document's metadata, shortened to a bound.

All of them start from ``printable``: characters that would print as a box or
nothing at all (control characters, invisible formatting the font has no glyph for,
unpaired surrogates) are dropped, and every kind of line break becomes "\\n"."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from xml.sax.saxutils import escape

from app.printing.fonts import covered_code_points

# Line breaks of every kind (Windows, old Mac, Word's manual line break \v, form feed,
# NEL and the Unicode line and paragraph separators) print as one line break.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Explicit bidirectional embeddings and overrides: they would make a line read
# differently from what it holds (U+202E turns "gpj.exe" into "exe.jpg"). The
# right-to-left parts of a line are still put in reading order by their letters.
_BIDI_EXPLICIT = "\u202a\u202b\u202c\u202d\u202e"
# Isolates (LRI, RLI, FSI ... PDI) only keep a piece of text from reordering what is
# around it: a matched pair stays (the printing code isolates names inside sentences),
# an unmatched one goes.
_ISOLATES = re.compile("[\u2066-\u2069]")
# Format characters the drawing path (app/printing/scripts.py) uses and never draws:
# joiners for shaping and emoji, direction marks, isolates.
_STEERING = frozenset({0x061C, 0x200C, 0x200D, 0x200E, 0x200F, 0x2066, 0x2067, 0x2068, 0x2069})


# Where Unicode keeps its format characters (category Cf); a test checks that this
# covers every one this Python knows.
FORMAT_CHARACTER_BLOCKS = (
    range(0x0000, 0x2100),
    range(0xFE00, 0x10000),
    range(0x11000, 0x11100),
    range(0x13400, 0x13450),
    range(0x1BCA0, 0x1BCA4),
    range(0x1D170, 0x1D180),
    range(0xE0000, 0xE0080),
)


@lru_cache(maxsize=1)
def _unprintable() -> re.Pattern[str]:
    """Characters to drop: control characters other than the line break and tab,
    explicit bidi formatting, format characters the bundled font has no (invisible)
    glyph for, noncharacters, and unpaired surrogates (which cannot even be written
    into a PDF)."""
    covered = covered_code_points()
    dropped = {c for c in range(0x20) if c not in (0x09, 0x0A)}
    dropped |= set(range(0x7F, 0xA0))
    dropped |= {ord(c) for c in _BIDI_EXPLICIT}
    for block in FORMAT_CHARACTER_BLOCKS:
        for code in block:
            if code in _STEERING:
                continue
            if code not in covered and unicodedata.category(chr(code)) == "Cf":
                dropped.add(code)
    dropped |= set(range(0xFDD0, 0xFDF0)) | {0xFFFE, 0xFFFF}
    ranges = "".join(re.escape(chr(c)) for c in sorted(dropped))
    return re.compile(f"[{ranges}\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with line breaks as "\\n", tabs as spaces, and nothing the page cannot
    show. Plain text with none of those is returned as it is (the common case)."""
    if _LINE_BREAKS.search(text):
        text = _LINE_BREAKS.sub("\n", text)
    if "\t" in text:
        text = text.replace("\t", " ")
    if _unprintable().search(text):
        text = _unprintable().sub("", text)
    if _ISOLATES.search(text):
        text = _matched_isolates(text)
    return text


def _matched_isolates(text: str) -> str:
    """``text`` without the isolate initiators and PDIs that have no partner."""
    keep = [True] * len(text)
    opened: list[int] = []
    for index, char in enumerate(text):
        if char in "\u2066\u2067\u2068":
            opened.append(index)
        elif char == "\u2069":
            if opened:
                opened.pop()
            else:
                keep[index] = False
    for index in opened:
        keep[index] = False
    return "".join(char for char, kept in zip(text, keep, strict=True) if kept)


# Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms: right-to-left.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def visual_line(line: str) -> str:
    """One line in the order it must be drawn. ReportLab draws characters left to
    right as given: an Arabic or Hebrew name would come out backwards, with Arabic
    letters unjoined. Right-to-left runs are reordered (python-bidi, the Unicode
    bidirectional algorithm) and Arabic letters take their joined forms
    (arabic-reshaper). Lines without such characters are returned as they are."""
    if not _RIGHT_TO_LEFT.search(line):
        return line
    from arabic_reshaper import reshape
    from bidi import get_display

    return str(get_display(reshape(line)))


def drawn_line(line: str) -> str:
    """One line of user text as drawn on the canvas (its line breaks become spaces)."""
    return visual_line(printable(line).replace("\n", " "))


def paragraph_markup(text: str) -> str:
    """User text as Paragraph markup that says exactly the text: every ``<``, ``>`` and
    ``&`` escaped, line breaks as ``<br/>``, each line in drawing order."""
    return "<br/>".join(escape(visual_line(line)) for line in printable(text).split("\n"))


def one_line(text: str, limit: int = 200) -> str:
    """User text as one line of at most ``limit`` characters (ending in "…" when cut),
    in reading (logical) order, for the outline, the table of contents and metadata:
    PDF viewers lay those out themselves."""
    flat = " ".join(_ISOLATES.sub("", printable(text)).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
