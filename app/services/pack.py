"""The appraisal pack: for a period, the records the mentee chooses to disclose, with
a cover, a summary, a table of contents and bookmarks, in one PDF.

Everything is read in one unit of work first; the layout (the slow part) then runs
without touching the database, reporting progress and checking for cancellation, so
the desktop app can run it in a worker thread."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.domain import clock, registry
from app.domain.enums import (
    ActionStatus,
    GoalStatus,
    RecordKind,
    RelationshipStatus,
    VersionStatus,
)
from app.domain.errors import KnownError, ValidationFailed
from app.domain.hours import total_hours
from app.domain.kind_spec import Inclusion, RecordKindSpec
from app.domain.record_types import Action, Goal, Relationship, SessionRecord
from app.printing import appraisal_pack
from app.printing.appraisal_pack import PackPart, PackSummary
from app.printing.layout import Bookmark, Cancelled, PageMark, build_pdf
from app.services import documents, ledger
from app.services.documents import PrintedDocument, SignablePage
from app.services.glance_builder import glance_in
from app.services.mapping import to_record
from app.services.portfolio import Portfolio
from app.services.profile import owner_in
from app.services.records import saved_id
from app.services.signing.lifecycle import UNSIGNED, statuses_in, wholes_with_parts_in
from app.services.signing.signable import is_signable
from app.store import audit
from app.store.models import ActionRow, GoalRow, RelationshipRow, SessionRow
from app.store.rows import row_of

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
    # An amended record prints as last signed; with this, its amendment awaiting
    # signature follows it, marked DRAFT and titled as a proposed amendment.
    include_amendments: bool = False
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


_Entry = tuple[int, str, date | None]  # record id, title, date


def _packed() -> tuple[RecordKindSpec, ...]:
    """The kinds the pack holds, in the order their specs give."""
    found = [s for s in registry.all_specs() if s.pack is not None]
    return tuple(sorted(found, key=lambda s: s.pack.order if s.pack else 0))


def _date_of(spec: RecordKindSpec, record: Any) -> date | None:
    return getattr(record, spec.date_field) if spec.date_field else None


def _owned(
    db: Session, spec: RecordKindSpec, rels: list[Relationship], request: PackRequest
) -> list[tuple[Any, int]]:
    """The kind's records that belong to the pack's relationships (and, dated in the
    period, if its inclusion says so), each with its relationship's id, in pack order."""
    include = spec.pack.include if spec.pack else Inclusion.ALL
    row_type = row_of(spec.kind)
    owner = spec.row.owner if spec.row else None
    if owner is None:
        raise TypeError(f"The {spec.kind.value} kind belongs to no relationship")
    owned_by = getattr(row_type, owner.field)
    in_rels = owned_by.in_([r.id for r in rels])
    # A record of a kind dated in the period that may stand alone (a reflective note
    # of no relationship) is the mentee's own: it is in the pack too.
    alone = include is Inclusion.DATED_IN_PERIOD and not owner.not_null
    query = select(row_type).where(or_(in_rels, owned_by.is_(None)) if alone else in_rels)
    if include is Inclusion.DATED_IN_PERIOD and spec.date_field:
        # Dated in the period and by today: a session dated ahead is not held yet.
        on = getattr(row_type, spec.date_field)
        query = query.where(on >= request.date_from, on <= request.held_to).order_by(on)
    found = []
    for row in db.scalars(query.order_by(row_type.id)):
        record = to_record(row, spec.dataclass)
        on = _date_of(spec, record)
        outside = on is not None and not request.date_from <= on <= request.date_to
        if include is Inclusion.UNDATED_OR_IN_PERIOD and outside:
            continue
        found.append((record, getattr(record, owner.field)))
    return found


