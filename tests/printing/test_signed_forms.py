"""Pages that hold up as signed forms, read back from real PDFs: the signature block is
never alone on a page, nothing the mentee may change after signing is inside the
signed area, drafts and superseded versions say so on every page, and the pack prints
the record as signed while an amendment awaits signature."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import date
from io import BytesIO

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4

from app.domain.enums import (
    ActionOwner,
    ActionStatus,
    GoalStatus,
    RecordKind,
    SignatureMethod,
    SignerRole,
)
from app.domain.record_types import Action, Goal, SessionRecord
from app.printing import session_page
from app.printing.context import Build, Parties
from app.printing.layout import PageMark, PrintSetup, build_pdf, usable_width
from app.printing.styles import STYLES
from app.printing.text import TextBlock
from app.services import appraisal_text, documents, records
from app.services.pack import PackRequest, build_pack
from app.services.profile import get_owner, save_owner
from app.services.signing import lifecycle
from tests.printing.conftest import MENTEE, MENTOR, Filled

SETUP = PrintSetup(MENTEE, date(2026, 11, 23))
DECLARATION = "We agree that this is an accurate record"
WORDS = [
    "rota",
    "teaching",
    "exams",
    "feedback",
    "workload",
    "escalation",
    "handover",
    "sepsis",
    "audit",
]
# Body text on an A4 page lies between these (pdftotext -tsv, points from the top).
BODY_TOP, BODY_BOTTOM = 62.0, A4[1] - 74.0


def _pages(pdf: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True
    ).stdout.decode()
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def _flowing(pdf: bytes) -> str:
    """The text in reading order, a grid's label and value together."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True
    ).stdout.decode()
    return " ".join(text.split())


def _watermarks(pdf: bytes) -> list[str]:
    """Per page, the watermark word drawn across it, or "" (pypdf: pdftotext leaves
    out text drawn at an angle)."""
    reader = pypdf.PdfReader(BytesIO(pdf))
    found = []
    for page in reader.pages:
        lines = page.extract_text().split("\n")
        found.append(next((w for w in ("DRAFT", "SUPERSEDED") if w in lines), ""))
    return found


def _lowest_body_text(pdf: bytes) -> list[float]:
    """Per page, how far down the body's lowest word ends (points from the top)."""
    tsv = subprocess.run(
        ["pdftotext", "-tsv", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True
    ).stdout.decode()
    lowest: dict[int, float] = {}
    for line in tsv.splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        page, top, height = int(cells[1]), float(cells[7]), float(cells[9])
        bottom = top + height
        if top > BODY_TOP + 5 and bottom < BODY_BOTTOM:
            lowest[page] = max(lowest.get(page, 0.0), bottom)
    return [lowest.get(p, 0.0) for p in range(1, max(lowest, default=0) + 1)]


def _session_pdf(summary_words: int, actions: int, summary_shared: str = "") -> bytes:
    words = " ".join(WORDS[i % len(WORDS)] for i in range(summary_words))
    record = SessionRecord(
        id=4,
        relationship_id=1,
        held_on=date(2026, 2, 4),
        duration_minutes=60,
        topics="Rota and exams",
        summary=words,
        key_learning="Ask early.",
        appraisal_learning=summary_shared,
    )
    agreed = [
        Action(
            id=n,
            description=" ".join(WORDS[(n + i) % len(WORDS)] for i in range(3 + n % 17)),
            owner=ActionOwner.MENTEE,
            due_date=date(2026, 3, 1),
        )
        for n in range(actions)
    ]
    build = Build(usable_width(SETUP), today=SETUP.printed_on)
    story = session_page.story(
        record, agreed, Parties(MENTEE, MENTOR), build, include_summary=bool(summary_shared)
    )
    mark = PageMark(session_page.TITLE, name="Session of 04/02/2026")
    return build_pdf(story, SETUP, mark, build.report).data


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.integers(0, 1600), st.integers(0, 45))
def test_signature_block_is_never_alone_and_pages_are_not_left_half_empty(
    summary_words: int, actions: int
) -> None:
    pdf = _session_pdf(summary_words, actions)
    pages = _pages(pdf)
    signed_on = [n for n, page in enumerate(pages) if "Signatures" in page]
    assert len(signed_on) == 1, pages
    page = pages[signed_on[0]]
    # The declaration and both signers' lines are on one page, after some of the content.
    assert DECLARATION in page and page.count("Signature") >= 3
    before = page[: page.index("Signatures")]
    assert re.sub(r".*?Mentoring session record( \(continued\))?", "", before, count=1).strip()
    # Every page of the record but its last is at least half full.
    lowest = _lowest_body_text(pdf)
    half = BODY_TOP + (BODY_BOTTOM - BODY_TOP) / 2
    assert all(bottom > half for bottom in lowest[:-1]), lowest
    # A heading is never the last thing on its page.
    for text in pages[:-1]:
        body = text[: text.rfind("Verification code")] if "Verification code" in text else text
        for heading in ("Summary", "Key learning", "Actions agreed", "Signatures"):
            assert not body.rstrip().endswith(heading), text[-200:]
    # Each page names its record and its place in it.
    for number, text in enumerate(pages, start=1):
        assert f"Session of 04/02/2026, page {number} of {len(pages)}" in text


