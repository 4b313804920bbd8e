"""JSON import carries signed versions faithfully and refuses files whose versions,
signatures or records disagree; nothing of a refused file is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.domain.enums import RecordKind
from app.domain.errors import ImportRefused
from app.domain.record_types import OwnerProfile
from app.services.check import run_check
from app.services.export_json import export_to_file, import_from_file
from app.services.portfolio import Portfolio, create_portfolio
from app.services.signing import lifecycle
from app.services.signing.verify import Outcome, verify
from tests.cli.conftest import assert_one_line_error, run_cli
from tests.conftest import PASSPHRASE, TEST_KDF
from tests.signing.conftest import Records, sign_both

S = RecordKind.SESSION


@pytest.fixture
def exported(portfolio: Portfolio, recs: Records, tmp_path: Path) -> tuple[Path, str]:
    lifecycle.mark_ready(portfolio, S, recs.session.id)
    sign_both(portfolio, S, recs.session.id, 1, drawn=True)
    lifecycle.amend(portfolio, S, recs.session.id, "Typo in summary")
    lifecycle.mark_ready(portfolio, RecordKind.CONTRACT, recs.contract.id)
    sign_both(portfolio, RecordKind.CONTRACT, recs.contract.id, 1)
    code = lifecycle.get_version(portfolio, RecordKind.CONTRACT, recs.contract.id, 1).code
    out = tmp_path / "export.json"
    export_to_file(portfolio, out)
    return out, code


def _fresh(tmp_path: Path, name: str = "new.mpf") -> Portfolio:
    return create_portfolio(
        tmp_path / name, OwnerProfile(name="Siân Ó Dálaigh"), PASSPHRASE, kdf=TEST_KDF
    ).portfolio


def _edited(source: Path, tmp_path: Path, change: Any) -> Path:
    doc = json.loads(source.read_text())
    change(doc)
    target = tmp_path / "edited.json"
    target.write_text(json.dumps(doc))
    return target


def test_round_trip_keeps_versions_signatures_and_amendment(
    exported: tuple[Path, str], tmp_path: Path
) -> None:
    source, _code = exported
    target = _fresh(tmp_path)
    try:
        counts = import_from_file(target, source)
        assert counts["record_versions"] == 2 and counts["signatures"] == 4
        assert run_check(target).ok, run_check(target).first_problem
        assert lifecycle.signature_status(target, S, 1).label == "amended"
        assert lifecycle.signature_status(target, RecordKind.CONTRACT, 1).label == "signed"
        assert lifecycle.is_frozen(target, RecordKind.CONTRACT, 1)
        # A different portfolio id: the old printed codes belong to the old portfolio.
        assert verify(target, _code).outcome is Outcome.OTHER_PORTFOLIO
    finally:
        target.lock()


def _refused(source: Path, tmp_path: Path, change: Any, fragment: str) -> None:
    target = _fresh(tmp_path)
    try:
        with pytest.raises(ImportRefused, match=fragment) as err:
            import_from_file(target, _edited(source, tmp_path, change))
        assert "nothing was imported" in err.value.message
        assert lifecycle.history(target, RecordKind.CONTRACT, 1) == []
        assert run_check(target).ok
    finally:
        target.lock()


def test_signed_record_changed_in_the_file(exported: tuple[Path, str], tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["contracts"][0]["boundaries"] = "No boundaries at all"

    _refused(exported[0], tmp_path, change, "contract 1 differs from its frozen version 1")


def test_locked_version_without_signatures(exported: tuple[Path, str], tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["signatures"] = [s for s in doc["signatures"] if s["version_id"] != 2]

    _refused(exported[0], tmp_path, change, "marked locked but its signatures make it")


def test_signature_moved_to_another_version(exported: tuple[Path, str], tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["signatures"] = [
            s for s in doc["signatures"] if not (s["version_id"] == 2 and s["role"] == "mentee")
        ]
        for s in doc["signatures"]:
            if s["role"] == "mentee":
                s["version_id"] = 2

    _refused(exported[0], tmp_path, change, "does not belong to that version")


def test_skipped_version_number(exported: tuple[Path, str], tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["record_versions"][1]["version"] = 2

    _refused(exported[0], tmp_path, change, "contract 1 is missing version 1")


def test_cli_import_refuses_with_one_line(exported: tuple[Path, str], tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["contracts"][0]["boundaries"] = "Changed"

    edited = _edited(exported[0], tmp_path, change)
    target = _fresh(tmp_path, "cli.mpf")
    path = target.path
    target.lock()
    result = run_cli("import-json", path, edited)
    assert_one_line_error(result, "are not consistent", "contract 1 differs from its frozen")


# --- The export carries its audit log; import checks the chain and the signatures
# against it, so an edited signature is refused by name.


def test_export_carries_its_audit_log(exported: tuple[Path, str]) -> None:
    doc = json.loads(exported[0].read_text())
    log = doc["audit_log"]
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
    assert sum(e["action"] == "sign" for e in log) == 4


def test_signer_name_edited_in_the_file(exported: tuple[Path, str], tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        for s in doc["signatures"]:
            if s["version_id"] == 2 and s["role"] == "mentor":
                s["signer_name"] = "Dr Someone Else"

    _refused(
        exported[0],
        tmp_path,
        change,
        "the mentor's signature on contract 1 version 1 does not match its audit entry",
    )


def test_signature_date_edited_in_the_file(exported: tuple[Path, str], tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        for s in doc["signatures"]:
            if s["version_id"] == 1 and s["role"] == "mentee":
                s["signed_on"] = "2026-01-02"

    _refused(
        exported[0],
        tmp_path,
        change,
        "the mentee's signature on session 1 version 1 does not match its audit entry",
    )


def test_signature_and_its_audit_entry_edited_together(
    exported: tuple[Path, str], tmp_path: Path
) -> None:
    def change(doc: dict[str, Any]) -> None:
        for s in doc["signatures"]:
            if s["version_id"] == 2 and s["role"] == "mentor":
                s["signer_name"] = "Dr Someone Else"
        for e in doc["audit_log"]:
            if (
                e["action"] == "sign"
                and e["record_kind"] == "contract"
                and "(mentor)" in e["detail"]
            ):
                e["detail"] = e["detail"].replace("Dr Αλέξανδρος Łukasz", "Dr Someone Else")

    _refused(exported[0], tmp_path, change, r"audit log: entry \d+ \(sign contract\) was altered")


def test_signature_and_its_audit_entry_removed(exported: tuple[Path, str], tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["signatures"] = [
            s for s in doc["signatures"] if not (s["version_id"] == 2 and s["role"] == "mentor")
        ]
        for v in doc["record_versions"]:
            if v["id"] == 2:
                v["status"] = "signed"
        doc["audit_log"] = [
            e
            for e in doc["audit_log"]
            if not (
                e["action"] == "sign"
                and e["record_kind"] == "contract"
                and "(mentor)" in e["detail"]
            )
        ]

    _refused(exported[0], tmp_path, change, r"audit log: entry \d+ is missing")


def test_signature_removed_but_not_its_entry(exported: tuple[Path, str], tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["signatures"] = [
            s for s in doc["signatures"] if not (s["version_id"] == 2 and s["role"] == "mentor")
        ]
        for v in doc["record_versions"]:
            if v["id"] == 2:
                v["status"] = "signed"

    _refused(
        exported[0],
        tmp_path,
        change,
        r"the mentor's signature on contract 1 version 1 \(audit entry \d+\) is missing",
    )


def test_signed_history_without_its_log_is_refused(
    exported: tuple[Path, str], tmp_path: Path
) -> None:
    def change(doc: dict[str, Any]) -> None:
        del doc["audit_log"]

    _refused(exported[0], tmp_path, change, "has signed records but no audit log")


def test_without_history_is_a_choice_that_check_remembers(
    exported: tuple[Path, str], tmp_path: Path
) -> None:
    """An export from before the log travelled with it: importable when asked for,
    and `check` says for good that those signatures were not verified."""
    source = _edited(exported[0], tmp_path, lambda doc: doc.pop("audit_log"))
    target = _fresh(tmp_path)
    try:
        import_from_file(target, source, without_history=True)
        report = run_check(target)
        assert report.ok, report.first_problem
        detail = {r.name: r.detail for r in report.results}["signed versions"]
        assert "2 versions and 4 signatures were imported without their audit log" in detail
    finally:
        target.lock()


def test_imported_portfolio_records_the_history_it_checked(
    exported: tuple[Path, str], tmp_path: Path
) -> None:
    doc = json.loads(exported[0].read_text())
    head = doc["audit_log"][-1]
    target = _fresh(tmp_path)
    try:
        import_from_file(target, exported[0])
        from app.services import history

        details = [e.detail for e in history.portfolio_history(target)]
        assert any(
            f"its audit log checked to entry {head['seq']}, hash {head['entry_hash']}" in d
            for d in details
        ), details
    finally:
        target.lock()


def test_cli_import_names_the_edited_signature(exported: tuple[Path, str], tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        for s in doc["signatures"]:
            if s["version_id"] == 2 and s["role"] == "mentee":
                s["signer_name"] = "Somebody"

    edited = _edited(exported[0], tmp_path, change)
    target = _fresh(tmp_path, "cli.mpf")
    path = target.path
    target.lock()
    result = run_cli("import-json", path, edited)
    assert_one_line_error(
        result, "the mentee's signature on contract 1 version 1 does not match its audit entry"
    )
    assert "nothing was imported" in result.err


def test_the_end_of_the_log_cut_off_with_the_last_signature(
    exported: tuple[Path, str], tmp_path: Path
) -> None:
    """The last signature, its entry and the export's own entry after it all removed:
    the chain holds, but the log no longer ends where the export ended it."""

    def change(doc: dict[str, Any]) -> None:
        log = doc["audit_log"]
        assert log[-1]["action"] == "export" and log[-2]["action"] == "sign"
        del log[-2:]
        doc["signatures"] = [
            s for s in doc["signatures"] if not (s["version_id"] == 2 and s["role"] == "mentor")
        ]
        for v in doc["record_versions"]:
            if v["id"] == 2:
                v["status"] = "signed"

    _refused(exported[0], tmp_path, change, "does not end with the entry of its export")


def test_unverified_stays_unverified_through_another_export(
    exported: tuple[Path, str], tmp_path: Path
) -> None:
    """Imported without a log, exported again (now with a log), imported again: the
    signatures are still said not to be verified."""
    source = _edited(exported[0], tmp_path, lambda doc: doc.pop("audit_log"))
    first = _fresh(tmp_path, "first.mpf")
    try:
        import_from_file(first, source, without_history=True)
        again = tmp_path / "again.json"
        export_to_file(first, again)
    finally:
        first.lock()
    second = _fresh(tmp_path, "second.mpf")
    try:
        import_from_file(second, again)
        report = run_check(second)
        assert report.ok, report.first_problem
        detail = {r.name: r.detail for r in report.results}["signed versions"]
        assert "2 versions and 4 signatures were imported without their audit log" in detail
    finally:
        second.lock()
