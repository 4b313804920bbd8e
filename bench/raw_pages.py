"""The floor for printed pages: raw ReportLab canvas calls drawing the same text of a
session record with the same embedded font, with no layout engine on top."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from app.domain.records import SessionRecord
from app.printing.fonts import BOLD, REGULAR, register_fonts

MARGIN = 20 * mm
LEADING = 13


def draw_like(record: SessionRecord) -> int:
    """Draw the record's printed fields as wrapped text; return the page count."""
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    width, height = A4
    y = height - MARGIN
    pages = 1
    fields = [("Mentoring session record", f"Meeting of {record.held_on}"),
              ("Since the last meeting", record.since_last), ("Topics", record.topics),
              ("Summary", record.summary), ("Key learning", record.key_learning),
              ("Learning for appraisal", record.appraisal_learning),
              ("Practice change", record.appraisal_practice_change),
              ("Next steps", record.appraisal_next_steps),
              ("Signatures", "Mentee ____________  Mentor ____________  Date ________")]
    for title, body in fields:
        if not body:
            continue
        lines = [(BOLD, title)] + [(REGULAR, line) for line in
                                   simpleSplit(str(body), REGULAR, 10, width - 2 * MARGIN)]
        for font, line in lines:
            if y < MARGIN + LEADING:
                canvas.setFont(REGULAR, 8)
                canvas.drawString(MARGIN, MARGIN / 2, f"Session {record.id}")
                canvas.showPage()
                pages += 1
                y = height - MARGIN
            canvas.setFont(font, 10)
            canvas.drawString(MARGIN, y, line)
            y -= LEADING
    canvas.setFont(REGULAR, 8)
    canvas.drawString(MARGIN, MARGIN / 2, f"Session {record.id}")
    canvas.showPage()
    canvas.save()
    return pages
