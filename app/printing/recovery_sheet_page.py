"""The recovery sheet: the portfolio's recovery code on paper, to keep somewhere safe."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from app.domain.recovery_code import GROUPS_PER_ROW, numbered_rows
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
- To use it: open Mentee Portfolio, choose the portfolio, then "Recovery code", and \
type the groups in order as printed, without their small numbers (upper or lower case, \
with or without dashes or spaces).
- The code does not change when you change your passphrase. If you make a new recovery \
code (File > Keep safe), this sheet stops working for the portfolio as it is now: \
destroy it securely (shred it) and keep the new one; backups made before keep this code."""


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
    # The shape the screen shows and the unlock dialog asks for: numbered groups of
    # five, four to a row (app/domain/recovery_code.numbered_rows).
    per_row = GROUPS_PER_ROW
    cells = [
        [
            Paragraph(
                f'<font size="7" color="#555555">{markup(str(number), report)}</font>&nbsp;&nbsp;'
                f"{markup(group, report)}",
                STYLES["code"],
            )
            for number, group in row
        ]
        + [""] * (per_row - len(row))
        for row in numbered_rows("-".join(groups))
    ]
    table = Table(cells, colWidths=[build.width / per_row] * per_row, hAlign="CENTER")
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
