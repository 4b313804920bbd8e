"""The relationship at a glance, built from the portfolio: the data the Overview's
pictures and the pack's cover draw (app/domain/glance.py), the prompts about the
contract, and the same in words for screen readers and the pack's alt text.

One query per record kind, whatever the portfolio's size: the relationship's sessions
(with whether each one's latest version is fully signed), its goals, its actions (with
the date of the session that agreed each), its contract, its mentor and the owner's
next appraisal date."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from app.domain import clock
from app.domain.bidi import isolate
from app.domain.enums import (
    ActionStatus,
    GoalStatus,
    RecordKind,
    RelationshipStatus,
    VersionStatus,
)
from app.domain.frequency import Frequency, parse_frequency
from app.domain.glance import (
    ActionsByMonth,
    Gap,
    Glance,
    GoalBar,
    LifecyclePrompt,
    MonthOfActions,
    OverdueAction,
    PromptKind,
    SessionMark,
    Timeline,
)
from app.domain.record_types import Contract, Relationship
from app.services.mapping import to_record
from app.services.portfolio import Portfolio
from app.services.reviews import add_months, review_points
from app.store.models import (
    ActionRow,
    ContractRow,
    GoalRow,
    MentorRow,
    OwnerProfileRow,
    RecordVersionRow,
    RelationshipRow,
    SessionRow,
)

MONTHS_SHOWN = 12
AHEAD_DAYS = 183  # a review or appraisal this far ahead is on the timeline
_CLOSED_GOALS = (GoalStatus.ACHIEVED, GoalStatus.DROPPED)
_OPEN_ACTIONS = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def build_glance(
    portfolio: Portfolio, today: date | None = None, relationship_id: int | None = None
) -> Glance:
    """The glance of one relationship on ``today`` (the clock's, if not given): the
    one asked for, else the current one (current_relationship)."""
    today = today or clock.today()
    with portfolio.transaction() as db:
        return glance_in(db, today, relationship_id)


def current_relationship(db: Session) -> int | None:
    """The relationship the Overview shows: of the active ones, the one met most
    recently (then the one started last); with none active, the latest of the others."""
    last_met = (
        select(SessionRow.relationship_id, func.max(SessionRow.held_on).label("last_met"))
        .group_by(SessionRow.relationship_id)
        .subquery()
    )
    rows = db.execute(
        select(RelationshipRow.id, RelationshipRow.status, RelationshipRow.start_date)
        .add_columns(last_met.c.last_met)
        .outerjoin(last_met, last_met.c.relationship_id == RelationshipRow.id)
    ).all()
    if not rows:
        return None

    def rank(row: Sequence[object]) -> tuple[bool, date, date, int]:
        rel_id, status, started, met = row
        assert isinstance(rel_id, int)
        return (
            status == RelationshipStatus.ACTIVE,
            met if isinstance(met, date) else date.min,
            started if isinstance(started, date) else date.min,
            rel_id,
        )

    best = max(rows, key=rank)
    return int(best[0])


def glance_in(db: Session, today: date, relationship_id: int | None = None) -> Glance:
    start = add_months(today, -MONTHS_SHOWN)
    owner = db.scalars(select(OwnerProfileRow)).first()
    appraisal = owner.next_appraisal_date if owner is not None else None
    rel_id = relationship_id if relationship_id is not None else current_relationship(db)
    rel_row = db.get(RelationshipRow, rel_id) if rel_id is not None else None
    if rel_row is None:
        ahead = _ahead([appraisal] if appraisal else [], start, today)
        timeline = Timeline(
            start, today, max([today, *ahead]), (), None, (), None, ahead, appraisal=appraisal
        )
        return Glance(today, timeline, actions=_actions([], today))
    rel = to_record(rel_row, Relationship)
    mentor_row = db.get(MentorRow, rel.mentor_id) if rel.mentor_id is not None else None
    contract_row = db.scalars(
        select(ContractRow).where(ContractRow.relationship_id == rel.id)
    ).first()
    contract = to_record(contract_row, Contract) if contract_row is not None else None
    agreed = parse_frequency(contract.agreed_frequency) if contract is not None else None

    meetings = _meetings(db, rel.id or 0, start, today)
    held = [on for on, _next in meetings.held]
    next_meeting = _next_meeting(meetings.held)
    ended = rel.status is RelationshipStatus.ENDED
    gaps_all = () if agreed is None else _gaps(held, today, agreed, open_to_today=not ended)
    planned = review_points(rel, contract, today + timedelta(days=AHEAD_DAYS))
    dates = [d for d in planned if d <= today + timedelta(days=AHEAD_DAYS)]
    ahead = _ahead([*dates, *([appraisal] if appraisal else [])], start, today)
    end = max([today, *ahead, *([next_meeting] if next_meeting else [])])
    timeline = Timeline(
        start=start,
        today=today,
        end=end,
        sessions=meetings.marks,
        agreed=agreed,
        gaps=tuple(g for g in gaps_all if g.end >= start),
        next_meeting=next_meeting,
        review_dates=ahead,
        appraisal=appraisal,
    )
    goals = tuple(
        GoalBar(
            record_id=row.id,
            title=row.title,
            status=row.status,
            target=row.target_date,
            overdue=(
                row.target_date is not None
                and row.target_date < today
                and row.status not in _CLOSED_GOALS
            ),
        )
        for row in db.scalars(
            select(GoalRow)
            .where(GoalRow.relationship_id == rel.id)
            .order_by(GoalRow.target_date.is_(None), GoalRow.target_date, GoalRow.id)
        )
    )
    first_month = add_months(_month(today), -(MONTHS_SHOWN - 1))
    origin = aliased(SessionRow)
    # Only what the pictures count: agreed or closed in the months shown, or open now.
    action_rows = db.execute(
        select(
            ActionRow.id,
            ActionRow.description,
            ActionRow.due_date,
            ActionRow.status,
            ActionRow.completed_on,
            origin.held_on,
        )
        .outerjoin(origin, origin.id == ActionRow.origin_session_id)
        .where(
            or_(
                ActionRow.relationship_id == rel.id,
                ActionRow.origin_session_id.in_(
                    select(SessionRow.id).where(SessionRow.relationship_id == rel.id)
                ),
            )
        )
        .where(
            or_(
                origin.held_on >= first_month,
                ActionRow.completed_on >= first_month,
                ActionRow.status.in_(_OPEN_ACTIONS),
            )
        )
    ).all()
    prompts: list[LifecyclePrompt] = []
    if not ended and rel.status is not RelationshipStatus.PAUSED:
        prompts += _apart_prompt(gaps_all, held, today, agreed)
        prompts += _review_prompt(db, rel, contract, contract_row, today)
    return Glance(
        today=today,
        timeline=timeline,
        goals=goals,
        actions=_actions([_ActionLine(*row) for row in action_rows], today),
        prompts=tuple(prompts),
        relationship_id=rel.id,
        mentor=mentor_row.name if mentor_row is not None else "",
        contract_id=contract_row.id if contract_row is not None else None,
    )


@dataclass(frozen=True)
class _Meetings:
    held: list[tuple[date, date | None]]  # every session held by today: (held_on, next_meeting)
    marks: tuple[SessionMark, ...]  # those on the timeline


def _meetings(db: Session, rel_id: int, start: date, today: date) -> _Meetings:
    """The relationship's sessions (one query), and which of those shown are signed
    (one more): signed when its latest version is fully signed."""
    rows = db.execute(
        select(SessionRow.id, SessionRow.held_on, SessionRow.next_meeting)
        .where(SessionRow.relationship_id == rel_id, SessionRow.held_on <= today)
        .order_by(SessionRow.held_on, SessionRow.id)
    ).all()
    shown = [(sid, on) for sid, on, _next in rows if on >= start]
    latest_status: dict[int, VersionStatus] = {}
    if shown:
        versions = db.execute(
            select(RecordVersionRow.record_id, RecordVersionRow.status)
            .join(SessionRow, SessionRow.id == RecordVersionRow.record_id)
            .where(
                RecordVersionRow.record_kind == RecordKind.SESSION.value,
                SessionRow.relationship_id == rel_id,
                SessionRow.held_on >= start,
                SessionRow.held_on <= today,
            )
            .order_by(RecordVersionRow.record_id, RecordVersionRow.version)
        ).all()
        latest_status = {record_id: status for record_id, status in versions}
    marks = tuple(
        SessionMark(sid, on, latest_status.get(sid) is VersionStatus.FULLY_SIGNED)
        for sid, on in shown
    )
    return _Meetings([(on, nxt) for _sid, on, nxt in rows], marks)


def _next_meeting(held: list[tuple[date, date | None]]) -> date | None:
    """The next meeting the latest session booked, unless a session has been held on or
    after it since (as app/services/reviews.py counts it)."""
    if not held:
        return None
    booked = held[-1][1]
    if booked is None or held[-1][0] >= booked:
        return None
    return booked


def _ahead(dates: Iterable[date], start: date, today: date) -> tuple[date, ...]:
    last = today + timedelta(days=AHEAD_DAYS)
    return tuple(sorted({d for d in dates if start <= d <= last}))


def intervals(held: Sequence[date], today: date, *, open_to_today: bool = True) -> list[Gap]:
    """Every interval between consecutive meetings, oldest first, and the one still open
    from the last meeting to today (unless the relationship has ended)."""
    days = sorted(set(held))
    found = [Gap(a, b, (b - a).days, False) for a, b in zip(days, days[1:], strict=False)]
    if days and open_to_today and today > days[-1]:
        found.append(Gap(days[-1], today, (today - days[-1]).days, True))
    return found


def _gaps(
    held: Sequence[date], today: date, agreed: Frequency, *, open_to_today: bool
) -> tuple[Gap, ...]:
    return tuple(
        g
        for g in intervals(held, today, open_to_today=open_to_today)
        if g.days > agreed.longest_days
    )


def _apart_prompt(
    long_gaps: Sequence[Gap], held: Sequence[date], today: date, agreed: Frequency | None
) -> list[LifecyclePrompt]:
    """Meetings further apart than agreed twice in a row: the last two intervals (the
    open one counts once it is itself too long) both longer than agreed."""
    if agreed is None:
        return []
    every = intervals(held, today)
    if every and every[-1].open and every[-1].days <= agreed.longest_days:
        every = every[:-1]  # still within what was agreed: not yet a gap
    last_two = every[-2:]
    if len(last_two) < 2 or not all(g.days > agreed.longest_days for g in last_two):
        return []
    first, second = last_two
    so_far = " and counting" if second.open else ""
    sentence = (
        "Meetings have been further apart than agreed twice in a row:"
        f" {first.days} then {second.days} days{so_far}, where the contract says"
        f" {agreed.phrase}."
    )
    return [LifecyclePrompt(PromptKind.MEETINGS_TOO_FAR_APART, sentence, second.start)]


def _review_prompt(
    db: Session,
    rel: Relationship,
    contract: Contract | None,
    contract_row: ContractRow | None,
    today: date,
) -> list[LifecyclePrompt]:
    """The contract's review date has passed, and the contract has not been looked at
    again since: no version of it (an amendment marked ready, a signature) made on or
    after that day, and no later review date set on the relationship."""
    if contract is None or contract_row is None or contract.review_date is None:
        return []
    due = contract.review_date
    if rel.review_date is not None and rel.review_date > due:
        due = rel.review_date  # the review was moved; that date is the one kept
    if due >= today:
        return []
    since_review = db.execute(
        select(func.count())
        .select_from(RecordVersionRow)
        .where(
            RecordVersionRow.record_kind == RecordKind.CONTRACT.value,
            RecordVersionRow.record_id == contract_row.id,
            func.date(RecordVersionRow.created_at) >= due.isoformat(),
        )
    ).scalar_one()
    if since_review:
        return []
    sentence = (
        f"Your contract was due for review on {spoken(due)}: review it together,"
        " and amend it if anything has changed."
    )
    return [LifecyclePrompt(PromptKind.REVIEW_DUE, sentence, due)]


def _month(day: date) -> date:
    return day.replace(day=1)


@dataclass(frozen=True)
class _ActionLine:
    record_id: int
    description: str
    due: date | None
    status: ActionStatus
    completed_on: date | None
    agreed_on: date | None  # its origin session's date


def _actions(rows: Sequence[_ActionLine], today: date) -> ActionsByMonth:
    first = add_months(_month(today), -(MONTHS_SHOWN - 1))
    months = [add_months(first, n) for n in range(MONTHS_SHOWN)]
    opened = dict.fromkeys(months, 0)
    closed = dict.fromkeys(months, 0)
    open_now = 0
    overdue: list[OverdueAction] = []
    for row in rows:
        on = row.agreed_on
        if on is not None and _month(on) in opened and on <= today:
            opened[_month(on)] += 1
        if row.status in _OPEN_ACTIONS:
            open_now += 1
            if row.due is not None and row.due < today:
                overdue.append(OverdueAction(row.record_id, row.description, row.due, row.status))
        elif row.completed_on is not None and _month(row.completed_on) in closed:
            closed[_month(row.completed_on)] += row.completed_on <= today
    overdue.sort(key=lambda a: (a.due, a.record_id))
    return ActionsByMonth(
        months=tuple(MonthOfActions(m, opened[m], closed[m]) for m in months),
        open_now=open_now,
        overdue=tuple(overdue),
    )


# --- In words ------------------------------------------------------------------------


def spoken(day: date) -> str:
    """A date as a sentence says it: "3 March 2026"."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def describe(glance: Glance) -> str:
    """The glance in plain sentences, one paragraph per picture (the Overview's text for
    screen readers, the pack cover's alt text). Names are isolated for direction."""
    t = glance.timeline
    if glance.relationship_id is None:
        return "No mentoring relationship yet: the pictures fill in once you add one."
    who = f" with {isolate(glance.mentor)}" if glance.mentor else ""
    signed = sum(1 for s in t.sessions if s.signed)
    lines = [
        f"Meetings{who} from {spoken(t.start)} to {spoken(t.today)}: "
        f"{_count(len(t.sessions), 'session')}, {signed} signed by both."
    ]
    if t.agreed is None:
        lines.append("The contract states no interval the app can read.")
    else:
        lines.append(f"Agreed: {t.agreed.phrase}.")
        if t.gaps:
            spans = "; ".join(
                f"{spoken(g.start)} to {'today' if g.open else spoken(g.end)} ({g.days} days)"
                for g in t.gaps
            )
            lines.append(f"{_count(len(t.gaps), 'gap')} longer than agreed: {spans}.")
        else:
            lines.append("No gap longer than agreed.")
    if t.next_meeting is not None:
        lines.append(f"Next meeting: {spoken(t.next_meeting)}.")
    ahead = [d for d in t.review_dates if d >= t.today]
    if ahead:
        lines.append(
            "Ahead: " + ", ".join(f"{t.date_name(d).lower()} {spoken(d)}" for d in ahead) + "."
        )
    paragraphs = [" ".join(lines)]
    if glance.goals:
        counts: dict[GoalStatus, int] = {}
        for goal in glance.goals:
            counts[goal.status] = counts.get(goal.status, 0) + 1
        parts = ", ".join(f"{n} {status.label.lower()}" for status, n in counts.items())
        goal_text = f"{_count(len(glance.goals), 'goal')}: {parts}."
        late = [g for g in glance.goals if g.overdue]
        if late:
            goal_text += (
                " Past their target date: "
                + "; ".join(f"{isolate(g.title)} ({spoken(g.target)})" for g in late if g.target)
                + "."
            )
        paragraphs.append(goal_text)
    else:
        paragraphs.append("No goals yet.")
    if glance.actions is not None:
        a = glance.actions
        opened = sum(m.opened for m in a.months)
        closed = sum(m.closed for m in a.months)
        action_text = (
            f"Actions in the last {len(a.months)} months: {opened} agreed, {closed} closed;"
            f" {a.open_now} open now, {len(a.overdue)} overdue."
        )
        if a.overdue:
            worst = a.overdue[0]
            action_text += f" Most overdue: {isolate(worst.description)} (due {spoken(worst.due)})."
        paragraphs.append(action_text)
    paragraphs += [p.sentence for p in glance.prompts]
    return "\n".join(paragraphs)
