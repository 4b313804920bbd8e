"""The pack's table of contents: one line per bookmark, drawn by the same path as every
other line of user text (app/printing/scripts.py: direction, fonts, shaping), so a
record named in Hebrew, Arabic or Chinese reads there as in its own pages and in the
outline.

A group's line ("Session records") is a heading: no leader and no page number (its
page is its first record's). A record's line ends in its page number, flush right,
after a leader of dots set on one grid for the whole table, so the dots of all lines
stand in the same columns; a title too long for its line wraps. Each entry links to
its page."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable
from reportlab.platypus.tableofcontents import TableOfContents

from app.printing.scripts import draw_line, line_is_rtl, measure
from app.printing.text import wrap_lines

Entry = tuple[int, str, int, str | None]  # (level, title, page, bookmark key)

_DOT_PITCH = 4.5  # points between the leader's dots
_PAGE_COLUMN = 28.0  # room for the page number at the right
_GAP = 6.0  # at least this much space between a title, its dots and its page number


class _Lines(Flowable):
    """The contents' lines, splitting between entries across pages."""

    def __init__(self, entries: list[Entry], styles: list[ParagraphStyle]) -> None:
        super().__init__()
        self.entries, self.styles = entries, styles
        self.width = self.height = 0.0
        self._laid: list[tuple[list[str], str]] = []  # per entry: title lines, page shown

    def _style(self, level: int) -> ParagraphStyle:
        return self.styles[min(level, len(self.styles) - 1)]

    def _lay_out(self, width: float) -> None:
        self._laid = []
        for index, (level, title, page, _key) in enumerate(self.entries):
            style = self._style(level)
            grouping = (
                level == 0 and index + 1 < len(self.entries) and self.entries[index + 1][0] > level
            )
            number = "" if grouping else str(page)
            room = width - style.leftIndent - (_PAGE_COLUMN + _GAP if number else 0)
            lines = wrap_lines(title, style.fontName, style.fontSize, room) or [""]
            self._laid.append((lines, number))

    def _heights(self) -> list[float]:
        return [
            len(lines) * self._style(level).leading
            for (level, *_), (lines, _n) in zip(self.entries, self._laid, strict=True)
        ]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self.width != available_width or len(self._laid) != len(self.entries):
            self._lay_out(available_width)
        self.width = available_width
        self.height = sum(self._heights())
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        used, fit = 0.0, 0
        for height in self._heights():
            if used + height > available_height:
                break
            used, fit = used + height, fit + 1
        if fit == 0 or fit == len(self.entries):
            return []
        return [
            _Lines(self.entries[:fit], self.styles),
            _Lines(self.entries[fit:], self.styles),
        ]

    def draw(self) -> None:
        canvas: Any = self.canv
        top = self.height
        for (level, _title, _page, key), (lines, number) in zip(
            self.entries, self._laid, strict=True
        ):
            style = self._style(level)
            left = style.leftIndent
            room = self.width - left - (_PAGE_COLUMN + _GAP if number else 0)
            entry_top = top
            canvas.setFillColor(style.textColor)
            drawn = 0.0
            for line in lines:
                top -= style.leading
                baseline = top + (style.leading - style.fontSize) * 0.5
                drawn = draw_line(
                    canvas, left, baseline, line, style.fontName, style.fontSize, room
                )
            if number:
                canvas.setFont(style.fontName, style.fontSize)
                canvas.drawRightString(self.width, baseline, number)
                # Dots on a grid counted from the right: the same columns on every line.
                last = self.width - _PAGE_COLUMN
                dots = int((last - (left + drawn + _GAP)) // _DOT_PITCH)
                if line_is_rtl(lines[-1]):  # the title is flush right: dots to its left
                    dots = int((room - drawn - _GAP) // _DOT_PITCH)
                    last = left + dots * _DOT_PITCH
                if dots > 0:
                    _leader(canvas, last, baseline, dots, style)
            if key:
                canvas.linkRect("", key, (0, top, self.width, entry_top), relative=1)


def _leader(canvas: Any, last: float, baseline: float, dots: int, style: ParagraphStyle) -> None:
    """``dots`` dots, the last ending at ``last``, one every _DOT_PITCH points."""
    dot = measure(".", style.fontName, style.fontSize)
    text = canvas.beginText(last - dots * _DOT_PITCH + (_DOT_PITCH - dot), baseline)
    text.setFont(style.fontName, style.fontSize)
    text.setCharSpace(_DOT_PITCH - dot)
    text.textOut("." * dots)
    text.setCharSpace(0)  # the spacing is text state: it would outlive the text object
    canvas.drawText(text)


class Contents(TableOfContents):
    """ReportLab's table of contents (entries gathered over the build's passes) laid out
    by ``_Lines`` instead of a table of Paragraphs."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        entries = self._lastEntries or [(0, "", 0, None)]  # type: ignore[attr-defined]
        self._lines = _Lines(list(entries), self.levelStyles)
        self._lines.canv = self.canv
        self.width, self.height = self._lines.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        return self._lines.split(available_width, available_height)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        self._lines.drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]
