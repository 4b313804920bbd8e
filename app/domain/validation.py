"""Field rules shared by the services (which enforce them) and the UI (which shows
them inline). Each function returns {field: message}; empty means valid."""

from __future__ import annotations

import re
from datetime import date, datetime

from app.domain import clock
from app.domain.enums import SignatureMethod
from app.domain.frequency import parse_frequency
from app.domain.record_types import (
    Action,
    Checklist,
    ChecklistItem,
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
# One-line fields longer or shorter than a name (the kinds' specs name them).
EMAIL_LONGEST = 254  # the longest address mail can carry (RFC 5321)
LOCATION_LONGEST = 120  # a room, a building and a town; a pasted page is a slip
MAX_SESSION_MINUTES = 24 * 60
MAX_ITEMS = 10_000  # checklist items, template items, goals linked to a session
# Every date a record holds: a mentee's career, with room on both sides. A year like
# 9999 is a typing slip (and leaves no room to count days forward from it).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
EARLIEST_SIGNATURE = date(2000, 1, 1)

# NUL ends a string in C (and in many tools that read exports); an unpaired surrogate
# is not a character at all and cannot be stored as UTF-8.
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


def text_problem(value: str, limit: int = MAX_TEXT) -> str | None:
    """What is wrong with one piece of text, or None."""
    if len(value) > limit:
        return f"is too long ({len(value):,} characters; at most {limit:,})"
    bad = _NOT_TEXT.search(value)
    if bad is None:
        return None
    if bad.group() == "\x00":
        return "contains a NUL character"
    return f"contains U+{ord(bad.group()):04X}, half of a character (an unpaired surrogate)"


def date_problem(value: date | datetime) -> str | None:
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        return f"is {day.isoformat()}, outside the years {EARLIEST_DATE.year} to {LATEST_DATE.year}"
    return None


def _text_limits(obj: object, short: tuple[str, ...] = ()) -> dict[str, str]:
    """Length and character rules for every text field, and the range of every date
    field, of a record."""
    problems: dict[str, str] = {}
    for name, value in vars(obj).items():
        problem = None
        if isinstance(value, str):
            problem = text_problem(value, MAX_NAME if name in short else MAX_TEXT)
        elif isinstance(value, date):
            problem = date_problem(value)
        elif isinstance(value, list):
            problems.update(_list_problems(name, value))
        if problem:
            problems[name] = problem
    return problems


def _list_problems(name: str, values: list[object]) -> dict[str, str]:
    """Checklist items and template items: how many, and each one's text."""
    if len(values) > MAX_ITEMS:
        return {name: f"has too many items ({len(values):,}; at most {MAX_ITEMS:,})"}
    problems: dict[str, str] = {}
    for index, item in enumerate(values, start=1):
        texts = [item] if isinstance(item, str) else []
        if isinstance(item, ChecklistItem):
            texts = [item.text, item.note]
        for text in texts:
            problem = text_problem(text)
            if problem:
                problems[f"{name}[{index}]"] = problem
                break
    return problems


def _required(problems: dict[str, str], obj: object, *names: str) -> None:
    for name in names:
        value = getattr(obj, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.setdefault(name, "is required")


def validate_owner(owner: OwnerProfile) -> dict[str, str]:
    problems = _text_limits(
        owner,
        short=("name", "role_grade", "specialty", "organisation", "registration_number", "email"),
    )
    _required(problems, owner, "name")
    return problems


def validate_mentor(mentor: Mentor) -> dict[str, str]:
    problems = _text_limits(mentor, short=("name", "role", "organisation", "email", "phone"))
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
    agreed = contract.agreed_frequency
    if "agreed_frequency" not in problems and agreed.strip() and parse_frequency(agreed) is None:
        problems["agreed_frequency"] = (
            "is not an interval the app can read: write it as every 4 weeks, every 4 to 6"
            " weeks, every month or every 2 months, or leave it empty"
        )
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


def validate_signature(
    signer_name: str,
    signed_on: date,
    method: SignatureMethod,
    *,
    has_strokes: bool,
    has_scan: bool,
) -> dict[str, str]:
    """A signature as the sign dialog takes it: a name as signed, a day that has come
    (a signature is dated the day it was made), and strokes for a signature drawn in
    the app, none for one in ink."""
    problems: dict[str, str] = {}
    name = signer_name.strip()
    if not name:
        problems["name"] = "is required"
    else:
        problem = text_problem(signer_name, MAX_NAME)
        if problem:
            problems["name"] = problem
    if signed_on > clock.today():
        problems["date signed"] = (
            "cannot be in the future: a signature is dated the day it was made"
        )
    elif signed_on < EARLIEST_SIGNATURE:
        problems["date signed"] = f"cannot be before {EARLIEST_SIGNATURE.year}; check the year"
    if method is SignatureMethod.DRAWN and has_scan:
        problems["scan"] = "a scan goes with a signature in ink, not a drawn one"
    if method is SignatureMethod.INK and has_strokes:
        problems["strokes"] = "an ink signature has no drawn strokes"
    if method is SignatureMethod.DRAWN and not has_strokes:
        problems["strokes"] = "sign on the pad first"
    return problems
