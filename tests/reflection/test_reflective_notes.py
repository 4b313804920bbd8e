"""Reflective notes (issue 20 item 1): each structure saves, prints, exports and imports;
the shared layer (the learning summary) never carries the private note unless it is
ticked in, on the page, in the pack, in search snippets or through the check."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from app.domain.details import ADMISSION
from app.domain.errors import ValidationFailed
from app.domain.kinds.reflective_note import HEADINGS, PARTS, ReflectiveNote, Structure
from app.domain.record_types import Goal, Mentor, OwnerProfile, Relationship, SessionRecord
from app.services import appraisal_text, documents, records, search
from app.services.export_json import dumps, export_document, import_from_file
from app.services.pack import PackRequest, build_pack, candidates
from app.services.portfolio import Portfolio, create_portfolio
from tests.conftest import PASSPHRASE, TEST_KDF

TODAY = date(2026, 11, 23)
pytestmark = pytest.mark.today(TODAY.isoformat())
SUMMARY = "Ask for senior help early & say so at handover <always>"


def _note(portfolio: Portfolio, structure: Structure, **links: object) -> ReflectiveNote:
    parts = {name: f"PRIVATE-{structure.value}-{n}" for n, name in enumerate(PARTS, 1)}
    kept: dict[str, object] = dict(list(parts.items())[: len(structure.headings)])
    kept.update(links)
    return records.save(
        portfolio,
        ReflectiveNote(
            title=f"Escalation ({structure.label})",
            written_on=date(2026, 10, 2),
            structure=structure,
            domain_safety=True,
            domain_communication=True,
            learning_summary=SUMMARY,
            **kept,  # type: ignore[arg-type]
        ),
    )


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def test_each_structure_saves_prints_exports_and_imports(
    portfolio: Portfolio, tmp_path: Path
) -> None:
    mentor = records.save(portfolio, Mentor(name="Dr Amara Okonkwo"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 3, 2)))
    session = records.save(
        portfolio,
        SessionRecord(
            relationship_id=rel.id, held_on=date(2026, 10, 1), duration_minutes=60, topics="Nights"
        ),
    )
    goal = records.save(portfolio, Goal(title="Lead handover", relationship_id=rel.id))
    notes = [
        _note(portfolio, Structure.GIBBS, relationship_id=rel.id, session_id=session.id),
        _note(portfolio, Structure.WHAT_SO_WHAT, goal_ids=[goal.id]),
        _note(portfolio, Structure.AOMRC),
        _note(portfolio, Structure.FREE),
    ]
    for note in notes:
        assert records.get(portfolio, ReflectiveNote, note.id or 0) == note
        shared = _pdf_text(
            documents.render(portfolio, "reflective_note", note.id or 0).pdf, tmp_path
        )
        assert note.title in shared and SUMMARY in shared
        assert "Safety and quality" in shared and "Maintaining trust" not in shared
        assert "PRIVATE" not in shared
        private = _pdf_text(
            documents.render(
                portfolio, "reflective_note", note.id or 0, include_reflection=True
            ).pdf,
            tmp_path,
        )
        for heading, (_, text) in zip(HEADINGS[note.structure], note.parts(), strict=True):
            assert heading in private and text in private
    assert "Session record 1" in _pdf_text(
        documents.render(portfolio, "reflective_note", notes[0].id or 0).pdf, tmp_path
    )

    export = tmp_path / "export.json"
    export.write_bytes(dumps(export_document(portfolio)))
    other = create_portfolio(
        tmp_path / "other.mpf", OwnerProfile(name="Imported"), PASSPHRASE, kdf=TEST_KDF
    ).portfolio
    try:
        assert import_from_file(other, export)["reflective_notes"] == 4
        assert records.list_records(other, ReflectiveNote) == records.list_records(
            portfolio, ReflectiveNote
        )
        assert records.get(other, ReflectiveNote, notes[1].id or 0).goal_ids == [goal.id]
    finally:
        other.lock()


def test_the_private_note_is_found_but_never_shown(portfolio: Portfolio) -> None:
    note = _note(portfolio, Structure.AOMRC, part_2="Tearful in the car park afterwards")
    [by_summary] = search.search(portfolio, "handover")
    assert (by_summary.record_id, by_summary.private_match) == (note.id, "")
    assert "handover" in by_summary.snippet
    [by_private] = search.search(portfolio, "tearful")
    assert by_private.record_id == note.id and by_private.snippet == ""
    assert by_private.private_match == "in your private note"


def test_the_pack_holds_the_summary_unless_the_private_note_is_ticked_in(
    portfolio: Portfolio, tmp_path: Path
) -> None:
    note = _note(portfolio, Structure.GIBBS)  # stand-alone: no relationship, no session
    records.save(portfolio, replace(note, id=None, written_on=date(2025, 1, 5), title="Old"))
    request = PackRequest(date(2026, 1, 1), date(2026, 12, 31))
    assert [i.title for i in candidates(portfolio, request)] == [note.title]
    shared = _pdf_text(build_pack(portfolio, request, today=TODAY).pdf, tmp_path)
    assert SUMMARY in shared and "Reflective notes" in shared and "PRIVATE" not in shared
    ticked = replace(request, include_reflections=True)
    assert "PRIVATE-gibbs-6" in _pdf_text(build_pack(portfolio, ticked, today=TODAY).pdf, tmp_path)


def test_the_check_before_the_pack_reads_the_layers_it_prints(portfolio: Portfolio) -> None:
    records.save(
        portfolio,
        ReflectiveNote(
            title="Nights",
            written_on=date(2026, 10, 2),
            structure=Structure.FREE,
            part_1="I missed the sepsis screen",
            learning_summary="I will use the screening tool on every admission.",
        ),
    )
    year = (date(2026, 1, 1), date(2026, 12, 31))
    assert appraisal_text.period_hits(portfolio, *year) == []
    [hit] = appraisal_text.period_hits(portfolio, *year, include_reflections=True)
    assert hit.kind == ADMISSION and hit.where.startswith("reflective note of 02/10/2026")


def test_a_note_says_something_and_keeps_its_parts(portfolio: Portfolio) -> None:
    with pytest.raises(ValidationFailed, match="title"):
        records.save(portfolio, ReflectiveNote(written_on=date(2026, 10, 2), part_1="x"))
    with pytest.raises(ValidationFailed, match="is empty"):
        records.save(portfolio, ReflectiveNote(title="T", written_on=date(2026, 10, 2)))
    note = _note(portfolio, Structure.GIBBS)
    with pytest.raises(ValidationFailed, match="move the text of the others first"):
        records.save(portfolio, replace(note, structure=Structure.AOMRC))
