"""A relationship at a glance: who, since when, what happened, and how it ended."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.domain.enums import RelationshipStatus
from app.domain.glance import Glance
from app.domain.record_types import Action, Goal, SessionRecord
from app.printing import glance_charts
from app.printing.blocks import data_table, field_grid, heading, section, title_block
from app.printing.context import Build, Parties

TITLE = "Mentoring relationship summary"


_BULLET = re.compile(r"^(?:[-*\u2022]|\d+[.)])\s+")


def _topics_line(text: str) -> str:
    """Topics on one line for the overview table: list markers dropped, lines joined."""
    parts = [_BULLET.sub("", part.strip()) for part in text.splitlines() if part.strip()]
    line = "; ".join(parts)
    return line if len(line) <= 160 else line[:157] + "…"


def story(
    parties: Parties,
    sessions: Sequence[SessionRecord],
    goals: Sequence[Goal],
    actions: Sequence[Action],
    build: Build,
    glance: Glance | None = None,
) -> list[Flowable]:
    """``glance`` (the relationship's pictures, app/printing/glance_charts.py) prints
    after the facts, before the tables it sums up."""
    report = build.report
    rel = parties.relationship
    assert rel is not None
    minutes = sum(s.duration_minutes for s in sessions)
    goal_states = Counter(g.status.label for g in goals)
    # Said on the page: in an appraisal pack the cover counts the period only.
    out: list[Flowable] = title_block(
        TITLE,
        f"{parties.mentee_named} mentored by"
        f" {parties.mentor_line()}. The whole relationship to"
        " date, not only the appraisal period.",
        report,
    )
    out.append(
        field_grid(
            [
                ("Type", rel.kind.label),
                ("Scheme", rel.scheme),
                ("Status", rel.status.label),
                ("Started", rel.start_date),
                ("Review date", rel.review_date),
                ("Ended", rel.end_date),
                ("Sessions held", len(sessions)),
                ("Hours", f"{minutes / 60:.1f}"),
                (
                    "Goals",
                    ", ".join(f"{n} {label.lower()}" for label, n in sorted(goal_states.items()))
                    or "None",
                ),
                ("Actions", f"{sum(a.status.is_closed for a in actions)} closed of {len(actions)}"),
            ],
            build.width,
            report,
        )
    )
    if glance is not None:
        out += glance_charts.glance_story(
            glance, build.width, report, "At a glance", goals_when_empty=False
        )
    out.append(heading("Sessions", report))
    out.append(
        data_table(
            ["Date", "Length", "Topics"],
            [(s.held_on, f"{s.duration_minutes} min", _topics_line(s.topics)) for s in sessions],
            [24 * mm, 20 * mm, build.width - 44 * mm],
            report,
            empty="No sessions recorded yet.",
        )
    )
    out.append(heading("Goals", report))
    # Progress is not part of the signed goals plan, so this is where it prints.
    out.append(
        data_table(
            ["Goal and progress", "Category", "Target", "Status"],
            [
                (
                    g.title + (f"\nProgress: {g.progress_notes}" if g.progress_notes else ""),
                    g.category,
                    g.target_date,
                    g.status.label,
                )
                for g in goals
            ],
            [build.width - 80 * mm, 30 * mm, 24 * mm, 26 * mm],
            report,
            empty="No goals recorded yet.",
        )
    )
    if rel.status is RelationshipStatus.ENDED or rel.end_reason or rel.end_achieved:
        out.append(heading("End-of-relationship review", report))
        for label, text in (
            ("Why it ended", rel.end_reason),
            ("What we expected", rel.end_expected),
            ("What was achieved", rel.end_achieved),
            ("What was learned", rel.end_learned),
            ("What is left to do", rel.end_left_to_do),
            ("Evaluation of the relationship", rel.end_evaluation),
        ):
            out += section(label, text, report)
    return out
