"""The check before sharing runs in front of every way free text leaves: the appraisal
pack, a record's PDF (window and command line) and the CPD export all ask
sharing_check, which finds identifiers and discoverable detail with a rewrite prompt;
a finding the mentee keeps is recorded in the history, by kind and number, not text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.domain.details import ADMISSION, COLLEAGUE, DRUG_DOSE, INCIDENT_TIME, PLACE, PROMPTS
from app.domain.identifiers import NAME, IdentifierHit
from app.domain.record_types import Mentor, Relationship, SessionRecord
from app.services import appraisal_text, history, records, sharing_check
from app.services.portfolio import Portfolio, unlock_with_passphrase
from tests.cli.conftest import run_cli
from tests.conftest import PASSPHRASE

TODAY = date(2026, 11, 23)
pytestmark = pytest.mark.today(TODAY.isoformat())


def _session(portfolio: Portfolio) -> SessionRecord:
    mentor = records.save(portfolio, Mentor(name="Dr Amara Okonkwo"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 3, 2)))
    return records.save(
        portfolio,
        SessionRecord(
            relationship_id=rel.id,
            held_on=date(2026, 10, 1),
            duration_minutes=60,
            topics="The night I covered the wards alone",
            summary="On 3 March at 02:40 I missed the drop in saturation on Ward 9.",
            private_reflection="Sister Agbaje had warned me about the 10mg of morphine.",
            appraisal_learning="Escalating early; Okonkwo showed me how.",
        ),
    )


def _kinds(hits: list[IdentifierHit]) -> list[str]:
    return [hit.kind for hit in hits]


def test_the_pack_the_record_pdf_and_the_cpd_export_ask_the_one_check(
    portfolio: Portfolio,
) -> None:
    session = _session(portfolio)
    year = (date(2026, 1, 1), date(2026, 12, 31))
    shared = appraisal_text.period_hits(portfolio, *year)
    assert _kinds(shared) == [INCIDENT_TIME, ADMISSION, PLACE, NAME]
    assert shared[1].where == "session of 01/10/2026, summary"
    assert shared[1].prompt == PROMPTS[ADMISSION]
    with_private = appraisal_text.period_hits(portfolio, *year, include_reflections=True)
    assert _kinds(with_private)[-2:] == [COLLEAGUE, DRUG_DOSE]

    people = appraisal_text.people_names(portfolio)
    printed = sharing_check.document_findings(portfolio, people, "session", session.id or 0)
    assert _kinds(printed) == _kinds(shared)
    assert printed[0].where == f"session record {session.id}, Summary"
    assert sorted(
        _kinds(
            sharing_check.document_findings(
                portfolio, people, "session", session.id or 0, include_private=True
            )
        )
    ) == sorted(_kinds(with_private))

    entries = appraisal_text.cpd_entries(portfolio, *year)
    # The entry's title carries what was learned, so the name is found in both.
    assert _kinds(appraisal_text.check_entries(entries, people)) == [NAME, NAME]


def test_a_kept_finding_is_recorded_by_kind_never_by_its_text(portfolio: Portfolio) -> None:
    _session(portfolio)
    hits = appraisal_text.period_hits(portfolio, date(2026, 1, 1), date(2026, 12, 31))
    assert sharing_check.keep(portfolio, "appraisal pack", hits) == ()
    assert sharing_check.keep(portfolio, "appraisal pack", []) == ()  # nothing to record
    [entry] = [
        e for e in history.portfolio_history(portfolio) if e.action == sharing_check.KEEP_ACTION
    ]
    assert entry.detail == (
        "appraisal pack: kept 1 admission, 1 name of a person, 1 time of an incident,"
        " 1 ward, bay or bed"
    )
    assert "Ward 9" not in entry.detail and "02:40" not in entry.detail


def test_the_pdf_command_stops_until_the_findings_are_kept(
    portfolio: Portfolio, tmp_path: Path
) -> None:
    session = _session(portfolio)
    path, out = portfolio.path, tmp_path / "session.pdf"
    portfolio.lock()
    refused = run_cli("pdf", path, "session", str(session.id), "-o", out)
    assert refused.code == 2 and not out.exists()
    assert "Summary: possible admission: " in refused.err and "[I missed]" in refused.err
    assert PROMPTS[ADMISSION] in refused.err
    kept = run_cli("pdf", path, "session", str(session.id), "-o", out, "--confirm-identifiers")
    assert kept.code == 0 and out.exists(), kept.err
    reopened = unlock_with_passphrase(path, PASSPHRASE)
    try:
        [entry] = [
            e for e in history.portfolio_history(reopened) if e.action == sharing_check.KEEP_ACTION
        ]
    finally:
        reopened.lock()
    assert entry.detail.startswith(f"PDF of session {session.id}: kept 1 admission")
