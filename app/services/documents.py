"""Printable documents: gathers a record and its context from the portfolio, works
out which version and verification code the page carries, adds the signatures
recorded for that version, lays it out with app.printing, and notes the print in the
audit log. Returns PDF bytes; the caller decides where (if anywhere) they go."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import clock, registry
from app.domain.enums import RecordKind, SignatureMethod, SignerRole, VersionStatus
from app.domain.errors import KnownError, RecordNotFound
from app.domain.record_types import (
    Action,
    Goal,
    OwnerProfile,
    Relationship,
    SessionRecord,
)
from app.domain.recovery_code import groups
from app.os_support.names import safe_file_name
from app.printing import (
    action_log_page,
    recovery_sheet_page,
    relationship_summary_page,
)
from app.printing.blocks import SignatureSlot, callout
from app.printing.context import PROGRESS, Build, Parties
from app.printing.escaping import one_line
from app.printing.layout import BuiltPdf, PageMark, PrintSetup, build_pdf, usable_width
from app.printing.scripts import isolate
from app.printing.text import plain
from app.services import ledger, version_changes
from app.services.glance_builder import glance_in
from app.services.ledger import Outgoing, RecordRef, record_refs
from app.services.mapping import to_record
from app.services.portable import record_from_plain
from app.services.portfolio import Portfolio, recovery_code_of
from app.services.profile import owner_in
from app.services.signing import frozen
from app.services.signing.lifecycle import content_objects
from app.services.signing.return_records import returned_slots
from app.services.signing.signable import (
    identify_content,
    parties_content,
    signable_content,
)
from app.store.models import (
    ActionRow,
    GoalRow,
    PortfolioInfo,
    Preference,
    RecordVersionRow,
    RelationshipRow,
    SessionRow,
)
from app.store.rows import row_of

PAPER_PREFERENCE = "paper_size"
PAPER_CHOICES = ("A4", "Letter")


# The recovery sheet is the portfolio's own page, not a record's; every other document
# is declared by a record kind's spec (registry.documents()), under its one name.
RECOVERY = "recovery"
# The documents of a whole relationship, laid out from its records by relationship_document.
ACTION_LOG = "actions"
RELATIONSHIP_SUMMARY = "relationship"


def document_names() -> tuple[str, ...]:
    """Every document by its name (the `pdf` command's KIND): each kind's, then the
    recovery sheet."""
    return (*(document.name for _, document in registry.documents()), RECOVERY)


def document_name(text: str) -> str:
    """The document a name or earlier spelling means; KnownError if none."""
    if text == RECOVERY:
        return RECOVERY
    try:
        return registry.document(text)[1].name
    except ValueError:
        raise KnownError(f"There is no document called {text!r}.") from None


def signed_kind(name: str) -> RecordKind | None:
    """The signable record kind a document prints (a goals plan for "goals"), or None
    for a document that is not signed."""
    if name == RECOVERY:
        return None
    spec, document = registry.document(name)
    return spec.kind if spec.signing is not None and document.per is None else None


STATE_LABELS = {
    "draft": "Draft: not yet ready to sign",
    VersionStatus.READY.value: "Ready to sign",
    VersionStatus.SIGNED.value: "Signed",
    VersionStatus.FULLY_SIGNED.value: "Signed and locked",
    VersionStatus.SUPERSEDED.value: "Superseded by a later version",
}
# Printed across every page of a version that is not the record as agreed.
WATERMARKS = {"draft": "DRAFT", VersionStatus.SUPERSEDED.value: "SUPERSEDED"}
ROLE_LABELS = {SignerRole.MENTEE: "Mentee", SignerRole.MENTOR: "Mentor"}


@dataclass(frozen=True)
class PrintedDocument:
    pdf: bytes
    pages: int
    warnings: tuple[str, ...]
    title: str
    file_name: str  # a suggested name for Save as PDF
    code: str = ""
    # What it holds, for the ledger of what left the portfolio (app.services.ledger).
    outgoing: Outgoing | None = None


def paper_size(db: Session) -> str:
    row = db.get(Preference, PAPER_PREFERENCE)
    return row.value if row is not None and row.value in PAPER_CHOICES else "A4"


def setup_for(db: Session, today: date | None = None) -> PrintSetup:
    return PrintSetup(owner_in(db).name, today or clock.today(), paper_size(db))


def build_for(db: Session, setup: PrintSetup) -> Build:
    return build_for_owner(owner_in(db), setup)


def build_for_owner(owner: OwnerProfile, setup: PrintSetup) -> Build:
    """The per-build state of a document printed on ``setup``: its width, the day it is
    dated by, and the mentee's registration number to print by their signature."""
    return Build(
        usable_width(setup),
        today=setup.printed_on,
        registration=" ".join(owner.registration_number.split()),
    )


def parties_of(db: Session, relationship_id: int | None) -> Parties:
    """The parties a page of a relationship's records names, read as signing reads them."""
    return _parties_from_content(parties_content(db, relationship_id, missing_ok=True))


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
    """A frozen version's content as domain objects, as signable_content returns it:
    the records decoded as lifecycle.content_objects decodes them (one decoder), the
    kind's parts (a session's actions, a goals plan's goals) a list even when the
    content has none, and the parties as printing takes them."""
    plain = json.loads(content_json)
    out = content_objects(plain)
    signing = registry.spec(kind).signing
    for part in signing.parts if signing is not None else ():
        if out.get(part.key) is None:
            out[part.key] = []
    out["parties"] = _parties_from_content(plain)
    return out


def _slots(db: Session, version: RecordVersionRow | None) -> dict[str, SignatureSlot]:
    if version is None:
        return {}
    slots = {}
    returned = returned_slots(db, version.id)  # attachment id -> digitally signed
    for sig in frozen.signatures_of(db, version.id):
        if not frozen.signature_bound(sig, version):
            # Moved from another version or altered outside the app: it signs nothing
            # here, so the box stays empty (and `check` names it).
            continue
        drawn = sig.method is SignatureMethod.DRAWN
        on = sig.signed_on.strftime("%d/%m/%Y")
        how = (
            f"Signed in the app on {on}"
            if drawn
            else f"Signed in ink by {isolate(sig.signer_name)} on {on}"
        )
        if sig.scan_attachment_id in returned:  # a signed return (issue 19)
            way = (
                "digital signature, verified on import"
                if returned[sig.scan_attachment_id]
                else "signature drawn in the PDF reader, checked on import"
            )
            how = f"Signed by {sig.signer_name} ({way}) on {on}"
        slots[sig.role.value] = SignatureSlot(
            ROLE_LABELS[sig.role],
            sig.signer_name,
            sig.signed_on,
            sig.strokes_json if drawn else "",
            how,
            in_ink=not drawn,
        )
    return slots


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
    # The record's unsigned fields as they are now (a session's appraisal summary), its
    # private ones only when the mentee asked for them, else empty.
    unsigned: dict[str, Any] = field(default_factory=dict)
    private_shown: tuple[str, ...] = ()  # labels of the private fields it holds
    # The version an amendment replaces (the page shows an amendment), else None.
    amends: int | None = None
    # A sentence printed above the record: a newer amendment awaits signature.
    pending: str = ""
    # The record's parts as they are now (a session's actions, by key "actions"), for
    # their progress since signing, printed in the mentee's addendum.
    progress: dict[str, list[Any]] = field(default_factory=dict)
    # A sentence printed under the title of an amendment awaiting signature that the
    # pack prints after the signed version it would change (proposed_amendment), else "".
    proposes: str = ""


def signable_page(
    db: Session,
    portfolio_id: str,
    kind: RecordKind,
    record_id: int,
    version: int | None = None,
    *,
    include_reflection: bool = False,
) -> SignablePage:
    spec = registry.spec(kind)
    # Held for the whole call: db's identity map keeps rows only while they
    # are referenced, and signable_content reads this same row.
    live = db.get(row_of(kind), record_id) if spec.unsigned_fields() else None
    if version is None:
        content = signable_content(db, kind, record_id)  # read once, hashed once
        identity = identify_content(db, portfolio_id, kind, record_id, content)
        content["parties"] = _parties_from_content(content)
        number, state, code = identity.version, identity.state, identity.code.text
        row = None if state == "draft" else frozen.version_row(db, kind, record_id, number)
    else:
        row = frozen.version_row(db, kind, record_id, version)
        if row is None:
            raise RecordNotFound(
                f"There is no version {version} of {kind.label.lower()} {record_id}."
            )
        from app.domain.canonical import make_code

        content = content_from_json(kind, row.content_json)
        number, state = row.version, row.status.value
        code = make_code(portfolio_id, kind, record_id, row.version, row.content_hash).text
    amends = number - 1 if number > 1 else None
    progress = _live_parts(db, kind, record_id)
    unsigned: dict[str, Any] = {}
    shown: list[str] = []
    if live is not None:
        record = to_record(live, spec.dataclass)
        for name in sorted(spec.unsigned_fields()):
            field_spec = spec.field_named(name)
            value = getattr(record, name)
            if field_spec is not None and field_spec.private:
                value = value if include_reflection else ""
                if value:
                    shown.append(field_spec.label.lower())
            unsigned[name] = value
    return SignablePage(
        kind,
        record_id,
        number,
        state,
        code,
        content,
        _slots(db, row),
        unsigned,
        tuple(shown),
        amends,
        progress=progress,
    )


def _live_parts(db: Session, kind: RecordKind, record_id: int) -> dict[str, list[Any]]:
    """The parts of a record that have progress (status, completion) as they are now."""
    signing = registry.spec(kind).signing
    found: dict[str, list[Any]] = {}
    for part in signing.parts if signing is not None else ():
        spec = registry.spec(part.kind)
        if not spec.progress_fields():
            continue
        row_type = row_of(part.kind)
        rows = db.scalars(
            select(row_type).where(getattr(row_type, part.link) == record_id).order_by(row_type.id)
        )
        found[part.key] = [to_record(r, spec.dataclass) for r in rows]
    return found


def record_name(page: SignablePage) -> str:
    """The record a page shows, by name, as the pack names it ("Session of 04/02/2026")."""
    signing = registry.spec(page.kind).signing
    record = page.content.get(signing.key) if signing is not None and signing.key else None
    parties: Parties = page.content["parties"]
    return registry.heading(page.kind, record, parties.mentor)


def state_label(page: SignablePage) -> str:
    """What the footer says about the version on the page, in words a mentor knows."""
    signed_by = [role.lower() for role in ("Mentee", "Mentor") if role.lower() in page.signatures]
    if page.pending:
        return "Signed; a newer amendment awaits signature"
    if page.state == "draft":
        if page.amends is not None:
            return f"Draft amendment of version {page.amends}, not yet ready to sign"
        return STATE_LABELS["draft"]
    if page.state == VersionStatus.READY.value:
        if page.amends is not None:
            return f"Amendment of version {page.amends}, awaiting signature"
        return "Ready to sign, awaiting signatures"
    if page.state == VersionStatus.SIGNED.value and signed_by:
        waiting = "mentor" if "mentee" in signed_by else "mentee"
        return f"Signed by the {signed_by[0]}, awaiting the {waiting}'s signature"
    if page.state == VersionStatus.SUPERSEDED.value:
        return f"Superseded by version {page.version + 1}"
    return STATE_LABELS.get(page.state, page.state)


def page_mark(page: SignablePage, title: str, name: str = "") -> PageMark:
    if page.proposes:  # not the record as agreed, whatever its signatures so far
        watermark = WATERMARKS["draft"]
    else:
        watermark = "" if page.pending else WATERMARKS.get(page.state, "")
    return PageMark(
        title,
        f"{page.kind.label} {page.record_id} · version {page.version}",
        state_label(page),
        page.code,
        watermark=watermark,
        name=name,
    )


def _amendment_reason(db: Session, page: SignablePage) -> str:
    """The reason given for the amendment ``page`` shows (the open amendment's, or its
    frozen version's), on one line, or ""."""
    amendment = frozen.open_amendment(db, page.kind, page.record_id)
    newer = frozen.version_row(db, page.kind, page.record_id, page.version)
    reason = amendment.reason if amendment is not None else newer.reason if newer else ""
    return one_line(reason, 200) if reason.strip() else ""


def last_signed_instead(
    db: Session, page: SignablePage, portfolio_id: str, *, include_reflection: bool
) -> SignablePage:
    """The page a pack prints for a record: ``page`` (the record as it is now) when it
    is signed by everyone or was never signed, else its latest version signed by
    everyone, with a sentence saying that a newer amendment awaits signature."""
    if page.state == VersionStatus.FULLY_SIGNED.value:
        return page
    needed = {role.value for role in frozen.required_signers(page.kind)}
    for row in reversed(frozen.versions_of(db, page.kind, page.record_id)):
        if row.version >= page.version:
            continue
        if needed <= set(_slots(db, row)):
            signed = signable_page(
                db,
                portfolio_id,
                page.kind,
                page.record_id,
                row.version,
                include_reflection=include_reflection,
            )
            reason = _amendment_reason(db, page)
            waiting = (
                "is being drafted and awaits signature"
                if page.state == "draft"
                else "awaits signature"
            )
            because = f" ({reason})" if reason else ""
            return replace(
                signed,
                state=VersionStatus.FULLY_SIGNED.value,
                pending=f"This is version {row.version}, the last signed version."
                f" An amendment, version {page.version}{because}, {waiting}.",
            )
    return page


def proposed_amendment(db: Session, amendment: SignablePage, signed: SignablePage) -> SignablePage:
    """``amendment`` (a record as it is now, amended since ``signed``, its last version
    signed by everyone) as the pack prints it after ``signed`` when the mentee asks for
    both: titled as a proposed amendment, saying which version it would change, why and
    what changed, marked DRAFT, without the mentee's addendum (the signed version's
    pages carry it)."""
    reason = _amendment_reason(db, amendment)
    what = version_changes.changed(amendment.kind, signed.content, amendment.content)
    sentence = (
        f"This is version {amendment.version}, a proposed amendment to version"
        f" {signed.version}, the signed record printed before it. It is not signed:"
        f" version {signed.version} remains the agreed record until this amendment is signed."
    )
    if reason:
        sentence += f" Reason given: {reason}."
    if what:
        sentence += f" Changed from version {signed.version}: {'; '.join(what)}."
    return replace(amendment, unsigned={}, private_shown=(), progress={}, proposes=sentence)


def _own_page(kind: RecordKind) -> Any:
    """The printing module of the document that prints one record of ``kind``."""
    own = [d for d in registry.spec(kind).documents if d.per is None]
    if not own:
        raise KnownError(f"{kind.label} records have no printed page.")
    return importlib.import_module(own[0].page)


def signable_story(
    page: SignablePage, build: Build, *, include_summary: bool = False
) -> tuple[str, list[Any]]:
    """The title and flowables of a signable page, laid out by the page module its
    kind's document names (``signed_page(content, parties, build, ...)``); the
    record's unsigned fields are shown as they are now."""
    build.signatures = page.signatures
    parties: Parties = page.content["parties"]
    content = dict(page.content)
    signing = registry.spec(page.kind).signing
    if signing is not None and signing.key is not None and page.unsigned:
        content[signing.key] = replace(content[signing.key], **page.unsigned)
    if include_summary:  # the parts' progress since signing, for the mentee's addendum
        content[PROGRESS] = page.progress
    title: str
    story: list[Any]
    title, story = _own_page(page.kind).signed_page(
        content,
        parties,
        build,
        include_reflection=bool(page.private_shown),
        include_summary=include_summary,
    )
    if page.pending:  # under the page's title and subtitle, which every page starts with
        story[2:2] = [callout(page.pending, build.report)]
    if page.proposes:  # retitled, so it is never taken for the signed record before it
        title = f"Proposed amendment: {title}"
        story[0:1] = [plain(title, build.report, "title")]
        story[2:2] = [callout(page.proposes, build.report)]
    return title, story


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
    outgoing: Outgoing,
    code: str = "",
    unrecorded: tuple[str, ...] = (),
) -> PrintedDocument:
    warnings = built.warnings + unrecorded
    return PrintedDocument(built.data, built.pages, warnings, title, file_name, code, outgoing)


