"""SQLAlchemy 2 typed models. Column names match the fields of the dataclasses in
app/domain/record_types.py, which is what lets one mapper serve every record kind."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.domain.enums import (
    ActionOwner,
    ActionStatus,
    GoalStatus,
    RelationshipKind,
    RelationshipStatus,
    SessionFormat,
    SignatureMethod,
    SignerRole,
    VersionStatus,
)


class Base(DeclarativeBase):
    pass


def enum_type(enum_cls: type[StrEnum]) -> Enum:
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class RecordRow(Base):
    """The row of an editable record kind (app/domain/kinds, app/store/rows.py)."""

    __abstract__ = True
    # First, as in the tables the migrations make (columns from a base class go last).
    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)


def _text() -> Mapped[str]:
    return mapped_column(Text, default="", nullable=False)


class PortfolioInfo(Base):
    """A single row naming this portfolio; its id is bound into key slots and codes."""

    __tablename__ = "portfolio_info"
    id: Mapped[int] = mapped_column(primary_key=True)
    portfolio_id: Mapped[str] = mapped_column(String(36), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_version: Mapped[str] = mapped_column(String(32))


class Preference(Base):
    """Portfolio-level preferences that may name portfolio data (e.g. default mentor)."""

    __tablename__ = "preferences"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OwnerProfileRow(Base):
    __tablename__ = "owner_profile"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = _text()
    role_grade: Mapped[str] = _text()
    specialty: Mapped[str] = _text()
    organisation: Mapped[str] = _text()
    registration_number: Mapped[str] = _text()
    email: Mapped[str] = _text()
    next_appraisal_date: Mapped[date | None] = mapped_column(Date)


class MentorRow(RecordRow):
    __tablename__ = "mentors"
    name: Mapped[str] = _text()
    role: Mapped[str] = _text()
    organisation: Mapped[str] = _text()
    email: Mapped[str] = _text()
    phone: Mapped[str] = _text()
    is_line_manager: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = _text()


class RelationshipRow(RecordRow):
    __tablename__ = "relationships"
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentors.id", ondelete="RESTRICT"))
    kind: Mapped[RelationshipKind] = mapped_column(enum_type(RelationshipKind))
    scheme: Mapped[str] = _text()
    status: Mapped[RelationshipStatus] = mapped_column(enum_type(RelationshipStatus))
    start_date: Mapped[date | None] = mapped_column(Date)
    review_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str] = _text()
    end_expected: Mapped[str] = _text()
    end_achieved: Mapped[str] = _text()
    end_learned: Mapped[str] = _text()
    end_left_to_do: Mapped[str] = _text()
    end_evaluation: Mapped[str] = _text()


class ContractRow(RecordRow):
    __tablename__ = "contracts"
    relationship_id: Mapped[int] = mapped_column(
        ForeignKey("relationships.id", ondelete="CASCADE"), unique=True
    )
    ground_rules: Mapped[str] = _text()
    confidentiality: Mapped[str] = _text()
    confidentiality_limit: Mapped[str] = _text()
    boundaries: Mapped[str] = _text()
    conflicts_of_interest: Mapped[str] = _text()
    objectives: Mapped[str] = _text()
    frequency: Mapped[str] = _text()
    meeting_format: Mapped[str] = _text()
    meeting_length: Mapped[str] = _text()
    arrangements: Mapped[str] = _text()
    contact_between_meetings: Mapped[str] = _text()
    duration: Mapped[str] = _text()
    ending: Mapped[str] = _text()
    review_date: Mapped[date | None] = mapped_column(Date)
    documentation: Mapped[str] = _text()
    agreed_on: Mapped[date | None] = mapped_column(Date)
    condition_of_practice: Mapped[bool] = mapped_column(Boolean, default=False)
    requiring_body: Mapped[str] = _text()
    reporting_expectations: Mapped[str] = _text()
    agreed_frequency: Mapped[str] = _text()


class GoalRow(RecordRow):
    __tablename__ = "goals"
    relationship_id: Mapped[int | None] = mapped_column(
        ForeignKey("relationships.id", ondelete="SET NULL")
    )
    title: Mapped[str] = _text()
    specific: Mapped[str] = _text()
    measurable: Mapped[str] = _text()
    achievable: Mapped[str] = _text()
    relevant: Mapped[str] = _text()
    time_bound: Mapped[str] = _text()
    category: Mapped[str] = _text()
    status: Mapped[GoalStatus] = mapped_column(enum_type(GoalStatus))
    target_date: Mapped[date | None] = mapped_column(Date)
    progress_notes: Mapped[str] = _text()


class ChecklistTemplateRow(RecordRow):
    __tablename__ = "checklist_templates"
    name: Mapped[str] = _text()
    description: Mapped[str] = _text()
    # An ordered list of item texts; always edited as a whole.
    items: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)


class ChecklistRow(RecordRow):
    __tablename__ = "checklists"
    relationship_id: Mapped[int | None] = mapped_column(
        ForeignKey("relationships.id", ondelete="CASCADE")
    )
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("checklist_templates.id", ondelete="SET NULL")
    )
    title: Mapped[str] = _text()
    completed_on: Mapped[date | None] = mapped_column(Date)
    # [{"text": ..., "done": bool, "note": ...}, ...]
    items: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)


session_goals = Table(
    "session_goals",
    Base.metadata,
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("goal_id", ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True),
)


class SessionRow(RecordRow):
    __tablename__ = "sessions"
    relationship_id: Mapped[int] = mapped_column(
        ForeignKey("relationships.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date, index=True)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    format: Mapped[SessionFormat] = mapped_column(enum_type(SessionFormat))
    location: Mapped[str] = _text()
    since_last: Mapped[str] = _text()
    topics: Mapped[str] = _text()
    summary: Mapped[str] = _text()
    key_learning: Mapped[str] = _text()
    private_reflection: Mapped[str] = _text()
    appraisal_learning: Mapped[str] = _text()
    appraisal_practice_change: Mapped[str] = _text()
    appraisal_next_steps: Mapped[str] = _text()
    next_meeting: Mapped[date | None] = mapped_column(Date)
    goals: Mapped[list[GoalRow]] = relationship(secondary=session_goals, lazy="selectin")


class ActionRow(RecordRow):
    __tablename__ = "actions"
    relationship_id: Mapped[int | None] = mapped_column(
        ForeignKey("relationships.id", ondelete="CASCADE"), index=True
    )
    origin_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str] = _text()
    owner: Mapped[ActionOwner] = mapped_column(enum_type(ActionOwner))
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[ActionStatus] = mapped_column(enum_type(ActionStatus), index=True)
    completed_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = _text()


class AttachmentRow(Base):
    """A file kept inside the encrypted database (e.g. the scan of a signed page)."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    record_kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = _text()
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)


class RecordVersionRow(Base):
    """A frozen version of a signable record; content never changes once written."""

    __tablename__ = "record_versions"
    __table_args__ = (UniqueConstraint("record_kind", "record_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    record_kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[VersionStatus] = mapped_column(enum_type(VersionStatus))
    content_json: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = _text()
    created_at: Mapped[datetime] = mapped_column(DateTime)


class SignatureRow(Base):
    __tablename__ = "signatures"
    __table_args__ = (UniqueConstraint("version_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("record_versions.id"))
    role: Mapped[SignerRole] = mapped_column(enum_type(SignerRole))
    signer_name: Mapped[str] = _text()
    signed_on: Mapped[date] = mapped_column(Date)
    method: Mapped[SignatureMethod] = mapped_column(enum_type(SignatureMethod))
    strokes_json: Mapped[str] = _text()
    binding_hash: Mapped[str] = mapped_column(String(64), default="")
    scan_attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class AuditRow(Base):
    """Append-only, hash-chained; triggers in the first migration refuse UPDATE/DELETE."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    action: Mapped[str] = mapped_column(String(32))
    record_kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = _text()
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
