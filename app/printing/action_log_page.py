"""The action log of a relationship: every action, who owns it, and where it stands."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.domain.record_types import Action
from app.printing.blocks import data_table, field_grid, fmt, heading, title_block
from app.printing.context import Build, Parties

TITLE = "Action log"


def story(
    actions: Sequence[Action],
    session_dates: Mapping[int, date | None],
    parties: Parties,
    build: Build,
    today: date,
) -> list[Flowable]:
    report = build.report
    open_ = [a for a in actions if not a.status.is_closed]
    overdue = [a for a in open_ if a.due_date and a.due_date < today]
    out: list[Flowable] = title_block(
        TITLE, f"Actions agreed by {parties.mentee_named} and {parties.mentor_named}", report
    )
    out.append(
        field_grid(
            [
                ("Actions", len(actions)),
                ("Open", len(open_)),
                ("Overdue", len(overdue)),
                ("Done or dropped", len(actions) - len(open_)),
            ],
            build.width,
            report,
        )
    )
    out.append(heading("Actions", report))
    widths = [build.width - 112 * mm, 18 * mm, 22 * mm, 22 * mm, 22 * mm, 28 * mm]
    out.append(
        data_table(
            ["Action", "Owner", "Due", "Status", "Completed", "From session"],
            [
                (
                    a.description + (f"\n{a.notes}" if a.notes else ""),
                    a.owner.label,
                    a.due_date,
                    a.status.label,
                    a.completed_on,
                    fmt(session_dates.get(a.origin_session_id)) if a.origin_session_id else "—",
                )
                for a in actions
            ],
            widths,
            report,
            empty="No actions recorded yet.",
        )
    )
    return out
