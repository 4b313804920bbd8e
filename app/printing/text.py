"""User text to flowables: everything escaped (so `<`, `&`, `>` print literally and
can never become markup), line breaks and bullet lists kept, and characters the
bundled font cannot draw collected for a warning instead of vanishing silently."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, ListFlowable, ListItem, Paragraph

from app.printing.fonts import REGULAR, covered_code_points
from app.printing.styles import STYLES

_BULLET = re.compile(r"^\s*(?:[-*•‣◦]|\d{1,3}[.)])(?:\s+|$)")
# Invisible characters that need no glyph.
_NO_GLYPH_NEEDED = {"Cc", "Cf", "Zl", "Zp", "Zs", "Mn", "Me"}


@dataclass
class GlyphReport:
    """Characters met during a build that the font has no glyph for."""

    missing: dict[str, int] = field(default_factory=dict)

    def check(self, text: str) -> None:
        covered = covered_code_points()
        for char in text:
            if ord(char) < 0x80 or ord(char) in covered:
                continue
            if unicodedata.category(char) in _NO_GLYPH_NEEDED:
                continue
            self.missing[char] = self.missing.get(char, 0) + 1

    def warnings(self) -> list[str]:
        if not self.missing:
            return []
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in sorted(self.missing)[:8])
        more = len(self.missing) - 8
        tail = f" and {more} more" if more > 0 else ""
        return [f"{len(self.missing)} kind(s) of character cannot be drawn by the bundled"
                f" font and will be missing or shown as boxes: {shown}{tail}."]


def markup(text: str, report: GlyphReport) -> str:
    """One line or block of user text as safe Paragraph markup."""
    report.check(text)
    return escape(text).replace("\n", "<br/>")


def inline(text: str, report: GlyphReport, style: str = "value") -> Paragraph:
    return Paragraph(markup(text, report), STYLES[style])


def blocks(text: str, report: GlyphReport, style: str = "body") -> list[Flowable]:
    """Free text as paragraphs: blank lines separate paragraphs, lines starting with
    "- ", "* ", "• " or "1." become a bullet list, other line breaks are kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        return [Paragraph("—", STYLES["empty"])]
    flowables: list[Flowable] = []
    for chunk in re.split(r"\n\s*\n", text):
        flowables += _chunk(chunk.split("\n"), report, style)
    return flowables


def _chunk(lines: list[str], report: GlyphReport, style: str) -> list[Flowable]:
    """Runs of plain lines become one paragraph; runs of list lines one list."""
    runs: list[tuple[bool, list[str], bool]] = []  # (is_list, lines, numbered)
    for line in lines:
        match = _BULLET.match(line)
        if match:
            numbered = line.strip()[0].isdigit()
            if runs and runs[-1][0] and runs[-1][2] == numbered:
                runs[-1][1].append(line[match.end():])
            else:
                runs.append((True, [line[match.end():]], numbered))
        elif runs and runs[-1][0] and line.startswith((" ", "\t")) and line.strip():
            runs[-1][1][-1] += "\n" + line.strip()
        elif runs and not runs[-1][0]:
            runs[-1][1].append(line)
        else:
            runs.append((False, [line], False))
    out: list[Flowable] = []
    for is_list, items, numbered in runs:
        if not is_list:
            out.append(Paragraph(markup("\n".join(items), report), STYLES[style]))
            continue
        # An empty item ("1. " in a template) prints as a line to write on.
        paragraphs = [Paragraph(markup(item, report), STYLES[style]) if item.strip()
                      else Paragraph("_" * 70, STYLES["empty"]) for item in items]
        out.append(ListFlowable(
            [ListItem(p, leftIndent=14) for p in paragraphs],
            bulletType="1" if numbered else "bullet", start=None if numbered else "•",
            leftIndent=14, bulletFontSize=8 if not numbered else 9.5, bulletFormat=(
                "%s." if numbered else None), bulletFontName=REGULAR, spaceAfter=4))
    return out
