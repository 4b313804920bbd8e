"""The floor for printed pages: raw ReportLab canvas calls drawing the same text as the
app's session-record page: the header (owner, the record's name, "(continued)" on its
later pages), title, the field grid in two columns, sections (an empty one leaves blank
room, as the app's ruled lines do), the actions table (its header row and "Actions
agreed (continued)" repeated on a new page), the signature columns (names, registration
number, how and when signed), the footer (code, "<record>, page N of M", print date,
version and state) and the DRAFT or SUPERSEDED watermark, in the same embedded fonts at
the same sizes, wrapped with ``simpleSplit`` and paginated by hand: no layout engine,
no rules, boxes, bidi pass or QR code.

tests/bench/test_harness.py checks that the floor's PDF holds the same words as the
app's page, on as many pages, so the comparison stays like for like."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.domain.record_types import Action, SessionRecord
from app.printing.blocks import SignatureSlot
from app.printing.context import Parties
from app.printing.fonts import BOLD, ITALIC, MONO, REGULAR, register_fonts
from app.printing.layout import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PageMark

# (font, size, leading) of each kind of line, as in app/printing/styles.py.
Style = tuple[str, float, float]
TITLE: Style = (BOLD, 17, 21)
SUBTITLE: Style = (REGULAR, 10, 13)
HEADING: Style = (BOLD, 11.5, 15)
ROLE: Style = (BOLD, 9.5, 12.5)
LABEL: Style = (BOLD, 8.5, 11)
BODY: Style = (REGULAR, 9.5, 12.5)
NOTE: Style = (ITALIC, 8.5, 11)
# Marks that steer the order of a line and are never drawn (the app's names are
# isolated in its sentences); the floor's text is left to right.
UNDRAWN = str.maketrans("", "", "\u200e\u200f\u061c\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class SessionPageText:
    """What the app prints on a session record, as plain strings and records."""

    owner: str
    printed_on: date
    record: SessionRecord
    actions: tuple[Action, ...]
    parties: Parties
    signers: tuple[SignatureSlot, ...]  # mentee and mentor, as the signature block has them
    mark: PageMark  # the header's and footer's words: name, version, state, code, watermark


@dataclass(frozen=True)
class Cell:
    x: float  # from the left margin
    style: Style
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Row:
    """Cells side by side, drawn from the top of the row; ``height`` includes the space
    above the text."""

    cells: tuple[Cell, ...]
    height: float


@dataclass(frozen=True)
class Block:
    """Rows kept on one page; ``repeat`` is drawn first when it starts a new page (a
    table's continuation line and header row)."""

    rows: tuple[Row, ...]
    repeat: tuple[Row, ...] = ()
    # The signature block: it takes the block before it along to a new page, so it never
    # stands alone (as app/printing/keeping.py keeps it with the last lines signed).
    with_last: bool = False

    @property
    def height(self) -> float:
        return sum(row.height for row in self.rows)


def _d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _wrap(text: str, style: Style, width: float) -> tuple[str, ...]:
    font, size, _ = style
    return tuple(simpleSplit(text.translate(UNDRAWN), font, size, width))


def _row(cells: Sequence[tuple[float, float, Style, str]], pad: float = 0.0) -> Row:
    """One row of (x, width, style, text) cells, ``pad`` above and below its text."""
    wrapped = tuple(Cell(x, style, _wrap(text, style, w)) for x, w, style, text in cells)
    tallest = max([c.style[2] for c in wrapped] + [len(c.lines) * c.style[2] for c in wrapped])
    return Row(tuple(c for c in wrapped if c.lines), tallest + 2 * pad)


def _lines(style: Style, text: str, width: float, before: float = 0.0) -> Iterator[Block]:
    """Each wrapped line of ``text`` as a block of its own (a paragraph splits anywhere)."""
    for index, line in enumerate(_wrap(text, style, width)):
        yield Block((Row((Cell(0, style, (line,)),), style[2] + (before if index == 0 else 0)),))


def _space(height: float) -> Block:
    return Block((Row((), height),))


def _blocks(text: SessionPageText, width: float) -> Iterator[Block]:
    """The page's content, top to bottom."""
    record, parties = text.record, text.parties
    hours, minutes = divmod(record.duration_minutes, 60)
    length = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
    yield from _lines(TITLE, "Mentoring session record", width)
    mentor = parties.mentor or "the mentor"
    subtitle = f"Session of {_d(record.held_on)} between {parties.mentee} and {mentor}"
    yield from _lines(SUBTITLE, subtitle, width)
    yield _space(10)
    fields = [
        ("Date", _d(record.held_on)),
        ("Length", length),
        ("Format", record.format.label),
        ("Location", record.location),
        ("Mentee", parties.mentee),
        ("Mentor", parties.mentor_line()),
        ("Next meeting", _d(record.next_meeting)),
        ("Record", f"Session {record.id}"),
    ]
    label, half = 30 * mm, width / 2
    for (left, left_value), (right, right_value) in zip(fields[::2], fields[1::2], strict=True):
        cells = [
            (0, label - 9, LABEL, left),
            (label, half - label - 9, BODY, left_value),
            (half, label - 9, LABEL, right),
            (half + label, half - label - 9, BODY, right_value),
        ]
        yield Block((_row(cells, 3.5),))
    for heading, body in (
        ("Since the last session", record.since_last),
        ("Topics and issues discussed", record.topics),
        ("Summary", record.summary),
        ("Key learning", record.key_learning),
    ):
        yield from _lines(HEADING, heading, width, before=10)
        if not body.strip():
            yield _space(2 * 7.5 * mm)  # the app's ruled lines to write on
            continue
        for line in body.strip("\n").splitlines():
            if line.strip():
                yield from _lines(BODY, line.lstrip("-*• "), width)
    yield from _lines(HEADING, "Actions agreed", width, before=10)
    if text.actions:
        columns = (0, width - 46 * mm), (width - 46 * mm, 22 * mm), (width - 24 * mm, 24 * mm)

        def table_row(style: Style, cells: Sequence[str]) -> Row:
            return _row([(x, w - 7, style, c) for (x, w), c in zip(columns, cells, strict=True)], 3)

        header = table_row(LABEL, ("Action", "Owner", "Due"))
        yield Block((header,))
        more = (Row((Cell(0, NOTE, ("Actions agreed (continued)",)),), NOTE[2] + 2), header)
        for action in text.actions:
            texts = (action.description, action.owner.label, _d(action.due_date))
            yield Block((table_row(BODY, texts),), more)
    else:
        yield from _lines(BODY, "No actions were agreed in this session.", width)
    yield _signatures(text.signers, width)


def _signatures(signers: Sequence[SignatureSlot], width: float) -> Block:
    """The declaration and the signers side by side: one block, never split."""
    declaration = (
        "We agree that this is an accurate record of the session and of the actions agreed."
    )
    rows = [Row((), 6 * mm + 10), Row((Cell(0, HEADING, ("Signatures",)),), HEADING[2])]
    rows += [Row((Cell(0, NOTE, _wrap(declaration, NOTE, width)),), NOTE[2] + 2.5 * mm)]
    gap = 12 * mm
    column = (width - gap) / max(1, len(signers))
    value = column - 20 * mm
    xs = [i * (column + gap) for i in range(len(signers))]
    rows.append(_row([(x, column, ROLE, s.role) for x, s in zip(xs, signers, strict=True)]))
    named = [("Name", s.name) for s in signers]
    lines = [named]
    if any(s.registration for s in signers):
        lines.append([("Reg. no.", s.registration) for s in signers])
    lines.append([("Signature", s.how if s.in_ink else "") for s in signers])
    lines.append([("Date", _d(s.signed_on)) for s in signers])
    for pairs in lines:
        cells: list[tuple[float, float, Style, str]] = []
        for x, (label, text) in zip(xs, pairs, strict=True):
            cells += [(x, 20 * mm, LABEL, label), (x + 20 * mm, value, BODY, text)]
        minimum = 18 * mm if pairs[0][0] == "Signature" else 7 * mm
        row = _row(cells)
        rows.append(Row(row.cells, max(row.height, minimum) + 8))
    how = [(x + 20 * mm, value, NOTE, s.how) for x, s in zip(xs, signers, strict=True)]
    if any(s.how and not s.in_ink for s in signers):
        rows.append(_row([cell for cell, s in zip(how, signers, strict=True) if not s.in_ink]))
    return Block(tuple(rows), with_last=True)


def draw_like(text: SessionPageText) -> int:
    """Draw the page's text; return the page count."""
    return draw_pdf(text)[1]


def _paginate(blocks: Iterator[Block], room: float) -> list[list[Row]]:
    pages: list[list[Block]] = [[]]

    def left() -> float:
        return room - sum(b.height for b in pages[-1]) - sum(r.height for r in pages[-1][0].repeat)

    for block in blocks:
        if pages[-1] and block.height > left():
            carried = [pages[-1].pop()] if block.with_last and len(pages[-1]) > 1 else []
            pages.append(carried)
        pages[-1].append(block)
    return [[*page[0].repeat, *(r for b in page for r in b.rows)] for page in pages]


def draw_pdf(text: SessionPageText) -> tuple[bytes, int]:
    """The floor's PDF and its page count."""
    register_fonts()
    width, height = A4
    room = width - 2 * MARGIN_X
    # Wrap and paginate first, so that every footer can say "page N of M".
    pages = _paginate(_blocks(text, room), height - MARGIN_TOP - MARGIN_BOTTOM)
    mark = text.mark
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1, initialFontName=REGULAR)
    footer = "  ·  ".join(
        part for part in (f"Printed {_d(text.printed_on)}", mark.record_label, mark.state) if part
    )
    for number, rows in enumerate(pages, start=1):
        if mark.watermark:
            canvas.saveState()
            canvas.translate(width / 2, height / 2)
            canvas.rotate(50)
            size = min(110.0, 0.75 * (width**2 + height**2) ** 0.5 / len(mark.watermark) / 0.62)
            canvas.setFont(BOLD, size)
            canvas.setFillAlpha(0.18)
            canvas.drawCentredString(0, -size * 0.35, mark.watermark)
            canvas.restoreState()
        canvas.setFont(REGULAR, 8)
        canvas.drawString(MARGIN_X, height - 12 * mm, text.owner)
        canvas.setFont(BOLD, 8)
        named = mark.name or mark.title
        continued = " (continued)" if number > 1 and mark.name else ""
        canvas.drawRightString(width - MARGIN_X, height - 12 * mm, named + continued)
        y = height - MARGIN_TOP
        for row in rows:
            for cell in row.cells:
                font, size, leading = cell.style
                canvas.setFont(font, size)
                baseline = y - (row.height - max(len(c.lines) * c.style[2] for c in row.cells))
                for line in cell.lines:
                    canvas.drawString(MARGIN_X + cell.x, baseline - size, line)
                    baseline -= leading
            y -= row.height
        base = 9 * mm
        if mark.code:
            canvas.setFont(BOLD, 7.5)
            canvas.drawString(MARGIN_X, base + 19, "Verification code ")
            canvas.setFont(MONO, 8.5)
            canvas.drawString(
                MARGIN_X + stringWidth("Verification code ", BOLD, 7.5), base + 19, mark.code
            )
        canvas.setFont(REGULAR, 7.5)
        numbered = f"{mark.name}, page" if mark.name else "Page"
        canvas.drawString(MARGIN_X, base + 10, f"{numbered} {number} of {len(pages)}")
        canvas.drawString(MARGIN_X, base + 1, footer)
        canvas.showPage()
    canvas.save()
    return out.getvalue(), len(pages)
