"""JSON import carries signed versions faithfully and refuses files whose versions,
signatures or records disagree; nothing of a refused file is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.domain.enums import RecordKind
from app.domain.errors import ImportRefused
from app.domain.records import OwnerProfile
from app.services import lifecycle
from app.services.check import run_check
from app.services.export_json import export_to_file, import_from_file
from app.services.portfolio import Portfolio, create_portfolio
from app.services.verify import Outcome, verify
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
