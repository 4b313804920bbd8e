"""The bundled fonts, registered once per process and embedded (subset) in every PDF.

DejaVu Sans draws the pages: Latin incl. Welsh, Irish and Polish, Greek, Cyrillic and
more. Text it cannot draw, or draws poorly, falls back by script to Noto Sans Arabic,
Noto Sans Hebrew and Noto Sans Devanagari (shaped by HarfBuzz), Droid Sans Fallback
(Chinese, Japanese, Korean) and Symbola (emoji and symbols, in monochrome). The
fallbacks are loaded the first time a page needs one: a Latin-only page never reads
them. Their licences are beside them in resources/fonts."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.resources import resource_path

REGULAR = "MP-Sans"
BOLD = "MP-Sans-Bold"
ITALIC = "MP-Sans-Oblique"
MONO = "MP-Mono"
_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    MONO: "DejaVuSansMono.ttf",
}


@cache
def register_fonts() -> None:
    for name, filename in _FILES.items():
        # Not shapable: the Latin pages are drawn as before, at no cost for shaping.
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename)), shapable=False))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)


@dataclass(frozen=True)
class Fallback:
    """A font for the characters DejaVu cannot draw (or for a script it must not draw:
    ``scripts`` are the code point ranges this font always draws when it can)."""

    name: str
    regular: str
    bold: str
    scripts: tuple[range, ...] = ()
    shaped: bool = True  # HarfBuzz shapes its runs (joining, conjuncts, marks)


ARABIC_RANGES = (
    range(0x0600, 0x0700),
    range(0x0750, 0x0780),
    range(0x08A0, 0x0900),
    range(0xFB50, 0xFE00),
    range(0xFE70, 0xFF00),
)
HEBREW_RANGES = (range(0x0590, 0x0600), range(0xFB1D, 0xFB50))
DEVANAGARI_RANGES = (range(0x0900, 0x0980), range(0xA8E0, 0xA900))

# In the order they are asked: the first that has a glyph draws the character.
FALLBACKS = (
    Fallback("MP-Arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", ARABIC_RANGES),
    Fallback("MP-Hebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf", HEBREW_RANGES),
    Fallback(
        "MP-Devanagari",
        "NotoSansDevanagari-Regular.ttf",
        "NotoSansDevanagari-Bold.ttf",
        DEVANAGARI_RANGES,
    ),
    Fallback("MP-CJK", "DroidSansFallbackFull.ttf", "DroidSansFallbackFull.ttf"),
    Fallback("MP-Symbols", "Symbola.ttf", "Symbola.ttf"),
)
_BOLD_FACES = {BOLD}


@cache
def _fallback_font(fallback: Fallback, bold: bool) -> str:
    """The registered name of ``fallback``'s regular or bold face, loaded on first use."""
    name = f"{fallback.name}-Bold" if bold else fallback.name
    filename = fallback.bold if bold else fallback.regular
    pdfmetrics.registerFont(
        TTFont(name, str(resource_path("fonts", filename)), shapable=fallback.shaped)
    )
    return name


def fallback_face(fallback: Fallback, base: str) -> str:
    """The face of ``fallback`` that stands in for the page font ``base``."""
    return _fallback_font(fallback, base in _BOLD_FACES)


@cache
def _cmap(font_name: str) -> frozenset[int]:
    """The code points ``font_name`` has a glyph for (read once, before any shaping adds
    private code points to the font's map)."""
    register_fonts()
    face = pdfmetrics.getFont(font_name).face  # type: ignore[attr-defined]
    return frozenset(c for c in face.charToGlyph if not 0xE000 <= c <= 0xF8FF)


@cache
def _fallback_cmap(fallback: Fallback) -> frozenset[int]:
    return _cmap(_fallback_font(fallback, False))


def base_covers(font_name: str, code: int) -> bool:
    return code in _cmap(font_name)


def fallback_for(code: int) -> Fallback | None:
    """The fallback font a character is drawn in, or None when the page font draws it
    (or nothing can)."""
    if code < 0x0590 or 0x0980 <= code < 0xA8E0 or 0xA900 <= code < 0xFB1D or code >= 0xFF00:
        return None  # outside every script a fallback draws in the page font's place
    for fallback in FALLBACKS:
        if any(code in script for script in fallback.scripts):
            return fallback if code in _fallback_cmap(fallback) else None
    return None


def fallback_covering(code: int) -> Fallback | None:
    """The first fallback font with a glyph for ``code``."""
    for fallback in FALLBACKS:
        if code in _fallback_cmap(fallback):
            return fallback
    return None


# Characters that print as nothing: they need no glyph.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Mn", "Me"})


def drawable(char: str) -> bool:
    """Whether some bundled font draws ``char`` (or it needs no glyph)."""
    code = ord(char)
    if code < 0x80 or code in _cmap(REGULAR):
        return True
    if unicodedata.category(char) in INVISIBLE_CATEGORIES:
        return True
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:  # variation selectors
        return True
    return fallback_covering(code) is not None


@cache
def covered_code_points() -> frozenset[int]:
    """Code points the regular and bold page faces can both draw (the fallbacks not
    counted: see ``drawable``)."""
    return _cmap(REGULAR) & _cmap(BOLD)
