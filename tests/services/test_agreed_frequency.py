"""The contract's agreed interval: a new contract reads its wording, the services refuse
what cannot be read, export and import carry it (and read it once from an export made
before it existed), and it stays editable on a signed contract without changing what
was signed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.domain.enums import RecordKind
from app.domain.errors import ValidationFailed
from app.domain.record_types import Contract, Mentor, OwnerProfile, Relationship
from app.services import records
from app.services.export_json import export_document, import_from_file
from app.services.portfolio import Portfolio, create_portfolio, default_contract
from app.services.signing import lifecycle, signable
from tests.conftest import PASSPHRASE, TEST_KDF


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Portfolio]:
    created = create_portfolio(
        tmp_path / "empty.mpf", OwnerProfile(name="Empty"), PASSPHRASE, kdf=TEST_KDF
    )
    yield created.portfolio
    created.portfolio.lock()


def _contract(portfolio: Portfolio, **fields: object) -> Contract:
    mentor = records.save(portfolio, Mentor(name="Dr Ines"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    return records.save(portfolio, Contract(relationship_id=rel.id, **fields))  # type: ignore[arg-type]


def test_a_new_contract_reads_its_wording() -> None:
    blank = default_contract()
    assert blank.frequency == "Every 4 to 6 weeks"
    assert blank.agreed_frequency == "every 4 to 6 weeks"


def test_what_cannot_be_read_is_refused(portfolio: Portfolio) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _contract(portfolio, agreed_frequency="bi-monthly")
    assert "agreed_frequency" in refused.value.problems


def test_export_and_import_carry_it_and_read_older_exports_once(
    portfolio: Portfolio, empty: Portfolio, tmp_path: Path
) -> None:
    _contract(
        portfolio, frequency="monthly, more often before exams", agreed_frequency="every month"
    )
    doc = export_document(portfolio)
    assert doc["contracts"][0]["agreed_frequency"] == "every month"
    older = json.loads(json.dumps(doc))
    older["contracts"][0]["frequency"] = "6-8 weekly"
    del older["contracts"][0]["agreed_frequency"]  # written before the field existed
    path = tmp_path / "older.json"
    path.write_text(json.dumps(older), encoding="utf-8")
    import_from_file(empty, path)
    (imported,) = records.list_records(empty, Contract)
    assert imported.agreed_frequency == "every 6 to 8 weeks"


def test_editable_on_a_signed_contract_and_no_part_of_what_was_signed(
    portfolio: Portfolio,
) -> None:
    contract = _contract(portfolio, frequency="as needed")
    assert contract.id is not None
    ready = lifecycle.mark_ready(portfolio, RecordKind.CONTRACT, contract.id)
    before = signable.identify(portfolio, RecordKind.CONTRACT, contract.id)
    records.save(portfolio, records.copy_with(contract, agreed_frequency="every 6 weeks"))
    after = signable.identify(portfolio, RecordKind.CONTRACT, contract.id)
    assert (after.version, after.state, after.code) == (
        ready.version,
        ready.status.value,
        before.code,
    )
    assert records.get(portfolio, Contract, contract.id).agreed_frequency == "every 6 weeks"
