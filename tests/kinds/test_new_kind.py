"""A new record kind needs its own module, its table, its page and its form, and
nothing else: tests/kinds/reading_note*.py declare one through the registry alone, and
this test shows it is saved, searchable, exported and imported, printable, in the
appraisal pack and on a form of the window, and, declared signable, marked ready and
signed. The files it needed are the checklist of docs/ARCHITECTURE.md, section "How to
add a record kind"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.domain import registry
from app.domain.enums import SignatureMethod, SignerRole, VersionStatus
from app.domain.errors import RecordFrozen
from app.domain.kind_spec import RecordKindSpec
from app.domain.record_types import Mentor, OwnerProfile, Relationship
from app.services import documents, history, records, search
from app.services.export_json import dumps, export_document, export_schema, import_from_file
from app.services.pack import PackRequest, build_pack, candidates
from app.services.portfolio import Portfolio, create_portfolio
from app.services.signing import lifecycle, verify
from app.store.models import RelationshipRow
from app.store.rows import build_row, forget_row, use_row
from tests.conftest import PASSPHRASE, TEST_KDF
from tests.kinds.reading_note import KIND, SIGNED_SPEC, SPEC, ReadingNote

ROOT = Path(__file__).resolve().parents[2]
# What declaring the kind took, by the role each file plays in the checklist. The
# migration's part (creating the table) is played by create_table below: a test kind
# must not change the real schema.
NEEDED = {
    "kind module": "tests/kinds/reading_note.py",
    "migration": "create_table in tests/kinds/test_new_kind.py",
    "page": "tests/kinds/reading_note_page.py",
    "form": "tests/kinds/reading_note_form.py",
}


class _TestBase(DeclarativeBase):
    pass


class _TestRow(_TestBase):
    __abstract__ = True
    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-1)


RelationshipRow.__table__.to_metadata(_TestBase.metadata)  # the target of its link
_ROW = build_row(SPEC, _TestRow)


def create_table(portfolio: Portfolio) -> None:
    """What the kind's migration does: create its table (from the generated row)."""
    with portfolio.transaction() as db:
        _TestBase.metadata.create_all(db.connection(), tables=[_ROW.__table__])


def _registered(spec: RecordKindSpec) -> Iterator[None]:
    registry.register(spec)
    use_row(KIND, _ROW)
    try:
        yield
    finally:
        forget_row(KIND)
        registry.unregister(KIND)


@pytest.fixture
def reading_notes() -> Iterator[None]:
    yield from _registered(SPEC)


@pytest.fixture
def signed_reading_notes() -> Iterator[None]:
    yield from _registered(SIGNED_SPEC)


def _relationship(portfolio: Portfolio) -> Relationship:
    mentor = records.save(portfolio, Mentor(name="Dr Rosalind Franklin"))
    return records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))


def _note(portfolio: Portfolio) -> ReadingNote:
    rel = _relationship(portfolio)
    return records.save(
        portfolio,
        ReadingNote(
            relationship_id=rel.id,
            read_on=date(2026, 3, 2),
            title="The Courage to Be Disliked",
            takeaway="Separate my tasks from other people's <tasks> & expectations",
        ),
    )


@pytest.mark.usefixtures("reading_notes")
def test_a_new_kind_is_saved_searched_and_refused_like_any_other(portfolio: Portfolio) -> None:
    from app.domain.errors import ValidationFailed

    create_table(portfolio)
    note = _note(portfolio)
    assert records.get(portfolio, ReadingNote, note.id) == note
    [hit] = search.search(portfolio, "disliked")
    assert (hit.kind, hit.record_id, hit.title) == (KIND, note.id, "The Courage to Be Disliked")
    assert search.search(portfolio, "expectations")[0].record_id == note.id
    with pytest.raises(ValidationFailed, match="name what you read"):
        records.save(portfolio, ReadingNote(title=" "))


@pytest.mark.usefixtures("reading_notes")
def test_a_new_kind_is_exported_and_imported(portfolio: Portfolio, tmp_path: Path) -> None:
    create_table(portfolio)
    note = _note(portfolio)
    doc = export_document(portfolio)
    assert [item["title"] for item in doc["reading_notes"]] == [note.title]
    schema = export_schema()
    assert "reading_notes" in schema["properties"]
    assert "reading_notes" not in schema["required"]  # exports without it still import
    path = tmp_path / "export.json"
    path.write_bytes(dumps(doc))
    other = create_portfolio(
        tmp_path / "other.mpf", OwnerProfile(name="Siân Ó Dálaigh"), PASSPHRASE, kdf=TEST_KDF
    ).portfolio
    try:
        create_table(other)
        counts = import_from_file(other, path)
        assert counts["reading_notes"] == 1
        assert records.get(other, ReadingNote, note.id) == note
        assert search.search(other, "disliked")[0].record_id == note.id
    finally:
        other.lock()


@pytest.mark.usefixtures("reading_notes")
def test_a_new_kind_is_printable(portfolio: Portfolio, tmp_path: Path) -> None:
    create_table(portfolio)
    note = _note(portfolio)
    assert [d.name for d in registry.documents_of(KIND)] == ["reading_note"]
    printed = documents.render(portfolio, "reading_note", note.id)
    assert printed.title == "Reading note" and printed.pages == 1
    path = tmp_path / printed.file_name
    path.write_bytes(printed.pdf)
    text = " ".join((PdfReader(path).pages[0].extract_text() or "").split())
    assert "The Courage to Be Disliked" in text
    assert "other people's <tasks> & expectations" in text
    assert "Dr Rosalind Franklin" in text


