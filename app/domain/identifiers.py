"""Likely patient or third-party identifiers in free text, found before anything is
printed or exported for sharing. The GMC advises that reflective notes are anonymised:
they are not legally privileged. This is a safety net that shows each hit in context
for the mentee to edit or confirm, not a guarantee."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from app.domain import clock

NHS_NUMBER = "NHS number"
DATE_OF_BIRTH = "date of birth"
HOSPITAL_NUMBER = "hospital number"
POSTCODE = "postcode"
PHONE = "phone number"
EMAIL = "email address"
NAME = "name of a person"

_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = (
    rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})"
)
_NHS = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])")
_DOB_CONTEXT = re.compile(
    rf"\b(?:d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+on)?|birthday)\s*[:\-]?\s*(?:on\s+)?"
    rf"(?P<date>{_DATE})",
    re.IGNORECASE,
)
_ANY_DATE = re.compile(rf"(?<![\d/.\-])(?P<date>{_DATE})(?![\d/])", re.IGNORECASE)
_YEAR = re.compile(r"(\d{4})")
_HOSPITAL_CONTEXT = re.compile(
    r"\b(?:hospital\s+(?:number|no\.?|num)|MRN|unit\s+(?:number|no\.?)|case\s+(?:number|no\.?)"
    r"|patient\s+(?:number|no\.?|id)|PAS\s+(?:number|no\.?))\s*[:#]?\s*"
    r"(?P<value>[A-Z]{0,4}\d[A-Z\d]{4,11})\b",
    re.IGNORECASE,
)
# Letters then many digits, the common shape of hospital numbers (e.g. RX1234567).
_HOSPITAL_SHAPE = re.compile(r"\b[A-Z]{1,4}\d{6,10}\b")
_POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b")
# 07700 900123, 020 7946 0958, (020) 7946 0958, +44 (0)20 7946 0958, +447700900123.
_PHONE = re.compile(r"(?<![\w+(])(?:\+44\s?(?:\(0\)\s?)?\d|\(0\d|0\d)(?:\)?[\s\-]?\d){8,9}(?!\d)")
_EMAIL = re.compile(r"\b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b")
_TITLES = {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "dame", "rev"}


@dataclass(frozen=True)
class IdentifierHit:
    kind: str
    text: str
    start: int
    end: int
    context: str  # the hit with some words either side
    where: str = ""  # which record and field, filled in by the caller
    prompt: str = ""  # a discoverable detail's rewrite prompt (app.domain.details)


def nhs_number_is_valid(digits: str) -> bool:
    """Modulus 11 check of a 10-digit NHS number."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def context_of(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    prefix = "…" if start > width else ""
    suffix = "…" if end + width < len(text) else ""
    return " ".join(f"{prefix}{left}[{text[start:end]}]{right}{suffix}".split())


def name_tokens(people: Iterable[str]) -> set[str]:
    tokens = set()
    for person in people:
        for token in re.findall(r"[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*", person):
            if len(token) >= 3 and token.lower() not in _TITLES and token[0].isupper():
                tokens.add(token)
    return tokens


def scan(text: str, people: Sequence[str] = (), today: date | None = None) -> list[IdentifierHit]:
    """Every likely identifier in ``text``, in order, without overlaps."""
    today = today or clock.today()
    found: list[tuple[int, int, str]] = []

    def add(start: int, end: int, kind: str) -> None:
        if not any(s < end and start < e for s, e, _ in found):
            found.append((start, end, kind))

    for m in _EMAIL.finditer(text):
        add(m.start(), m.end(), EMAIL)
    for m in _NHS.finditer(text):
        if nhs_number_is_valid("".join(m.groups())):
            add(m.start(), m.end(), NHS_NUMBER)
    for m in _DOB_CONTEXT.finditer(text):
        add(m.start("date"), m.end("date"), DATE_OF_BIRTH)
    for m in _ANY_DATE.finditer(text):
        year = _YEAR.search(m.group("date"))
        # Mentoring dates are recent; a full date of a birth-like year is flagged.
        if year and 1900 <= int(year.group(1)) <= today.year - 16:
            add(m.start("date"), m.end("date"), DATE_OF_BIRTH)
    for m in _HOSPITAL_CONTEXT.finditer(text):
        add(m.start("value"), m.end("value"), HOSPITAL_NUMBER)
    for m in _HOSPITAL_SHAPE.finditer(text):
        add(m.start(), m.end(), HOSPITAL_NUMBER)
    for m in _PHONE.finditer(text):
        add(m.start(), m.end(), PHONE)
    for m in _POSTCODE.finditer(text):
        add(m.start(), m.end(), POSTCODE)
    tokens = name_tokens(people)
    if tokens:
        pattern = re.compile(
            r"(?<![\w])(?:"
            + "|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True))
            + r")(?![\w])"
        )
        for m in pattern.finditer(text):
            add(m.start(), m.end(), NAME)
    found.sort()
    return [IdentifierHit(kind, text[s:e], s, e, context_of(text, s, e)) for s, e, kind in found]
