"""A checklist (the first-meeting checklist or any other), items ticked or not."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.domain.record_types import Checklist
from app.printing.blocks import (
    CHECKLIST_PADDING,
    data_table,
    field_grid,
    heading,
    signature_block,
    title_block,
)
from app.printing.context import Build, Parties

TITLE = "Meeting checklist"


def story(checklist: Checklist, parties: Parties, build: Build) -> list[Flowable]:
    report = build.report
    done = sum(item.done for item in checklist.items)
    out: list[Flowable] = title_block(
        checklist.title or TITLE, f"{parties.mentee_named} with {parties.mentor_named}", report
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
    # Drawn straight on the canvas like every other table (a platypus Table of
    # Paragraphs re-wrapped a long item for every page it spanned: minutes for one
    # 200,000-character item). Items are the longer text; the notes column still
    # takes a short handwritten note.
    rest = build.width - 12 * mm
    out.append(
        data_table(
            ["Done", "Item", "Notes"],
            [("☑" if item.done else "☐", item.text, item.note or None) for item in checklist.items],
            [12 * mm, rest * 0.72, rest * 0.28],
            report,
            empty="This checklist has no items.",
            padding=CHECKLIST_PADDING,
        )
    )
    out.append(
        signature_block(
            build.slots(parties),
            build.width,
            report,
            "We have gone through this checklist together.",
        )
    )
    return out


def signed_page(
    content: Mapping[str, Any],
    parties: Parties,
    build: Build,
    *,
    include_reflection: bool = False,
    include_summary: bool = False,
) -> tuple[str, list[Flowable]]:
    """The title (its own, or TITLE) and flowables of the checklist in signed content
    (its key "checklist")."""
    checklist: Checklist = content["checklist"]
    return checklist.title or TITLE, story(checklist, parties, build)
