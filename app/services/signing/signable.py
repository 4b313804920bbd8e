"""What a signable document *is*, for hashing: its canonical content, and which
version and verification code a printout of it carries.

Which kinds are signed, and what their content is, each kind's spec declares
(``RecordKindSpec.signing``): the record under its key (or, for a whole made of parts
such as the goals plan, only its parts), the records its signature covers as parts,
and the parties' names. Left out: the fields the spec marks unsigned (a session's
private reflection and appraisal summary, which a mentor never signs and the mentee
may write later), its bookkeeping fields, and the parts' progress fields (status,
completion, progress notes): a signature covers what was agreed, so ticking an action
done never needs a new signature."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import registry
from app.domain.canonical import VerificationCode, canonical_json, content_hash, make_code
from app.domain.enums import RecordKind
from app.domain.errors import RecordNotFound
from app.domain.kind_spec import RecordKindSpec, Signing
from app.domain.record_types import Mentor, Relationship
from app.services.mapping import to_record
from app.services.portfolio import Portfolio
from app.services.profile import owner_in
from app.store.models import MentorRow, RecordVersionRow, RelationshipRow
from app.store.rows import row_of

DRAFT = "draft"


@dataclass(frozen=True)
class PageIdentity:
    """What a printout's footer says about the record it shows."""

    kind: RecordKind
    record_id: int
    version: int
    state: str  # "draft" (not frozen yet) or a VersionStatus value
    content_hash: str
    code: VerificationCode


def is_signable(kind: RecordKind | None) -> bool:
    """The kind's spec declares how it is signed."""
    return kind is not None and kind in registry.signable_kinds()


def signing_of(kind: RecordKind) -> Signing:
    """How ``kind`` is signed; ValueError for a kind that is not."""
    signing = registry.spec(kind).signing
    if signing is None:
        raise ValueError(f"{kind.value} is not a signable kind")
    return signing


def _get(db: Session, row_type: Any, record_id: int | None, record_type: Any, what: str) -> Any:
    row = db.get(row_type, record_id) if record_id is not None else None
    if row is None:
        raise RecordNotFound(f"There is no {what} number {record_id}.")
    return to_record(row, record_type)


def parties_content(
    db: Session, relationship_id: int | None, *, missing_ok: bool = False
) -> dict[str, Any]:
    """The parties of a relationship's records (the owner as mentee, the mentor's name,
    role and organisation, the relationship), as signed content holds them: the one
    place they are read, for signing and for every printed page (documents.parties_of).
    A record of no relationship has the mentee alone. A relationship or mentor that is
    not there is RecordNotFound, or with ``missing_ok`` left out."""
    owner = owner_in(db)
    rel_row = db.get(RelationshipRow, relationship_id) if relationship_id is not None else None
    if rel_row is None:
        if relationship_id is not None and not missing_ok:
            raise RecordNotFound(f"There is no relationship number {relationship_id}.")
        return {"mentee": owner.name}
    rel = to_record(rel_row, Relationship)
    mentor_row = db.get(MentorRow, rel.mentor_id) if rel.mentor_id is not None else None
    if mentor_row is None and not missing_ok:
        raise RecordNotFound(f"There is no mentor number {rel.mentor_id}.")
    mentor = to_record(mentor_row, Mentor) if mentor_row is not None else Mentor()
    return {
        "mentee": owner.name,
        "mentor": mentor.name,
        "mentor_role": mentor.role,
        "mentor_organisation": mentor.organisation,
        "relationship": rel,
    }


def _blanked(record: Any, names: Iterable[str]) -> Any:
    """``record`` with the named fields back at their defaults (what is not signed)."""
    wanted = set(names)
    defaults: dict[str, Any] = {}
    for field in dataclasses.fields(record):
        if field.name not in wanted:
            continue
        if field.default is not dataclasses.MISSING:
            defaults[field.name] = field.default
        elif field.default_factory is not dataclasses.MISSING:
            defaults[field.name] = field.default_factory()
    return replace(record, **defaults) if defaults else record


# Keys of signable content that describe the parties, not the record itself.
PARTY_KEYS = frozenset({"mentee", "mentor", "mentor_role", "mentor_organisation", "relationship"})


def _relationship_id(spec: RecordKindSpec, record_id: int, record: Any) -> int | None:
    """The relationship whose parties sign: the record's own id for a kind whose id is a
    relationship's (the goals plan), else the record's link to its relationship."""
    if spec.id_is is RecordKind.RELATIONSHIP:
        return record_id
    link = next((ln for ln in spec.links() if ln.to is RecordKind.RELATIONSHIP), None)
    return getattr(record, link.field) if link is not None and record is not None else None


def _parts(db: Session, kind: RecordKind, link: str, whole_id: int) -> list[Any]:
    part = registry.spec(kind)
    row_type = row_of(kind)
    rows = db.scalars(
        select(row_type).where(getattr(row_type, link) == whole_id).order_by(row_type.id)
    )
    return [_blanked(to_record(r, part.dataclass), part.progress_fields()) for r in rows]


def signable_content(db: Session, kind: RecordKind, record_id: int) -> dict[str, Any]:
    """The content a signature covers, as plain domain objects."""
    spec = registry.spec(kind)
    signing = signing_of(kind)
    content: dict[str, Any] = {}
    record = None
    if signing.key is not None:
        record = _get(db, row_of(kind), record_id, spec.dataclass, spec.label.lower())
        left_out = spec.unsigned_fields() | signing.bookkeeping
        content[signing.key] = _blanked(record, left_out)
    for part in signing.parts:
        content[part.key] = _parts(db, part.kind, part.link, record_id)
    return {**content, **parties_content(db, _relationship_id(spec, record_id, record))}


def identify_in(db: Session, portfolio_id: str, kind: RecordKind, record_id: int) -> PageIdentity:
    return identify_content(
        db, portfolio_id, kind, record_id, signable_content(db, kind, record_id)
    )


def identify_content(
    db: Session, portfolio_id: str, kind: RecordKind, record_id: int, content: dict[str, Any]
) -> PageIdentity:
    """As identify_in, for content the caller has already read with signable_content."""
    digest = content_hash(canonical_json(content))
    latest = db.scalars(
        select(RecordVersionRow)
        .where(RecordVersionRow.record_kind == kind.value, RecordVersionRow.record_id == record_id)
        .order_by(RecordVersionRow.version.desc())
        .limit(1)
    ).first()
    if latest is not None and latest.content_hash == digest:
        version, state = latest.version, latest.status.value
    else:
        # Not frozen yet: the number it will have once frozen, so the code printed now
        # verifies as soon as this exact content is marked ready to sign.
        version, state = (latest.version + 1 if latest else 1), DRAFT
    return PageIdentity(
        kind,
        record_id,
        version,
        state,
        digest,
        make_code(portfolio_id, kind, record_id, version, digest),
    )


def identify(portfolio: Portfolio, kind: RecordKind, record_id: int) -> PageIdentity:
    with portfolio.transaction() as db:
        return identify_in(db, portfolio.portfolio_id, kind, record_id)