def _entries(
    db: Session,
    spec: RecordKindSpec,
    rels: list[Relationship],
    mentors: dict[int, str],
    request: PackRequest,
) -> list[_Entry]:
    """What the pack holds of one kind, as its spec's pack role says."""
    assert spec.pack is not None
    include = spec.pack.include
    if include in (Inclusion.ALL, Inclusion.DATED_IN_PERIOD, Inclusion.UNDATED_OR_IN_PERIOD):
        return [
            (
                record.id,
                registry.heading(spec.kind, record, mentors.get(rel, "")),
                _date_of(spec, record),
            )
            for record, rel in _owned(db, spec, rels, request)
        ]
    if include is Inclusion.PER_RELATIONSHIP_WITH_PARTS:
        wholes = set(wholes_with_parts_in(db, spec.kind))  # not one query per relationship
        return [
            (rel.id, registry.heading(spec.kind, None, mentors[rel.id]), rel.start_date)
            for rel in rels
            if rel.id is not None and rel.id in wholes
        ]
    # ONCE_PER_RELATIONSHIP: the relationship itself, or a document of it another kind
    # declares (a relationship's action log).
    _, document = registry.document(spec.pack.document)
    if document.per is None:
        return [
            (rel.id, registry.heading(spec.kind, rel, mentors[rel.id]), _date_of(spec, rel))
            for rel in rels
            if rel.id is not None
        ]
    return [
        (rel.id, f"{document.title}{registry.with_mentor(mentors[rel.id])}", None)
        for rel in rels
        if rel.id is not None
    ]


def _gather(db: Session, request: PackRequest) -> _Gathered:
    rels = _relationships(db, request)
    statuses = statuses_in(db)
    mentors = {saved_id(r): documents.parties_of(db, r.id).mentor for r in rels}
    items: list[PackItem] = []
    for spec in _packed():
        signed = is_signable(spec.kind)
        for record_id, title, on in _entries(db, spec, rels, mentors, request):
            status = statuses.get((spec.kind, record_id), UNSIGNED).label if signed else ""
            items.append(PackItem(spec.kind, record_id, title, on, status))
    return _Gathered(rels, items)


def candidates(portfolio: Portfolio, request: PackRequest) -> list[PackItem]:
    """Every record the pack for this period would hold, for the mentee to choose from.
    (An item of a kind whose pack role prints a relationship's document, such as the
    action log, has the relationship's id.)"""
    request.check()
    with portfolio.transaction() as db:
        return _gather(db, request).items


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
        hours=total_hours(s.duration_minutes for s in sessions),
        goals_achieved=sum(g.status is GoalStatus.ACHIEVED for g in goals),
        goals_in_progress=sum(g.status is GoalStatus.IN_PROGRESS for g in goals),
        goals_not_started=sum(g.status is GoalStatus.NOT_STARTED for g in goals),
        goals_other=sum(
            g.status not in (GoalStatus.ACHIEVED, GoalStatus.IN_PROGRESS, GoalStatus.NOT_STARTED)
            for g in goals
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
        documents.page_mark(page, title, name=title),
        lambda build: documents.signable_story(page, build, include_summary=True)[1],
    )


def _amendment_part(page: SignablePage, group: str, title: str) -> PackPart:
    """An amendment awaiting signature, after the signed version it would change: its
    bookmark and contents line under that record's."""
    name = f"{title}, proposed amendment"
    return PackPart(
        group,
        f"Proposed amendment: version {page.version}, not signed",
        documents.page_mark(page, f"Proposed amendment: {title}", name=name),
        lambda build: documents.signable_story(page, build)[1],
        level=2,
    )


def _waiting(page: SignablePage, title: str, both: bool = False) -> str | None:
    """A line for the cover's list of what waits for signature (prepared for signing and
    not signed by everyone, or amended since), or None. ``both``: the pack prints the
    amendment after the signed version."""
    if page.pending:
        shows = (
            f"version {page.version}, the last signed, then the proposed amendment"
            if both
            else f"version {page.version}, the last signed"
        )
        return f"{title}: an amendment awaits signature (the pack shows {shows})"
    if page.state == VersionStatus.FULLY_SIGNED.value:
        return None
    if page.state == "draft" and page.amends is None:
        return None  # never prepared for signing: counted as not yet signed, not listed
    return f"{title}: {documents.state_label(page).lower()} (version {page.version})"


