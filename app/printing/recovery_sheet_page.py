"""The recovery sheet: the portfolio's recovery code on paper, to keep somewhere safe."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from app.printing.blocks import field_grid, heading, section, title_block
from app.printing.context import Build
from app.printing.fonts import REGULAR
from app.printing.styles import INK, STYLES
from app.printing.text import markup

TITLE = "Recovery sheet"
INSTRUCTIONS = """\
- This code, together with the portfolio file, opens your portfolio even if you forget \
your passphrase or lose the key file beside the portfolio.
- Anyone holding this sheet and a copy of the portfolio file can read everything in it. \
Keep it somewhere private and safe, like a passport, and never photograph or email it.
- To use it: open Mentee Portfolio, choose the portfolio, then "Use recovery code", and \
type the groups exactly as printed (upper or lower case, with or without spaces).
- The code never changes when you change your passphrase. Destroy old copies securely \
(shred them) if you make a new portfolio."""


def story(
    owner: str, file_name: str, groups: list[str], created_on: date | None, build: Build
) -> list[Flowable]:
    report = build.report
    out: list[Flowable] = title_block(
        TITLE, "Confidential: keep this sheet private and safe", report
    )
    out.append(
        field_grid(
            [
                ("Owner", owner),
                ("Portfolio file", file_name),
                ("Printed for", owner),
                ("Portfolio created", created_on),
            ],
            build.width,
            report,
        )
    )
    out.append(heading("Recovery code", report))
    rows = [groups[i : i + 5] for i in range(0, len(groups), 5)]
    rows[-1] += [""] * (5 - len(rows[-1]))
    cells = [[Paragraph(markup(g, report), STYLES["code"]) for g in row] for row in rows]
    table = Table(cells, colWidths=[build.width / 5] * 5, hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BOX", (0, 0), (-1, -1), 1.2, INK),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    out += [Spacer(1, 2 * mm), table, Spacer(1, 4 * mm)]
    out += section("How to use and keep this code", INSTRUCTIONS, report, level="h2")
    return out
