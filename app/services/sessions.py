"""Session-centred questions and writes the generic record service does not answer
directly: which actions a session agreed, which open actions carry over into it, and
saving a session with its actions in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.exc import IntegrityError

from app.domain import clock
from app.domain.enums import ActionStatus, GoalStatus
from app.domain.errors import KnownError
from app.domain.record_types import Action, Goal, SessionRecord
from app.services import records
from app.services.changes import Changes
from app.services.portfolio import Portfolio
from app.services.records import RecordFilter
from app.services.reviews import add_months


def held(
    portfolio: Portfolio, since: date | None = None, limit: int | None = None
) -> list[SessionRecord]:
    """Sessions held (dated today or before, from ``since``), newest first. Every count
    and list of sessions held asks here: a record dated ahead is not a session held."""
    return records.list_records(
        portfolio,
        SessionRecord,
        RecordFilter(date_from=since, date_to=clock.today(), limit=limit),
    )


@dataclass(frozen=True)
class AppraisalYear:
    """The last twelve months at a glance (the Appraisal page's summary)."""

    sessions: int
    hours: float
    goals_achieved: int
    goals_in_progress: int
    actions_done: int
    actions_open: int


def appraisal_year(portfolio: Portfolio) -> AppraisalYear:
    """The sessions held in the last twelve months, and where goals and actions stand."""
    held_in_year = held(portfolio, since=add_months(clock.today(), -12))
    goals = records.list_records(portfolio, Goal)
    actions = records.list_records(portfolio, Action)
    return AppraisalYear(
        sessions=len(held_in_year),
        hours=sum(s.duration_minutes for s in held_in_year) / 60,
        goals_achieved=sum(g.status == GoalStatus.ACHIEVED for g in goals),
        goals_in_progress=sum(g.status == GoalStatus.IN_PROGRESS for g in goals),
        actions_done=sum(a.status == ActionStatus.DONE for a in actions),
        actions_open=sum(not a.status.is_closed for a in actions),
    )


@dataclass(frozen=True)
class SessionSaved:
    session: SessionRecord
    agreed: tuple[Action, ...]  # the new actions, with their ids
    closed: tuple[Action, ...]  # carried-over actions ticked done

    @property
    def changes(self) -> Changes:
        return Changes.of_records(self.session, *self.agreed, *self.closed)


def save_session(
    portfolio: Portfolio,
    record: SessionRecord,
    *,
    new_actions: Sequence[Action] = (),
    done: Iterable[int] = (),
    done_on: date | None = None,
) -> SessionSaved:
    """The session, the actions it agreed and the carried-over actions ticked done, all
    saved or none. Everything is checked before anything is written; each record still
    passes the guards and gets its own audit entry. Ticked actions are done on
    ``done_on``, by default the session's date or today, whichever is earlier."""
    ticked = sorted(set(done))
    if not new_actions and not ticked:  # the session alone: the record service's save
        return SessionSaved(records.save(portfolio, record), (), ())
    records.check(record, records.as_saved(portfolio, record))
    agreed = [replace(a, relationship_id=record.relationship_id) for a in new_actions]
    for action in agreed:
        records.check(action)
    # Done on the day of the session, or today for a session written up ahead of its
    # day: an action cannot be completed on a day that has not come yet.
    today = clock.today()
    finished_on = done_on or (min(record.held_on, today) if record.held_on else today)
    try:
        with portfolio.transaction() as db:
            saved = records.save_in(db, record)
            made = tuple(
                records.save_in(db, replace(a, origin_session_id=saved.id)) for a in agreed
            )
            closed = []
            for action_id in ticked:
                action = records.get_in(db, Action, action_id)
                closed.append(
                    records.save_in(
                        db, replace(action, status=ActionStatus.DONE, completed_on=finished_on)
                    )
                )
            return SessionSaved(saved, made, tuple(closed))
    except IntegrityError as exc:
        raise KnownError(f"The session record could not be saved: {exc.orig}.") from None


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