def _render_signable(
    db: Session,
    portfolio: Portfolio,
    kind: RecordKind,
    record_id: int,
    version: int | None,
    include_reflection: bool,
    today: date | None,
) -> PrintedDocument:
    setup = setup_for(db, today)
    page = signable_page(
        db,
        portfolio.portfolio_id,
        kind,
        record_id,
        version,
        include_reflection=include_reflection,
    )
    build = build_for(db, setup)
    title, story = signable_story(page, build)
    built = build_pdf(story, setup, page_mark(page, title, record_name(page)), build.report)
    unrecorded = portfolio.record_output(
        db,
        "print",
        kind.value,
        record_id,
        page.version,
        detail=f"PDF, {built.pages} page(s)"
        + "".join(f", with {label}" for label in page.private_shown),
    )
    outgoing = Outgoing(
        ledger.PDF,
        title,
        (RecordRef(kind.value, record_id, page.version),),
        (ledger.SHARED, ledger.PRIVATE) if page.private_shown else (ledger.SHARED,),
    )
    file_name = _file_name(title, record_id, page.version)
    return _finish(built, title, file_name, outgoing, page.code, unrecorded)


def render(
    portfolio: Portfolio,
    kind: str,
    record_id: int,
    *,
    include_reflection: bool = False,
    today: date | None = None,
) -> PrintedDocument:
    """The current state of a record as a PDF page (for signable kinds: the version
    the current content is or will be when frozen). ``kind`` names the document: one
    a kind declares (registry.documents(), or an earlier spelling), or RECOVERY."""
    name = document_name(str(kind))
    signed = signed_kind(name)
    with portfolio.transaction() as db:
        if signed is not None:
            return _render_signable(
                db, portfolio, signed, record_id, None, include_reflection, today
            )
        if name == RECOVERY:
            return _render_recovery(db, portfolio, today)
        return _render_prepared(db, portfolio, name, record_id, today, include_reflection)


