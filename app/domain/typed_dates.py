"""Dates as people type them: one reading for every date field, the command line and
the window alike. Pure functions; the window passes the locale's day/month order.

Accepted: ``dd/mm/yyyy``, ``d/m/yyyy``, ``dd/mm/yy`` (in the locale's order of day and
month; ``/``, ``.``, ``-`` or spaces between), ``ddmmyyyy``, ``yyyy-mm-dd`` (always
year first), ``8 September 2026`` or ``8 Sep 2026``, and the words today, yesterday
and tomorrow. Anything else is refused with one sentence, never guessed."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from enum import StrEnum

from app.domain.errors import KnownError
from app.domain.validation import EARLIEST_DATE, LATEST_DATE

#: Longer than any date anyone types ("30 September 2026" is 17); more is a paste.
MAX_TYPED = 40

_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMBERS = re.compile(r"(\d{1,4})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{1,4})")
_RUN = re.compile(r"(\d{8})")
_NAMED = re.compile(r"(\d{1,2})\s*[\s/.\-]?\s*([a-z]{3,9})\.?,?\s*[\s/.\-]?\s*(\d{2}|\d{4})")
_NAMED_FIRST = re.compile(r"([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


class DateOrder(StrEnum):
    """Which of day and month a locale writes first in a short date."""

    DAY_FIRST = "dmy"  # British, most of the world: 08/09/2026 is 8 September
    MONTH_FIRST = "mdy"  # US: 09/08/2026 is 8 September
    YEAR_FIRST = "ymd"  # ISO-like locales: 2026/09/08


class DateNotUnderstood(KnownError):
    """Text typed into a date field that is not a date; the message says why."""


def order_of_pattern(pattern: str) -> DateOrder:
    """The order of a locale's short date pattern ("dd/MM/yyyy", "M/d/yy", "y/MM/dd")."""
    letters = [c for c in pattern if c in "dMy"]
    first = {c: i for i, c in reversed(list(enumerate(letters)))}
    if "y" in first and "d" in first and first["y"] < first["d"]:
        return DateOrder.YEAR_FIRST
    if "M" in first and "d" in first and first["M"] < first["d"]:
        return DateOrder.MONTH_FIRST
    return DateOrder.DAY_FIRST


def shape_for(order: DateOrder) -> str:
    """How the field asks for a date: "dd/mm/yyyy", "mm/dd/yyyy" or "yyyy-mm-dd"."""
    return {
        DateOrder.DAY_FIRST: "dd/mm/yyyy",
        DateOrder.MONTH_FIRST: "mm/dd/yyyy",
        DateOrder.YEAR_FIRST: "yyyy-mm-dd",
    }[order]


def format_typed(day: date, order: DateOrder = DateOrder.DAY_FIRST) -> str:
    """A date written the way the field reads it back: 08/09/2026 (or 09/08/2026)."""
    if order is DateOrder.MONTH_FIRST:
        return f"{day.month:02d}/{day.day:02d}/{day.year:04d}"
    if order is DateOrder.YEAR_FIRST:
        return day.isoformat()
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _plain_digits(text: str) -> str:
    """Any script's decimal digits as 0-9 (Arabic-Indic ٠٨ is 08); other text as is."""
    out = []
    for char in text:
        value = unicodedata.decimal(char, None)
        out.append(str(value) if value is not None and not char.isascii() else char)
    return "".join(out)


def _year(text: str, today: date) -> int:
    if len(text) == 2:  # 26 is 2026; a two-digit year more than 30 years ahead is 19xx
        year = 2000 + int(text)
        return year if year <= today.year + 30 else year - 100
    if len(text) != 4:
        raise DateNotUnderstood(f"{text} is not a year; type all four digits.")
    return int(text)


def _make(year: int, month: int, day: int, typed: str) -> date:
    if not 1 <= month <= 12:
        raise DateNotUnderstood(f"“{typed}” has no month {month}; months go from 1 to 12.")
    if day < 1:
        raise DateNotUnderstood(f"“{typed}” has day {day}; days start at 1.")
    try:
        made = date(year, month, day)
    except ValueError:
        raise DateNotUnderstood(
            f"There is no {day} {_MONTHS[month - 1].capitalize()} {year}."
        ) from None
    if not EARLIEST_DATE <= made <= LATEST_DATE:
        raise DateNotUnderstood(
            f"{year} is outside the years {EARLIEST_DATE.year} to {LATEST_DATE.year};"
            " check the year."
        )
    return made


def _month_named(word: str) -> int | None:
    word = word.lower()
    for number, name in enumerate(_MONTHS, start=1):
        if name == word or (len(word) >= 3 and name.startswith(word)) or word == "sept":
            return 9 if word == "sept" else number
    return None


def read_date(typed: str, today: date, order: DateOrder = DateOrder.DAY_FIRST) -> date | None:
    """The date ``typed`` means, None for an empty field, or DateNotUnderstood."""
    text = _plain_digits(typed).strip()
    if not text:
        return None
    example = format_typed(today, order)
    not_a_date = DateNotUnderstood(
        f"“{typed.strip()[:MAX_TYPED]}” is not a date; type it as {shape_for(order)},"
        f" for example {example}."
    )
    if len(text) > MAX_TYPED:
        raise DateNotUnderstood(
            f"That is {len(text):,} characters, not a date; type it as {shape_for(order)},"
            f" for example {example}."
        )
    word = text.lower()
    if word in _WORDS:
        return today + timedelta(days=_WORDS[word])
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
        return _make(year, month, day, text)
    if match := _NUMBERS.fullmatch(text):
        first, second, third = match.groups()
        if len(first) == 4:  # 2026/09/08, whatever the locale
            if len(third) > 2:
                raise not_a_date
            return _make(int(first), int(second), int(third), text)
        if len(first) > 2:
            raise not_a_date
        if order is DateOrder.YEAR_FIRST and len(third) <= 2:  # 26/09/08
            return _make(_year(first, today), int(second), int(third), text)
        if order is DateOrder.MONTH_FIRST:
            return _make(_year(third, today), int(first), int(second), text)
        return _make(_year(third, today), int(second), int(first), text)
    if match := _RUN.fullmatch(text):
        digits = match.group(1)
        a, b, year = int(digits[:2]), int(digits[2:4]), int(digits[4:])
        if order is DateOrder.MONTH_FIRST:
            return _make(year, a, b, text)
        if order is DateOrder.YEAR_FIRST:
            return _make(int(digits[:4]), int(digits[4:6]), int(digits[6:]), text)
        return _make(year, b, a, text)
    if match := _NAMED.fullmatch(word):
        day_text, month_word, year_text = match.groups()
        named = _month_named(month_word)
        if named is not None:
            return _make(_year(year_text, today), named, int(day_text), text)
    if match := _NAMED_FIRST.fullmatch(word):
        month_word, day_text, year_text = match.groups()
        named = _month_named(month_word)
        if named is not None:
            return _make(int(year_text), named, int(day_text), text)
    raise not_a_date
