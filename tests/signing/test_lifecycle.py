"""Ready to sign -> signed -> locked -> amended, and the guards that keep signed
versions frozen on every write path of the record service."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from app.domain.enums import (
    ActionStatus,
    GoalStatus,
    RecordKind,
    SignatureMethod,
    SignerRole,
    VersionStatus,
)
from app.domain.errors import KnownError, RecordFrozen, ValidationFailed
from app.domain.record_types import Action, Checklist, ChecklistTemplate, Goal, SessionRecord
from app.services import records
from app.services.check import run_check
from app.services.portfolio import Portfolio
from app.services.signing import lifecycle
from app.services.signing.signable import identify
from tests.signing.conftest import SIGNED_ON, STROKES, Records, sign_both

S = RecordKind.SESSION


def test_ready_sign_lock(portfolio: Portfolio, recs: Records) -> None:
    sid = recs.session.id
    assert lifecycle.signature_status(portfolio, S, sid).label == "unsigned"
    printed = identify(portfolio, S, sid)  # a draft printout, before freezing
    info = lifecycle.mark_ready(portfolio, S, sid)
    assert (info.version, info.status) == (1, VersionStatus.READY)
    assert info.code == printed.code.text  # the draft's code verifies once frozen
    assert lifecycle.mark_ready(portfolio, S, sid) == info  # idempotent
    assert lifecycle.signature_status(portfolio, S, sid).label == "ready to sign"
    after_mentee = lifecycle.sign(
        portfolio,
        S,
        sid,
        1,
        role=SignerRole.MENTEE,
        signer_name=" Siân Ó Dálaigh ",
        signed_on=SIGNED_ON,
        method=SignatureMethod.DRAWN,
        strokes=STROKES,
    )
    assert after_mentee.status is VersionStatus.SIGNED
    assert after_mentee.signature(SignerRole.MENTEE).signer_name == "Siân Ó Dálaigh"
    assert after_mentee.signature(SignerRole.MENTEE).bound
    status = lifecycle.signature_status(portfolio, S, sid)
    assert status.label == "awaiting mentor"
    locked = lifecycle.sign(
        portfolio,
        S,
        sid,
        1,
        role=SignerRole.MENTOR,
        signer_name="Dr Αλέξανδρος Łukasz",
        signed_on=SIGNED_ON,
        method=SignatureMethod.INK,
    )
    assert locked.status is VersionStatus.LOCKED
    status = lifecycle.signature_status(portfolio, S, sid)
    assert (status.label, status.version) == ("signed", 1)
    assert "mentee and mentor" in status.detail
    assert run_check(portfolio).ok


def test_goals_plan_locks_with_the_mentee_alone(portfolio: Portfolio, recs: Records) -> None:
    rid = recs.rel.id
    lifecycle.mark_ready(portfolio, RecordKind.GOALS_PLAN, rid)
    info = lifecycle.sign(
        portfolio,
        RecordKind.GOALS_PLAN,
        rid,
        1,
        role=SignerRole.MENTEE,
        signer_name="Siân",
        signed_on=SIGNED_ON,
        method=SignatureMethod.INK,
    )
    assert info.status is VersionStatus.LOCKED
    # The mentor may still countersign a locked goals plan.
    info = lifecycle.sign(
        portfolio,
        RecordKind.GOALS_PLAN,
        rid,
        1,
        role=SignerRole.MENTOR,
        signer_name="Dr A",
        signed_on=SIGNED_ON,
        method=SignatureMethod.INK,
    )
    assert info.status is VersionStatus.LOCKED and len(info.signatures) == 2
    assert run_check(portfolio).ok


def test_contract_needs_both(portfolio: Portfolio, recs: Records) -> None:
    cid = recs.contract.id
    lifecycle.mark_ready(portfolio, RecordKind.CONTRACT, cid)
    lifecycle.sign(
        portfolio,
        RecordKind.CONTRACT,
        cid,
        1,
        role=SignerRole.MENTOR,
        signer_name="Dr A",
        signed_on=SIGNED_ON,
        method=SignatureMethod.INK,
    )
    assert lifecycle.signature_status(portfolio, RecordKind.CONTRACT, cid).label == (
        "awaiting mentee"
    )


def test_bad_signatures_are_refused(portfolio: Portfolio, recs: Records) -> None:
    sid = recs.session.id
    lifecycle.mark_ready(portfolio, S, sid)
    base = {
        "role": SignerRole.MENTEE,
        "signer_name": "Siân",
        "signed_on": SIGNED_ON,
        "method": SignatureMethod.INK,
    }
    with pytest.raises(ValidationFailed, match="name"):
        lifecycle.sign(portfolio, S, sid, 1, **{**base, "signer_name": "  "})
    with pytest.raises(ValidationFailed, match="future"):
        lifecycle.sign(portfolio, S, sid, 1, **{**base, "signed_on": SIGNED_ON + timedelta(days=5)})
    with pytest.raises(ValidationFailed, match="sign on the pad"):
        lifecycle.sign(portfolio, S, sid, 1, **{**base, "method": SignatureMethod.DRAWN})
    with pytest.raises(KnownError, match="pad is empty"):
        lifecycle.sign(
            portfolio,
            S,
            sid,
            1,
            **{
                **base,
                "method": SignatureMethod.DRAWN,
                "strokes": {"w": 10, "h": 10, "strokes": [[[1, 1]]]},
            },
        )
    with pytest.raises(KnownError, match="outside its pad"):
        lifecycle.sign(
            portfolio,
            S,
            sid,
            1,
            **{
                **base,
                "method": SignatureMethod.DRAWN,
                "strokes": {"w": 10, "h": 10, "strokes": [[[1, 1], [50, 2]]]},
            },
        )
    with pytest.raises(KnownError, match="no version 2"):
        lifecycle.sign(portfolio, S, sid, 2, **base)
    lifecycle.sign(portfolio, S, sid, 1, **base)
    with pytest.raises(KnownError, match="already signed"):
        lifecycle.sign(portfolio, S, sid, 1, **base)


def test_frozen_session_refuses_edits_on_every_path(portfolio: Portfolio, recs: Records) -> None:
    sid = recs.session.id
    lifecycle.mark_ready(portfolio, S, sid)
    sign_both(portfolio, S, sid, 1)
    with pytest.raises(RecordFrozen, match="Amend") as err:
        records.save(portfolio, replace(recs.session, topics="Changed"))
    assert "session record 1 version 1 is signed and locked" in err.value.message
    with pytest.raises(RecordFrozen, match="cannot be deleted"):
        records.delete(portfolio, SessionRecord, sid)
    # Its agreed actions are covered: no new one, no changed one, none deleted.
    with pytest.raises(RecordFrozen):
        records.save(
            portfolio,
            Action(relationship_id=recs.rel.id, origin_session_id=sid, description="Sneaked in"),
        )
    with pytest.raises(RecordFrozen):
        records.save(portfolio, replace(recs.action, due_date=date(2027, 1, 1)))
    with pytest.raises(RecordFrozen):
        records.save(portfolio, replace(recs.action, origin_session_id=None))
    with pytest.raises(RecordFrozen):
        records.delete(portfolio, Action, recs.action.id)
    # Progress is not what was signed: ticking the action done is allowed, and so are
    # the mentee's own private reflection and appraisal summary.
    done = records.save(
        portfolio,
        replace(
            recs.action, status=ActionStatus.DONE, completed_on=date(2026, 2, 20), notes="Read it"
        ),
    )
    assert done.status is ActionStatus.DONE
    records.save(
        portfolio,
        replace(recs.session, private_reflection="Felt unsure", appraisal_learning="Rota design"),
    )
    # The goal linked to the session cannot be deleted (it would change the session).
    with pytest.raises(RecordFrozen):
        records.delete(portfolio, Goal, recs.goal.id)
    with pytest.raises(RecordFrozen, match="relationship cannot be deleted"):
        records.delete(portfolio, type(recs.rel), recs.rel.id)
    assert records.get(portfolio, SessionRecord, sid).topics == recs.session.topics
    assert run_check(portfolio).ok


def test_frozen_goals_plan_covers_its_goals(portfolio: Portfolio, recs: Records) -> None:
    lifecycle.mark_ready(portfolio, RecordKind.GOALS_PLAN, recs.rel.id)
    with pytest.raises(RecordFrozen, match="goals plan"):
        records.save(portfolio, replace(recs.goal, title="Another"))
    with pytest.raises(RecordFrozen):
        records.save(portfolio, Goal(relationship_id=recs.rel.id, title="New"))
    records.save(
        portfolio, replace(recs.goal, status=GoalStatus.IN_PROGRESS, progress_notes="Started")
    )
    # A goal of no relationship is nobody's plan.
    records.save(portfolio, Goal(title="Loose goal"))
    assert run_check(portfolio).ok


def test_ready_but_unsigned_is_frozen_too(portfolio: Portfolio, recs: Records) -> None:
    lifecycle.mark_ready(portfolio, RecordKind.CHECKLIST, recs.checklist.id)
    with pytest.raises(RecordFrozen, match="is ready to sign"):
        records.save(portfolio, replace(recs.checklist, title="Renamed"))


def test_amend_makes_version_two_and_keeps_one(portfolio: Portfolio, recs: Records) -> None:
    sid = recs.session.id
    v1 = lifecycle.mark_ready(portfolio, S, sid)
    sign_both(portfolio, S, sid, 1, drawn=True)
    with pytest.raises(ValidationFailed, match="reason"):
        lifecycle.amend(portfolio, S, sid, "   ")
    lifecycle.amend(portfolio, S, sid, "Wrong date of next meeting")
    assert lifecycle.signature_status(portfolio, S, sid).label == "amended"
    with pytest.raises(KnownError, match="Nothing has changed"):
        lifecycle.mark_ready(portfolio, S, sid)
    with pytest.raises(RecordFrozen, match="being amended"):
        lifecycle.sign(
            portfolio,
            S,
            sid,
            1,
            role=SignerRole.MENTEE,
            signer_name="x",
            signed_on=SIGNED_ON,
            method=SignatureMethod.INK,
        )
    records.save(portfolio, replace(recs.session, next_meeting=date(2026, 3, 3)))
    # Actions of the session being amended can change too.
    records.save(portfolio, replace(recs.action, description="Read the framework, twice"))
    v2 = lifecycle.mark_ready(portfolio, S, sid)
    assert (v2.version, v2.status) == (2, VersionStatus.READY)
    assert v2.reason == "Wrong date of next meeting"
    versions = lifecycle.history(portfolio, S, sid)
    assert [(v.version, v.status) for v in versions] == [
        (1, VersionStatus.SUPERSEDED),
        (2, VersionStatus.READY),
    ]
    old = versions[0]
    assert old.content_json == v1.content_json and old.content_hash == v1.content_hash
    assert [s.role for s in old.signatures] == [SignerRole.MENTEE, SignerRole.MENTOR]
    assert all(s.bound for s in old.signatures)
    assert old.content["session"]["next_meeting"] is None
    assert v2.content["session"]["next_meeting"] == "2026-03-03"
    with pytest.raises(RecordFrozen, match="superseded by version 2"):
        lifecycle.sign(
            portfolio,
            S,
            sid,
            1,
            role=SignerRole.MENTEE,
            signer_name="x",
            signed_on=SIGNED_ON,
            method=SignatureMethod.INK,
        )
    with pytest.raises(RecordFrozen):
        records.save(portfolio, replace(recs.session, topics="Again"))
    sign_both(portfolio, S, sid, 2)
    assert lifecycle.signature_status(portfolio, S, sid).detail.endswith("(version 2, amended).")
    assert run_check(portfolio).ok


def test_cancel_an_amendment_that_changed_nothing(portfolio: Portfolio, recs: Records) -> None:
    cid = recs.contract.id
    lifecycle.mark_ready(portfolio, RecordKind.CONTRACT, cid)
    lifecycle.amend(portfolio, RecordKind.CONTRACT, cid, "Check wording")
    lifecycle.cancel_amendment(portfolio, RecordKind.CONTRACT, cid)
    assert lifecycle.is_frozen(portfolio, RecordKind.CONTRACT, cid)
    assert run_check(portfolio).ok


def test_status_counts_for_the_overview(portfolio: Portfolio, recs: Records) -> None:
    lifecycle.mark_ready(portfolio, S, recs.session.id)
    sign_both(portfolio, S, recs.session.id, 1)
    lifecycle.mark_ready(portfolio, RecordKind.CONTRACT, recs.contract.id)
    assert lifecycle.status_counts(portfolio) == {"signed": 1, "ready to sign": 1}
    statuses = lifecycle.signature_statuses(portfolio, S, [recs.session.id, 999])
    assert statuses[999].label == "unsigned"


def test_goals_plan_without_goals_cannot_be_prepared(portfolio: Portfolio, recs: Records) -> None:
    records.delete(portfolio, Goal, recs.goal.id)
    with pytest.raises(KnownError, match="no goals yet"):
        lifecycle.mark_ready(portfolio, RecordKind.GOALS_PLAN, recs.rel.id)


def test_deleting_the_template_of_a_signed_checklist(portfolio: Portfolio, recs: Records) -> None:
    template = records.save(portfolio, ChecklistTemplate(name="Prep", items=["Agenda"]))
    checklist = records.save(
        portfolio, Checklist(relationship_id=recs.rel.id, template_id=template.id, title="Prep")
    )
    lifecycle.mark_ready(portfolio, RecordKind.CHECKLIST, checklist.id)
    records.delete(portfolio, ChecklistTemplate, template.id)
    assert run_check(portfolio).ok


def test_frozen_content_comes_back_as_records(portfolio: Portfolio, recs: Records) -> None:
    """What a renderer needs to print a signed or superseded version as it was."""
    from app.services.signing.signable import signable_content

    for kind, record_id in (
        (S, recs.session.id),
        (RecordKind.CONTRACT, recs.contract.id),
        (RecordKind.GOALS_PLAN, recs.rel.id),
        (RecordKind.CHECKLIST, recs.checklist.id),
    ):
        info = lifecycle.mark_ready(portfolio, kind, record_id)
        with portfolio.transaction() as session:
            live = signable_content(session, kind, record_id)
        assert info.content_objects() == live
