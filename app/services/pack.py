"""The appraisal pack: for a period, the records the mentee chooses to disclose, with
a cover, a summary, a table of contents and bookmarks, in one PDF.

Everything is read in one unit of work first; the layout (the slow part) then runs
without touching the database, reporting progress and checking for cancellation, so
the desktop app can run it in a worker thread."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import clock
from app.domain.enums import ActionStatus, GoalStatus, RecordKind, RelationshipStatus
from app.domain.errors import KnownError, ValidationFailed
from app.domain.record_types import Action, Goal, Relationship, SessionRecord
from app.printing import action_log_page, appraisal_pack, relationship_summary_page
from app.printing.appraisal_pack import PackPart, PackSummary
from app.printing.context import Build
from app.printing.layout import Bookmark, Cancelled, PageMark, build_pdf, usable_width
from app.services import documents
from app.services.documents import PrintedDocument, SignablePage
from app.services.mapping import to_record
from app.services.portfolio import Portfolio
from app.services.profile import owner_in
from app.services.records import saved_id
from app.services.signing.lifecycle import UNSIGNED, goals_plan_ids_in, statuses_in
from app.store import audit
from app.store.models import (
    ActionRow,
    ChecklistRow,
    ContractRow,
    GoalRow,
    RelationshipRow,
    SessionRow,
)

Progress = Callable[[float, str], None]
SIGNED_LABELS = frozenset({"signed"})


class PackCancelled(KnownError):
    def __init__(self) -> None:
        super().__init__("The appraisal pack was cancelled; nothing was saved.")


@dataclass(frozen=True)
class PackRequest:
    date_from: date
    date_to: date
    relationship_ids: tuple[int, ...] | None = None  # None: every relationship
    include_reflections: bool = False
    # (kind, id) pairs to leave out, chosen by the mentee; everything else in the
    # period goes in.
    excluded: frozenset[tuple[RecordKind, int]] = field(default_factory=frozenset)

    @property
    def held_to(self) -> date:
        """The last day a session of the pack was held on: the period's end, or today
        if that comes first (a session dated ahead is not held yet)."""
        return min(self.date_to, clock.today())

    def check(self) -> None:
        if self.date_from > self.date_to:
            raise ValidationFailed({"date_from": "The period must start before it ends."})


@dataclass(frozen=True)
class PackItem:
    """A record the pack would include, for the chooser in the app."""

    kind: RecordKind
    record_id: int
    title: str
    on: date | None
    status: str  # signature status label ("unsigned", "signed", ...) or "" if not signed


def _overlaps(rel: Relationship, start: date, end: date) -> bool:
    began = rel.start_date or date.min
    ended = rel.end_date or date.max
    return began <= end and ended >= start


def _relationships(db: Session, request: PackRequest) -> list[Relationship]:
    rels = [
        to_record(r, Relationship)
        for r in db.scalars(select(RelationshipRow).order_by(RelationshipRow.id))
    ]
    if request.relationship_ids is not None:
        rels = [r for r in rels if r.id in request.relationship_ids]
    return [r for r in rels if _overlaps(r, request.date_from, request.date_to)]


@dataclass
class _Gathered:
    relationships: list[Relationship]
    items: list[PackItem]


def _gather(db: Session, request: PackRequest) -> _Gathered:
    rels = _relationships(db, request)
    rel_ids = [r.id for r in rels]
    items: list[PackItem] = []
    statuses = statuses_in(db)

    def add(kind: RecordKind, record_id: int, title: str, on: date | None) -> None:
        status = (
            statuses.get((kind, record_id), UNSIGNED).label
            if kind in documents.SIGNABLE.values()
            else ""
        )
        items.append(PackItem(kind, record_id, title, on, status))

    parties = {r.id: documents.parties_of(db, r.id) for r in rels}
    for rel in rels:
        add(
            RecordKind.RELATIONSHIP,
            saved_id(rel),
            f"Relationship with {parties[rel.id].mentor}",
            rel.start_date,
        )
    for contract in db.scalars(
        select(ContractRow).where(ContractRow.relationship_id.in_(rel_ids)).order_by(ContractRow.id)
    ):
        add(
            RecordKind.CONTRACT,
            contract.id,
            f"Contract with {parties[contract.relationship_id].mentor}",
            contract.agreed_on,
        )
    with_goals = set(goals_plan_ids_in(db))  # one query, not one per relationship
    for rel in rels:
        if rel.id in with_goals:
            add(
                RecordKind.GOALS_PLAN,
                saved_id(rel),
                f"Goals plan with {parties[rel.id].mentor}",
                rel.start_date,
            )
    for checklist in db.scalars(
        select(ChecklistRow)
        .where(ChecklistRow.relationship_id.in_(rel_ids))
        .order_by(ChecklistRow.id)
    ):
        completed = checklist.completed_on
        if completed is None or request.date_from <= completed <= request.date_to:
            add(RecordKind.CHECKLIST, checklist.id, checklist.title or "Checklist", completed)
    for meeting in db.scalars(
        select(SessionRow)
        .where(
            SessionRow.relationship_id.in_(rel_ids),
            SessionRow.held_on >= request.date_from,
            SessionRow.held_on <= request.held_to,
        )
        .order_by(SessionRow.held_on, SessionRow.id)
    ):
        add(
            RecordKind.SESSION,
            meeting.id,
            f"Session of {meeting.held_on:%d/%m/%Y}",
            meeting.held_on,
        )
    for rel in rels:
        add(RecordKind.ACTION, saved_id(rel), f"Action log with {parties[rel.id].mentor}", None)
    return _Gathered(rels, items)


def candidates(portfolio: Portfolio, request: PackRequest) -> list[PackItem]:
    """Every record the pack for this period would hold, for the mentee to choose from.
    (RecordKind.ACTION items stand for a relationship's action log.)"""
    request.check()
    with portfolio.transaction() as db:
        return _gather(db, request).items


GROUPS = {
    RecordKind.RELATIONSHIP: "Relationships",
    RecordKind.CONTRACT: "Contracts",
    RecordKind.GOALS_PLAN: "Goals plans",
    RecordKind.CHECKLIST: "Checklists",
    RecordKind.SESSION: "Session records",
    RecordKind.ACTION: "Action logs",
}


def _summary(
    db: Session, request: PackRequest, gathered: _Gathered, chosen: Sequence[PackItem]
) -> PackSummary:
    rel_ids = [r.id for r in gathered.relationships]
    sessions = [
        to_record(r, SessionRecord)
        for r in db.scalars(
            select(SessionRow).where(
                SessionRow.relationship_id.in_(rel_ids),
                SessionRow.held_on >= request.date_from,
                SessionRow.held_on <= request.held_to,
            )
        )
    ]
    goals = [
        to_record(r, Goal)
        for r in db.scalars(select(GoalRow).where(GoalRow.relationship_id.in_(rel_ids)))
    ]
    session_ids = {s.id for s in sessions}
    actions = [
        to_record(r, Action)
        for r in db.scalars(select(ActionRow).where(ActionRow.relationship_id.in_(rel_ids)))
    ]
    actions = [
        a
        for a in actions
        if a.origin_session_id in session_ids
        or (
            a.origin_session_id is None
            and a.due_date is not None
            and request.date_from <= a.due_date <= request.date_to
        )
    ]
    signable = [i for i in chosen if i.status]
    names = []
    for rel in gathered.relationships:
        parties = documents.parties_of(db, rel.id)
        ended = (
            f", ended {rel.end_date:%d/%m/%Y}"
            if rel.status is RelationshipStatus.ENDED and rel.end_date
            else ""
        )
        names.append(f"{parties.mentor_line()} ({rel.kind.label.lower()}{ended})")
    return PackSummary(
        sessions=len(sessions),
        minutes=sum(s.duration_minutes for s in sessions),
        goals_achieved=sum(g.status is GoalStatus.ACHIEVED for g in goals),
        goals_in_progress=sum(g.status is GoalStatus.IN_PROGRESS for g in goals),
        goals_other=sum(
            g.status not in (GoalStatus.ACHIEVED, GoalStatus.IN_PROGRESS) for g in goals
        ),
        actions_done=sum(a.status is ActionStatus.DONE for a in actions),
        actions_open=sum(not a.status.is_closed for a in actions),
        records_signed=sum(i.status in SIGNED_LABELS for i in signable),
        records_unsigned=sum(i.status not in SIGNED_LABELS for i in signable),
        relationships=tuple(names),
    )


def _signable_part(page: SignablePage, group: str, title: str) -> PackPart:
    return PackPart(
        group,
        title,
        documents.page_mark(page, title),
        lambda build: documents.signable_story(page, build, include_summary=True)[1],
    )


def _relationship_parts(db: Session, rel: Relationship, item: PackItem, today: date) -> PackPart:
    parties = documents.parties_of(db, rel.id)
    sessions = [
        to_record(r, SessionRecord)
        for r in db.scalars(
            select(SessionRow)
            .where(SessionRow.relationship_id == rel.id)
            .order_by(SessionRow.held_on, SessionRow.id)
        )
    ]
    actions = [
        to_record(r, Action)
        for r in db.scalars(
            select(ActionRow)
            .where(ActionRow.relationship_id == rel.id)
            .order_by(ActionRow.due_date.is_(None), ActionRow.due_date, ActionRow.id)
        )
    ]
    mark = PageMark(appraisal_pack.TITLE, item.title)
    if item.kind is RecordKind.ACTION:
        dates = {s.id: s.held_on for s in sessions if s.id is not None}
        return PackPart(
            GROUPS[item.kind],
            item.title,
            mark,
            lambda build: action_log_page.story(actions, dates, parties, build, today),
        )
    goals = [
        to_record(r, Goal)
        for r in db.scalars(
            select(GoalRow).where(GoalRow.relationship_id == rel.id).order_by(GoalRow.id)
        )
    ]
    return PackPart(
        GROUPS[item.kind],
        item.title,
        mark,
        lambda build: relationship_summary_page.story(parties, sessions, goals, actions, build),
    )


def build_pack(
    portfolio: Portfolio,
    request: PackRequest,
    *,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    today: date | None = None,
) -> PrintedDocument:
    """The appraisal pack as one PDF; usually run on a worker thread."""
    # A pack makes enough objects to trigger full garbage collections, and a full
    # collection walks every object of the app (Qt, SQLAlchemy, ReportLab) while holding
    # the GIL: a 200+ ms freeze of the window. Objects that exist before the pack are
    # set aside for its duration, so those collections only walk the pack's own objects.
    gc.freeze()
    try:
        return _build_pack(portfolio, request, progress, is_cancelled, today)
    finally:
        gc.unfreeze()


def _build_pack(
    portfolio: Portfolio,
    request: PackRequest,
    progress: Progress | None,
    is_cancelled: Callable[[], bool] | None,
    today: date | None,
) -> PrintedDocument:
    request.check()
    today = today or clock.today()
    with portfolio.transaction() as db:
        gathered = _gather(db, request)
        chosen = [i for i in gathered.items if (i.kind, i.record_id) not in request.excluded]
        if not chosen:
            raise KnownError("There are no records in that period to put in a pack.")
        setup = documents.setup_for(db, today)
        owner = owner_in(db)
        summary = _summary(db, request, gathered, chosen)
        head = audit.last_entry(db)
        chain = (head.seq, head.entry_hash) if head is not None else None
        rels = {r.id: r for r in gathered.relationships}
        parts: list[PackPart] = []
        for index, item in enumerate(chosen):
            if is_cancelled is not None and is_cancelled():
                raise PackCancelled()
            if progress is not None and index % 25 == 0:
                progress(0.2 * index / len(chosen), "Gathering records…")
            if item.kind in (RecordKind.RELATIONSHIP, RecordKind.ACTION):
                parts.append(_relationship_parts(db, rels[item.record_id], item, today))
                continue
            page = documents.signable_page(
                db,
                portfolio.portfolio_id,
                item.kind,
                item.record_id,
                include_reflection=request.include_reflections,
            )
            parts.append(_signable_part(page, GROUPS[item.kind], item.title))
    build = Build(usable_width(setup))
    story = appraisal_pack.story(
        owner,
        (request.date_from, request.date_to),
        today,
        summary,
        parts,
        build,
        request.include_reflections,
        chain,
    )
    groups = len({p.group for p in parts})
    expected = 2 * (len(parts) + groups + 1)  # bookmarks per pass, two passes usually
    seen = 0

    def on_bookmark(_: Bookmark) -> None:
        nonlocal seen
        seen += 1
        if is_cancelled is not None and is_cancelled():
            raise Cancelled()
        if progress is not None:
            progress(min(0.99, 0.2 + 0.8 * seen / expected), "Laying out pages…")

    # A full garbage collection over the millions of layout objects of a big pack holds
    # the interpreter for over a second, freezing the window (measured: 1.1 s stall);
    # layout objects are freed by reference counting, so collection waits until after.
    collecting = gc.isenabled()
    gc.disable()
    try:
        built = build_pdf(
            story,
            setup,
            PageMark(appraisal_pack.TITLE),
            build.report,
            progress=on_bookmark,
            multi_pass=True,
        )
    except Cancelled:
        raise PackCancelled() from None
    finally:
        if collecting:
            gc.enable()
    with portfolio.transaction() as db:
        unrecorded = portfolio.record_output(
            db,
            "export",
            "portfolio",
            detail=f"Appraisal pack {request.date_from:%Y-%m-%d} to"
            f" {request.date_to:%Y-%m-%d}: {len(parts)} records,"
            f" {built.pages} pages"
            + (", with private reflections" if request.include_reflections else ""),
        )
    if progress is not None:
        progress(1.0, "Done")
    name = f"appraisal-pack-{request.date_from:%Y-%m-%d}-to-{request.date_to:%Y-%m-%d}.pdf"
    warnings = built.warnings + unrecorded
    return PrintedDocument(built.data, built.pages, warnings, appraisal_pack.TITLE, name)
