"""Import applies the forms' rules record by record (found in review: NUL characters,
a duration of 0 or 10^12 minutes, an empty or 5,000-character mentor name, an end
before the start and 9999-12-31 were imported; 1.0 as an id, duplicate action ids, an
unpaired surrogate and bad base64 gave "internal error"). The refusal is one sentence
naming the record's kind, id and field, and the portfolio is left as it was."""

from __future__ import annotations

import copy
import dataclasses
import json
import typing
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.domain import registry
from app.domain.canonical import content_hash
from app.domain.enums import RecordKind, SignatureMethod, SignerRole
from app.domain.errors import ImportRefused, ValidationFailed
from app.domain.record_types import (
    Action,
    Checklist,
    ChecklistItem,
    Contract,
    Goal,
    Mentor,
    OwnerProfile,
    Relationship,
    SessionRecord,
)
from app.services import export_json, records
from app.services.export_json import SECTIONS, export_document, import_from_file
from app.services.import_checks import MAX_RECORDS
from app.services.portfolio import Portfolio, create_portfolio, default_contract_wording
from app.services.signing import attachments, lifecycle
from app.store.models import AuditRow
from tests.cli.conftest import assert_one_line_error, run_cli
from tests.conftest import PASSPHRASE, TEST_KDF

DOCS = Path(__file__).resolve().parents[2] / "docs"
PNG = (Path(__file__).resolve().parents[2] / "resources/icons/mentee-portfolio-16.png").read_bytes()
STROKES = {"w": 400, "h": 120, "strokes": [[[10, 60], [40.25, 20], [80, 90]]]}
pytestmark = pytest.mark.today("2026-11-23")


@pytest.fixture
def exported(portfolio: Portfolio) -> dict[str, Any]:
    """One of every kind of record, two actions, a scan and both kinds of signature."""
    pf = portfolio
    mentor = records.save(pf, Mentor(name="Dr Łukasz Żółć", email="l@example.org"))
    rel = records.save(pf, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    records.save(pf, Contract(relationship_id=rel.id, **default_contract_wording()))  # type: ignore[arg-type]
    goal = records.save(pf, Goal(relationship_id=rel.id, title="Teach"))
    assert goal.id is not None
    session = records.save(
        pf,
        SessionRecord(
            topics="Catch-up", relationship_id=rel.id, held_on=date(2026, 2, 3), goal_ids=[goal.id]
        ),
    )
    assert session.id is not None
    for text in ("Read the framework", "Book the course"):
        records.save(
            pf, Action(relationship_id=rel.id, origin_session_id=session.id, description=text)
        )
    records.save(
        pf, Checklist(relationship_id=rel.id, title="First", items=[ChecklistItem("Agree", True)])
    )
    lifecycle.mark_ready(pf, RecordKind.SESSION, session.id)
    scan = attachments.add_scan(pf, RecordKind.SESSION, session.id, PNG, "scan.png")
    for role, name, method, extra in (
        (SignerRole.MENTEE, "Siân", SignatureMethod.INK, {"scan_attachment_id": scan.id}),
        (SignerRole.MENTOR, "Dr Łukasz Żółć", SignatureMethod.DRAWN, {"strokes": STROKES}),
    ):
        lifecycle.sign(
            pf,
            RecordKind.SESSION,
            session.id,
            1,
            role=role,
            signer_name=name,
            signed_on=date(2026, 2, 3),
            method=method,
            **extra,  # type: ignore[arg-type]
        )
    # As the export command writes it: the audit log ends with the export's own entry.
    out = pf.path.with_name("exported.json")
    export_json.export_to_file(pf, out)
    return typing.cast(dict[str, Any], json.loads(out.read_text(encoding="utf-8")))


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Portfolio]:
    created = create_portfolio(
        tmp_path / "empty.mpf", OwnerProfile(name="Empty"), PASSPHRASE, kdf=TEST_KDF
    )
    yield created.portfolio
    created.portfolio.lock()


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return change


