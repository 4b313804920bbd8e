"""The code printed on a page verifies to that exact version, then as superseded;
typos, drafts, unknown versions and other portfolios are each named."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from app.domain.canonical import make_code
from app.domain.enums import RecordKind
from app.domain.record_types import OwnerProfile
from app.services import records
from app.services.portfolio import Portfolio, create_portfolio
from app.services.signing import lifecycle
from app.services.signing.signable import identify
from app.services.signing.verify import Outcome, verify
from tests.cli.conftest import assert_one_line_error, run_cli
from tests.conftest import PASSPHRASE, TEST_KDF
from tests.signing.conftest import SIGNED_ON, Records, sign_both

S = RecordKind.SESSION


def _typo(code: str) -> str:
    i = code.index("-") + 3  # a digest character
    return code[:i] + ("A" if code[i] != "A" else "B") + code[i + 1 :]


def test_printed_code_verifies_then_is_superseded(portfolio: Portfolio, recs: Records) -> None:
    sid = recs.session.id
    lifecycle.mark_ready(portfolio, S, sid)
    printed = identify(portfolio, S, sid).code.text  # what the READY page's footer shows
    sign_both(portfolio, S, sid, 1)
    result = verify(portfolio, printed)
    assert result.outcome is Outcome.CURRENT and result.genuine
    assert (result.kind, result.record_id, result.version) == (S, sid, 1)
    assert result.headline.startswith("Session record 1 of 3 February 2026 with Dr Αλέξανδρος")
    assert "version 1: genuine, and the current version." in result.headline
    assert "Signed by Siân Ó Dálaigh (mentee) on" in result.text
    assert "Signed by Dr Αλέξανδρος Łukasz (mentor) on" in result.text
    assert "Status: signed and locked." in result.text
    # Lower case, spaces and O for 0 still read.
    assert verify(portfolio, " " + printed.lower() + " ").outcome is Outcome.CURRENT

    lifecycle.amend(portfolio, S, sid, "Summary was incomplete")
    assert "An amendment is being prepared" in verify(portfolio, printed).text
    records.save(portfolio, replace(recs.session, summary="Fuller summary"))
    lifecycle.mark_ready(portfolio, S, sid)
    result = verify(portfolio, printed)
    assert result.outcome is Outcome.SUPERSEDED and result.genuine
    assert "superseded by version 2" in result.headline
    assert "because: Summary was incomplete" in result.text
    assert "Signed by Siân Ó Dálaigh (mentee)" in result.text  # v1's signatures stay
    new_code = identify(portfolio, S, sid).code.text
    assert verify(portfolio, new_code).outcome is Outcome.CURRENT
    assert "No one has signed this version" in verify(portfolio, new_code).text


@pytest.mark.today("2027-06-01 00:30:00", tz="Europe/London")
def test_superseding_version_is_dated_in_local_time(portfolio: Portfolio, recs: Records) -> None:
    # 00:30 in London in summer is still 31 May in UTC, the stored timestamps' zone.
    sid = recs.session.id
    lifecycle.mark_ready(portfolio, S, sid)
    printed = identify(portfolio, S, sid).code.text
    sign_both(portfolio, S, sid, 1)
    lifecycle.amend(portfolio, S, sid, "Summary was incomplete")
    records.save(portfolio, replace(recs.session, summary="Fuller summary"))
    lifecycle.mark_ready(portfolio, S, sid)
    assert "Version 2 was made on 1 June 2027" in verify(portfolio, printed).text


def test_one_character_typo_is_caught(portfolio: Portfolio, recs: Records) -> None:
    code = lifecycle.mark_ready(portfolio, RecordKind.CONTRACT, recs.contract.id).code
    for bad in (
        _typo(code),
        code[:-1] + ("0" if code[-1] != "0" else "1"),
        code.replace("C1-", "C7-", 1),
    ):
        result = verify(portfolio, bad)
        assert result.outcome is Outcome.TYPO, bad
        assert result.headline == "That code has a typo."
    assert verify(portfolio, "hello").outcome is Outcome.TYPO


def test_draft_and_missing_versions(portfolio: Portfolio, recs: Records) -> None:
    draft = identify(portfolio, RecordKind.CHECKLIST, recs.checklist.id).code.text
    result = verify(portfolio, draft)
    assert result.outcome is Outcome.DRAFT and not result.genuine
    assert "never marked ready to sign" in result.text
    records.save(portfolio, replace(recs.checklist, title="Changed since printing"))
    result = verify(portfolio, draft)
    assert result.outcome is Outcome.NO_SUCH_VERSION
    assert result.headline.startswith("No such version in this portfolio")


def test_code_from_another_portfolio(portfolio: Portfolio, recs: Records, tmp_path: Path) -> None:
    code = lifecycle.mark_ready(portfolio, S, recs.session.id).code
    other = create_portfolio(
        tmp_path / "other.mpf", OwnerProfile(name="Łukasz Żółć"), PASSPHRASE, kdf=TEST_KDF
    ).portfolio
    try:
        _fill(other)
        lifecycle.mark_ready(other, S, 1)
        result = verify(other, code)
        assert result.outcome is Outcome.OTHER_PORTFOLIO
        assert result.headline == "That code belongs to a different portfolio."
    finally:
        other.lock()


def _fill(pf: Portfolio) -> None:

    from app.domain.record_types import Mentor, Relationship, SessionRecord

    mentor = records.save(pf, Mentor(name="Dr B"))
    rel = records.save(pf, Relationship(mentor_id=mentor.id))
    records.save(
        pf, SessionRecord(topics="Catch-up", relationship_id=rel.id, held_on=date(2026, 2, 3))
    )


def test_verify_cli(portfolio: Portfolio, recs: Records) -> None:
    code = lifecycle.mark_ready(portfolio, S, recs.session.id).code
    sign_both(portfolio, S, recs.session.id, 1)
    path = portfolio.path
    unknown = make_code(portfolio.portfolio_id, S, recs.session.id, 9, "0" * 64).text
    portfolio.lock()
    ok = run_cli("verify", path, code)
    assert ok.code == 0, ok.err
    assert "genuine, and the current version" in ok.out
    assert "Signed by Siân Ó Dálaigh (mentee)" in ok.out
    assert_one_line_error(run_cli("verify", path, _typo(code)), "has a typo")
    missing = run_cli("verify", path, unknown)
    assert missing.code == 3, missing.err
    assert missing.out.startswith("No such version in this portfolio: there is no version 9")


def test_odd_names_survive_signing_and_verifying(portfolio: Portfolio, recs: Records) -> None:
    from app.domain.enums import SignatureMethod, SignerRole

    code = lifecycle.mark_ready(portfolio, RecordKind.CHECKLIST, recs.checklist.id).code
    names = {SignerRole.MENTEE: "Łukasz Żółć <b>&amp;</b> 🚑", SignerRole.MENTOR: "د. ليلى الحسن"}
    for role, name in names.items():
        lifecycle.sign(
            portfolio,
            RecordKind.CHECKLIST,
            recs.checklist.id,
            1,
            role=role,
            signer_name=name,
            signed_on=SIGNED_ON,
            method=SignatureMethod.INK,
        )
    text = verify(portfolio, code).text
    assert all(name in text for name in names.values())
    path = portfolio.path
    portfolio.lock()
    out = run_cli("verify", path, code)
    assert out.code == 0 and all(name in out.out for name in names.values())
