"""Signing sentences shown in the window isolate a user's text (FSI ... PDI): a mentor's
or signer's right-to-left name, or an amendment's reason, never reorders the English
around it. The command line's sentences keep the raw text (issue 16, found in review)."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.bidi import FSI, PDI, isolate
from app.domain.enums import RecordKind, SignatureMethod, SignerRole
from app.domain.record_types import Mentor, Relationship, SessionRecord
from app.services import records
from app.services.portfolio import Portfolio
from app.services.signing import lifecycle
from app.services.signing.signable import identify
from app.services.signing.verify import verify
from tests.signing.conftest import SIGNED_ON

S = RecordKind.SESSION
MENTOR = "د. ليلى حداد"
MENTEE = "ד״ר נועה 2"
REASON = "תיקון 3 שגיאות"


def _signed_session(portfolio: Portfolio) -> int:
    mentor = records.save(portfolio, Mentor(name=MENTOR))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    session = records.save(
        portfolio, SessionRecord(relationship_id=rel.id, held_on=date(2026, 2, 3), topics="x")
    )
    assert session.id is not None
    lifecycle.mark_ready(portfolio, S, session.id)
    for role, name in ((SignerRole.MENTEE, MENTEE), (SignerRole.MENTOR, MENTOR)):
        lifecycle.sign(
            portfolio,
            S,
            session.id,
            1,
            role=role,
            signer_name=name,
            signed_on=SIGNED_ON,
            method=SignatureMethod.INK,
        )
    return session.id


def _without(text: str, *names: str) -> str:
    for name in names:
        assert isolate(name) in text, text
        text = text.replace(isolate(name), "<name>")
    assert FSI not in text and PDI not in text, text
    return text


@pytest.mark.today("2026-11-23")
def test_verify_on_screen_isolates_names_and_reasons(portfolio: Portfolio) -> None:
    sid = _signed_session(portfolio)
    code = identify(portfolio, S, sid).code.text
    shown = verify(portfolio, code, on_screen=True)
    assert _without(shown.headline, MENTOR) == (
        f"Session record {sid} of 3 February 2026 with <name>, version 1: genuine, and the"
        " current version."
    )
    assert f"Signed by {isolate(MENTEE)} (mentee) on 23 November 2026" in shown.text
    assert f"Signed by {isolate(MENTOR)} (mentor) on 23 November 2026" in shown.text
    lifecycle.amend(portfolio, S, sid, REASON)
    shown = verify(portfolio, code, on_screen=True)
    assert f"An amendment is being prepared: {isolate(REASON)}" in shown.text
    # The command line's verify prints the raw names.
    plain = verify(portfolio, code)
    assert MENTOR in plain.text and FSI not in plain.text and PDI not in plain.text


@pytest.mark.today("2026-11-23")
def test_statuses_and_signature_summaries_isolate_user_text(portfolio: Portfolio) -> None:
    sid = _signed_session(portfolio)
    (version,) = lifecycle.history(portfolio, S, sid)
    summaries = [s.summary_on_screen for s in version.signatures]
    assert [_without(s, n) for s, n in zip(summaries, (MENTEE, MENTOR), strict=True)] == [
        "<name> (mentee) on 23 November 2026, ink on paper",
        "<name> (mentor) on 23 November 2026, ink on paper",
    ]
    lifecycle.amend(portfolio, S, sid, REASON)
    status = lifecycle.signature_status(portfolio, S, sid)
    assert _without(status.detail, REASON) == (
        "Being amended (<name>); the amended record needs signing again."
    )
