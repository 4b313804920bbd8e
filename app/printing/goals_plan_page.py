"""The goals plan: a relationship's SMART goals, printed and signed together."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.domain.record_types import Goal
from app.printing.blocks import (
    addendum,
    data_table,
    field_grid,
    heading,
    section,
    signature_block,
    title_block,
)
from app.printing.context import PROGRESS, Build, Parties

TITLE = "Goals plan"
SMART = (
    ("Specific", "specific"),
    ("Measurable", "measurable"),
    ("Achievable", "achievable"),
    ("Relevant", "relevant"),
    ("Time-bound", "time_bound"),
)


def story(
    goals: Sequence[Goal], parties: Parties, build: Build, *, show_progress: bool = True
) -> list[Flowable]:
    report = build.report
    out: list[Flowable] = title_block(
        TITLE, f"Goals agreed by {parties.mentee_named} with {parties.mentor_named}", report
    )
    if not goals:
        out += section("Goals", "", report)
    for number, goal in enumerate(goals, 1):
        facts = field_grid(
            [
                ("Category", goal.category),
                ("Target date", goal.target_date),
                # Progress is not part of what is signed: no empty Status row.
                *([("Status", goal.status.label)] if show_progress else []),
                ("Record", f"Goal {goal.id}"),
            ],
            build.width,
            report,
        )
        # The goal's heading, its facts and the first rows of its SMART grid stay on one
        # page (app.printing.keeping); the grid continues on the next if it must.
        facts.keepWithNext = 1
        out += [
            heading(f"{number}. {goal.title or 'Untitled goal'}", report),
            facts,
            field_grid(
                [(label, getattr(goal, name)) for label, name in SMART],
                build.width,
                report,
                columns=1,
            ),
        ]
        if show_progress and goal.progress_notes:
            out += section("Progress notes", goal.progress_notes, report)
    out.append(
        signature_block(
            build.slots(parties),
            build.width,
            report,
            "We agree these goals as the focus of the mentoring relationship.",
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
    """The title and flowables of the goals in signed content (its key "goals"), as
    they were agreed: their later progress is not part of what is signed, and prints
    (under PROGRESS, in the pack) as the mentee's addendum after the signatures."""
    out = story(content["goals"], parties, build, show_progress=False)
    goals: Sequence[Goal] = content.get(PROGRESS, {}).get("goals", ())
    if goals:
        report = build.report
        out += addendum(
            [
                heading("Progress on the goals", report, "h3"),
                data_table(
                    ["Goal", "Status", "Progress notes"],
                    [(g.title, g.status.label, g.progress_notes) for g in goals],
                    [build.width * 0.4, 28 * mm, build.width * 0.6 - 28 * mm],
                    report,
                ),
            ],
            build,
            report,
        )
    return TITLE, out
