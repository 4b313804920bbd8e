"""Arbitrary text never breaks a build, and comes back out of the PDF where the
bundled font can draw it."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.record_types import Action, SessionRecord
from app.printing import session_page
from app.printing.context import Build, Parties
from app.printing.fonts import covered_code_points
from app.printing.layout import PageMark, PrintSetup, build_pdf, usable_width

SETUP = PrintSetup("Owner <&>", date(2026, 11, 23))
MARKUP = st.sampled_from(
    [
        "<",
        ">",
        "&",
        "&amp;",
        "<b>",
        "</para>",
        "<br/>",
        '"',
        "'",
        "<font name='x'>",
        "\n",
        "\n\n",
        "- ",
        "1. ",
        "•",
    ]
)
TEXT = st.lists(st.one_of(MARKUP, st.text(min_size=1, max_size=40)), max_size=30).map("".join)


def _build(topics: str, summary: str) -> bytes:
    build = Build(usable_width(SETUP))
    record = SessionRecord(
        id=1, relationship_id=1, held_on=date(2026, 2, 3), topics=topics, summary=summary
    )
    story = session_page.story(
        record, [Action(id=1, description=summary[:500])], Parties("Mentee", "Mentor"), build
    )
    return build_pdf(story, SETUP, PageMark("t", code="S1-1-AAAAAAAA-A"), build.report).data


def _text(pdf: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, check=True, capture_output=True
    ).stdout.decode()
    return re.sub(r"\s+", "", out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, TEXT)
def test_any_text_builds(topics: str, summary: str) -> None:
    assert _build(topics, summary).startswith(b"%PDF")


_RTL = {"R", "AL", "AN", "RLE", "RLO", "RLI", "FSI", "PDF", "PDI"}
DRAWABLE = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp", "Mn", "Me", "Cf")
    ).filter(
        lambda c: (
            (ord(c) in covered_code_points() or ord(c) < 0x7F)
            # pdftotext re-orders right-to-left runs, so they are checked separately.
            and unicodedata.bidirectional(c) not in _RTL
        )
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=30, deadline=None)
@given(DRAWABLE)
def test_drawable_text_round_trips(words: str) -> None:
    text = _text(_build("", words))
    wanted = re.sub(r"\s+", "", words)
    # Lines starting "- " or "1. " become list bullets; compare what is left.
    wanted = (
        re.sub(r"^(?:[-*•‣◦]|\d{1,3}[.)])", "", wanted)
        if re.match(r"^\s*(?:[-*•‣◦]|\d{1,3}[.)])(?:\s|$)", words)
        else wanted
    )
    assert wanted in text


def test_huge_notes_flow_over_many_pages() -> None:
    paragraph = "Reflection on the handover & the <ward> round. " * 40
    notes = "\n\n".join(f"{n}: {paragraph}" for n in range(55))  # ~110 KB
    assert len(notes) > 100_000
    pdf = _build(notes, notes)
    text = _text(pdf)
    assert "54:Reflectiononthehandover&the<ward>round." in text
    assert text.count("Reflectiononthehandover") >= 2 * 55 * 40 - 5


def test_right_to_left_and_emoji_do_not_crash() -> None:
    pdf = _build("مرحبا بالعالم 🚑👩🏽‍⚕️ שלום", "Dr أحمد reviewed it ✓")
    assert "أحمد"[0] in _text(pdf) or pdf.startswith(b"%PDF")
