"""Every document prints every saved field verbatim, embeds its fonts, carries its
verification code, and is A4 unless Letter is chosen."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from app.domain.enums import RecordKind
from app.domain.kinds.reflective_note import ReflectiveNote
from app.services import documents, records
from app.services.profile import set_preference
from app.services.signing import lifecycle
from tests.printing.conftest import (
    GREEK,
    MENTEE,
    MENTOR,
    Filled,
    pdf_fonts,
    pdf_page_size,
    pdf_text,
)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _expect(text: str, *values: object) -> None:
    for value in values:
        wanted = _squash(value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value))
        wanted = re.sub(r"^[-•] ", "", wanted)
        assert wanted in text, f"{wanted!r} missing from the PDF text"


def _render(
    filled: Filled, kind: str, record_id: int, tmp_path: Path, **kwargs: bool
) -> tuple[documents.PrintedDocument, Path, str]:
    doc = documents.render(filled.portfolio, kind, record_id, **kwargs)
    path = _write(tmp_path, f"{kind}.pdf", doc.pdf)
    return doc, path, pdf_text(path)


def test_contract_prints_every_clause_and_its_code(filled: Filled, tmp_path: Path) -> None:
    doc, path, text = _render(filled, "contract", filled.contract.id, tmp_path)
    c = filled.contract
    _expect(
        text,
        MENTEE,
        MENTOR,
        "Consultant <Anaesthetist>",
        "Cardiff & Vale UHB",
        "Wales & Deanery",
        c.agreed_on,
        c.review_date,
        c.ground_rules.splitlines()[0],
        c.confidentiality,
        c.confidentiality_limit,
        c.boundaries,
        c.conflicts_of_interest,
        f"Teach with {GREEK}",
        "Pass <FRCA>",
        c.frequency,
        c.meeting_format,
        c.meeting_length,
        c.arrangements,
        c.contact_between_meetings,
        c.duration,
        c.ending,
        c.documentation,
        doc.code,
    )
    assert doc.code.startswith("C1-1-")
    assert "page 1 of 2" in text or "page 1 of 1" in text  # the record's own numbers


def test_session_record_prints_fields_actions_and_never_the_reflection(
    filled: Filled, tmp_path: Path
) -> None:
    doc, _, text = _render(filled, "session", filled.session.id, tmp_path)
    s = filled.session
    _expect(
        text,
        s.held_on,
        "1 h 15 min",
        "Video call",
        s.location,
        s.since_last,
        "Rota pressures",
        "FRCA viva <prep>",
        s.summary,
        s.key_learning,
        s.next_meeting,
        filled.action.description,
        "Mentor",
        filled.action.due_date,
        doc.code,
    )
    # The action is done since; the signed page shows what was agreed, not a stale
    # "Open" (progress is outside the signature and printed in the action log).
    assert "Status" not in text and "Open" not in text
    assert "PRIVATE-REFLECTION-MARKER" not in text
    _, _, with_reflection = _render(
        filled, "session", filled.session.id, tmp_path, include_reflection=True
    )
    assert "PRIVATE-REFLECTION-MARKER felt anxious" in with_reflection


def test_goals_checklist_actions_relationship(filled: Filled, tmp_path: Path) -> None:
    g = filled.goal
    doc, _, text = _render(filled, "goals", filled.relationship.id, tmp_path)
    _expect(
        text,
        g.title,
        g.specific,
        g.measurable,
        g.achievable,
        g.relevant,
        g.time_bound,
        g.category,
        g.target_date,
        doc.code,
    )
    # Progress is not signed: the goals plan leaves it out rather than show a blank.
    assert "Status" not in text and g.progress_notes not in text
    doc, _, text = _render(filled, "checklist", filled.checklist.id, tmp_path)
    _expect(
        text,
        "First meeting",
        "Agree ground rules",
        "Done <quickly>",
        "Discuss confidentiality & its limits",
        "1 of 2",
        doc.code,
    )
    _, _, text = _render(filled, "actions", filled.relationship.id, tmp_path)
    _expect(text, filled.action.description, filled.action.due_date, "03/02/2026")
    _, _, text = _render(filled, "relationship", filled.relationship.id, tmp_path)
    assert "The whole relationship to date" in text  # a pack's cover counts its period
    _expect(
        text,
        MENTOR,
        "Wales & Deanery",
        g.title,
        "Rota pressures; FRCA viva <prep>",
        "1.2",
        f"Progress: {g.progress_notes}",
        g.status.label,
    )


@pytest.mark.today("2026-11-23")
def test_recovery_sheet_holds_the_code(filled: Filled, tmp_path: Path) -> None:
    from app.domain.recovery_code import groups
    from app.services.portfolio import recovery_code_of

    _, _, text = _render(filled, "recovery", 0, tmp_path)
    for group in groups(recovery_code_of(filled.portfolio)):
        assert group in text
    assert "Keep it somewhere private" in text
    # The portfolio's creation date identifies which portfolio an old sheet belongs to.
    assert "Portfolio created 23/11/2026" in text


@pytest.mark.today("2027-06-01 00:30:00", tz="Europe/London")
def test_recovery_sheet_dates_the_portfolio_in_local_time(filled: Filled, tmp_path: Path) -> None:
    # Created at 00:30 British Summer Time: 31 May in UTC, 1 June where the user is.
    _, _, text = _render(filled, "recovery", 0, tmp_path)
    assert "Portfolio created 01/06/2027" in text
    assert "Printed 01/06/2027" in text


@pytest.mark.parametrize("kind", documents.document_names())
def test_fonts_embedded_and_a4(filled: Filled, tmp_path: Path, kind: str) -> None:
    ids = {
        "contract": filled.contract.id,
        "session": filled.session.id,
        "checklist": filled.checklist.id,
    }
    if kind == "reflective_note":
        note = ReflectiveNote(title="Fonts <&>", written_on=date(2026, 2, 4), part_1="Private")
        ids[kind] = records.save(filled.portfolio, note).id
    doc = documents.render(filled.portfolio, kind, ids.get(kind, filled.relationship.id))
    path = _write(tmp_path, "doc.pdf", doc.pdf)
    fonts = pdf_fonts(path)
    assert fonts, "no fonts listed"
    for row in fonts:
        assert row[-5] == "yes", f"font not embedded: {row}"
        assert "DejaVu" in row[0]
    assert "(A4)" in pdf_page_size(path)


def test_letter_when_chosen(filled: Filled, tmp_path: Path) -> None:
    set_preference(filled.portfolio, documents.PAPER_PREFERENCE, "Letter")
    doc = documents.render(filled.portfolio, "session", filled.session.id)
    assert "612 x 792" in pdf_page_size(_write(tmp_path, "letter.pdf", doc.pdf))


def test_missing_glyphs_are_reported_not_dropped(filled: Filled) -> None:
    from app.services import records

    records.save(
        filled.portfolio, records.copy_with(filled.session, topics="Ambulance 🚑 \U0001fae8")
    )
    doc = documents.render(filled.portfolio, "session", filled.session.id)
    assert any("U+1FAE8" in w for w in doc.warnings)
    assert not any("U+1F691" in w for w in doc.warnings)  # drawn by the emoji font


def test_frozen_versions_stay_printable_after_amendment(filled: Filled, tmp_path: Path) -> None:
    from app.services import records

    pf = filled.portfolio
    first = lifecycle.mark_ready(pf, RecordKind.SESSION, filled.session.id)
    lifecycle.amend(pf, RecordKind.SESSION, filled.session.id, "Spelling")
    records.save(pf, records.copy_with(filled.session, summary="Amended summary text"))
    lifecycle.mark_ready(pf, RecordKind.SESSION, filled.session.id)
    old = documents.render_version(pf, RecordKind.SESSION, filled.session.id, first.version)
    text = pdf_text(_write(tmp_path, "v1.pdf", old.pdf))
    assert filled.session.summary.split()[0] in text and "Amended summary" not in text
    assert old.code == first.code and "Superseded" in text
    new = documents.render(pf, "session", filled.session.id)
    assert "Amended summary text" in pdf_text(_write(tmp_path, "v2.pdf", new.pdf))
    assert new.code != old.code


def test_the_first_meeting_checklist_and_its_signatures_share_one_page(
    filled: Filled, tmp_path: Path
) -> None:
    """The default first-meeting template, all ticked, must not leave the signatures
    alone on a second page (a page that only carries signatures invites misuse)."""
    from app.domain.record_types import Checklist, ChecklistItem, ChecklistTemplate
    from app.services import records

    [first] = [
        t
        for t in records.list_records(filled.portfolio, ChecklistTemplate)
        if t.name == "First meeting"
    ]
    checklist = records.save(
        filled.portfolio,
        Checklist(
            relationship_id=filled.relationship.id,
            template_id=first.id,
            title=first.name,
            items=[ChecklistItem(text=t, done=True) for t in first.items],
        ),
    )
    doc, path, text = _render(filled, "checklist", checklist.id, tmp_path)
    assert "First meeting, page 1 of 1" in text and "Signatures" in text
    _expect(text, *first.items)
