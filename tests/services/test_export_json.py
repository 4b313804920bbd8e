"""The export format: its documented schema, and imports of hostile or damaged files
that must be refused with a clear message while the portfolio stays unchanged."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.domain.errors import ImportRefused
from app.domain.record_types import Goal, Mentor, OwnerProfile, Relationship, SessionRecord
from app.services import records
from app.services.export_json import export_document, export_schema, import_from_file
from app.services.portfolio import Portfolio, create_portfolio
from tests.conftest import PASSPHRASE, TEST_KDF

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def exported(portfolio: Portfolio) -> dict[str, Any]:
    mentor = records.save(portfolio, Mentor(name="Siân Ó Dálaigh", role="Consultant"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    goal = records.save(portfolio, Goal(relationship_id=rel.id, title="Teach <b>&amp;"))
    records.save(
        portfolio,
        SessionRecord(
            relationship_id=rel.id, held_on=date(2026, 2, 3), topics="Rota", goal_ids=[goal.id]
        ),
    )
    return export_document(portfolio)


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Portfolio]:
    created = create_portfolio(
        tmp_path / "empty.mpf", OwnerProfile(name="Empty"), PASSPHRASE, kdf=TEST_KDF
    )
    yield created.portfolio
    created.portfolio.lock()


def test_documented_schema_is_the_one_the_code_validates_against() -> None:
    documented = json.loads((DOCS / "export-schema-v1.json").read_text(encoding="utf-8"))
    assert documented == export_schema(), (
        "docs/export-schema-v1.json is stale: regenerate it (docs/export-format.md)"
    )
    assert "export-schema-v1.json" in (DOCS / "export-format.md").read_text(encoding="utf-8")


def _write(tmp_path: Path, doc: Any) -> Path:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return change


HOSTILE = {
    "wrong type for a date": (_set("sessions.0.held_on", 20260203), "held_on"),
    "impossible date": (_set("sessions.0.held_on", "2026-02-31"), "held_on"),
    "text over the limit": (_set("goals.0.title", "x" * 200_001), "title"),
    "unknown field": (_set("goals.0.payload", "<script>"), "payload"),
    "unknown enum value": (_set("relationships.0.kind", "blackmail"), "kind"),
    "negative id": (_set("goals.0.id", -4), "id"),
    "null id": (_set("mentors.0.id", None), "id"),
    "string where a list belongs": (_set("sessions.0.goal_ids", "1,2"), "goal_ids"),
    "newer schema version": (_set("schema_version", 2), "newer version"),
    "another format": (_set("format", "something-else"), "format"),
    "dangling link": (_set("relationships.0.mentor_id", 999), "mentor"),
    "dangling goal link": (_set("sessions.0.goal_ids", [999]), "goal"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_import_is_refused_and_changes_nothing(
    name: str, exported: dict[str, Any], empty: Portfolio, tmp_path: Path
) -> None:
    change, fragment = HOSTILE[name]
    doc = copy.deepcopy(exported)
    change(doc)
    before = export_document(empty)
    with pytest.raises(ImportRefused) as caught:
        import_from_file(empty, _write(tmp_path, doc))
    message = caught.value.message
    assert fragment in message, message
    assert len(message) < 400 and "\n" not in message
    assert export_document(empty) == before


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"\xff\xfe\x00garbage",
        b"[]",
        b"null",
        b'{"format": "mentee-portfolio-export"}',
        b"[" * 100_000,
    ],
)
def test_garbage_files_are_refused(payload: bytes, empty: Portfolio, tmp_path: Path) -> None:
    path = tmp_path / "garbage.json"
    path.write_bytes(payload)
    with pytest.raises(ImportRefused):
        import_from_file(empty, path)
    assert records.count_records(empty, Mentor) == 0


def test_altered_signed_version_is_refused(
    exported: dict[str, Any], empty: Portfolio, tmp_path: Path
) -> None:
    doc = copy.deepcopy(exported)
    doc["record_versions"] = [
        {
            "id": 1,
            "record_kind": "session",
            "record_id": 1,
            "version": 1,
            "status": "signed",
            "content_json": '{"summary": "what was signed"}',
            "content_hash": "0" * 64,
            "reason": "",
            "created_at": "2026-02-03T10:00:00",
        }
    ]
    with pytest.raises(ImportRefused, match="does not match its hash"):
        import_from_file(empty, _write(tmp_path, doc))


def test_a_record_missing_a_later_field_still_imports(
    exported: dict[str, Any], empty: Portfolio, tmp_path: Path
) -> None:
    doc = copy.deepcopy(exported)
    del doc["sessions"][0]["appraisal_learning"]
    import_from_file(empty, _write(tmp_path, doc))
    (session,) = records.list_records(empty, SessionRecord)
    assert session.appraisal_learning == "" and session.topics == "Rota"
    assert records.get(empty, Goal, session.goal_ids[0]).title == "Teach <b>&amp;"
