"""Building blocks shared by the documents: a label/value grid, headed text
sections, wrapping tables and the signature block."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.printing.escaping import printable
from app.printing.keeping import SignatureBlock
from app.printing.scripts import draw_line, measure
from app.printing.styles import INK, MUTED, RULE, SHADE, STYLES
from app.printing.text import GlyphReport, TextBlock, blocks, plain, wrap_lines

Value = str | date | int | None


def fmt(value: Value) -> str:
    """A value as printed; an empty one prints as nothing (a grid or table keeps a
    ruled cell for it, room to write the value by hand)."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def title_block(title: str, subtitle: str, report: GlyphReport) -> list[Flowable]:
    return [plain(title, report, "title"), plain(subtitle, report, "subtitle")]


# The grid's and signature block's text styles: the same as the Paragraph styles.
_LABEL, _VALUE, _NOTE, _ROLE = STYLES["label"], STYLES["value"], STYLES["note"], STYLES["h3"]


Cell = tuple[str, ...]  # one cell's text, already wrapped into lines
Row = tuple[Cell, ...]


@dataclass(frozen=True)
class Padding:
    top: float
    bottom: float
    left: float
    right: float


class RuledTable(Flowable):
    """Rows of wrapped plain text in fixed columns, each column in its own style, with a
    heavy rule on top and a hairline under every row; an optional shaded header row is
    repeated on every page. Drawn straight on the canvas.

    It replaces platypus Tables of Paragraphs, which did the same at several times the
    cost (most of a session page's layout time, measured by bench/). Rows split across
    pages between rows, and a tall row between its lines, so a 100 KB field flows on."""

    def __init__(
        self,
        rows: Sequence[Row],
        widths: Sequence[float],
        styles: Sequence[ParagraphStyle],
        padding: Padding,
        header: Row | None = None,
        header_style: ParagraphStyle | None = None,
    ) -> None:
        super().__init__()
        self.rows, self.widths, self.styles = list(rows), tuple(widths), tuple(styles)
        self.padding, self.header, self.header_style = padding, header, header_style
        # What the table continues, shown above its rows on the next page ("Actions
        # agreed (continued)"); set from its heading (app.printing.keeping).
        self.continued = ""
        self.label = ""  # on a continuation: the line drawn above it
        self.width = sum(self.widths)
        self.height = sum(self._height(row) for row in self._all_rows())

    def _all_rows(self) -> list[Row]:
        return ([self.header] if self.header else []) + self.rows

    def _styles_of(self, row: Row) -> Sequence[ParagraphStyle]:
        if row is self.header and self.header_style is not None:
            return [self.header_style] * len(self.widths)
        return self.styles

    def _height(self, row: Row) -> float:
        styles = self._styles_of(row)
        text = max(
            [styles[0].leading]
            + [len(cell) * style.leading for cell, style in zip(row, styles, strict=False)]
        )
        return self.padding.top + text + self.padding.bottom

    def _copy(self, rows: Sequence[Row], label: str = "") -> RuledTable:
        table = RuledTable(
            rows, self.widths, self.styles, self.padding, self.header, self.header_style
        )
        table.continued, table.label = self.continued, label
        if label:
            table.height += _NOTE.leading + 2
        return table

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        used = self._height(self.header) if self.header else 0.0
        used += _NOTE.leading + 2 if self.label else 0.0
        whole = 0
        for row in self.rows:
            if used + self._height(row) > available_height:
                break
            used += self._height(row)
            whole += 1
        head, rest = self.rows[:whole], self.rows[whole:]
        if rest:  # the next row's first lines, if whole lines of every cell fit
            room = available_height - used - self.padding.top - self.padding.bottom
            split = self._split_row(rest[0], room)
            if split is not None:
                head = head + [split[0]]
                rest = [split[1]] + rest[1:]
        if not head:
            return []
        if not rest:
            return [self._copy(head, self.label)]
        label = f"{self.continued} (continued)" if self.continued else ""
        return [self._copy(head, self.label), self._copy(rest, label)]

    def _split_row(self, row: Row, room: float) -> tuple[Row, Row] | None:
        """A row's first lines that fit ``room`` and the rest, or None: each cut cell
        keeps at least two lines on each page (no lone line at the foot of one page
        or at the head of the next), and a label cut off repeats on the next page."""
        head: list[Cell] = []
        tail: list[Cell] = []
        cut = False
        for cell, style in zip(row, self.styles, strict=False):
            fit = int(room // style.leading)
            if len(cell) <= fit:
                head.append(cell)
                tail.append(())
                continue
            if len(cell) - fit == 1:
                fit -= 1
            if fit < 2:
                return None
            cut = True
            head.append(cell[:fit])
            tail.append(cell[fit:])
        if not cut:
            return None
        # A label (a grid's left column) goes with the row's next lines as well.
        tail = [
            rest
            or (
                _cell(" ".join(cell) + " (cont.)", style, width, self.padding)
                if style is _LABEL and cell
                else ()
            )
            for rest, cell, style, width in zip(tail, head, self.styles, self.widths, strict=False)
        ]
        return tuple(head), tuple(tail)

    def draw(self) -> None:
        canvas, pad = self.canv, self.padding
        top = self.height
        if self.label:
            _draw_lines(canvas, [self.label], 0, top - _NOTE.fontSize, _NOTE)
            top -= _NOTE.leading + 2
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.8)
        canvas.line(0, top, self.width, top)
        canvas.setLineWidth(0.4)
        canvas.setStrokeColor(RULE)
        for row in self._all_rows():
            height = self._height(row)
            styles = self._styles_of(row)
            if row is self.header:
                canvas.setFillColor(SHADE)
                canvas.rect(0, top - height, self.width, height, stroke=0, fill=1)
            # First baselines level across the row, whatever each column's size.
            baseline = top - pad.top - max(style.fontSize for style in styles)
            x = pad.left
            for cell, style, width in zip(row, styles, self.widths, strict=False):
                _draw_lines(canvas, cell, x, baseline, style, width - pad.left - pad.right)
                x += width
            top -= height
            canvas.line(0, top, self.width, top)


