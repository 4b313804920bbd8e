"""Session-centred questions the generic record service does not answer directly:
which actions a session agreed, and which open actions carry over into it."""

from __future__ import annotations

from app.domain.records import Action, SessionRecord
from app.services import records
from app.services.portfolio import Portfolio
from app.services.records import RecordFilter


def actions_agreed_in(portfolio: Portfolio, session_id: int) -> list[Action]:
    return records.list_records(portfolio, Action, RecordFilter(origin_session_id=session_id))


def carried_over_actions(portfolio: Portfolio, session: SessionRecord) -> list[Action]:
    """Open actions of the same relationship agreed in an earlier session (or in no
    session): they stay on every later session until done or dropped."""
    if session.relationship_id is None:
        return []
    held = {
        s.id: s.held_on
        for s in records.list_records(
            portfolio, SessionRecord, RecordFilter(relationship_id=session.relationship_id)
        )
    }
    carried = []
    for action in records.list_records(
        portfolio, Action, RecordFilter(relationship_id=session.relationship_id, open_only=True)
    ):
        origin = action.origin_session_id
        if origin is not None and origin == session.id:
            continue
        origin_date = held.get(origin) if origin is not None else None
        if (
            origin is None
            or origin_date is None
            or session.held_on is None
            or origin_date < session.held_on
            or (origin_date == session.held_on and session.id is not None and origin < session.id)
        ):
            carried.append(action)
    return carried