def _unsigned_part(
    db: Session, item: PackItem, group: str, document: str, today: date, include_private: bool
) -> PackPart:
    """A document that is not signed (a relationship's summary, its action log, a page a
    kind declares) as a part of the pack, its private fields only if asked."""
    printed = documents.prepared(
        db, document, item.record_id, today, include_private=include_private
    )
    return PackPart(
        group,
        item.title,
        PageMark(appraisal_pack.TITLE, item.title, name=item.title),
        printed.story,
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
        parts: list[PackPart] = []
        waiting: list[str] = []
        signed = 0
        for index, item in enumerate(chosen):
            if is_cancelled is not None and is_cancelled():
                raise PackCancelled()
            if progress is not None and index % 25 == 0:
                progress(0.2 * index / len(chosen), "Gathering records…")
            role = registry.spec(item.kind).pack
            assert role is not None
            if not is_signable(item.kind):
                parts.append(
                    _unsigned_part(
                        db, item, role.group, role.document, today, request.include_reflections
                    )
                )
                continue
            page = documents.signable_page(
                db,
                portfolio.portfolio_id,
                item.kind,
                item.record_id,
                include_reflection=request.include_reflections,
            )
            # The record as signed, not a draft of an amendment made since.
            current, page = (
                page,
                documents.last_signed_instead(
                    db, page, portfolio.portfolio_id, include_reflection=request.include_reflections
                ),
            )
            both = request.include_amendments and bool(page.pending)
            line = _waiting(page, item.title, both)
            if line is not None:
                waiting.append(line)
            signed += page.state == VersionStatus.FULLY_SIGNED.value
            if both:
                page = replace(
                    page, pending=f"{page.pending} It is printed after this record, marked DRAFT."
                )
            parts.append(_signable_part(page, role.group, item.title))
            if both:
                amendment = documents.proposed_amendment(db, current, page)
                parts.append(_amendment_part(amendment, role.group, item.title))
        summary = replace(
            summary,
            records_signed=signed,
            records_unsigned=sum(1 for i in chosen if i.status) - signed,
            waiting=tuple(waiting),
            glances=tuple(
                (documents.parties_of(db, rel.id).mentor_named, glance_in(db, today, rel.id))
                for rel in gathered.relationships
                if rel.id is not None
            ),
        )
    build = documents.build_for_owner(owner, setup)
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
            f" {request.date_to:%Y-%m-%d}: {len(chosen)} records,"
            f" {built.pages} pages"
            + (", with private reflections" if request.include_reflections else "")
            + (", with amendments awaiting signature" if request.include_amendments else ""),
        )
    if progress is not None:
        progress(1.0, "Done")
    name = f"appraisal-pack-{request.date_from:%Y-%m-%d}-to-{request.date_to:%Y-%m-%d}.pdf"
    warnings = built.warnings + unrecorded
    outgoing = ledger.Outgoing(
        ledger.PACK,
        f"{appraisal_pack.TITLE} {request.date_from:%Y-%m-%d} to {request.date_to:%Y-%m-%d}",
        tuple(_shared_ref(item) for item in chosen),
        (ledger.SHARED, ledger.PRIVATE) if request.include_reflections else (ledger.SHARED,),
    )
    return PrintedDocument(
        built.data, built.pages, warnings, appraisal_pack.TITLE, name, outgoing=outgoing
    )


def _shared_ref(item: PackItem) -> ledger.RecordRef:
    """The record a pack item prints: a relationship's document (its action log) is
    the relationship's."""
    role = registry.spec(item.kind).pack
    if (
        role is not None
        and role.include is Inclusion.ONCE_PER_RELATIONSHIP
        and registry.document(role.document)[1].per is not None
    ):
        return ledger.RecordRef(RecordKind.RELATIONSHIP.value, item.record_id)
    return ledger.RecordRef(item.kind.value, item.record_id)
