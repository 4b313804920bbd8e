"""What left the portfolio: every way a file leaves records exactly one ledger entry,
after the file is written, with the SHA-256 of the file on disk, which records and
which layers; a write that fails records nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from app.domain.enums import RecordKind
from app.domain.errors import KnownError
from app.domain.record_types import Mentor, OwnerProfile, Relationship, SessionRecord
from app.services import appraisal_text, documents, history, ledger, records
from app.services.calendar_export import save_calendar
from app.services.export_json import export_to_file
from app.services.pack import PackRequest, build_pack
from app.services.portfolio import Portfolio, create_portfolio, recovery_code_of
from app.services.signing import attachments
from app.store.audit import first_broken
from app.store.models import AuditRow
from tests.conftest import PASSPHRASE, TEST_KDF

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201a2dd8b1c0000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portfolio]:
    """One portfolio for the module: each test only adds ledger entries and counts its
    own."""
    folder = tmp_path_factory.mktemp("ledger")
    created = create_portfolio(
        folder / "p.mpf", OwnerProfile(name="Dr Mentee"), PASSPHRASE, kdf=TEST_KDF
    )
    pf = created.portfolio
    mentor = records.save(pf, Mentor(name="Dr Mentor"))
    rel = records.save(pf, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    for day in (3, 10):
        records.save(
            pf,
            SessionRecord(
                relationship_id=rel.id,
                held_on=date(2026, 2, day),
                topics="Rota",
                private_reflection="PRIVATE-NOTE",
                appraisal_learning="Delegation",
                next_meeting=date(2099, 3, 1),
            ),
        )
    yield pf
    pf.lock()


def _shared_entries(pf: Portfolio) -> list[AuditRow]:
    with pf.transaction() as db:
        rows = list(db.query(AuditRow).order_by(AuditRow.seq))
        db.expunge_all()
    return rows


def _one_new_entry(pf: Portfolio, write: Callable[[], object], out: Path) -> ledger.LedgerEntry:
    """Runs ``write``; exactly one ledger entry is added, naming ``out`` and the SHA-256
    of the file as it is on disk, and the chain still holds."""
    before = len(ledger.entries(pf))
    write()
    after = ledger.entries(pf)
    assert len(after) == before + 1
    entry = after[0]  # newest first
    assert entry.path == str(out.resolve())
    assert entry.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert entry.size == out.stat().st_size
    assert first_broken(_shared_entries(pf)) is None
    return entry


def test_a_session_pdf_records_its_record_version_and_layers(
    shared: Portfolio, tmp_path: Path
) -> None:
    out = tmp_path / "session.pdf"
    doc = documents.render(shared, "session", 1)
    entry = _one_new_entry(shared, lambda: documents.save_pdf(shared, doc, out), out)
    assert entry.output == ledger.PDF
    assert entry.records == (ledger.RecordRef("session", 1, 1),)
    assert entry.layers == (ledger.SHARED,)
    assert "summary only" in entry.sentence()

    private = documents.render(shared, "session", 1, include_reflection=True)
    out2 = tmp_path / "with-reflection.pdf"
    entry = _one_new_entry(shared, lambda: documents.save_pdf(shared, private, out2), out2)
    assert entry.layers == (ledger.SHARED, ledger.PRIVATE)
    assert "with private reflection" in entry.sentence()
    # The record's own history shows it, as a sentence, not the stored JSON.
    shown = history.record_history(shared, RecordKind.SESSION, 1)[-1]
    assert shown.action_label == "Left the portfolio"
    assert "with private reflection" in shown.display_detail
    assert not shown.display_detail.startswith("{")


def test_a_relationship_document_lists_the_records_it_shows(
    shared: Portfolio, tmp_path: Path
) -> None:
    out = tmp_path / "summary.pdf"
    doc = documents.render(shared, "relationship", 1)
    entry = _one_new_entry(shared, lambda: documents.save_pdf(shared, doc, out), out)
    assert {(r.kind, r.record_id) for r in entry.records} >= {
        ("relationship", 1),
        ("session", 1),
        ("session", 2),
    }


def test_the_recovery_sheet_is_recorded_as_a_secret_without_records(
    shared: Portfolio, tmp_path: Path
) -> None:
    out = tmp_path / "recovery.pdf"
    doc = documents.render(shared, documents.RECOVERY, 0)
    entry = _one_new_entry(shared, lambda: documents.save_pdf(shared, doc, out), out)
    assert entry.output == ledger.RECOVERY_SHEET
    assert entry.records == () and entry.layers == (ledger.SECRET,)
    # Where it went and its fingerprint, never the code itself.
    detail = _shared_entries(shared)[-1].detail
    for group in recovery_code_of(shared).split("-"):
        assert group not in detail


def test_the_pack_records_its_records_and_whether_reflections_went_in(
    shared: Portfolio, tmp_path: Path
) -> None:
    request = PackRequest(date(2026, 1, 1), date(2026, 12, 31), include_reflections=True)
    doc = build_pack(shared, request)
    out = tmp_path / "pack.pdf"
    entry = _one_new_entry(
        shared, lambda: documents.save_pdf(shared, doc, out, "the appraisal pack"), out
    )
    assert entry.output == ledger.PACK
    assert ("session", 1) in {(r.kind, r.record_id) for r in entry.records}
    assert ("session", 2) in {(r.kind, r.record_id) for r in entry.records}
    assert ledger.PRIVATE in entry.layers
    assert "2026-01-01 to 2026-12-31" in entry.title


def test_cpd_and_calendar(shared: Portfolio, tmp_path: Path) -> None:
    entries = appraisal_text.cpd_entries(shared, date(2026, 1, 1), date(2026, 12, 31))
    out = tmp_path / "cpd.csv"
    entry = _one_new_entry(
        shared,
        lambda: appraisal_text.save_cpd(shared, entries, out, as_spreadsheet=True),
        out,
    )
    assert entry.output == ledger.CPD and entry.layers == (ledger.SHARED,)
    assert [(r.kind, r.record_id) for r in entry.records] == [("session", 1), ("session", 2)]

    out = tmp_path / "dates.ics"
    entry = _one_new_entry(shared, lambda: save_calendar(shared, out), out)
    assert entry.output == ledger.CALENDAR and entry.layers == (ledger.DATES,)
    assert entry.records == (ledger.RecordRef("relationship", 1),)


def test_the_json_export_keeps_its_own_entry_and_adds_one_to_the_ledger(
    shared: Portfolio, tmp_path: Path
) -> None:
    out = tmp_path / "export.json"
    entry = _one_new_entry(shared, lambda: export_to_file(shared, out), out)
    assert entry.output == ledger.JSON_EXPORT and entry.whole_portfolio
    assert ledger.PRIVATE in entry.layers
    # The file's log ends with the export's own entry, stored just before the ledger's.
    carried = json.loads(out.read_text())["audit_log"][-1]
    rows = _shared_entries(shared)
    assert carried["action"] == "export"
    assert (rows[-2].seq, rows[-2].entry_hash) == (carried["seq"], carried["entry_hash"])
    assert rows[-1].action == ledger.ACTION


def test_a_saved_scan(shared: Portfolio, tmp_path: Path) -> None:
    scan = attachments.add_scan(shared, RecordKind.SESSION, 2, PNG, "page.png")
    assert scan.id is not None
    attachment_id = scan.id
    out = tmp_path / "scan.png"
    entry = _one_new_entry(shared, lambda: attachments.save_copy(shared, attachment_id, out), out)
    assert entry.output == ledger.SCAN
    assert entry.records == (ledger.RecordRef("session", 2),)


def test_a_signing_request_can_be_recorded(shared: Portfolio, tmp_path: Path) -> None:
    """The ledger is ready for signing requests (none is made yet)."""
    out = tmp_path / "request.pdf"
    outgoing = ledger.Outgoing(
        ledger.SIGNING_REQUEST, "Signing request", (ledger.RecordRef("session", 1, 1),)
    )
    entry = _one_new_entry(
        shared, lambda: ledger.save(shared, outgoing, b"%PDF-1.7 request", out, "the request"), out
    )
    assert entry.output_label == "Signing request"


def test_a_write_that_fails_records_nothing(shared: Portfolio, tmp_path: Path) -> None:
    doc = documents.render(shared, "session", 1)
    before = ledger.entries(shared)
    for target in (tmp_path / "no-such-folder" / "x.pdf", tmp_path, shared.path):
        with pytest.raises(KnownError):
            documents.save_pdf(shared, doc, target)
    entries = appraisal_text.cpd_entries(shared, date(2026, 1, 1), date(2026, 12, 31))
    with pytest.raises(KnownError):
        appraisal_text.save_cpd(shared, entries, tmp_path / "gone" / "c.csv", as_spreadsheet=True)
    with pytest.raises(KnownError):
        export_to_file(shared, tmp_path / "gone" / "e.json")
    assert ledger.entries(shared) == before


def test_unknown_outputs_and_layers_are_refused() -> None:
    with pytest.raises(ValueError):
        ledger.Outgoing("fax", "x")
    with pytest.raises(ValueError):
        ledger.Outgoing(ledger.PDF, "x", layers=("everything",))


def test_a_recovery_code_file_is_recorded_without_the_code(
    shared: Portfolio, tmp_path: Path
) -> None:
    out = tmp_path / "code.txt"
    code = recovery_code_of(shared)
    entry = _one_new_entry(shared, lambda: ledger.save_recovery_code(shared, code, out), out)
    assert out.read_text() == code + "\n"
    assert entry.output == ledger.RECOVERY_CODE and entry.layers == (ledger.SECRET,)
    detail = _shared_entries(shared)[-1].detail
    assert not any(group in detail for group in code.split("-"))


def test_standard_output_is_recorded_as_such(
    shared: Portfolio, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    before = len(ledger.entries(shared))
    save_calendar(shared, Path("-"))
    written = capfdbinary.readouterr().out
    entries = ledger.entries(shared)
    assert len(entries) == before + 1
    assert entries[0].path is None and entries[0].where == "standard output"
    assert entries[0].sha256 == hashlib.sha256(written).hexdigest()


def test_a_file_is_checked_against_the_ledger(shared: Portfolio, tmp_path: Path) -> None:
    out = tmp_path / "calendar.ics"
    save_calendar(shared, out)
    checked = ledger.check_file(shared, out)
    entry = checked.matches[0]  # the newest of the entries that wrote these bytes
    assert entry.path == str(out.resolve()) and entry.sha256 == checked.sha256
    assert "is what left the portfolio on" in checked.sentences()[0]
    # A copy elsewhere is the same bytes: still found (where it went says the entry).
    copy = tmp_path / "renamed.ics"
    copy.write_bytes(out.read_bytes())
    assert ledger.check_file(shared, copy).matches == checked.matches
    # One byte changed: no entry has those bytes.
    copy.write_bytes(out.read_bytes() + b"\n")
    edited = ledger.check_file(shared, copy)
    assert edited.matches == () and "No entry in the ledger" in edited.sentences()[0]


def test_a_folder_a_pipe_or_nothing_is_refused_in_one_sentence(tmp_path: Path) -> None:
    import os

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for path, said in (
        (tmp_path, "is a folder"),
        (pipe, "not a file"),
        (tmp_path / "gone.pdf", "There is no file"),
    ):
        with pytest.raises(KnownError, match=said):
            ledger.fingerprint(path)