def test_long_tables_continue_with_their_heading_and_header() -> None:
    pages = _pages(_session_pdf(0, 60))
    assert len(pages) >= 2
    assert "Actions agreed (continued)" in pages[1]
    assert re.search(r"Action Owner Due", pages[1])
    # The table starts on the first page, under its heading, rather than jumping.
    assert "Actions agreed" in pages[0] and "Action Owner Due" in pages[0]


def test_addendum_prints_after_the_signatures() -> None:
    pages = " ".join(_pages(_session_pdf(200, 3, "ADDENDUM-TEXT learned to delegate")))
    signatures = pages.index("Signatures")
    addendum = pages.index("Mentee's addendum — not part of the signed record")
    assert signatures < pages.index(DECLARATION) < addendum < pages.index("ADDENDUM-TEXT")
    assert pages.rindex("Date", 0, addendum) > signatures  # the signers' date lines first
    assert "printed as it stood on 23/11/2026" in pages


def _sign_both(filled: Filled, kind: RecordKind, record_id: int) -> int:
    pf = filled.portfolio
    version = lifecycle.mark_ready(pf, kind, record_id).version
    for role, name in ((SignerRole.MENTEE, MENTEE), (SignerRole.MENTOR, MENTOR)):
        lifecycle.sign(
            pf,
            kind,
            record_id,
            version,
            role=role,
            signer_name=name,
            signed_on=date(2026, 2, 5),
            method=SignatureMethod.INK,
        )
    return version


@pytest.mark.today("2026-11-23")
def test_draft_and_superseded_say_so_on_every_page(filled: Filled) -> None:
    pf = filled.portfolio
    session_id = records.saved_id(filled.session)
    long = replace(filled.session, summary="A long summary of the rota. " * 400)
    records.save(pf, long)
    pdf = documents.render(pf, "session", session_id).pdf
    draft = _pages(pdf)
    assert len(draft) >= 2 and set(_watermarks(pdf)) == {"DRAFT"}
    assert not any("frozen" in page for page in draft)
    _sign_both(filled, RecordKind.SESSION, session_id)
    pdf = documents.render(pf, "session", session_id).pdf
    signed = _pages(pdf)
    assert set(_watermarks(pdf)) == {""}
    assert f"Signed in ink by {MENTOR} on 05/02/2026" in " ".join(signed)
    lifecycle.amend(pf, RecordKind.SESSION, session_id, "Wrong room")
    records.save(pf, replace(long, location="Room 7"))
    pdf = documents.render(pf, "session", session_id).pdf
    amended = _pages(pdf)
    assert set(_watermarks(pdf)) == {"DRAFT"}
    assert "Draft amendment of version 1" in " ".join(amended)
    lifecycle.mark_ready(pf, RecordKind.SESSION, session_id)
    old = documents.render_version(pf, RecordKind.SESSION, session_id, 1).pdf
    assert set(_watermarks(old)) == {"SUPERSEDED"}
    assert "Superseded by version 2" in _pages(old)[0]
    pdf = documents.render(pf, "session", session_id).pdf
    assert "Amendment of version 1, awaiting signature" in " ".join(_pages(pdf))
    assert set(_watermarks(pdf)) == {""}


