"""Printable documents: gathers a record and its context from the portfolio, works
out which version and verification code the page carries, adds the signatures
recorded for that version, lays it out with app.printing, and notes the print in the
audit log. Returns PDF bytes; the caller decides where (if anywhere) they go."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import clock
from app.domain.enums import RecordKind, SignatureMethod, SignerRole, VersionStatus
from app.domain.errors import KnownError, RecordNotFound
from app.domain.records import (
    Action,
    Checklist,
    Contract,
    Goal,
    Mentor,
    OwnerProfile,
    Relationship,
    SessionRecord,
)
from app.domain.recovery_code import groups
from app.os_support.names import safe_file_name
from app.printing import (
    action_log,
    checklist,
    contract,
    goals_plan,
    recovery_sheet,
    relationship_summary,
    session_record,
)
from app.printing.blocks import SignatureSlot
from app.printing.context import Build, Parties
from app.printing.layout import BuiltPdf, PageMark, PrintSetup, build_pdf, usable_width
from app.services import frozen
from app.services.mapping import to_record
from app.services.portable import from_plain, record_from_plain
from app.services.portfolio import Portfolio, recovery_code_of
from app.services.signable import identify_content, signable_content
from app.store.models import (
    ActionRow,
    GoalRow,
    MentorRow,
    OwnerProfileRow,
    PortfolioInfo,
    Preference,
    RecordVersionRow,
    RelationshipRow,
    SessionRow,
)
from app.store.outputs import write_output

PAPER_PREFERENCE = "paper_size"
PAPER_CHOICES = ("A4", "Letter")


class DocumentKind(StrEnum):
    """The KIND argument of ``mentee-portfolio pdf``."""

    CONTRACT = "contract"
    GOALS = "goals"
    CHECKLIST = "checklist"
    SESSION = "session"
    ACTIONS = "actions"
    RELATIONSHIP = "relationship"
    RECOVERY = "recovery"


# Document kind -> the signable record kind it prints (None: not signed).
SIGNABLE = {
    DocumentKind.CONTRACT: RecordKind.CONTRACT,
    DocumentKind.GOALS: RecordKind.GOALS_PLAN,
    DocumentKind.CHECKLIST: RecordKind.CHECKLIST,
    DocumentKind.SESSION: RecordKind.SESSION,
}
STATE_LABELS = {
    "draft": "Draft: not yet frozen for signing",
    VersionStatus.READY.value: "Ready to sign",
    VersionStatus.SIGNED.value: "Signed",
    VersionStatus.LOCKED.value: "Signed and locked",
    VersionStatus.SUPERSEDED.value: "Superseded by a later version",
}
ROLE_LABELS = {SignerRole.MENTEE: "Mentee", SignerRole.MENTOR: "Mentor"}


@dataclass(frozen=True)
class PrintedDocument:
    pdf: bytes
    pages: int
    warnings: tuple[str, ...]
    title: str
    file_name: str  # a suggested name for Save as PDF
    code: str = ""


def paper_size(session: Session) -> str:
    row = session.get(Preference, PAPER_PREFERENCE)
    return row.value if row is not None and row.value in PAPER_CHOICES else "A4"


def owner_of(session: Session) -> OwnerProfile:
    row = session.get(OwnerProfileRow, 1)
    return to_record(row, OwnerProfile) if row is not None else OwnerProfile()


def setup_for(session: Session, today: date | None = None) -> PrintSetup:
    return PrintSetup(owner_of(session).name, today or clock.today(), paper_size(session))


def parties_of(session: Session, relationship_id: int | None) -> Parties:
    owner = owner_of(session)
    rel_row = session.get(RelationshipRow, relationship_id) if relationship_id else None
    if rel_row is None:
        return Parties(owner.name)
    rel = to_record(rel_row, Relationship)
    mentor_row = session.get(MentorRow, rel.mentor_id) if rel.mentor_id else None
    mentor = to_record(mentor_row, Mentor) if mentor_row else Mentor()
    return Parties(owner.name, mentor.name, mentor.role, mentor.organisation, rel)


def _parties_from_content(content: dict[str, Any]) -> Parties:
    rel = content.get("relationship")
    return Parties(
        content.get("mentee", ""),
        content.get("mentor", ""),
        content.get("mentor_role", ""),
        content.get("mentor_organisation", ""),
        record_from_plain(Relationship, rel) if isinstance(rel, dict) else rel,
    )


def content_from_json(kind: RecordKind, content_json: str) -> dict[str, Any]:
    """A frozen version's content as domain objects, as signable_content returns it."""
    plain = json.loads(content_json)
    out = dict(plain)
    out["parties"] = _parties_from_content(plain)
    if kind is RecordKind.CONTRACT:
        out["contract"] = record_from_plain(Contract, plain["contract"])
    elif kind is RecordKind.SESSION:
        out["session"] = record_from_plain(SessionRecord, plain["session"])
        out["actions"] = from_plain(list[Action], plain.get("actions", []))
    elif kind is RecordKind.GOALS_PLAN:
        out["goals"] = from_plain(list[Goal], plain.get("goals", []))
    elif kind is RecordKind.CHECKLIST:
        out["checklist"] = record_from_plain(Checklist, plain["checklist"])
    return out


