"""Closed vocabularies. Values are stored in the database and in JSON exports:
never rename a value, only add."""

from __future__ import annotations

from enum import StrEnum

# Record kinds are an open set, declared by their kind modules (app/domain/kinds).
from app.domain.record_kind import RecordKind as RecordKind


class RelationshipKind(StrEnum):
    FORMAL = "formal"
    INFORMAL = "informal"
    CO_MENTORING = "co_mentoring"

    @property
    def label(self) -> str:
        return {"formal": "Formal", "informal": "Informal", "co_mentoring": "Co-mentoring"}[
            self.value
        ]


class RelationshipStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class GoalStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    CARRIED_FORWARD = "carried_forward"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class SessionFormat(StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "in_person": "In person",
            "video": "Video call",
            "phone": "Phone",
            "other": "Other",
        }[self.value]


class ActionOwner(StrEnum):
    MENTEE = "mentee"
    MENTOR = "mentor"
    BOTH = "both"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_closed(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.DROPPED)


class SignerRole(StrEnum):
    MENTEE = "mentee"
    MENTOR = "mentor"


class SignatureMethod(StrEnum):
    INK = "ink"
    DRAWN = "drawn"


class VersionStatus(StrEnum):
    READY = "ready_to_sign"
    SIGNED = "signed"
    # Signed by everyone it needs. Stored as "locked" since the first schema; LOCKED is
    # kept as another name for it, FULLY_SIGNED is the one the code uses ("lock" is the
    # portfolio's: its key leaving memory).
    FULLY_SIGNED = "locked"
    LOCKED = "locked"
    SUPERSEDED = "superseded"