def _draw_lines(
    canvas: Any,
    lines: Sequence[str],
    x: float,
    baseline: float,
    style: ParagraphStyle,
    width: float | None = None,
) -> None:
    """Lines of a cell (right-to-left ones flush right when ``width`` is given)."""
    if all(line.isascii() for line in lines):  # the common case: one text object
        text = canvas.beginText(x, baseline)
        text.setFont(style.fontName, style.fontSize, style.leading)
        text.setFillColor(style.textColor)
        for line in lines:
            text.textLine(line)
        canvas.drawText(text)
        return
    canvas.setFillColor(style.textColor)
    for line in lines:
        draw_line(canvas, x, baseline, line, style.fontName, style.fontSize, width)
        baseline -= style.leading


def _cell(text: str, style: ParagraphStyle, width: float, padding: Padding) -> Cell:
    return tuple(
        wrap_lines(text, style.fontName, style.fontSize, width - padding.left - padding.right)
    )


GRID_PADDING = Padding(top=3.5, bottom=3.5, left=3, right=6)
TABLE_PADDING = Padding(top=3, bottom=3, left=3, right=4)
# A checklist's rows: tighter, so the 17 items of the first-meeting checklist and the
# signatures share one page.
CHECKLIST_PADDING = Padding(top=2, bottom=2, left=3, right=4)


def field_grid(
    rows: Sequence[tuple[str, Value]], width: float, report: GlyphReport, columns: int = 2
) -> RuledTable:
    """Short fields as a ruled grid of label/value pairs, ``columns`` pairs per row."""
    # One label width for every grid, so stacked grids line up on the page.
    label_width = 30 * mm
    value_width = width / columns - label_width
    cells: list[Cell] = []
    for label, value in rows:
        text = fmt(value)
        report.check(label)
        report.check(text)
        cells += [
            _cell(label, _LABEL, label_width, GRID_PADDING),
            _cell(text, _VALUE, value_width, GRID_PADDING),
        ]
    per_row = 2 * columns
    grid = [tuple(cells[start : start + per_row]) for start in range(0, len(cells), per_row)]
    return RuledTable(
        grid, [label_width, value_width] * columns, [_LABEL, _VALUE] * columns, GRID_PADDING
    )


