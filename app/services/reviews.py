"""What is coming up or overdue: each relationship's next meeting and its review
points (from the relationship's review date if set, else the contract's, otherwise 3
and 6 months after the start; then every 6 months, as the guidance suggests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from app.domain import clock
from app.domain.bidi import isolate
from app.domain.enums import RelationshipStatus
from app.domain.record_types import Contract, Relationship
from app.services.mapping import to_record
from app.services.portfolio import Portfolio
from app.store.models import ContractRow, MentorRow, RelationshipRow, SessionRow

DUE_WITHIN_DAYS = 14
MEETING = "meeting"
REVIEW = "review"


@dataclass(frozen=True)
class DueItem:
    what: str  # MEETING or REVIEW
    on: date
    state: str  # "overdue", "due" (within two weeks) or "upcoming"
    relationship_id: int
    # e.g. "Next meeting with Dr Żółć", the name isolated (a sentence for the screen)
    label: str


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def review_points(rel: Relationship, contract: Contract | None, until: date) -> list[date]:
    """Review dates of a relationship up to ``until`` (and one beyond it)."""
    points: list[date] = []
    # The relationship's own review date is the one the user sees and keeps up to date
    # (and the one printed); the contract's is what was agreed at the start.
    planned = rel.review_date or (contract.review_date if contract is not None else None)
    if planned is not None:
        anchor, months = planned, 0
    elif rel.start_date is not None:
        anchor, months = rel.start_date, 6
        points.append(add_months(anchor, 3))
    else:
        return []
    # Each point is counted from the anchor, not from the point before it: a review
    # on 31 August comes back on 31 August after falling on 28 February.
    current = add_months(anchor, months)
    points.append(current)
    while current <= until:
        months += 6
        current = add_months(anchor, months)
        points.append(current)
    end = rel.end_date or date.max
    return sorted({p for p in points if p <= end})


def _state(on: date, today: date, done: bool) -> str | None:
    if done:
        return None
    if on < today:
        return "overdue"
    if on <= today + timedelta(days=DUE_WITHIN_DAYS):
        return "due"
    return "upcoming"


def due_items(portfolio: Portfolio, today: date | None = None) -> list[DueItem]:
    """Next meetings and review points of active relationships, soonest first. A
    meeting or review counts as done once a session is recorded on or after it."""
    today = today or clock.today()
    items: list[DueItem] = []
    with portfolio.transaction() as db:
        for rel_row in db.scalars(select(RelationshipRow)):
            rel = to_record(rel_row, Relationship)
            if rel.status in (RelationshipStatus.ENDED, RelationshipStatus.PAUSED):
                continue
            mentor = db.get(MentorRow, rel.mentor_id) if rel.mentor_id else None
            who = isolate(mentor.name) if mentor is not None and mentor.name else "your mentor"
            last_held = db.execute(
                select(func.max(SessionRow.held_on)).where(
                    SessionRow.relationship_id == rel.id, SessionRow.held_on <= today
                )
            ).scalar()
            next_meeting = db.execute(
                select(SessionRow.next_meeting)
                .where(SessionRow.relationship_id == rel.id, SessionRow.next_meeting.is_not(None))
                .order_by(SessionRow.held_on.desc(), SessionRow.id.desc())
                .limit(1)
            ).scalar()
            if next_meeting is not None:
                state = _state(next_meeting, today, bool(last_held and last_held >= next_meeting))
                if state:
                    items.append(
                        DueItem(
                            MEETING, next_meeting, state, rel_row.id, f"Next meeting with {who}"
                        )
                    )
            contract_row = db.scalars(
                select(ContractRow).where(ContractRow.relationship_id == rel.id)
            ).first()
            contract = to_record(contract_row, Contract) if contract_row else None
            for point in review_points(rel, contract, today):
                state = _state(point, today, bool(last_held and last_held >= point))
                if state == "upcoming" and point > today + timedelta(days=183):
                    continue
                if state:
                    items.append(
                        DueItem(
                            REVIEW, point, state, rel_row.id, f"Review of the mentoring with {who}"
                        )
                    )
    # Only the most recent overdue review matters; older ones are history.
    latest_overdue: dict[int, date] = {}
    for item in items:
        if item.what == REVIEW and item.state == "overdue":
            latest_overdue[item.relationship_id] = max(
                item.on, latest_overdue.get(item.relationship_id, date.min)
            )
    items = [
        i
        for i in items
        if not (
            i.what == REVIEW and i.state == "overdue" and i.on != latest_overdue[i.relationship_id]
        )
    ]
    return sorted(items, key=lambda i: (i.on, i.what))


def next_meeting(portfolio: Portfolio, today: date | None = None) -> DueItem | None:
    """The soonest meeting still to come of the active relationships (the Overview's
    "Next meeting"), by the rules of due_items."""
    today = today or clock.today()
    meetings = [i for i in due_items(portfolio, today) if i.what == MEETING and i.on >= today]
    return meetings[0] if meetings else None
