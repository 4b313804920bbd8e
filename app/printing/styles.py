"""One set of paragraph styles for every document."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle

from app.printing.fonts import BOLD, ITALIC, MONO, REGULAR, register_fonts

register_fonts()

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5B6670")
RULE = colors.HexColor("#B8C2CC")
SHADE = colors.HexColor("#EEF2F5")
ACCENT = colors.HexColor("#1F4E79")
WATERMARK = colors.HexColor("#B03A2E")

_BASE = ParagraphStyle("base", fontName=REGULAR, fontSize=9.5, leading=12.5, textColor=INK)

STYLES: dict[str, ParagraphStyle] = {
    "body": ParagraphStyle("body", parent=_BASE, spaceAfter=4),
    "value": ParagraphStyle("value", parent=_BASE),
    "small": ParagraphStyle("small", parent=_BASE, fontSize=8, leading=10),
    "empty": ParagraphStyle("empty", parent=_BASE, textColor=MUTED),
    "label": ParagraphStyle(
        "label", parent=_BASE, fontName=BOLD, fontSize=8.5, leading=11, textColor=MUTED
    ),
    "cell_head": ParagraphStyle(
        "cell_head", parent=_BASE, fontName=BOLD, fontSize=8.5, leading=11, textColor=INK
    ),
    "title": ParagraphStyle(
        "title",
        parent=_BASE,
        fontName=BOLD,
        fontSize=17,
        leading=21,
        textColor=ACCENT,
        spaceAfter=2,
    ),
    "subtitle": ParagraphStyle(
        "subtitle", parent=_BASE, fontSize=10, leading=13, textColor=MUTED, spaceAfter=10
    ),
    "h2": ParagraphStyle(
        "h2",
        parent=_BASE,
        fontName=BOLD,
        fontSize=11.5,
        leading=15,
        textColor=ACCENT,
        spaceBefore=10,
        spaceAfter=4,
        keepWithNext=1,
    ),
    "h3": ParagraphStyle(
        "h3",
        parent=_BASE,
        fontName=BOLD,
        fontSize=9.5,
        leading=12.5,
        spaceBefore=6,
        spaceAfter=2,
        keepWithNext=1,
    ),
    "note": ParagraphStyle(
        "note", parent=_BASE, fontName=ITALIC, fontSize=8.5, leading=11, textColor=MUTED
    ),
    "callout": ParagraphStyle(
        "callout", parent=_BASE, fontName=BOLD, textColor=ACCENT, spaceBefore=2, spaceAfter=8
    ),
    "code": ParagraphStyle(
        "code", parent=_BASE, fontName=MONO, fontSize=15, leading=22, alignment=TA_CENTER
    ),
    "cover_title": ParagraphStyle(
        "cover_title",
        parent=_BASE,
        fontName=BOLD,
        fontSize=26,
        leading=32,
        textColor=ACCENT,
        spaceAfter=8,
    ),
    "toc0": ParagraphStyle("toc0", parent=_BASE, fontSize=10, leading=14, leftIndent=0),
    "toc1": ParagraphStyle(
        "toc1", parent=_BASE, fontSize=9, leading=12, leftIndent=14, textColor=MUTED
    ),
    # A page that belongs to the record above it (a proposed amendment after the signed).
    "toc2": ParagraphStyle(
        "toc2", parent=_BASE, fontSize=9, leading=12, leftIndent=28, textColor=MUTED
    ),
}