def section(
    heading: str, text: str, report: GlyphReport, level: str = "h3", note: str = ""
) -> list[Flowable]:
    """A headed block of free text that flows across pages."""
    out: list[Flowable] = [plain(heading, report, level)]
    if note:
        out.append(plain(note, report, "note"))
    if not printable(text).strip():
        return [*out, WritingLines()]
    return out + blocks(text, report)


class WritingLines(Flowable):
    """An empty field on a form: a few pale ruled lines with room to write on."""

    SPACING = 7.5 * mm

    def __init__(self, count: int = 2) -> None:
        super().__init__()
        self.count = count
        self.width, self.height = 0.0, count * self.SPACING

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.5)
        for line in range(self.count):
            y = self.height - (line + 1) * self.SPACING + 1
            self.canv.line(0, y, self.width, y)
        self.canv.restoreState()


def heading(text: str, report: GlyphReport, level: str = "h2") -> TextBlock:
    return plain(text, report, level)


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Value]],
    widths: Sequence[float],
    report: GlyphReport,
    empty: str = "None recorded.",
    padding: Padding = TABLE_PADDING,
) -> Flowable:
    """A ruled table whose cells wrap and whose rows may split across pages."""
    if not rows:
        return plain(empty, report, "empty")
    head_style = STYLES["cell_head"]
    for text in header:
        report.check(text)
    body = []
    for row in rows:
        texts = [fmt(value) for value in row]
        for text in texts:
            report.check(text)
        body.append(
            tuple(
                _cell(text, _VALUE, width, padding)
                for text, width in zip(texts, widths, strict=False)
            )
        )
    return RuledTable(
        body,
        widths,
        [_VALUE] * len(widths),
        padding,
        header=tuple(
            _cell(text, head_style, width, padding)
            for text, width in zip(header, widths, strict=False)
        ),
        header_style=head_style,
    )


@dataclass(frozen=True)
class SignatureSlot:
    """One signer's block: printed name, signature (ink line or drawn strokes), date."""

    role: str  # "Mentee" / "Mentor"
    name: str
    signed_on: date | None = None
    strokes_json: str = ""
    how: str = ""  # e.g. "Signed in ink" / "Signed in the app"
    registration: str = ""  # professional registration, e.g. "GMC 7654321"
    in_ink: bool = False  # signed on paper: ``how`` is printed in the signature box


def _draw_strokes(
    canvas: Any,
    strokes: tuple[float, float, Strokes],
    x: float,
    y: float,
    width: float,
    height: float,
) -> None:
    """Strokes drawn in the app, scaled into the box whose bottom-left is (x, y)."""
    pad_w, pad_h, lines = strokes
    room_w, room_h = width - 4, height - 6
    scale = min(room_w / pad_w, room_h / pad_h)
    left = x + 2 + (room_w - pad_w * scale) / 2
    top = y + 5 + room_h - (room_h - pad_h * scale) / 2
    canvas.saveState()
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(1.1)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    for stroke in lines:
        path = canvas.beginPath()
        (x0, y0), rest = stroke[0], stroke[1:]
        path.moveTo(left + x0 * scale, top - y0 * scale)
        if not rest:
            path.lineTo(left + x0 * scale + 0.5, top - y0 * scale)
        for px, py in rest:
            path.lineTo(left + px * scale, top - py * scale)
        canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()


Strokes = list[list[tuple[float, float]]]


def _parse_strokes(strokes_json: str) -> tuple[float, float, Strokes] | None:
    if not strokes_json:
        return None
    try:
        data = json.loads(strokes_json)
        width, height = float(data["w"]), float(data["h"])
        strokes = [[(float(x), float(y)) for x, y in stroke] for stroke in data["strokes"]]
    except (ValueError, KeyError, TypeError):
        return None
    strokes = [s for s in strokes if s]
    if width <= 0 or height <= 0 or not strokes:
        return None
    return width, height, strokes


@dataclass(frozen=True)
class _SignerLines:
    role: str
    name: tuple[str, ...]
    date: str
    how: tuple[str, ...]
    strokes: tuple[float, float, Strokes] | None
    registration: tuple[str, ...] = ()
    in_ink: bool = False  # ``how`` says it was signed in ink: printed in the box


