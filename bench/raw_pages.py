"""The floor for printed pages: raw ReportLab canvas calls drawing the same text as the
app's session-record page (header, title, fields, sections, actions, signature labels
and footer on every page), in the same embedded fonts at the same sizes, wrapped with
``simpleSplit`` and paginated by hand: no layout engine, no rules, boxes or QR code.

tests/bench/test_harness.py checks that the floor's PDF holds the same words as the
app's page, so the comparison stays like for like."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.domain.record_types import Action, SessionRecord
from app.printing.context import Parties
from app.printing.fonts import BOLD, ITALIC, MONO, REGULAR, register_fonts
from app.printing.layout import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X

# (font, size, leading) of each kind of line, as in app/printing/styles.py.
TITLE, SUBTITLE, HEADING, LABEL, BODY, NOTE = (
    (BOLD, 17, 21),
    (REGULAR, 10, 13),
    (BOLD, 11.5, 15),
    (BOLD, 8.5, 11),
    (REGULAR, 9.5, 12.5),
    (ITALIC, 8.5, 11),
)


@dataclass(frozen=True)
class SessionPageText:
    """What the app prints on a session record, as plain strings."""

    owner: str
    printed_on: date
    record: SessionRecord
    actions: tuple[Action, ...]
    parties: Parties
    version: int
    state: str
    code: str


def _d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _lines(text: SessionPageText) -> Iterator[tuple[tuple[str, float, float], str]]:
    """Every line of body text, in order, with the style it is drawn in."""
    record, parties = text.record, text.parties
    hours, minutes = divmod(record.duration_minutes, 60)
    length = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
    yield TITLE, "Mentoring session record"
    yield (
        SUBTITLE,
        (
            f"Session of {_d(record.held_on)} between {parties.mentee} and"
            f" {parties.mentor or 'the mentor'}"
        ),
    )
    for label, value in (
        ("Date", _d(record.held_on)),
        ("Length", length),
        ("Format", record.format.label),
        ("Location", record.location),
        ("Mentee", parties.mentee),
        ("Mentor", parties.mentor_line()),
        ("Next meeting", _d(record.next_meeting)),
        ("Record", f"Session {record.id}"),
    ):
        yield LABEL, label
        yield BODY, value or "—"
    for heading, body in (
        ("Since the last session", record.since_last),
        ("Topics and issues discussed", record.topics),
        ("Summary", record.summary),
        ("Key learning", record.key_learning),
    ):
        yield HEADING, heading
        for line in (body or "—").splitlines():
            yield BODY, line.lstrip("-*• ")
    yield HEADING, "Actions agreed"
    if text.actions:
        for cell in ("Action", "Owner", "Due"):
            yield LABEL, cell
        for action in text.actions:
            for cell in (action.description, action.owner.label, _d(action.due_date)):
                yield BODY, cell
    else:
        yield BODY, "No actions were agreed in this session."
    yield HEADING, "Signatures"
    yield (
        NOTE,
        ("We agree that this is an accurate record of the session and of the actions agreed."),
    )
    for role, name in (("Mentee", parties.mentee), ("Mentor", parties.mentor)):
        yield HEADING, role
        for label in ("Name", name or " ", "Signature", "Date"):
            yield LABEL, label


def draw_like(text: SessionPageText) -> int:
    """Draw the page's text; return the page count."""
    return draw_pdf(text)[1]


def draw_pdf(text: SessionPageText) -> tuple[bytes, int]:
    """The floor's PDF and its page count."""
    register_fonts()
    width, height = A4
    room = width - 2 * MARGIN_X
    # Wrap and paginate first, so that every footer can say "Page N of M".
    pages: list[list[tuple[tuple[str, float, float], str]]] = [[]]
    y = height - MARGIN_TOP
    for style, line in _lines(text):
        font, size, leading = style
        for part in simpleSplit(line, font, size, room) or [""]:
            if y - leading < MARGIN_BOTTOM:
                pages.append([])
                y = height - MARGIN_TOP
            pages[-1].append((style, part))
            y -= leading
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1, initialFontName=REGULAR)
    footer = "  ·  ".join(
        (
            f"Printed {_d(text.printed_on)}",
            f"Session record {text.record.id} · version {text.version}",
            text.state,
        )
    )
    for number, lines in enumerate(pages, start=1):
        canvas.setFont(REGULAR, 8)
        canvas.drawString(MARGIN_X, height - 12 * mm, text.owner)
        canvas.setFont(BOLD, 8)
        canvas.drawRightString(width - MARGIN_X, height - 12 * mm, "Mentoring session record")
        y = height - MARGIN_TOP
        for (font, size, leading), line in lines:
            canvas.setFont(font, size)
            canvas.drawString(MARGIN_X, y - size, line)
            y -= leading
        base = 9 * mm
        canvas.setFont(BOLD, 7.5)
        canvas.drawString(MARGIN_X, base + 19, "Verification code ")
        canvas.setFont(MONO, 8.5)
        canvas.drawString(
            MARGIN_X + stringWidth("Verification code ", BOLD, 7.5), base + 19, text.code
        )
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(MARGIN_X, base + 10, f"Page {number} of {len(pages)}")
        canvas.drawString(MARGIN_X, base + 1, footer)
        canvas.showPage()
    canvas.save()
    return out.getvalue(), len(pages)
