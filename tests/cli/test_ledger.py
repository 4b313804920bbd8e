"""`mentee-portfolio ledger`: each way out of the portfolio from the command line is
listed, one line each (or as JSON), with the SHA-256 of the file on disk; `check`
notices a ledger entry changed or removed behind the app's back."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from app.domain import recovery_code
from app.services import appraisal_text, documents
from app.services.export_json import export_to_file
from app.services.pack import PackRequest, build_pack
from app.services.portfolio import CreatedPortfolio, unlock_with_passphrase
from tests.cli.conftest import assert_one_line_error, run_cli
from tests.conftest import PASSPHRASE
from tests.signing.conftest import raw_db


def _written_in_process(path: Path, folder: Path) -> list[Path]:
    """The ways out the command line has no need to show again (their services record
    the same; tests/services/test_ledger.py): the recovery sheet, the pack, CPD
    entries and the JSON export, written through the services."""
    portfolio = unlock_with_passphrase(path, PASSPHRASE)
    try:
        recovery = documents.render(portfolio, documents.RECOVERY, 0)
        documents.save_pdf(portfolio, recovery, folder / "recovery.pdf")
        period = (date(2026, 1, 1), date(2026, 12, 31))
        pack = build_pack(portfolio, PackRequest(*period))
        documents.save_pdf(portfolio, pack, folder / "pack.pdf")
        entries = appraisal_text.cpd_entries(portfolio, *period)
        appraisal_text.save_cpd(portfolio, entries, folder / "cpd.csv", as_spreadsheet=True)
        export_to_file(portfolio, folder / "export.json")
    finally:
        portfolio.lock()
    return [folder / name for name in ("recovery.pdf", "pack.pdf", "cpd.csv", "export.json")]


def test_every_way_out_is_listed_and_check_notices_an_edited_or_removed_entry(
    filled: CreatedPortfolio, tmp_path: Path
) -> None:
    path = filled.portfolio.path
    empty = run_cli("ledger", path)
    assert empty.code == 0 and empty.out == "" and "no file" in empty.err

    written = []
    for command, *rest in (
        ("pdf", "session", "1", "-o", "session.pdf"),
        ("calendar", "-o", "d.ics"),
    ):
        out = tmp_path / rest[-1]
        result = run_cli(command, path, *rest[:-1], out)
        assert result.code == 0, (command, result.err)
        written.append(out)
    written += _written_in_process(path, tmp_path)

    listed = run_cli("ledger", path)
    assert listed.code == 0, listed.err
    lines = listed.out.splitlines()
    assert len(lines) == len(written)
    # Newest first, each naming where the file went and its fingerprint as on disk.
    for line, out in zip(lines, reversed(written), strict=True):
        assert str(out.resolve()) in line
        assert hashlib.sha256(out.read_bytes()).hexdigest() in line
    assert "Recovery sheet" in lines[-3] and "no records" in lines[-3]

    machine = run_cli("ledger", path, "--json")
    assert machine.code == 0, machine.err
    items = json.loads(machine.out)
    assert [item["output"] for item in items] == [
        "json-export",
        "cpd",
        "pack",
        "recovery-sheet",
        "calendar",
        "pdf",
    ]
    for item, out in zip(items, reversed(written), strict=True):
        assert item["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
        assert item["path"] == str(out.resolve())
    assert items[-1]["records"] == [{"kind": "session", "id": 1, "version": 1}]
    assert items[-1]["layers"] == ["shared"]

    seqs = sorted(item["seq"] for item in items)
    key = recovery_code.decode(filled.recovery_code)  # the tamperer holds the key
    # Another path written into the session PDF's entry (its hash left as it was).
    with raw_db(path, key) as con:
        (detail,) = con.execute("SELECT detail FROM audit_log WHERE seq = ?", (seqs[0],)).fetchone()
        forged = detail.replace(str(written[0].resolve()), "/tmp/elsewhere.pdf")
        con.execute("UPDATE audit_log SET detail = ? WHERE seq = ?", (forged, seqs[0]))
    checked = run_cli("check", path)
    assert_one_line_error(checked, "audit log", f"entry {seqs[0]}", "altered")
    with raw_db(path, key) as con:
        con.execute("UPDATE audit_log SET detail = ? WHERE seq = ?", (detail, seqs[0]))
    # The newest entry (the JSON export's) taken away: the key file's head notices.
    with raw_db(path, key) as con:
        con.execute("DELETE FROM audit_log WHERE seq = ?", (seqs[-1],))
    checked = run_cli("check", path)
    assert checked.code == 2 and "FAIL audit head" in checked.out, checked.out


def test_mistakes_are_one_sentence(filled: CreatedPortfolio, tmp_path: Path) -> None:
    assert_one_line_error(run_cli("ledger", tmp_path / "missing.mpf"))
    usage = run_cli("ledger")
    assert usage.code == 2 and "Traceback" not in usage.err


def test_check_says_which_entry_wrote_a_file(filled: CreatedPortfolio, tmp_path: Path) -> None:
    path = filled.portfolio.path
    out = tmp_path / "d.ics"
    assert run_cli("calendar", path, "-o", out).code == 0
    found = run_cli("ledger", path, "--check", out)
    assert found.code == 0, found.err
    assert "is what left the portfolio on" in found.out and "Calendar" in found.out
    out.write_bytes(out.read_bytes().replace(b"BEGIN", b"BEGIn", 1))
    missed = run_cli("ledger", path, "--check", out, "--json")
    assert missed.code == 1, missed.err
    assert json.loads(missed.out)["matches"] == []
