"""What records.edit_state says may change is exactly what save and delete accept, for
every field of every kind in every state that holds a record (frozen, signed, part of
a signed whole, in an ended relationship): a form built on it never offers a field or
a Delete that is then refused."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from app.domain import registry
from app.domain.enums import ActionStatus, GoalStatus, RecordKind, SignatureMethod, SignerRole
from app.domain.errors import KnownError, RecordFrozen, ValidationFailed
from app.domain.kind_spec import Shape
from app.domain.record_types import (
    Action,
    Checklist,
    ChecklistItem,
    Contract,
    Goal,
    Mentor,
    Relationship,
    SessionRecord,
)
from app.services import closure, records
from app.services.guards import HeldBy
from app.services.portfolio import Portfolio
from app.services.signing import lifecycle

PAST = date(2026, 1, 7)


def _changed(record: Any, field: Any) -> Any | None:
    """The record with one field changed to another value it could hold; None for a
    field this test does not change (links are chosen from lists)."""
    value = getattr(record, field.name)
    if field.shape in (Shape.LINE, Shape.TEXT):
        new: Any = (value or "") + " changed"
    elif field.shape is Shape.DATE:
        new = date(2026, 1, 6) if value != date(2026, 1, 6) else PAST
    elif field.shape is Shape.ENUM:
        new = next(member for member in field.enum if member != value)
    elif field.shape is Shape.BOOL:
        new = not value
    elif field.shape is Shape.INT:
        new = (value or 0) + 1
    elif field.shape is Shape.ITEMS:
        new = [*value, ChecklistItem(text="One more")]
    else:
        return None
    return dataclasses.replace(record, **{field.name: new})


def _held_records(portfolio: Portfolio) -> list[tuple[type[Any], int, HeldBy | None]]:
    mentor = records.save(portfolio, Mentor(name="Dr Rao"))
    signed = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=PAST))
    ended = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=PAST))
    session = records.save(
        portfolio, SessionRecord(relationship_id=signed.id, held_on=PAST, topics="Rota")
    )
    action = records.save(
        portfolio,
        Action(description="Ask", relationship_id=signed.id, origin_session_id=session.id),
    )
    goal = records.save(portfolio, Goal(relationship_id=signed.id, title="Lead QI"))
    contract = records.save(portfolio, Contract(relationship_id=signed.id, agreed_on=PAST))
    checklist = records.save(
        portfolio,
        Checklist(relationship_id=signed.id, title="Induction", items=[ChecklistItem("Meet")]),
    )
    closed_goal = records.save(portfolio, Goal(relationship_id=ended.id, title="Old goal"))
    free_action = records.save(portfolio, Action(description="Free", relationship_id=signed.id))
    for kind, record_id in (
        (RecordKind.SESSION, session.id),
        (RecordKind.GOALS_PLAN, signed.id),
        (RecordKind.CONTRACT, contract.id),
        (RecordKind.CHECKLIST, checklist.id),
    ):
        info = lifecycle.mark_ready(portfolio, kind, record_id)
        lifecycle.sign(
            portfolio,
            kind,
            record_id,
            info.version,
            role=SignerRole.MENTEE,
            signer_name="Siân",
            signed_on=PAST,
            method=SignatureMethod.DRAWN,
            strokes={"w": 10, "h": 10, "strokes": [[[1, 1], [5, 5]]]},
        )
    closure.close_relationship(portfolio, ended.id, closure.EndReview(PAST, "Moved"))
    return [
        (SessionRecord, session.id, HeldBy.FROZEN),
        (Contract, contract.id, HeldBy.FROZEN),
        (Checklist, checklist.id, HeldBy.FROZEN),
        (Action, action.id, HeldBy.PART),
        (Goal, goal.id, HeldBy.PART),
        (Goal, closed_goal.id, HeldBy.ENDED),
        (Relationship, ended.id, HeldBy.ENDED),
        (Action, free_action.id, None),
        (Mentor, mentor.id, None),
    ]


def test_what_may_change_is_what_save_and_delete_accept(portfolio: Portfolio) -> None:
    seen: set[HeldBy | None] = set()
    outcomes = {"refused": 0, "saved": 0}
    for record_type, record_id, cause in _held_records(portfolio):
        state = records.edit_state(portfolio, record_type, record_id)
        assert (state.hold.cause if state.hold else None) is cause, record_type
        seen.add(cause)
        spec = registry.spec_for(record_type)
        for field in spec.fields:
            record = records.get(portfolio, record_type, record_id)
            changed = _changed(record, field)
            if changed is None:
                continue
            may = state.hold is None or field.name in state.hold.editable
            try:
                records.save(portfolio, changed)
            except RecordFrozen:
                assert not may, f"{spec.kind.value}.{field.name} was offered, then refused"
                outcomes["refused"] += 1
            except ValidationFailed:
                continue  # a value this kind refuses anyway: says nothing here
            else:
                assert may, f"{spec.kind.value}.{field.name} was held, yet saved"
                outcomes["saved"] += 1
                records.save(portfolio, record)  # as it was, for the next field
        if state.not_deletable:
            with pytest.raises(KnownError) as refused:
                records.delete(portfolio, record_type, record_id)
            assert refused.value.message == state.not_deletable
    assert seen == {HeldBy.FROZEN, HeldBy.PART, HeldBy.ENDED, None}
    assert outcomes["refused"] > 20 and outcomes["saved"] > 5, outcomes


def test_a_record_nothing_holds_can_be_deleted(portfolio: Portfolio) -> None:
    mentor = records.save(portfolio, Mentor(name="Dr Nobody"))
    goal = records.save(portfolio, Goal(title="Free", status=GoalStatus.NOT_STARTED))
    action = records.save(portfolio, Action(description="Free", status=ActionStatus.OPEN))
    for record_type, record_id in ((Mentor, mentor.id), (Goal, goal.id), (Action, action.id)):
        state = records.edit_state(portfolio, record_type, record_id)
        assert state.hold is None and state.not_deletable == ""
        records.delete(portfolio, record_type, record_id)
