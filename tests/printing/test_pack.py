"""The appraisal pack: cover, summary, contents, bookmarks matching its records, and
private reflections only when asked for."""

from __future__ import annotations

import re
import subprocess
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pypdf
import pytest

from app.domain.enums import ActionStatus, GoalStatus, RecordKind
from app.domain.errors import KnownError
from app.domain.record_types import Action, Goal, SessionRecord
from app.services import records
from app.services.pack import PackCancelled, PackRequest, build_pack, candidates
from app.services.portfolio import Portfolio
from app.services.signing import lifecycle
from tests.printing.conftest import Filled, pdf_text

YEAR = PackRequest(date(2026, 1, 1), date(2026, 12, 31))


def _outline(pdf: bytes) -> list[tuple[int, str, int]]:
    reader = pypdf.PdfReader(BytesIO(pdf))
    out: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


def _add_year(portfolio: Portfolio, relationship_id: int, sessions: int) -> None:
    start = date(2026, 1, 6)
    for n in range(sessions):
        held = start + timedelta(days=(350 * n) // max(sessions, 1))
        record = records.save(
            portfolio,
            SessionRecord(
                relationship_id=relationship_id,
                held_on=held,
                duration_minutes=60,
                topics=f"Topic {n}: workload & rota\n- teaching\n- exams",
                summary=f"Summary of meeting {n}. " * 6,
                private_reflection=f"SECRET-{n}",
                appraisal_learning=f"Learning {n}",
            ),
        )
        records.save(
            portfolio,
            Action(
                relationship_id=relationship_id,
                origin_session_id=record.id,
                description=f"Action from meeting {n}",
                status=ActionStatus.DONE if n % 2 else ActionStatus.OPEN,
            ),
        )


@pytest.mark.today("2026-12-31")  # after the last of the year's sessions
def test_realistic_year(filled: Filled, tmp_path: Path) -> None:
    pf = filled.portfolio
    _add_year(pf, filled.relationship.id, 11)
    records.save(
        pf,
        Goal(
            relationship_id=filled.relationship.id, title="Achieved one", status=GoalStatus.ACHIEVED
        ),
    )
    lifecycle.mark_ready(pf, RecordKind.CONTRACT, filled.contract.id)
    steps: list[float] = []
    doc = build_pack(pf, YEAR, progress=lambda f, _: steps.append(f), today=date(2026, 11, 23))
    assert steps and steps[-1] == 1.0 and steps == sorted(steps)
    path = tmp_path / "pack.pdf"
    path.write_bytes(doc.pdf)
    text = pdf_text(path)
    assert "Sessions held 12" in text and "Hours of mentoring 12.2" in text
    assert "Goals achieved 1" in text and "Goals in progress 1" in text
    summary = text[text.find("Summary of the period") :][:500]
    assert "Records signed 0" in text and "Records not yet signed 15" in text, summary
    assert "Contents" in text and "SECRET-" not in text and "PRIVATE-REFLECTION" not in text
    assert "Learning 3" in text  # the appraisal summary is what the pack shares
    outline = _outline(doc.pdf)
    chosen = candidates(pf, YEAR)
    assert [t for depth, t, _ in outline if depth == 1] == [i.title for i in chosen]
    assert len(pypdf.PdfReader(BytesIO(doc.pdf)).pages) == doc.pages
    pages = [p for _, _, p in outline]
    assert pages == sorted(pages) and pages[-1] <= doc.pages
    # Each session bookmark lands on the page that shows that session's date.
    reader = pypdf.PdfReader(BytesIO(doc.pdf))
    for depth, title, page in outline:
        if depth == 1 and title.startswith("Session of "):
            assert title.removeprefix("Session of ") in reader.pages[page - 1].extract_text()


def test_reflections_only_when_asked(filled: Filled) -> None:
    request = PackRequest(YEAR.date_from, YEAR.date_to, include_reflections=True)
    doc = build_pack(filled.portfolio, request)
    assert b"%PDF" in doc.pdf[:8]
    reader = pypdf.PdfReader(BytesIO(doc.pdf))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "PRIVATE-REFLECTION-MARKER" in text


def test_exclusions_period_and_cancel(filled: Filled) -> None:
    pf = filled.portfolio
    everything = candidates(pf, YEAR)
    excluded = frozenset(
        (i.kind, i.record_id) for i in everything if i.kind is not RecordKind.SESSION
    )
    doc = build_pack(pf, PackRequest(YEAR.date_from, YEAR.date_to, excluded=excluded))
    assert [t for d, t, _ in _outline(doc.pdf) if d == 1] == ["Session of 03/02/2026"]
    with pytest.raises(KnownError, match="no records"):
        build_pack(pf, PackRequest(date(2020, 1, 1), date(2020, 12, 31)))
    with pytest.raises(KnownError, match="start before"):
        build_pack(pf, PackRequest(date(2026, 12, 1), date(2026, 1, 1)))
    with pytest.raises(PackCancelled):
        build_pack(pf, YEAR, is_cancelled=lambda: True)


@pytest.mark.today("2026-12-31")  # after the last of the year's sessions
def test_contents_over_several_pages(filled: Filled, tmp_path: Path) -> None:
    # 150 sessions give a contents of several pages; the pack of 500 and more is timed
    # in bench/ (bench/run.py --pack-sessions); here it took five minutes of each CI run.
    _add_year(filled.portfolio, filled.relationship.id, 150)
    doc = build_pack(filled.portfolio, YEAR)
    outline = _outline(doc.pdf)
    sessions = [t for d, t, _ in outline if d == 1 and t.startswith("Session of")]
    assert len(sessions) == 151
    assert doc.pages >= 151 + 2
    assert len(pypdf.PdfReader(BytesIO(doc.pdf)).pages) == doc.pages
    # The contents run over several pages and still give every record's real page.
    _assert_contents_match(doc.pdf, outline, tmp_path)


def _assert_contents_match(pdf: bytes, outline: list[tuple[int, str, int]], tmp_path: Path) -> None:
    path = tmp_path / "contents.pdf"
    path.write_bytes(pdf)
    first_record = min(page for depth, _, page in outline if depth == 1)
    assert first_record - 2 >= 2, "the contents should run over several pages"
    contents = subprocess.run(
        [
            "pdftotext",
            "-layout",
            "-enc",
            "UTF-8",
            "-f",
            "2",
            "-l",
            str(first_record - 1),
            str(path),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = {re.sub(r"[\s.]+", " ", line).strip() for line in contents.splitlines()}
    for depth, title, page in outline:
        if depth == 1:
            entry = re.sub(r"[\s.]+", " ", title).strip()
            assert f"{entry} {page}" in lines, (title, page)
