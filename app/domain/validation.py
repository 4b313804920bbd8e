"""Field rules shared by the services (which enforce them) and the UI (which shows
them inline). Each function returns {field: message}; empty means valid."""

from __future__ import annotations

from app.domain import clock
from app.domain.records import (
    Action,
    Checklist,
    ChecklistTemplate,
    Contract,
    Goal,
    Mentor,
    OwnerProfile,
    Relationship,
    SessionRecord,
)

# Generous, but bounded: a 100 KB note prints; a 50 MB paste is a mistake.
MAX_TEXT = 200_000
MAX_NAME = 200
MAX_SESSION_MINUTES = 24 * 60


def _text_limits(obj: object, short: tuple[str, ...] = ()) -> dict[str, str]:
    problems: dict[str, str] = {}
    for name, value in vars(obj).items():
        if not isinstance(value, str):
            continue
        limit = MAX_NAME if name in short else MAX_TEXT
        if len(value) > limit:
            problems[name] = f"is too long ({len(value):,} characters; at most {limit:,})"
        elif "\x00" in value:
            problems[name] = "contains a NUL character"
    return problems


def _required(problems: dict[str, str], obj: object, *names: str) -> None:
    for name in names:
        value = getattr(obj, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.setdefault(name, "is required")


def validate_owner(owner: OwnerProfile) -> dict[str, str]:
    problems = _text_limits(owner, short=("name", "role_grade", "registration_number"))
    _required(problems, owner, "name")
    return problems


def validate_mentor(mentor: Mentor) -> dict[str, str]:
    problems = _text_limits(mentor, short=("name", "role", "email", "phone"))
    _required(problems, mentor, "name")
    if mentor.email and "@" not in mentor.email:
        problems.setdefault("email", "does not look like an email address")
    return problems


def validate_relationship(rel: Relationship) -> dict[str, str]:
    problems = _text_limits(rel, short=("scheme",))
    _required(problems, rel, "mentor_id")
    if rel.start_date and rel.end_date and rel.end_date < rel.start_date:
        problems["end_date"] = "is before the start date"
    if rel.start_date and rel.review_date and rel.review_date < rel.start_date:
        problems["review_date"] = "is before the start date"
    return problems


def validate_contract(contract: Contract) -> dict[str, str]:
    problems = _text_limits(contract, short=("requiring_body",))
    _required(problems, contract, "relationship_id")
    if contract.condition_of_practice and not contract.requiring_body.strip():
        problems["requiring_body"] = (
            "name the body that requires the mentoring (for example the GMC or the deanery)"
        )
    return problems


def validate_goal(goal: Goal) -> dict[str, str]:
    problems = _text_limits(goal, short=("title", "category"))
    _required(problems, goal, "title")
    return problems


def validate_checklist_template(template: ChecklistTemplate) -> dict[str, str]:
    problems = _text_limits(template, short=("name",))
    _required(problems, template, "name")
    if not [item for item in template.items if item.strip()]:
        problems["items"] = "needs at least one item"
    return problems


def validate_checklist(checklist: Checklist) -> dict[str, str]:
    problems = _text_limits(checklist, short=("title",))
    _required(problems, checklist, "title")
    for index, item in enumerate(checklist.items, start=1):
        if len(item.text) > MAX_TEXT or len(item.note) > MAX_TEXT:
            problems[f"items[{index}]"] = "is too long"
    return problems


def validate_session(record: SessionRecord) -> dict[str, str]:
    problems = _text_limits(record, short=("location",))
    _required(problems, record, "relationship_id", "held_on")
    if not 0 < record.duration_minutes <= MAX_SESSION_MINUTES:
        problems["duration_minutes"] = "must be between 1 minute and 24 hours"
    if record.held_on and record.next_meeting and record.next_meeting < record.held_on:
        problems["next_meeting"] = "is before the session itself"
    return problems


def validate_action(action: Action) -> dict[str, str]:
    problems = _text_limits(action)
    _required(problems, action, "description")
    if action.completed_on and action.completed_on > clock.today():
        problems["completed_on"] = "is in the future"
    return problems