def render_version(
    portfolio: Portfolio,
    kind: RecordKind,
    record_id: int,
    version: int,
    *,
    today: date | None = None,
) -> PrintedDocument:
    """An earlier (or the current) frozen version exactly as it was frozen."""
    with portfolio.transaction() as db:
        return _render_signable(db, portfolio, kind, record_id, version, False, today)


def _relationship(db: Session, record_id: int) -> Relationship:
    row = db.get(RelationshipRow, record_id)
    if row is None:
        raise RecordNotFound(f"There is no relationship number {record_id}.")
    return to_record(row, Relationship)


@dataclass(frozen=True)
class PreparedDocument:
    """A document read from the portfolio and ready to lay out without it."""

    title: str
    parties: Parties
    story: Callable[[Build], list[Any]]
    kind: RecordKind  # the kind of the record it prints (for the audit log)
    detail: str  # which record, in the page's header: "Relationship 3 with Dr X"
    records: tuple[RecordRef, ...] = ()  # every record it shows (for the ledger)


def relationship_document(db: Session, name: str, record_id: int, today: date) -> PreparedDocument:
    """The relationship document ``name`` ("relationship" or "actions") of one
    relationship, as its page and the appraisal pack print it."""
    _relationship(db, record_id)
    parties = parties_of(db, record_id)
    which = (RecordKind.RELATIONSHIP, f"Relationship {record_id} with {parties.mentor or 'mentor'}")
    actions = [
        to_record(r, Action)
        for r in db.scalars(
            select(ActionRow)
            .where(ActionRow.relationship_id == record_id)
            .order_by(ActionRow.due_date.is_(None), ActionRow.due_date, ActionRow.id)
        )
    ]
    sessions = [
        to_record(r, SessionRecord)
        for r in db.scalars(
            select(SessionRow)
            .where(SessionRow.relationship_id == record_id)
            .order_by(SessionRow.held_on, SessionRow.id)
        )
    ]
    if name == ACTION_LOG:
        dates = {s.id: s.held_on for s in sessions if s.id is not None}
        return PreparedDocument(
            action_log_page.TITLE,
            parties,
            lambda build: action_log_page.story(actions, dates, parties, build, today),
            *which,
            record_refs(RecordKind.RELATIONSHIP.value, [record_id])
            + record_refs(RecordKind.ACTION.value, [a.id for a in actions if a.id is not None]),
        )
    if name == RELATIONSHIP_SUMMARY:
        goals = [
            to_record(r, Goal)
            for r in db.scalars(
                select(GoalRow).where(GoalRow.relationship_id == record_id).order_by(GoalRow.id)
            )
        ]
        glance = glance_in(db, today, record_id)  # its pictures, drawn as of today
        return PreparedDocument(
            relationship_summary_page.TITLE,
            parties,
            lambda build: relationship_summary_page.story(
                parties, sessions, goals, actions, build, glance
            ),
            *which,
            record_refs(RecordKind.RELATIONSHIP.value, [record_id])
            + record_refs(RecordKind.SESSION.value, [s.id for s in sessions if s.id is not None])
            + record_refs(RecordKind.GOAL.value, [g.id for g in goals if g.id is not None])
            + record_refs(RecordKind.ACTION.value, [a.id for a in actions if a.id is not None]),
        )
    raise KnownError(f"Cannot print {name} documents.")


