"""The printed page of the throw-away reading-note kind."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.printing.blocks import field_grid, section, title_block
from app.printing.context import Build, Parties
from tests.kinds.reading_note import ReadingNote

TITLE = "Reading note"


def page(note: ReadingNote, parties: Parties, build: Build) -> list[Flowable]:
    out: list[Flowable] = title_block(TITLE, note.title, build.report)
    out.append(
        field_grid(
            [
                ("Mentee", parties.mentee),
                ("Mentor", parties.mentor_line()),
                ("Read on", note.read_on),
            ],
            build.width,
            build.report,
        )
    )
    out += section("What I took from it", note.takeaway, build.report)
    return out
