"""The pack prints an amended record as last signed; at the mentee's choice it prints
the amendment awaiting signature after it, marked DRAFT, titled as a proposed
amendment with what changed, and listed under the record in the contents and the
bookmarks. Read back from the real PDF (pdftotext, pypdf)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from io import BytesIO

import pypdf
import pytest

from app.domain.enums import ActionOwner, RecordKind, SignatureMethod, SignerRole
from app.domain.record_types import Action
from app.services import records
from app.services.pack import PackRequest, build_pack
from app.services.signing import lifecycle
from tests.printing.conftest import MENTEE, MENTOR, Filled
from tests.printing.test_signed_forms import _pages, _watermarks

YEAR = PackRequest(date(2026, 1, 1), date(2026, 12, 31))
TODAY = date(2026, 11, 23)
SESSION = "Session of 03/02/2026"
PROPOSED = "Proposed amendment: Mentoring session record"
# The header of every page of the amendment names it so.
AMENDMENT_HEADER = f"{SESSION}, proposed amendment"


def _sign(filled: Filled, version: int, roles: tuple[SignerRole, ...]) -> None:
    for role in roles:
        lifecycle.sign(
            filled.portfolio,
            RecordKind.SESSION,
            records.saved_id(filled.session),
            version,
            role=role,
            signer_name=MENTEE if role is SignerRole.MENTEE else MENTOR,
            signed_on=date(2026, 2, 5),
            method=SignatureMethod.INK,
        )


def _amended(filled: Filled) -> str:
    """Sign the session by both, amend it (a new room, one more action): returns the
    signed version's code."""
    pf = filled.portfolio
    session_id = records.saved_id(filled.session)
    version = lifecycle.mark_ready(pf, RecordKind.SESSION, session_id).version
    _sign(filled, version, (SignerRole.MENTEE, SignerRole.MENTOR))
    code = lifecycle.get_version(pf, RecordKind.SESSION, session_id, version).code
    lifecycle.amend(pf, RecordKind.SESSION, session_id, "Wrong room")
    records.save(pf, replace(filled.session, location="Room 7 AMENDED"))
    records.save(
        pf,
        Action(
            relationship_id=filled.relationship.id,
            origin_session_id=session_id,
            owner=ActionOwner.MENTEE,
            description="ADDED-IN-AMENDMENT",
            due_date=date(2026, 4, 1),
        ),
    )
    return code


def _without_chain(pages: list[str]) -> list[str]:
    """The pages without the cover's audit-chain head (each pack built adds an entry)."""
    return [re.sub(r"Audit chain: entry \d+, hash \S+", "", page) for page in pages]


def _outline(pdf: bytes) -> list[tuple[int, str, int]]:
    """The bookmarks as (depth, title, page index), in order."""
    reader = pypdf.PdfReader(BytesIO(pdf))
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


@pytest.mark.today("2026-11-23")
def test_the_pack_can_print_the_amendment_after_the_signed_version(filled: Filled) -> None:
    code = _amended(filled)
    pdf = build_pack(filled.portfolio, replace(YEAR, include_amendments=True), today=TODAY).pdf
    pages, marks = _pages(pdf), _watermarks(pdf)
    signed = [n for n, p in enumerate(pages) if code in p]
    proposed = [n for n, p in enumerate(pages) if AMENDMENT_HEADER in p]
    assert signed and proposed and max(signed) < min(proposed)  # signed first, then the draft
    assert proposed == list(range(min(proposed), max(proposed) + 1))
    # The signed record as signed, unmarked, saying its amendment follows.
    signed_text = " ".join(pages[n] for n in signed)
    assert not any(marks[n] for n in signed)
    assert "Teams & coffee" in signed_text and "Room 7 AMENDED" not in signed_text
    agreed = signed_text[: signed_text.index("Mentee's addendum")]
    assert "ADDED-IN-AMENDMENT" not in agreed  # (the addendum shows every action's progress)
    assert f"Signed in ink by {MENTOR} on 05/02/2026" in signed_text
    assert "It is printed after this record, marked DRAFT." in signed_text
    # The amendment: DRAFT on every page, titled so, what changed and why.
    amendment = " ".join(pages[n] for n in proposed)
    assert all(marks[n] == "DRAFT" for n in proposed)
    assert pages[min(proposed)].count(PROPOSED) == 1
    assert "Room 7 AMENDED" in amendment and "ADDED-IN-AMENDMENT" in amendment
    assert "a proposed amendment to version 1, the signed record printed before it" in amendment
    assert "Reason given: Wrong room." in amendment
    assert "Changed from version 1: Location; Actions (1 added)." in amendment
    assert "Draft amendment of version 1, not yet ready to sign" in amendment
    assert code not in amendment and "Signed in ink" not in amendment
    # The mentee's addendum once, after the signed version (not repeated in the draft).
    assert "Mentee's addendum" in signed_text and "Mentee's addendum" not in amendment
    # The cover says both are printed; contents and bookmarks list both, each at its page.
    text = " ".join(pages)
    cover = text[text.index("Waiting for signature") :][:600]
    assert "the last signed, then the proposed amendment" in cover
    outline = _outline(pdf)
    record = next(i for i, entry in enumerate(outline) if entry[1].startswith(SESSION))
    assert outline[record][2] == min(signed)
    assert outline[record + 1] == (2, "Proposed amendment: version 2, not signed", min(proposed))
    contents = next(p for p in pages if p.startswith("Contents") or " Contents " in p[:200])
    listed = re.search(
        rf"{SESSION}[ .]*(\d+) Proposed amendment: version 2, not signed[ .]*(\d+)", contents
    )
    assert listed is not None, contents
    assert (int(listed[1]), int(listed[2])) == (min(signed) + 1, min(proposed) + 1)


@pytest.mark.today("2026-11-23")
def test_an_amendment_signed_by_one_party_prints_as_draft_with_that_signature(
    filled: Filled,
) -> None:
    code = _amended(filled)
    pf = filled.portfolio
    session_id = records.saved_id(filled.session)
    version = lifecycle.mark_ready(pf, RecordKind.SESSION, session_id).version
    _sign(filled, version, (SignerRole.MENTOR,))
    pdf = build_pack(pf, replace(YEAR, include_amendments=True), today=TODAY).pdf
    pages, marks = _pages(pdf), _watermarks(pdf)
    proposed = [n for n, p in enumerate(pages) if AMENDMENT_HEADER in p]
    amendment = " ".join(pages[n] for n in proposed)
    assert proposed and all(marks[n] == "DRAFT" for n in proposed)
    assert "Signed by the mentor, awaiting the mentee's signature" in amendment
    assert f"Signed in ink by {MENTOR} on 05/02/2026" in amendment
    assert code in " ".join(pages[: min(proposed)])


@pytest.mark.today("2026-11-23")
def test_without_the_option_the_pack_prints_only_the_signed_version(filled: Filled) -> None:
    code = _amended(filled)
    default = build_pack(filled.portfolio, YEAR, today=TODAY).pdf
    off = build_pack(filled.portfolio, replace(YEAR, include_amendments=False), today=TODAY).pdf
    pages = _pages(default)
    assert _without_chain(pages) == _without_chain(_pages(off))
    text = " ".join(pages)
    assert "proposed amendment" not in text.lower() and "Room 7 AMENDED" not in text
    marks = _watermarks(default)
    session_pages = [n for n, page in enumerate(pages) if SESSION in page[:80]]
    assert session_pages and not any(marks[n] for n in session_pages)
    assert code in text and "the pack shows version 1, the last signed)" in text
    assert not any(depth == 2 for depth, *_ in _outline(default))