def _copy_first(section: str, **changes: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc[section].append({**doc[section][0], **changes})

    return change


def _content(**changes: Any) -> Callable[[dict[str, Any]], None]:
    """Change the frozen session's content, and its hash with it (as someone holding
    the export could)."""

    def change(doc: dict[str, Any]) -> None:
        version = doc["record_versions"][0]
        content = json.loads(version["content_json"])
        content["session"].update(changes)
        version["content_json"] = json.dumps(content)
        version["content_hash"] = content_hash(version["content_json"])

    return change


def _raw(find: str, replace: str) -> Callable[[str], str]:
    return lambda text: text.replace(find, replace, 1)


def _nothing(doc: dict[str, Any]) -> None:
    pass


# name -> (change to the document, change to its JSON text, words the message must hold)
CASES: dict[str, tuple[Callable[[dict[str, Any]], None], Callable[[str], str], tuple[str, ...]]] = {
    "NUL in a name": (_set("mentors.0.name", "Dr\x00X"), str, ("mentor 1", '"name"', "NUL")),
    "0 minutes": (_set("sessions.0.duration_minutes", 0), str, ("session", "1", "duration")),
    "10^12 minutes": (_set("sessions.0.duration_minutes", 10**12), str, ("duration_minutes",)),
    "empty mentor name": (_set("mentors.0.name", " "), str, ("mentor 1", '"name" is required')),
    "5,000-character name": (_set("mentors.0.name", "N" * 5000), str, ("mentor 1", "too long")),
    "end before start": (_set("relationships.0.end_date", "2025-01-01"), str, ("end_date",)),
    "9999-12-31": (_set("sessions.0.held_on", "9999-12-31"), str, ("session", '"held_on"')),
    "id 1.0": (_nothing, _raw('"id": 1,', '"id": 1.0,'), ("/id", "integer")),
    "duplicate action ids": (_set("actions.1.id", 1), str, ("actions", "id 1")),
    "unpaired surrogate": (
        _nothing,
        _raw('"name": "Dr \\u0141', '"name": "Dr \\ud800'),
        ("mentors/0/name",),
    ),
    "unpaired surrogate in a key": (
        _nothing,
        _raw('"phone"', '"ph\\udfffone"'),
        ("mentors/0/ph", "surrogate"),
    ),
    "bad base64": (_set("attachments.0.data_base64", "!!not*base64"), str, ("data_base64",)),
    "size that is not the data's": (_set("attachments.0.size", 3), str, ('"size"',)),
    "scan that is not an image": (
        _set("attachments.0.data_base64", "aGVsbG8="),
        str,
        ("attachment 1",),
    ),
    "NUL in a checklist item": (
        _set("checklists.0.items", [{"text": "a\x00", "done": False, "note": ""}]),
        str,
        ("checklist 1", "items[1]"),
    ),
    "next meeting before the session": (
        _set("sessions.0.next_meeting", "2026-01-01"),
        str,
        ("next_meeting",),
    ),
    "action completed in the future": (
        _set("actions.0.completed_on", "2027-06-01"),
        str,
        ("action 1", "completed_on"),
    ),
    "a second contract for a relationship": (
        _copy_first("contracts", id=7),
        str,
        ("contracts", "relationship_id"),
    ),
    "signature dated in the future": (
        _set("signatures.0.signed_on", "2030-01-01"),
        str,
        ("signature 1", "signed_on"),
    ),
    "signature without a name": (_set("signatures.1.signer_name", ""), str, ("signer_name",)),
    "two signatures in one role": (_set("signatures.1.role", "mentee"), str, ("signatures",)),
    "unreadable strokes": (
        _set("signatures.1.strokes_json", '{"w": 1}'),
        str,
        ("signature 2", "strokes_json"),
    ),
    "timestamp that is not one": (
        _set("record_versions.0.created_at", "yesterday"),
        str,
        ("frozen version 1", "created_at"),
    ),
    "frozen content of the wrong type": (
        _content(duration_minutes="an hour"),
        str,
        ("frozen version 1", "content_json", "duration_minutes"),
    ),
    "owner without a name": (_set("owner.name", ""), str, ("owner profile", '"name"')),
    "a 5,000-digit number": (
        _nothing,
        _raw('"duration_minutes": 60', '"duration_minutes": ' + "9" * 5000),
        ("number",),
    ),
}


def _audit_count(portfolio: Portfolio) -> int:
    with portfolio.transaction() as session:
        return session.query(AuditRow).count()


def _refused(empty: Portfolio, tmp_path: Path, text: str) -> str:
    path = tmp_path / "in.json"
    path.write_text(text, encoding="utf-8")
    before, entries = export_document(empty), _audit_count(empty)
    with pytest.raises(ImportRefused) as caught:
        import_from_file(empty, path)
    assert export_document(empty) == before
    assert _audit_count(empty) == entries
    message = caught.value.message
    assert "\n" not in message and len(message) < 400, message
    return message


@pytest.mark.parametrize("name", list(CASES))
def test_import_refuses_what_the_forms_refuse_naming_the_record(
    name: str, exported: dict[str, Any], empty: Portfolio, tmp_path: Path
) -> None:
    change, edit_text, fragments = CASES[name]
    doc = copy.deepcopy(exported)
    change(doc)
    message = _refused(empty, tmp_path, edit_text(json.dumps(doc)))
    for fragment in fragments:
        assert fragment in message, message


def test_the_untouched_export_imports(
    exported: dict[str, Any], empty: Portfolio, tmp_path: Path
) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    import_from_file(empty, path)
    imported = export_document(empty)
    # The records come across as they were; the log is the new portfolio's own.
    assert {k: v for k, v in imported.items() if k != "audit_log"} == {
        k: v for k, v in exported.items() if k != "audit_log"
    }


def _text_fields() -> Iterator[tuple[str, str]]:
    """Every text field of every kind of record the forms edit."""
    for section, kind in SECTIONS.items():
        record_type = registry.spec(RecordKind(kind)).record_type
        for name, hint in typing.get_type_hints(record_type).items():
            if hint is str:
                yield section, name


def test_every_text_field_of_every_record_is_checked(
    exported: dict[str, Any], empty: Portfolio, tmp_path: Path
) -> None:
    """A NUL anywhere a form takes text is refused, naming that field: import and the
    forms run the same rules, field for field."""
    fields = list(_text_fields())
    assert len(fields) > 50
    for section, name in fields:
        doc = copy.deepcopy(exported)
        doc[section][0][name] += "\x00"
        message = _refused(empty, tmp_path, json.dumps(doc))
        assert f'"{name}" contains a NUL character' in message, (section, message)


def test_more_records_than_a_section_holds_are_refused(
    exported: dict[str, Any], empty: Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documented = (DOCS / "export-format.md").read_text(encoding="utf-8")
    assert f"{MAX_RECORDS:,} records" in documented
    monkeypatch.setattr(export_json, "MAX_RECORDS", 2)
    doc = copy.deepcopy(exported)
    doc["goals"] += [{**doc["goals"][0], "id": n} for n in (5, 6)]
    message = _refused(empty, tmp_path, json.dumps(doc))
    assert "at goals" in message, message


def test_the_forms_refuse_what_import_refuses(portfolio: Portfolio) -> None:
    """The bounds import found missing are the forms' bounds too."""
    mentor = records.save(portfolio, Mentor(name="Dr M"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    for record, field in (
        (SessionRecord(relationship_id=rel.id, held_on=date(9999, 12, 31)), "held_on"),
        (SessionRecord(relationship_id=rel.id, held_on=date(1850, 1, 1)), "held_on"),
        (Goal(relationship_id=rel.id, title="G", target_date=date(2250, 1, 1)), "target_date"),
        (Mentor(name="Dr \ud800"), "name"),
        (Checklist(relationship_id=rel.id, title="C", items=[ChecklistItem("\x00")]), "items[1]"),
        (Goal(relationship_id=rel.id, title="G", progress_notes="a\udc00b"), "progress_notes"),
    ):
        with pytest.raises(ValidationFailed) as caught:
            records.save(portfolio, record)
        assert field in caught.value.problems, caught.value.problems
    assert dataclasses.fields(SessionRecord)  # the records above are the real ones


def test_cli_refuses_with_one_line_naming_the_record(
    exported: dict[str, Any], empty: Portfolio, tmp_path: Path
) -> None:
    path, target = tmp_path / "bad.json", empty.path
    empty.lock()
    for change, edit_text, fragments in (CASES["id 1.0"], CASES["bad base64"], CASES["0 minutes"]):
        doc = copy.deepcopy(exported)
        change(doc)
        path.write_text(edit_text(json.dumps(doc)), encoding="utf-8")
        result = run_cli("import-json", target, path)
        assert_one_line_error(result, *fragments)
    unsafe = json.dumps(exported).replace("Dr \\u0141", "Dr \\ud800", 1)
    path.write_text(unsafe, encoding="utf-8")
    assert_one_line_error(run_cli("import-json", target, path), "surrogate")


def test_ending_a_relationship_follows_the_relationship_form(portfolio: Portfolio) -> None:
    """The end-of-relationship review is written by its own dialog: the same rules as
    the relationship's form (it bypassed them: a NUL or a year 9999 was stored)."""
    from app.services.closure import EndReview, close_relationship

    mentor = records.save(portfolio, Mentor(name="Dr M"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    assert rel.id is not None
    for review, field in (
        (EndReview(date(2026, 6, 1), "moved", learned="a\x00b"), "learned"),
        (EndReview(date(9999, 12, 31), "moved"), "end_date"),
        (EndReview(date(2026, 6, 1), "moved \udc80"), "reason"),
    ):
        with pytest.raises(ValidationFailed) as caught:
            close_relationship(portfolio, rel.id, review)
        assert field in caught.value.problems, caught.value.problems
    assert records.get(portfolio, Relationship, rel.id).end_date is None
