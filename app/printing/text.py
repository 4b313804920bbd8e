"""User text to flowables: everything escaped (so `<`, `&`, `>` print literally and
can never become markup; app/printing/escaping.py is the one way text gets onto a
page), line breaks and bullet lists kept, and characters the bundled font cannot
draw collected for a warning instead of vanishing silently."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from app.printing.escaping import paragraph_markup, printable
from app.printing.fonts import REGULAR, drawable
from app.printing.scripts import direction_mark, draw_line, line_is_rtl, measure
from app.printing.styles import STYLES

_BULLET = re.compile(r"^\s*(?:[-*•‣◦]|\d{1,3}[.)])(?:\s+|$)")


@dataclass
class GlyphReport:
    """Characters met during a build that no bundled font has a glyph for."""

    missing: dict[str, int] = field(default_factory=dict)

    def check(self, text: str) -> None:
        if text.isascii():
            return
        for char in text:
            if not drawable(char):
                self.missing[char] = self.missing.get(char, 0) + 1

    def warnings(self) -> list[str]:
        if not self.missing:
            return []
        shown = ", ".join(character_name(c) for c in sorted(self.missing)[:8])
        more = len(self.missing) - 8
        tail = f" and {more} more" if more > 0 else ""
        return [
            f"{len(self.missing)} kind(s) of character cannot be drawn by the bundled"
            f" fonts and will be shown as boxes: {shown}{tail}."
        ]


def character_name(char: str) -> str:
    """A character as a reader can look it up: "🫨 (U+1FAE8 SHAKING FACE)"."""
    name = unicodedata.name(char, "")
    return f"{char} (U+{ord(char):04X}{' ' + name if name else ''})"


def markup(text: str, report: GlyphReport) -> str:
    """One line or block of user text as safe Paragraph markup."""
    report.check(text)
    return paragraph_markup(text)


# Breakable white space: all of it except the no-break spaces, which hold words together.
_BREAKABLE = re.compile(r"[^\S\u00a0\u2007\u202f]+")
# A soft hyphen (pasted from word processors): invisible, unless a line breaks there.
SOFT_HYPHEN = "\u00ad"


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Plain text as lines no wider than ``width``: line breaks kept, runs of spaces
    collapsed (as in a Paragraph), a word broken at a soft hyphen (shown as "-") only
    where the line ends, and a word too long for the line (a URL, a name typed without
    spaces) broken between characters rather than overflowing.

    Words are measured as they will be drawn (fallback fonts, shaping), in reading
    order; each line of a paragraph holding right-to-left text starts with the mark of
    its paragraph's direction (app/printing/scripts.py), which draws as nothing."""
    space = measure(" ", font, size)
    lines: list[str] = []
    for raw in printable(text).split("\n"):
        mark = direction_mark(raw)
        first = len(lines)
        line: list[str] = []
        used = -space
        for word in (w for w in _BREAKABLE.split(raw) if w):
            rest = word
            while True:
                shown = rest.replace(SOFT_HYPHEN, "") if SOFT_HYPHEN in rest else rest
                shown_width = measure(shown, font, size)
                room = width - used - space if line else width
                if shown_width <= room:
                    line.append(shown)
                    used += space + shown_width
                    break
                head, tail = _at_soft_hyphen(rest, room, font, size)
                if head:
                    line.append(head + "-")
                    lines.append(" ".join(line))
                    line, used, rest = [], -space, tail
                    continue
                if line:  # try again at the start of a new line
                    lines.append(" ".join(line))
                    line, used = [], -space
                    continue
                piece = ""  # wider than a whole line: whole characters per line
                for char in shown:
                    if piece and measure(piece + char, font, size) > width:
                        lines.append(piece)
                        piece = ""
                    piece += char
                line, used = [piece], measure(piece, font, size)
                break
        lines.append(" ".join(line))
        if mark:
            lines[first:] = [mark + wrapped for wrapped in lines[first:]]
    return lines


def _at_soft_hyphen(word: str, room: float, font: str, size: float) -> tuple[str, str]:
    """The longest start of ``word`` ending at a soft hyphen that fits ``room`` with its
    "-", and the rest; ("", word) when there is none."""
    if SOFT_HYPHEN not in word:
        return "", word
    parts = word.split(SOFT_HYPHEN)
    for cut in range(len(parts) - 1, 0, -1):
        head = "".join(parts[:cut])
        if head and measure(head + "-", font, size) <= room:
            return head, SOFT_HYPHEN.join(parts[cut:])
    return "", word