def declared_document(
    db: Session, name: str, record_id: int, *, include_private: bool = False
) -> PreparedDocument:
    """A document declared by a kind's spec (``Document.page`` names the printing module
    that lays it out: its TITLE and ``page(record, parties, build)``), of the record as
    it is now; a kind with private fields prints them only with ``include_private``
    (its page takes ``include_private=True``)."""
    spec, declared = registry.document(name)
    if spec.signing is not None or declared.per is not None:
        raise KnownError(f"Cannot print {name} documents.")
    row = db.get(row_of(spec.kind), record_id)
    if row is None:
        raise RecordNotFound(f"There is no {spec.label.lower()} number {record_id}.")
    record = to_record(row, spec.dataclass)
    page = importlib.import_module(declared.page)
    private = {"include_private": True} if include_private and spec.private_fields() else {}
    parties = parties_of(db, getattr(record, "relationship_id", None))
    return PreparedDocument(
        page.TITLE,
        parties,
        lambda build: page.page(record, parties, build, **private),
        spec.kind,
        f"{spec.label} {record_id}",
        (RecordRef(spec.kind.value, record_id),),
    )


def prepared(
    db: Session, name: str, record_id: int, today: date, *, include_private: bool = False
) -> PreparedDocument:
    """An unsigned document by name: a relationship's, or one a kind declares."""
    if name in (ACTION_LOG, RELATIONSHIP_SUMMARY):
        return relationship_document(db, name, record_id, today)
    return declared_document(db, name, record_id, include_private=include_private)


