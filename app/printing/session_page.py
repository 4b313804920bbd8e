"""The session record page, with the actions agreed at the session."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.domain.record_types import Action, SessionRecord
from app.printing.blocks import (
    addendum,
    data_table,
    field_grid,
    fmt,
    heading,
    section,
    signature_block,
    title_block,
)
from app.printing.context import PROGRESS, Build, Parties

TITLE = "Mentoring session record"


def story(
    record: SessionRecord,
    actions: Sequence[Action],
    parties: Parties,
    build: Build,
    *,
    include_reflection: bool = False,
    include_summary: bool = True,
    progress: Sequence[Action] = (),
) -> list[Flowable]:
    """``progress``: the session's actions as they are now, whose status and completion
    (not signed) the addendum shows."""
    report = build.report
    hours, minutes = divmod(record.duration_minutes, 60)
    length = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
    out: list[Flowable] = title_block(
        TITLE,
        f"Session of {fmt(record.held_on)} between"
        f" {parties.mentee_named} and {parties.mentor_named}",
        report,
    )
    out.append(
        field_grid(
            [
                ("Date", record.held_on),
                ("Length", length),
                ("Format", record.format.label),
                ("Location", record.location),
                ("Mentee", parties.mentee),
                ("Mentor", parties.mentor_line()),
                ("Next meeting", record.next_meeting),
                ("Record", f"Session {record.id}"),
            ],
            build.width,
            report,
        )
    )
    out += section("Since the last session", record.since_last, report, level="h2")
    out += section("Topics and issues discussed", record.topics, report, level="h2")
    out += section("Summary", record.summary, report, level="h2")
    out += section("Key learning", record.key_learning, report, level="h2")
    # What was agreed, as signed: progress on the actions is not part of the signature
    # (app/services/signing/signable.py) and is printed in the action log instead.
    out.append(heading("Actions agreed", report))
    out.append(
        data_table(
            ["Action", "Owner", "Due"],
            [(a.description, a.owner.label, a.due_date) for a in actions],
            [build.width - 46 * mm, 22 * mm, 24 * mm],
            report,
            empty="No actions were agreed in this session.",
        )
    )
    out.append(
        signature_block(
            build.slots(parties),
            build.width,
            report,
            "We agree that this is an accurate record of the session and of the actions agreed.",
        )
    )
    # What the mentee may write or change after signing is never inside the signed area:
    # it follows the signatures as an addendum, dated as it stands when printed.
    later: list[Flowable] = []
    if include_summary and any(
        (record.appraisal_learning, record.appraisal_practice_change, record.appraisal_next_steps)
    ):
        later.append(heading("Appraisal summary (written by the mentee for sharing)", report, "h3"))
        for label, text in (
            ("What I learned", record.appraisal_learning),
            ("What changed in my practice", record.appraisal_practice_change),
            ("Next steps", record.appraisal_next_steps),
        ):
            if (
                text.strip()
            ):  # an addendum has no blanks to fill in: what is not written is left out
                later += section(label, text, report)
    if progress:
        later.append(heading("Progress on the actions", report, "h3"))
        later.append(
            data_table(
                ["Action", "Status", "Completed"],
                [(a.description, a.status.label, a.completed_on) for a in progress],
                [build.width - 50 * mm, 26 * mm, 24 * mm],
                report,
            )
        )
    if include_reflection:
        later += section(
            "Private reflection",
            record.private_reflection,
            report,
            note="The mentee's own notes, included at their request.",
        )
    if later:
        out += addendum(later, build, report)
    return out


def signed_page(
    content: Mapping[str, Any],
    parties: Parties,
    build: Build,
    *,
    include_reflection: bool = False,
    include_summary: bool = False,
) -> tuple[str, list[Flowable]]:
    """The title and flowables of the session record in signed content (its key
    "session", the actions agreed in it "actions"; under PROGRESS, the actions as they
    are now, for the addendum)."""
    return TITLE, story(
        content["session"],
        content["actions"],
        parties,
        build,
        include_reflection=include_reflection,
        include_summary=include_summary,
        progress=content.get(PROGRESS, {}).get("actions", ()),
    )