def _slots(session: Session, version: RecordVersionRow | None) -> dict[str, SignatureSlot]:
    if version is None:
        return {}
    slots = {}
    for sig in frozen.signatures_of(session, version.id):
        if not frozen.signature_bound(sig, version):
            # Moved from another version or altered outside the app: it signs nothing
            # here, so the box stays empty (and `check` names it).
            continue
        drawn = sig.method is SignatureMethod.DRAWN
        how = "Signed in the app" if drawn else "Signed in ink on paper"
        slots[sig.role.value] = SignatureSlot(
            ROLE_LABELS[sig.role],
            sig.signer_name,
            sig.signed_on,
            sig.strokes_json if drawn else "",
            how,
        )
    return slots


def _version_row(
    session: Session, kind: RecordKind, record_id: int, version: int
) -> RecordVersionRow | None:
    return session.scalars(
        select(RecordVersionRow).where(
            RecordVersionRow.record_kind == kind.value,
            RecordVersionRow.record_id == record_id,
            RecordVersionRow.version == version,
        )
    ).first()


@dataclass(frozen=True)
class SignablePage:
    """Everything needed to lay out one signable record (current or an older version)."""

    kind: RecordKind
    record_id: int
    version: int
    state: str
    code: str
    content: dict[str, Any]
    signatures: dict[str, SignatureSlot]
    private_reflection: str = ""  # only filled when the mentee asked for it
    appraisal: SessionRecord | None = None  # the mentee's own summary layer


def signable_page(
    session: Session,
    portfolio_id: str,
    kind: RecordKind,
    record_id: int,
    version: int | None = None,
    *,
    include_reflection: bool = False,
) -> SignablePage:
    # Held for the whole call: the session's identity map keeps rows only while they
    # are referenced, and signable_content reads this same row.
    live = session.get(SessionRow, record_id) if kind is RecordKind.SESSION else None
    if version is None:
        content = signable_content(session, kind, record_id)  # read once, hashed once
        identity = identify_content(session, portfolio_id, kind, record_id, content)
        content["parties"] = _parties_from_content(content)
        number, state, code = identity.version, identity.state, identity.code.text
        row = None if state == "draft" else _version_row(session, kind, record_id, number)
    else:
        row = _version_row(session, kind, record_id, version)
        if row is None:
            raise RecordNotFound(
                f"There is no version {version} of {kind.label.lower()} {record_id}."
            )
        from app.domain.canonical import make_code

        content = content_from_json(kind, row.content_json)
        number, state = row.version, row.status.value
        code = make_code(portfolio_id, kind, record_id, row.version, row.content_hash).text
    reflection, appraisal = "", None
    if live is not None:
        appraisal = to_record(live, SessionRecord)
        reflection = appraisal.private_reflection if include_reflection else ""
    return SignablePage(
        kind, record_id, number, state, code, content, _slots(session, row), reflection, appraisal
    )