class SignatureColumns(Flowable):
    """Mentee and mentor side by side: role, then name, signature and date, each on a
    line to write on; drawn straight on the canvas (as nested Tables it cost more than
    the rest of a session page's layout). Each row is as tall in every column (a name
    that wraps moves the other signer's lines down with it), so the signature and date
    lines stay level across the page."""

    LABEL_WIDTH = 20 * mm
    BOX_HEIGHT = 18 * mm
    GAP = 12 * mm
    ROW_GAP, BELOW = 6.0, 2.0  # space above each row; text sits this far above its line
    WRITE = 7 * mm  # the least room above a blank line to write a date or number on

    def __init__(self, signers: Sequence[_SignerLines], width: float) -> None:
        super().__init__()
        self.signers = list(signers)
        self.width = width
        count = max(1, len(self.signers))
        self.column = (width - self.GAP * (count - 1)) / count
        self.rows = self._row_heights()
        self.height = (
            _ROLE.leading
            + self.BELOW
            + sum(self.ROW_GAP + height + self.BELOW for _, height in self.rows)
        )

    def _row_heights(self) -> list[tuple[str, float]]:
        """(row, text height) for every row any signer has, shared by all columns."""
        signers = self.signers or []
        rows = [
            ("name", max([1] + [len(s.name) for s in signers]) * _VALUE.leading),
        ]
        if any(s.registration for s in signers):
            rows.append(
                (
                    "registration",
                    max(self.WRITE, max(len(s.registration) for s in signers) * _VALUE.leading),
                )
            )
        rows.append(("signature", self.BOX_HEIGHT))
        rows.append(("date", max(self.WRITE, _VALUE.leading)))
        how = max([0] + [len(s.how) for s in signers if not s.in_ink])
        if how:
            rows.append(("how", how * _NOTE.leading))
        return rows

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        for index, signer in enumerate(self.signers):
            self._draw_signer(signer, index * (self.column + self.GAP))

    def _draw_signer(self, signer: _SignerLines, x: float) -> None:
        canvas = self.canv
        value_x, value_width = x + self.LABEL_WIDTH, self.column - self.LABEL_WIDTH
        descent = 2.5  # baseline above the line it is written on
        y = self.height - _ROLE.leading
        _draw_lines(canvas, [signer.role], x, y + descent, _ROLE)
        y -= self.BELOW
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.6)
        labels = {
            "name": ("Name", signer.name),
            "registration": ("Reg. no.", signer.registration),
            "signature": ("Signature", ()),
            "date": ("Date", (signer.date,) if signer.date else ()),
            "how": ("", () if signer.in_ink else signer.how),
        }
        for key, height in self.rows:
            label, lines = labels[key]
            bottom = y - self.ROW_GAP - height - self.BELOW
            line_y = bottom + self.BELOW - 0.5
            baseline = bottom + self.BELOW + descent
            # What the signer wrote or the app says is aligned as paragraphs are (a
            # right-to-left name flush right on its line); the labels stay on the left.
            if key == "how":
                first = baseline + (len(lines) - 1) * _NOTE.leading
                _draw_lines(canvas, lines, value_x, first, _NOTE, value_width)
                y = bottom
                continue
            _draw_lines(canvas, [label], x, baseline, _LABEL)
            first = baseline + (len(lines) - 1) * _VALUE.leading
            _draw_lines(canvas, lines, value_x, first, _VALUE, value_width)
            canvas.line(value_x, line_y, value_x + value_width, line_y)
            if key == "signature":
                box_bottom = bottom + self.BELOW
                _place(canvas, signer.role, value_x, box_bottom, value_width, self.BOX_HEIGHT)
                if signer.strokes is not None:
                    _draw_strokes(
                        canvas, signer.strokes, value_x, box_bottom, value_width, self.BOX_HEIGHT
                    )
                elif signer.in_ink and signer.how:
                    top = box_bottom + self.BOX_HEIGHT / 2 + len(signer.how) * _NOTE.leading / 2
                    _draw_lines(
                        canvas,
                        signer.how,
                        value_x + 2,
                        top - _NOTE.fontSize,
                        _NOTE,
                        value_width - 4,
                    )
            y = bottom


