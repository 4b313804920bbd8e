"""A checklist (the first-meeting checklist or any other), items ticked or not."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from app.domain.records import Checklist
from app.printing.blocks import field_grid, fmt, heading, signature_block, title_block
from app.printing.context import Build, Parties
from app.printing.fonts import REGULAR
from app.printing.styles import INK, RULE, SHADE, STYLES
from app.printing.text import inline, markup

TITLE = "Meeting checklist"


def story(checklist: Checklist, parties: Parties, build: Build) -> list[Flowable]:
    report = build.report
    done = sum(item.done for item in checklist.items)
    out: list[Flowable] = title_block(
        checklist.title or TITLE, f"{parties.mentee} with {parties.mentor or 'the mentor'}", report
    )
    out.append(
        field_grid(
            [
                ("Mentee", parties.mentee),
                ("Mentor", parties.mentor_line()),
                ("Completed on", checklist.completed_on),
                ("Items done", f"{done} of {len(checklist.items)}"),
            ],
            build.width,
            report,
        )
    )
    out.append(heading("Items", report))
    rows: list[list[Flowable | str]] = [
        [
            Paragraph("Done", STYLES["cell_head"]),
            Paragraph("Item", STYLES["cell_head"]),
            Paragraph("Notes", STYLES["cell_head"]),
        ]
    ]
    for item in checklist.items:
        rows.append(
            [
                Paragraph("☑" if item.done else "☐", STYLES["value"]),
                Paragraph(markup(item.text, report), STYLES["value"]),
                inline(fmt(item.note or None), report),
            ]
        )
    if len(rows) == 1:
        rows.append(["", Paragraph("This checklist has no items.", STYLES["empty"]), ""])
    # Items are the longer text; the notes column still takes a short handwritten note.
    table = Table(
        rows,
        colWidths=[12 * mm, (build.width - 12 * mm) * 0.72, (build.width - 12 * mm) * 0.28],
        repeatRows=1,
        splitInRow=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    out.append(table)
    out.append(
        signature_block(
            build.slots(parties),
            build.width,
            report,
            "We have gone through this checklist together.",
        )
    )
    return out
