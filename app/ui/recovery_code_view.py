"""A recovery code on screen, in the shape the sheet prints and the unlock dialog
takes (app/domain/recovery_code.numbered_rows)."""

from __future__ import annotations

from app.domain.recovery_code import numbered_rows


def code_html(code: str) -> str:
    """Numbered groups of five, four to a row, in a fixed-width font."""
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td align='right'><small>{number}&nbsp;</small></td>"
            f"<td style='font-family: monospace'><b>{group}</b>&nbsp;&nbsp;&nbsp;</td>"
            for number, group in row
        )
        + "</tr>"
        for row in numbered_rows(code)
    )
    return f"<table>{rows}</table>"
