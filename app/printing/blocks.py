"""Building blocks shared by the documents: a label/value grid, headed text
sections, wrapping tables and the signature block."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.printing.fonts import REGULAR
from app.printing.styles import INK, MUTED, RULE, SHADE, STYLES
from app.printing.text import GlyphReport, blocks, inline, markup

Value = str | date | int | None


def fmt(value: Value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def title_block(title: str, subtitle: str, report: GlyphReport) -> list[Flowable]:
    return [Paragraph(markup(title, report), STYLES["title"]),
            Paragraph(markup(subtitle, report), STYLES["subtitle"])]


def field_grid(rows: Sequence[tuple[str, Value]], width: float, report: GlyphReport,
               columns: int = 2) -> Table:
    """Short fields as a ruled grid of label/value pairs, ``columns`` pairs per row."""
    cells: list[list[Flowable | str]] = []
    for start in range(0, len(rows), columns):
        line: list[Flowable | str] = []
        for label, value in rows[start:start + columns]:
            line += [Paragraph(markup(label, report), STYLES["label"]),
                     inline(fmt(value), report)]
        line += [""] * (2 * columns - len(line))
        cells.append(line)
    # One label width for every grid, so stacked grids line up on the page.
    label_width = 30 * mm
    value_width = width / columns - label_width
    table = Table(cells, colWidths=[label_width, value_width] * columns, splitInRow=1,
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def section(heading: str, text: str, report: GlyphReport, level: str = "h3",
            note: str = "") -> list[Flowable]:
    """A headed block of free text that flows across pages."""
    out: list[Flowable] = [Paragraph(markup(heading, report), STYLES[level])]
    if note:
        out.append(Paragraph(markup(note, report), STYLES["note"]))
    return out + blocks(text, report)


def heading(text: str, report: GlyphReport, level: str = "h2") -> Paragraph:
    return Paragraph(markup(text, report), STYLES[level])


def data_table(header: Sequence[str], rows: Sequence[Sequence[Value]],
               widths: Sequence[float], report: GlyphReport,
               empty: str = "None recorded.") -> Flowable:
    """A ruled table whose cells wrap and whose rows may split across pages."""
    if not rows:
        return Paragraph(markup(empty, report), STYLES["empty"])
    cells = [[Paragraph(markup(h, report), STYLES["cell_head"]) for h in header]]
    cells += [[inline(fmt(v), report) for v in row] for row in rows]
    table = Table(cells, colWidths=list(widths), repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


@dataclass(frozen=True)
class SignatureSlot:
    """One signer's block: printed name, signature (ink line or drawn strokes), date."""

    role: str  # "Mentee" / "Mentor"
    name: str
    signed_on: date | None = None
    strokes_json: str = ""
    how: str = ""  # e.g. "Signed in ink" / "Signed in the app"


class SignatureBox(Flowable):
    """A signature line; drawn signatures are painted as vector strokes above it."""

    def __init__(self, width: float, strokes_json: str, height: float = 20 * mm) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.strokes = _parse_strokes(strokes_json)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.6)
        canvas.line(0, 0, self.width, 0)
        if self.strokes is None:
            return
        pad_w, pad_h, strokes = self.strokes
        room_w, room_h = self.width - 4, self.height - 6
        scale = min(room_w / pad_w, room_h / pad_h)
        left = 2 + (room_w - pad_w * scale) / 2
        top = 5 + room_h - (room_h - pad_h * scale) / 2
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1.1)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        for stroke in strokes:
            path = canvas.beginPath()
            (x0, y0), rest = stroke[0], stroke[1:]
            path.moveTo(left + x0 * scale, top - y0 * scale)
            if not rest:
                path.lineTo(left + x0 * scale + 0.5, top - y0 * scale)
            for x, y in rest:
                path.lineTo(left + x * scale, top - y * scale)
            canvas.drawPath(path, stroke=1, fill=0)


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


def _signer_table(slot: SignatureSlot, width: float, report: GlyphReport) -> Table:
    label_width = 20 * mm
    box = SignatureBox(width - label_width, slot.strokes_json)
    rows: list[list[Flowable | str]] = [
        [Paragraph(markup(slot.role, report), STYLES["h3"]), ""],
        [Paragraph("Name", STYLES["label"]), inline(slot.name or " ", report)],
        [Paragraph("Signature", STYLES["label"]), box],
        [Paragraph("Date", STYLES["label"]),
         inline(fmt(slot.signed_on) if slot.signed_on else " ", report)],
    ]
    if slot.how:
        rows.append(["", Paragraph(markup(slot.how, report), STYLES["note"])])
    table = Table(rows, colWidths=[label_width, width - label_width], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("SPAN", (0, 0), (1, 0)),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (1, 1), (1, 1), 0.6, MUTED),
        ("LINEBELOW", (1, 3), (1, 3), 0.6, MUTED),
        ("TOPPADDING", (0, 1), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def signature_block(slots: Sequence[SignatureSlot], width: float, report: GlyphReport,
                    declaration: str) -> KeepTogether:
    """Mentee and mentor side by side: printed name, signature, date."""
    gap = 12 * mm
    column = (width - gap * (len(slots) - 1)) / len(slots)
    row: list[Flowable | str] = []
    widths: list[float] = []
    for index, slot in enumerate(slots):
        if index:
            row.append("")
            widths.append(gap)
        row.append(_signer_table(slot, column, report))
        widths.append(column)
    table = Table([row], colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([Spacer(1, 6 * mm), heading("Signatures", report),
                         Paragraph(markup(declaration, report), STYLES["note"]),
                         Spacer(1, 1 * mm), table])
