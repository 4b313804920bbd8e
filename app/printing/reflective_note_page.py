"""The reflective note page: the learning summary, the layer that may be shared, and
the private note (its structure's parts) only when the mentee ticks it in."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.domain.kinds.reflective_note import ReflectiveNote
from app.printing.blocks import field_grid, fmt, heading, section, title_block
from app.printing.context import Build, Parties

TITLE = "Reflective note"


def page(
    note: ReflectiveNote, parties: Parties, build: Build, *, include_private: bool = False
) -> list[Flowable]:
    report = build.report
    out: list[Flowable] = title_block(
        TITLE, f"{note.title}, written on {fmt(note.written_on)}", report
    )
    goals = ", ".join(f"goal {goal_id}" for goal_id in sorted(note.goal_ids))
    out.append(
        field_grid(
            [
                ("Mentee", parties.mentee),
                ("Mentor", parties.mentor_line() if parties.mentor else "—"),
                ("Written on", note.written_on),
                ("Structure", note.structure.label),
                ("Session", f"Session record {note.session_id}" if note.session_id else ""),
                ("Goals", goals.capitalize()),
                ("Record", f"Reflective note {note.id}"),
            ],
            build.width,
            report,
        )
    )
    domains = note.domains()
    out += section(
        "Good Medical Practice",
        "\n".join(f"• {domain}" for domain in domains) or "No domain tagged.",
        report,
        level="h2",
    )
    out += section(
        "Learning summary",
        note.learning_summary or "No learning summary written yet.",
        report,
        level="h2",
        note="Anonymised by the mentee for sharing.",
    )
    if include_private:
        out.append(heading(f"Private note ({note.structure.label})", report))
        out.append(heading("The mentee's own notes, included at their request.", report, "note"))
        for part_heading, text in note.parts():
            out += section(part_heading, text, report)
    return out