@pytest.mark.usefixtures("reading_notes")
def test_a_new_kind_is_in_the_appraisal_pack(portfolio: Portfolio, tmp_path: Path) -> None:
    create_table(portfolio)
    note = _note(portfolio)
    records.save(
        portfolio,
        ReadingNote(relationship_id=note.relationship_id, read_on=date(2025, 6, 1), title="Old"),
    )
    request = PackRequest(date(2026, 1, 1), date(2026, 12, 31))
    items = [(i.kind, i.title, i.on) for i in candidates(portfolio, request)]
    assert items[-1] == (KIND, "The Courage to Be Disliked", date(2026, 3, 2))  # its order
    assert [i for i in items if i[0] == KIND] == items[-1:]  # read before the period: out
    printed = build_pack(portfolio, request, today=date(2026, 12, 31))
    path = tmp_path / printed.file_name
    path.write_bytes(printed.pdf)
    reader = PdfReader(path)
    text = " ".join(" ".join((p.extract_text() or "") for p in reader.pages).split())
    assert "other people's <tasks> & expectations" in text
    assert "Reading notes" in [b.title for b in reader.outline if not isinstance(b, list)]


@pytest.mark.usefixtures("reading_notes")
def test_a_new_kind_has_its_form_in_the_window(qtbot: Any, portfolio: Portfolio) -> None:
    from app.ui.sections.base import SectionContext
    from app.ui.sections.sidebar import section_entries

    create_table(portfolio)
    note = _note(portfolio)
    [entry] = [e for e in section_entries() if e.kinds == (KIND,)]
    assert entry.title == "Reading"
    form = entry.build(SectionContext(portfolio))
    qtbot.addWidget(form)
    assert list(form.widgets) == ["title", "relationship_id", "read_on", "takeaway"]
    assert form.widgets["takeaway"].accessibleName() == "What I took from it"
    form.open_id(note.id)
    assert form.widgets["title"].text() == note.title


@pytest.mark.today("2026-03-10")
@pytest.mark.usefixtures("signed_reading_notes")
def test_a_new_kind_declared_signable_is_marked_ready_and_signed(portfolio: Portfolio) -> None:
    create_table(portfolio)
    note = _note(portfolio)
    note_id = records.saved_id(note)
    assert KIND in registry.signable_kinds()
    ready = lifecycle.mark_ready(portfolio, KIND, note_id)
    assert (ready.version, ready.status) == (1, VersionStatus.READY)
    assert ready.code.startswith(f"N{note_id}-1-")
    frozen_note = ready.content_objects()["reading_note"]
    assert frozen_note.title == note.title and frozen_note.takeaway == ""  # left unsigned
    assert ready.content["mentor"] == "Dr Rosalind Franklin"

    with pytest.raises(RecordFrozen, match="This reading note cannot be changed.*on its own"):
        records.save(portfolio, records.copy_with(note, title="Another book"))
    with pytest.raises(RecordFrozen, match="cannot be deleted"):
        records.delete(portfolio, ReadingNote, note_id)
    records.save(portfolio, records.copy_with(note, takeaway="Later: it still holds"))

    def sign(role: SignerRole, name: str) -> VersionStatus:
        return lifecycle.sign(
            portfolio,
            KIND,
            note_id,
            1,
            role=role,
            signer_name=name,
            signed_on=date(2026, 3, 9),
            method=SignatureMethod.INK,
        ).status

    assert sign(SignerRole.MENTEE, "Siân Ó Dálaigh") is VersionStatus.SIGNED
    assert lifecycle.signature_status(portfolio, KIND, note_id).label == "awaiting mentor"
    assert sign(SignerRole.MENTOR, "Dr Rosalind Franklin") is VersionStatus.FULLY_SIGNED
    assert verify.verify(portfolio, ready.code).genuine
    printed = documents.render(portfolio, "reading_note", note_id)
    assert printed.code == ready.code
    text = " ".join((PdfReader(BytesIO(printed.pdf)).pages[0].extract_text() or "").split())
    assert "Later: it still holds" in text  # the unsigned field as it is now
    assert "Signed and locked" in text and "We agree this note." in text
    actions = [e.action for e in history.record_history(portfolio, KIND, note_id)]
    assert actions[:2] == ["create", "ready"] and actions.count("sign") == 2


def _checklist() -> list[str]:
    """The numbered steps of ARCHITECTURE.md's "How to add a record kind"."""
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    part = text.split("How to add a record kind", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\d+\. (.+)$", part, flags=re.MULTILINE)


def test_the_files_it_took_are_the_architecture_checklist() -> None:
    steps = _checklist()
    written = [step for step in steps if not step.startswith("Regenerate")]
    assert [re.match(r"`([^`]+)`", step).group(1) for step in written] == [  # type: ignore[union-attr]
        "app/domain/kinds/<kind>.py",
        "app/store/migrations/versions/NNNN_<kind>.py",
        "app/printing/<document>_page.py",
        "app/ui/sections/<kind>_form.py",
    ]
    assert list(NEEDED) == ["kind module", "migration", "page", "form"]
    for file in NEEDED.values():
        assert (ROOT / file.split(" in ")[-1]).exists(), file
    # The generated export schema is the one other file a real kind changes.
    assert [step for step in steps if step.startswith("Regenerate")] == [
        "Regenerate `docs/export-schema-v1.json` (command in `docs/export-format.md`)."
    ]
