"""The printed page of the throw-away reading-note kind; ``signed_page`` prints it when
the kind is declared signable (SIGNED_SPEC), with the signature block."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.platypus import Flowable

from app.printing.blocks import field_grid, section, signature_block, title_block
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


def signed_page(
    content: Mapping[str, Any],
    parties: Parties,
    build: Build,
    *,
    include_reflection: bool = False,
    include_summary: bool = False,
) -> tuple[str, list[Flowable]]:
    out = page(content["reading_note"], parties, build)
    slots = build.slots(parties)
    out.append(signature_block(slots, build.width, build.report, "We agree this note."))
    return TITLE, out