def page_mark(page: SignablePage, title: str) -> PageMark:
    return PageMark(
        title,
        f"{page.kind.label} {page.record_id} · version {page.version}",
        STATE_LABELS.get(page.state, page.state),
        page.code,
    )


def signable_story(
    page: SignablePage, build: Build, *, include_summary: bool = False
) -> tuple[str, list[Any]]:
    """The title and flowables of a signable page."""
    build.signatures = page.signatures
    parties: Parties = page.content["parties"]
    if page.kind is RecordKind.CONTRACT:
        return contract.TITLE, contract.story(page.content["contract"], parties, build)
    if page.kind is RecordKind.SESSION:
        record: SessionRecord = page.content["session"]
        if page.appraisal is not None:
            from dataclasses import replace

            record = replace(
                record,
                private_reflection=page.private_reflection,
                appraisal_learning=page.appraisal.appraisal_learning,
                appraisal_practice_change=page.appraisal.appraisal_practice_change,
                appraisal_next_steps=page.appraisal.appraisal_next_steps,
            )
        return session_record.TITLE, session_record.story(
            record,
            page.content["actions"],
            parties,
            build,
            include_reflection=bool(page.private_reflection),
            include_summary=include_summary,
        )
    if page.kind is RecordKind.GOALS_PLAN:
        return goals_plan.TITLE, goals_plan.story(
            page.content["goals"], parties, build, show_progress=False
        )
    checklist_record: Checklist = page.content["checklist"]
    return (
        checklist_record.title or checklist.TITLE,
        checklist.story(checklist_record, parties, build),
    )


def _file_name(title: str, record_id: int | None, version: int | None = None) -> str:
    """A name to suggest for Save as PDF: the title's words (a checklist's title is
    the user's own) without path separators or other characters a file name cannot
    safely hold, shortened, and never a name Windows keeps for a device (con.pdf)."""
    words = re.sub(r"[^\w\s-]", "", title.lower().replace(":", "")).split()
    stem = "-".join(words)[:60].strip("-") or "document"
    ending = [str(record_id)] if record_id else []
    ending += [f"v{version}"] if version else []
    return safe_file_name(stem, "".join(f"-{part}" for part in ending) + ".pdf")


def _finish(
    built: BuiltPdf,
    title: str,
    file_name: str,
    code: str = "",
    unrecorded: tuple[str, ...] = (),
) -> PrintedDocument:
    warnings = built.warnings + unrecorded
    return PrintedDocument(built.data, built.pages, warnings, title, file_name, code)


def _render_signable(
    session: Session,
    portfolio: Portfolio,
    kind: RecordKind,
    record_id: int,
    version: int | None,
    include_reflection: bool,
    today: date | None,
) -> PrintedDocument:
    setup = setup_for(session, today)
    page = signable_page(
        session,
        portfolio.portfolio_id,
        kind,
        record_id,
        version,
        include_reflection=include_reflection,
    )
    build = Build(usable_width(setup))
    title, story = signable_story(page, build)
    built = build_pdf(story, setup, page_mark(page, title), build.report)
    unrecorded = portfolio.record_output(
        session,
        "print",
        kind.value,
        record_id,
        page.version,
        detail=f"PDF, {built.pages} page(s)"
        + (", with private reflection" if page.private_reflection else ""),
    )
    return _finish(built, title, _file_name(title, record_id, page.version), page.code, unrecorded)


def render(
    portfolio: Portfolio,
    kind: DocumentKind,
    record_id: int,
    *,
    include_reflection: bool = False,
    today: date | None = None,
) -> PrintedDocument:
    """The current state of a record as a PDF page (for signable kinds: the version
    the current content is or will be when frozen)."""
    with portfolio.session() as session:
        if kind in SIGNABLE:
            return _render_signable(
                session, portfolio, SIGNABLE[kind], record_id, None, include_reflection, today
            )
        if kind is DocumentKind.RECOVERY:
            return _render_recovery(session, portfolio, today)
        return _render_relationship_document(session, portfolio, kind, record_id, today)


