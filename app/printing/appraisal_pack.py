"""The appraisal pack: cover, summary, table of contents, then the chosen records,
each starting on a new page with its own footer, code and bookmark."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from app.domain.glance import Glance
from app.domain.hours import hours_text
from app.domain.record_types import OwnerProfile
from app.printing import glance_charts
from app.printing.blocks import field_grid, fmt, heading
from app.printing.context import Build
from app.printing.layout import Bookmark, PageMark, SetMark, toc_flowable
from app.printing.scripts import isolate
from app.printing.styles import STYLES
from app.printing.text import MissingGlyphsNote, TextBlock, plain

TITLE = "Mentoring portfolio: appraisal pack"
GLANCE = "The relationship at a glance"


@dataclass(frozen=True)
class PackSummary:
    sessions: int
    hours: float  # the sum of each session's hours as the CPD export gives them
    goals_achieved: int
    goals_in_progress: int
    goals_other: int  # carried forward or dropped
    actions_done: int
    actions_open: int
    records_signed: int
    records_unsigned: int
    relationships: tuple[str, ...]
    goals_not_started: int = 0
    # Records in the pack that wait for a signature, one line each ("Session of …: an
    # amendment awaits signature …").
    waiting: tuple[str, ...] = ()
    # Each relationship of the pack at a glance (the pictures after the cover), with the
    # line that names it ("Dr A, Consultant"): drawn by app/printing/glance_charts.py.
    glances: tuple[tuple[str, Glance], ...] = ()


@dataclass(frozen=True)
class PackPart:
    """One record in the pack. ``flowables`` builds its pages when laid out."""

    group: str  # e.g. "Session records"; one bookmark level per group
    title: str
    mark: PageMark
    flowables: Callable[[Build], list[Flowable]]
    # Its bookmark's level: 1 for a record, 2 for a page that belongs to the record
    # before it (an amendment awaiting signature after the signed version).
    level: int = 1


def story(
    owner: OwnerProfile,
    period: tuple[date, date],
    generated_on: date,
    summary: PackSummary,
    parts: Sequence[PackPart],
    build: Build,
    include_reflections: bool,
    audit_chain: tuple[int, str] | None = None,
) -> list[Flowable]:
    """``audit_chain`` is the audit log's head when the pack was made (entry number and
    hash), printed small in the cover's footer: a record outside the portfolio of how far
    its history went, which `check` can be compared with later."""
    report = build.report
    note = f"Audit chain: entry {audit_chain[0]}, hash {audit_chain[1]}" if audit_chain else ""
    cover = PageMark(TITLE, "Cover and summary", note=note)
    out: list[Flowable] = [
        SetMark(cover),
        Bookmark("Cover and summary", 0, in_toc=False),
        Spacer(1, 6 * mm),
        Paragraph("Mentoring portfolio", STYLES["cover_title"]),
        plain(f"Appraisal pack for {isolate(owner.name)}", report, "title"),
        Spacer(1, 8 * mm),
    ]
    out.append(
        field_grid(
            [
                ("Name", owner.name),
                ("Role / grade", owner.role_grade),
                ("Specialty", owner.specialty),
                ("Organisation", owner.organisation),
                ("Registration no.", owner.registration_number),
                ("Next appraisal", owner.next_appraisal_date),
                ("Period", f"{fmt(period[0])} to {fmt(period[1])}"),
                ("Generated", generated_on),
            ],
            build.width,
            report,
        )
    )
    out.append(Spacer(1, 6 * mm))
    out.append(
        Paragraph(
            "Private reflections are included at the mentee's request."
            if include_reflections
            else "Private reflections are not included: session records show the shared record"
            " and the mentee's appraisal summary only.",
            STYLES["note"],
        )
    )
    out.append(MissingGlyphsNote(report))  # characters no bundled font draws, named
    out.append(heading("Summary of the period", report))
    out.append(
        field_grid(
            [
                ("Sessions held", summary.sessions),
                ("Hours of mentoring", hours_text(summary.hours)),
                ("Goals achieved", summary.goals_achieved),
                ("Goals in progress", summary.goals_in_progress),
                ("Goals not started", summary.goals_not_started),
                ("Goals carried forward or dropped", summary.goals_other),
                ("Actions done", summary.actions_done),
                ("Actions open", summary.actions_open),
                ("Records signed", summary.records_signed),
                ("Records not yet signed", summary.records_unsigned),
            ],
            build.width,
            report,
        )
    )
    if summary.relationships:
        out.append(Spacer(1, 3 * mm))
        out.append(
            field_grid(
                [("Mentoring", "\n".join(summary.relationships))], build.width, report, columns=1
            )
        )
    out.append(heading("Waiting for signature", report, "h3"))
    if summary.waiting:
        out += [TextBlock(line, STYLES["body"], bullet="•") for line in summary.waiting]
        for line in summary.waiting:
            report.check(line)
    else:
        out.append(
            plain(
                "No amendment or record prepared for signing is waiting for a signature.",
                report,
                "empty",
            )
        )
    # Each relationship at a glance: on the cover as far as it fits (a chart is never
    # split, nor left apart from its heading), then on the pages after it.
    if summary.glances:
        out.append(Bookmark(GLANCE, 0, in_toc=False))
    for named, glance in summary.glances:
        out += glance_charts.glance_story(
            glance, build.width, report, f"At a glance: mentoring with {named}"
        )
    out += [
        PageBreak(),
        SetMark(PageMark(TITLE, "Contents")),
        heading("Contents", report),
        toc_flowable(),
    ]
    group = None
    for part in parts:
        out.append(PageBreak())
        out.append(SetMark(part.mark))
        if part.group != group:
            group = part.group
            out.append(Bookmark(group, 0))
        out.append(Bookmark(part.title, part.level))
        out += part.flowables(build)
    return out