@pytest.mark.today("2026-11-23")
def test_pack_prints_the_signed_version_while_an_amendment_awaits(filled: Filled) -> None:
    pf = filled.portfolio
    session = filled.session
    session_id = records.saved_id(session)
    _sign_both(filled, RecordKind.SESSION, session_id)
    code = lifecycle.get_version(pf, RecordKind.SESSION, session_id, 1).code
    lifecycle.amend(pf, RecordKind.SESSION, session_id, "Wrong room")
    records.save(pf, replace(session, location="Room 7 AMENDED"))
    year = PackRequest(date(2026, 1, 1), date(2026, 12, 31))
    for request in (replace(year, include_reflections=True),):
        pdf = build_pack(pf, request, today=date(2026, 11, 23)).pdf
        pages = _pages(pdf)
        text = " ".join(pages)
        assert "Room 7 AMENDED" not in text and "Teams & coffee" in text
        assert "An amendment, version 2 (Wrong room), is being drafted" in text
        shown = [n for n, p in enumerate(pages) if "Session of 03/02/2026" in p and code in p]
        assert shown and not any(_watermarks(pdf)[n] for n in shown)
        assert f"Signed in ink by {MENTOR} on 05/02/2026" in " ".join(pages[n] for n in shown)
        # The cover lists what waits for signature.
        cover = text[text.index("Waiting for signature") :][:600]
        assert "Session of 03/02/2026" in cover and "an amendment awaits signature" in cover


@pytest.mark.today("2026-11-23")
def test_the_addendum_can_change_without_changing_the_signed_code(filled: Filled) -> None:
    pf = filled.portfolio
    session = filled.session
    session_id = records.saved_id(session)
    _sign_both(filled, RecordKind.SESSION, session_id)
    year = PackRequest(date(2026, 1, 1), date(2026, 12, 31))
    code = lifecycle.get_version(pf, RecordKind.SESSION, session_id, 1).code
    for learning, status in (("FIRST-ADDENDUM", "Open"), ("SECOND-ADDENDUM", "Done")):
        records.save(
            pf, replace(records.get(pf, SessionRecord, session_id), appraisal_learning=learning)
        )
        if status == "Done":  # the action agreed is done since: progress, not signed
            action = records.get(pf, Action, records.saved_id(filled.action))
            records.save(
                pf,
                replace(action, status=ActionStatus.DONE, completed_on=date(2026, 3, 2)),
            )
        text = " ".join(_pages(build_pack(pf, year, today=date(2026, 11, 23)).pdf))
        assert learning in text
        addendum = text.index("Mentee's addendum")
        assert text.index(learning) > addendum
        progress = text[text.index("Progress on the actions", addendum) :][:300]
        assert status in progress and (status == "Open" or "02/03/2026" in progress)
        assert code in text  # the signed content's code, whatever the addendum says
        assert "Signed; a newer amendment" not in text


@pytest.mark.today("2026-11-23")
def test_cover_counts_and_hours_match_the_cpd_export(filled: Filled) -> None:
    pf = filled.portfolio
    rel = filled.relationship.id
    records.save(pf, Goal(relationship_id=rel, title="Not yet", status=GoalStatus.NOT_STARTED))
    records.save(pf, Goal(relationship_id=rel, title="Also not", status=GoalStatus.NOT_STARTED))
    for n, minutes in enumerate((20, 20, 20, 50)):
        records.save(
            pf,
            SessionRecord(
                relationship_id=rel,
                held_on=date(2026, 4, 1 + n),
                duration_minutes=minutes,
                topics="Rota",
                appraisal_learning=f"Learned thing {n}",
            ),
        )
    owner = get_owner(pf)
    save_owner(pf, replace(owner, registration_number="GMC 7654321"))
    year = PackRequest(date(2026, 1, 1), date(2026, 12, 31))
    text = _flowing(build_pack(pf, year, today=date(2026, 11, 23)).pdf)
    entries = appraisal_text.cpd_entries(pf, date(2026, 1, 1), date(2026, 12, 31))
    total = appraisal_text.as_text(entries).splitlines()[0]
    # 75 + 3 x 20 + 50 minutes: 1.25 + 3 x 0.33 + 0.83 hours, the same in both.
    cover = text[text.index("Summary of the period") :][:900]
    assert total.endswith("3.07 hours") and "Hours of mentoring 3.07" in cover, cover
    assert "Goals not started 2" in text
    titles = {e.title for e in entries}
    assert len(titles) == len(entries) and any("Learned thing 2" in t for t in titles)
    assert "Reg. no. GMC 7654321" in text


@given(st.integers(1, 14), st.floats(0, 220))
def test_a_paragraph_never_leaves_one_line_alone_at_a_page_break(lines: int, room: float) -> None:
    block = TextBlock("\n".join(f"line {n}" for n in range(lines)), STYLES["body"])
    parts = block.split(400, room)
    if parts:
        head, tail = parts
        assert isinstance(head, TextBlock) and isinstance(tail, TextBlock)
        head.wrap(400, room)
        tail.wrap(400, 1000)
        assert len(head.lines or ()) >= 2 and len(tail.lines or ()) >= 2
        assert head.height <= room