def render_version(
    portfolio: Portfolio,
    kind: RecordKind,
    record_id: int,
    version: int,
    *,
    today: date | None = None,
) -> PrintedDocument:
    """An earlier (or the current) frozen version exactly as it was frozen."""
    with portfolio.session() as session:
        return _render_signable(session, portfolio, kind, record_id, version, False, today)


def _relationship(session: Session, record_id: int) -> Relationship:
    row = session.get(RelationshipRow, record_id)
    if row is None:
        raise RecordNotFound(f"There is no relationship number {record_id}.")
    return to_record(row, Relationship)


def _render_relationship_document(
    session: Session, portfolio: Portfolio, kind: DocumentKind, record_id: int, today: date | None
) -> PrintedDocument:
    _relationship(session, record_id)
    setup = setup_for(session, today)
    parties = parties_of(session, record_id)
    build = Build(usable_width(setup))
    actions = [
        to_record(r, Action)
        for r in session.scalars(
            select(ActionRow)
            .where(ActionRow.relationship_id == record_id)
            .order_by(ActionRow.due_date.is_(None), ActionRow.due_date, ActionRow.id)
        )
    ]
    sessions = [
        to_record(r, SessionRecord)
        for r in session.scalars(
            select(SessionRow)
            .where(SessionRow.relationship_id == record_id)
            .order_by(SessionRow.held_on, SessionRow.id)
        )
    ]
    if kind is DocumentKind.ACTIONS:
        title = action_log.TITLE
        dates = {s.id: s.held_on for s in sessions if s.id is not None}
        story = action_log.story(actions, dates, parties, build, setup.printed_on)
    elif kind is DocumentKind.RELATIONSHIP:
        title = relationship_summary.TITLE
        goals = [
            to_record(r, Goal)
            for r in session.scalars(
                select(GoalRow).where(GoalRow.relationship_id == record_id).order_by(GoalRow.id)
            )
        ]
        story = relationship_summary.story(parties, sessions, goals, actions, build)
    else:  # pragma: no cover - DocumentKind is closed
        raise KnownError(f"Cannot print {kind.value} documents.")
    mark = PageMark(title, f"Relationship {record_id} with {parties.mentor or 'mentor'}")
    built = build_pdf(story, setup, mark, build.report)
    unrecorded = portfolio.record_output(
        session,
        "print",
        RecordKind.RELATIONSHIP.value,
        record_id,
        detail=f"{title}, {built.pages} page(s)",
    )
    return _finish(built, title, _file_name(title, record_id), unrecorded=unrecorded)


def _render_recovery(session: Session, portfolio: Portfolio, today: date | None) -> PrintedDocument:
    setup = setup_for(session, today)
    build = Build(usable_width(setup))
    owner = owner_of(session)
    info = session.scalars(select(PortfolioInfo)).first()
    created_on = clock.local_time(info.created_at).date() if info is not None else None
    story = recovery_sheet.story(
        owner.name, portfolio.path.name, groups(recovery_code_of(portfolio)), created_on, build
    )
    built = build_pdf(story, setup, PageMark(recovery_sheet.TITLE, "Keep private"), build.report)
    unrecorded = portfolio.record_output(session, "print", "portfolio", detail="Recovery sheet")
    return _finish(built, recovery_sheet.TITLE, "recovery-sheet.pdf", unrecorded=unrecorded)


def save_pdf(portfolio: Portfolio, doc: PrintedDocument, path: Path, what: str = "the PDF") -> None:
    """Write a printed document where the user chose (mode 0600, atomically), never
    over the portfolio's own files (app.store.outputs)."""
    write_output(path, doc.pdf, what, owners=[portfolio.path])