@dataclass(frozen=True)
class SignatureBox:
    """Where a signer's signature box was drawn: page (1-based) and rectangle in PDF
    points from the page's lower-left corner (for a signing request's field)."""

    role: str  # "Mentee" / "Mentor"
    page: int
    x0: float
    y0: float
    x1: float
    y1: float


def _place(canvas: Any, role: str, x: float, y: float, width: float, height: float) -> None:
    """Note where a signature box was drawn, on the canvas (build_pdf hands them out)."""
    x0, y0 = canvas.absolutePosition(x, y)
    x1, y1 = canvas.absolutePosition(x + width, y + height)
    boxes: dict[str, SignatureBox] = canvas.__dict__.setdefault("_mp_signature_boxes", {})
    boxes[role] = SignatureBox(role, canvas.getPageNumber(), x0, y0, x1, y1)


def signature_boxes(canvas: Any) -> tuple[SignatureBox, ...]:
    """The signature boxes drawn on a canvas, one per role (the last drawn)."""
    return tuple(canvas.__dict__.get("_mp_signature_boxes", {}).values())


# The signature block cannot split across pages: a name (at most 200 characters, the
# widest of them fill ten lines) is cut after this many lines, so it always fits.
SIGNER_LINES = 12


def _at_most(text: str, style: ParagraphStyle, width: float) -> tuple[str, ...]:
    lines = wrap_lines(text, style.fontName, style.fontSize, width)
    if len(lines) <= SIGNER_LINES:
        return tuple(lines)
    last = lines[SIGNER_LINES - 1]
    while last and measure(last + "…", style.fontName, style.fontSize) > width:
        last = last[:-1]
    return (*lines[: SIGNER_LINES - 1], last + "…")


def signature_block(
    slots: Sequence[SignatureSlot], width: float, report: GlyphReport, declaration: str
) -> SignatureBlock:
    """Mentee and mentor side by side: printed name, signature, date."""
    count = max(1, len(slots))
    column = (width - SignatureColumns.GAP * (count - 1)) / count
    value_width = column - SignatureColumns.LABEL_WIDTH
    signers = []
    for slot in slots:
        for text in (slot.role, slot.name, slot.how, slot.registration):
            report.check(text)
        signers.append(
            _SignerLines(
                slot.role,
                _at_most(slot.name, _VALUE, value_width) if slot.name.strip() else (),
                fmt(slot.signed_on) if slot.signed_on else "",
                _at_most(slot.how, _NOTE, value_width - 4) if slot.how else (),
                _parse_strokes(slot.strokes_json),
                _at_most(slot.registration, _VALUE, value_width) if slot.registration else (),
                in_ink=slot.in_ink,
            )
        )
    return SignatureBlock(
        [
            Spacer(1, 6 * mm),
            heading("Signatures", report),
            plain(declaration, report, "note"),
            Spacer(1, 2.5 * mm),
            SignatureColumns(signers, width),
        ]
    )


ADDENDUM_TITLE = "Mentee's addendum \u2014 not part of the signed record"


def addendum(content: Sequence[Flowable], build: Any, report: GlyphReport) -> list[Flowable]:
    """What the mentee may write or change after signing, printed after the signature
    block under its own dated heading, so nobody can take it for what was signed."""
    today = getattr(build, "today", None)
    as_of = f" It is printed as it stood on {fmt(today)}." if today else ""
    note = plain(
        "Written by the mentee, who may change it after signing: the signatures"
        " above do not cover it, and the verification code does not include it." + as_of,
        report,
        "note",
    )
    # The heading and its note stay with the addendum's first lines (app.printing.keeping).
    note.keepWithNext = 1
    note.spaceAfter = 4
    return [Spacer(1, 4 * mm), heading(ADDENDUM_TITLE, report), note, *content]


def callout(text: str, report: GlyphReport) -> Flowable:
    """A sentence the reader must not miss (a newer amendment awaits signature)."""
    return plain(text, report, "callout")