def _render_prepared(
    db: Session,
    portfolio: Portfolio,
    name: str,
    record_id: int,
    today: date | None,
    include_private: bool = False,
) -> PrintedDocument:
    """An unsigned document of a record as it is now."""
    setup = setup_for(db, today)
    document = prepared(db, name, record_id, setup.printed_on, include_private=include_private)
    build = build_for(db, setup)
    story = document.story(build)
    title = document.title
    built = build_pdf(
        story, setup, PageMark(title, document.detail, name=document.detail), build.report
    )
    unrecorded = portfolio.record_output(
        db,
        "print",
        document.kind.value,
        record_id,
        detail=f"{title}, {built.pages} page(s)"
        + (", with private notes" if include_private else ""),
    )
    records = document.records or (RecordRef(document.kind.value, record_id),)
    outgoing = Outgoing(ledger.PDF, title, records)
    return _finish(built, title, _file_name(title, record_id), outgoing, unrecorded=unrecorded)


def _render_recovery(db: Session, portfolio: Portfolio, today: date | None) -> PrintedDocument:
    setup = setup_for(db, today)
    build = build_for(db, setup)
    owner = owner_in(db)
    info = db.scalars(select(PortfolioInfo)).first()
    created_on = clock.local_time(info.created_at).date() if info is not None else None
    story = recovery_sheet_page.story(
        owner.name, portfolio.path.name, groups(recovery_code_of(portfolio)), created_on, build
    )
    built = build_pdf(
        story, setup, PageMark(recovery_sheet_page.TITLE, "Keep private"), build.report
    )
    unrecorded = portfolio.record_output(db, "print", "portfolio", detail="Recovery sheet")
    outgoing = Outgoing(ledger.RECOVERY_SHEET, recovery_sheet_page.TITLE, layers=(ledger.SECRET,))
    return _finish(
        built, recovery_sheet_page.TITLE, "recovery-sheet.pdf", outgoing, unrecorded=unrecorded
    )


def save_pdf(
    portfolio: Portfolio, doc: PrintedDocument, path: Path, what: str = "the PDF"
) -> tuple[str, ...]:
    """Write a printed document where the user chose (mode 0600, atomically), never
    over the portfolio's own files (app.store.outputs), and record it in the ledger of
    what left the portfolio; returns warnings (a read-only portfolio cannot record it)."""
    if doc.outgoing is None:
        raise TypeError("a printed document says what it holds before it is saved")
    return ledger.save(portfolio, doc.outgoing, doc.pdf, path, what)


def record_printed_file(portfolio: Portfolio, doc: PrintedDocument, path: Path) -> tuple[str, ...]:
    """The print dialog wrote ``doc`` to a file itself (Print to File): record it in the
    ledger of what left the portfolio, hashed as it is on disk."""
    if doc.outgoing is None:
        raise TypeError("a printed document says what it holds before it is recorded")
    return ledger.record_file(portfolio, doc.outgoing, path, "the printed PDF")
