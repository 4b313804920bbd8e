"""Closed vocabularies. Values are stored in the database and in JSON exports:
never rename a value, only add."""

from __future__ import annotations

from enum import StrEnum


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


class RecordKind(StrEnum):
    """Kinds of record, as named in versions, attachments, audit entries and search."""

    OWNER = "owner"
    MENTOR = "mentor"
    RELATIONSHIP = "relationship"
    CONTRACT = "contract"
    GOAL = "goal"
    CHECKLIST_TEMPLATE = "checklist_template"
    CHECKLIST = "checklist"
    SESSION = "session"
    ACTION = "action"
    ATTACHMENT = "attachment"
    # A relationship's goals printed and signed together; record id = relationship id.
    GOALS_PLAN = "goals_plan"

    @property
    def label(self) -> str:
        return {
            "owner": "Owner profile",
            "mentor": "Mentor",
            "relationship": "Relationship",
            "contract": "Contract",
            "goal": "Goal",
            "checklist_template": "Checklist template",
            "checklist": "Checklist",
            "session": "Session record",
            "action": "Action",
            "attachment": "Attachment",
            "goals_plan": "Goals plan",
        }[self.value]


class SignerRole(StrEnum):
    MENTEE = "mentee"
    MENTOR = "mentor"


class SignatureMethod(StrEnum):
    INK = "ink"
    DRAWN = "drawn"


class VersionStatus(StrEnum):
    READY = "ready_to_sign"
    SIGNED = "signed"
    LOCKED = "locked"
    SUPERSEDED = "superseded"
