"""Plain record types shared by every layer. No ORM object ever leaves the store:
services hand these dataclasses to the UI, the CLI and the printing layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.domain.enums import (
    ActionOwner,
    ActionStatus,
    GoalStatus,
    RecordKind,
    RelationshipKind,
    RelationshipStatus,
    SessionFormat,
    SignatureMethod,
    SignerRole,
    VersionStatus,
)

# Field metadata: a field added after records of its kind were signed, left out of the
# canonical form (app/domain/canonical.py) while it holds its default, so the content
# hash of every version signed before it existed stays what was signed.
ADDED_LATER = {"added_later": True}


@dataclass
class OwnerProfile:
    name: str = ""
    role_grade: str = ""
    specialty: str = ""
    organisation: str = ""
    registration_number: str = ""
    email: str = ""
    next_appraisal_date: date | None = None


@dataclass
class Mentor:
    id: int | None = None
    name: str = ""
    role: str = ""
    organisation: str = ""
    email: str = ""
    phone: str = ""
    is_line_manager: bool = False
    notes: str = ""


@dataclass
class Relationship:
    id: int | None = None
    mentor_id: int | None = None
    kind: RelationshipKind = RelationshipKind.FORMAL
    scheme: str = ""
    status: RelationshipStatus = RelationshipStatus.ACTIVE
    start_date: date | None = None
    review_date: date | None = None
    end_date: date | None = None
    end_reason: str = ""
    # End-of-relationship review (TEMPLATES.md: expected, achieved, learned, left, evaluation).
    end_expected: str = ""
    end_achieved: str = ""
    end_learned: str = ""
    end_left_to_do: str = ""
    end_evaluation: str = ""


@dataclass
class Contract:
    id: int | None = None
    relationship_id: int | None = None
    ground_rules: str = ""
    confidentiality: str = ""
    confidentiality_limit: str = ""
    boundaries: str = ""
    conflicts_of_interest: str = ""
    objectives: str = ""
    frequency: str = ""
    meeting_format: str = ""
    meeting_length: str = ""
    arrangements: str = ""
    contact_between_meetings: str = ""
    duration: str = ""
    ending: str = ""
    review_date: date | None = None
    documentation: str = ""
    agreed_on: date | None = None
    # Mentoring required as a condition of practice (e.g. by the GMC or a deanery).
    condition_of_practice: bool = False
    requiring_body: str = ""
    reporting_expectations: str = ""
    # The agreed interval as the app reads it ("every 4 to 6 weeks", a phrase that
    # app/domain/frequency.parse_frequency reads; "" for none), beside the free text.
    agreed_frequency: str = field(default="", metadata=ADDED_LATER)


@dataclass
class Goal:
    id: int | None = None
    relationship_id: int | None = None
    title: str = ""
    specific: str = ""
    measurable: str = ""
    achievable: str = ""
    relevant: str = ""
    time_bound: str = ""
    category: str = ""
    status: GoalStatus = GoalStatus.NOT_STARTED
    target_date: date | None = None
    progress_notes: str = ""


@dataclass
class ChecklistItem:
    text: str = ""
    done: bool = False
    note: str = ""


@dataclass
class ChecklistTemplate:
    id: int | None = None
    name: str = ""
    description: str = ""
    items: list[str] = field(default_factory=list)
    is_default: bool = False


@dataclass
class Checklist:
    id: int | None = None
    relationship_id: int | None = None
    template_id: int | None = None
    title: str = ""
    completed_on: date | None = None
    items: list[ChecklistItem] = field(default_factory=list)


@dataclass
class SessionRecord:
    id: int | None = None
    relationship_id: int | None = None
    held_on: date | None = None
    duration_minutes: int = 60
    format: SessionFormat = SessionFormat.IN_PERSON
    location: str = ""
    since_last: str = ""
    topics: str = ""
    summary: str = ""
    key_learning: str = ""
    private_reflection: str = ""
    # The shareable layer used by the appraisal pack and exports.
    appraisal_learning: str = ""
    appraisal_practice_change: str = ""
    appraisal_next_steps: str = ""
    next_meeting: date | None = None
    goal_ids: list[int] = field(default_factory=list)


@dataclass
class Action:
    id: int | None = None
    relationship_id: int | None = None
    origin_session_id: int | None = None
    description: str = ""
    owner: ActionOwner = ActionOwner.MENTEE
    due_date: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    completed_on: date | None = None
    notes: str = ""


@dataclass
class Attachment:
    id: int | None = None
    record_kind: RecordKind = RecordKind.SESSION
    record_id: int = 0
    filename: str = ""
    media_type: str = "application/octet-stream"
    size: int = 0
    created_at: datetime | None = None


@dataclass
class RecordVersion:
    id: int | None = None
    record_kind: RecordKind = RecordKind.SESSION
    record_id: int = 0
    version: int = 1
    status: VersionStatus = VersionStatus.READY
    content_json: str = ""
    content_hash: str = ""
    reason: str = ""
    created_at: datetime | None = None


@dataclass
class Signature:
    id: int | None = None
    version_id: int = 0
    role: SignerRole = SignerRole.MENTEE
    signer_name: str = ""
    signed_on: date | None = None
    method: SignatureMethod = SignatureMethod.INK
    strokes_json: str = ""
    binding_hash: str = ""
    scan_attachment_id: int | None = None
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class SearchHit:
    kind: RecordKind
    record_id: int
    title: str
    snippet: str  # public text only, matches marked
    #: Where the words were found when only a private field holds them ("in your
    #: private reflection"); its text is never in the snippet.
    private_match: str = ""


# Records a user creates, edits, lists and deletes through the generic record service.
EditableRecord = (
    Mentor
    | Relationship
    | Contract
    | Goal
    | ChecklistTemplate
    | Checklist
    | (SessionRecord | Action)
)
