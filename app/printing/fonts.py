"""The bundled font (DejaVu Sans: Latin incl. Welsh and Polish, Greek, Cyrillic,
Arabic letters and more), registered once per process and embedded in every PDF."""

from __future__ import annotations

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
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)


@cache
def covered_code_points() -> frozenset[int]:
    """Code points the regular and bold faces can both draw. Characters beyond the
    Basic Multilingual Plane are left out: ReportLab's subsetting drops them from the
    page, so they must be reported like any other missing glyph."""
    register_fonts()
    # types-reportlab says getFont returns a Font; for a TrueType face it is the TTFont.
    regular = pdfmetrics.getFont(REGULAR).face.charToGlyph  # type: ignore[attr-defined]
    bold = pdfmetrics.getFont(BOLD).face.charToGlyph  # type: ignore[attr-defined]
    return frozenset(c for c in regular.keys() & bold.keys() if c <= 0xFFFF)