class TextBlock(Flowable):
    """Plain text in one style, wrapped and drawn straight on the canvas, splitting
    between lines across pages; optionally a list item with a bullet or number.

    It does what a Paragraph of escaped user text did here (which never held markup)
    at a fraction of the cost: parsing markup and the Paragraph line breaker were most
    of a session page's layout time (bench/findings.md)."""

    BULLET_INDENT = 14.0

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        bullet: str = "",
        lines: list[str] | None = None,
        indent: float | None = None,
    ) -> None:
        super().__init__()
        self.text, self.style, self.bullet = text, style, bullet
        self.indent = indent if indent is not None else self.BULLET_INDENT if bullet else 0.0
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self.lines = lines
        self._wrapped_for: float | None = None if lines is None else -1.0
        self.width = self.height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped_for not in (-1.0, available_width):
            self.lines = None
        if self.lines is None:
            self.lines = wrap_lines(
                self.text, self.style.fontName, self.style.fontSize, available_width - self.indent
            )
            self._wrapped_for = available_width
        self.width = available_width
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        assert self.lines is not None
        fit = int(available_height // self.style.leading)
        # Never a lone last line at the head of a page (widow), nor a lone first line at
        # the foot of one (orphan): at least two lines on each side of a page break.
        if len(self.lines) - fit == 1:
            fit -= 1
        if fit < 2 or fit >= len(self.lines):
            return []
        head = TextBlock(
            self.text, self.style, bullet=self.bullet, lines=self.lines[:fit], indent=self.indent
        )
        tail = TextBlock(self.text, self.style, lines=self.lines[fit:], indent=self.indent)
        head.spaceAfter, tail.spaceBefore = 0, 0
        return [head, tail]

    def draw(self) -> None:
        style, canvas = self.style, self.canv
        baseline = self.height - style.fontSize  # as a Paragraph places its first line
        lines = self.lines or []
        # A right-to-left paragraph is right-aligned, its bullet on the right.
        rtl = bool(lines) and line_is_rtl(lines[0])
        if self.bullet:
            canvas.setFillColor(style.textColor)
            bullet_size = style.fontSize if self.bullet[0].isdigit() else 8
            if rtl:
                canvas.setFont(REGULAR, bullet_size)
                canvas.drawRightString(self.width, baseline, self.bullet)
            else:
                canvas.setFont(REGULAR, bullet_size)
                canvas.drawString(0, baseline, self.bullet)
        if all(line.isascii() for line in lines):  # the common case, at no extra cost
            text = canvas.beginText(self.indent, baseline)
            text.setFont(style.fontName, style.fontSize, style.leading)
            text.setFillColor(style.textColor)
            for line in lines:
                text.textLine(line)
            canvas.drawText(text)
            return
        canvas.setFillColor(style.textColor)
        x, width = (0.0, self.width - self.indent) if rtl else (self.indent, self.width)
        for line in lines:
            draw_line(canvas, x, baseline, line, style.fontName, style.fontSize, width - x)
            baseline -= style.leading


def plain(text: str, report: GlyphReport, style: str = "body") -> TextBlock:
    """One line or block of user text (line breaks kept) as a TextBlock."""
    report.check(text)
    return TextBlock(text, STYLES[style])


def blocks(text: str, report: GlyphReport, style: str = "body") -> list[Flowable]:
    """Free text as paragraphs: blank lines separate paragraphs, lines starting with
    "- ", "* ", "• " or "1." become a bullet list, other line breaks are kept."""
    text = printable(text).strip("\n")
    if not text.strip():
        return [TextBlock("—", STYLES["empty"])]
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
                runs[-1][1].append(line[match.end() :])
            else:
                runs.append((True, [line[match.end() :]], numbered))
        elif runs and runs[-1][0] and line.startswith((" ", "\t")) and line.strip():
            runs[-1][1][-1] += "\n" + line.strip()
        elif runs and not runs[-1][0]:
            runs[-1][1].append(line)
        else:
            runs.append((False, [line], False))
    out: list[Flowable] = []
    for is_list, items, numbered in runs:
        if not is_list:
            out.append(plain("\n".join(items), report, style))
            continue
        # One indent for the whole list, wide enough for its longest number ("10.").
        indent = TextBlock.BULLET_INDENT
        if numbered:
            widest = measure(f"{len(items)}.", REGULAR, STYLES[style].fontSize)
            indent = max(indent, widest + 4)
        for number, item in enumerate(items, start=1):
            bullet = f"{number}." if numbered else "•"
            if item.strip():
                report.check(item)
                out.append(TextBlock(item, STYLES[style], bullet=bullet, indent=indent))
            else:  # an empty item ("1. " in a template) prints as a line to write on
                out.append(TextBlock("_" * 70, STYLES["empty"], bullet=bullet, indent=indent))
    return out


class MissingGlyphsNote(Flowable):
    """A note naming the characters of the whole build that no bundled font can draw
    (for the pack's cover): it is laid out after the story is made, when the report
    holds every record's text; nothing when there are none."""

    def __init__(self, report: GlyphReport) -> None:
        super().__init__()
        self.report = report
        self._block: TextBlock | None = None
        self.width = self.height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        warnings = self.report.warnings()
        if not warnings:
            self._block = None
            return 0, 0
        self._block = TextBlock(warnings[0], STYLES["note"])
        self.width, self.height = self._block.wrap(available_width, available_height)
        return self.width, self.height

    def draw(self) -> None:
        if self._block is not None:
            self._block.drawOn(self.canv, 0, 0)
