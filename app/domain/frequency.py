"""How often mentor and mentee agreed to meet, as data.

The contract keeps its free text ("How often we meet"); beside it, a Frequency holds
the structured part when there is one: every N weeks, N to M weeks, or every N months.
parse_frequency() reads plain phrasings and refuses the rest (None): a reading that
could be wrong is worse than none, since the Overview would then tell the mentee they
met too rarely when they did not.

What it reads (case, spacing, a final full stop and a leading "we meet" aside):
  every 4 weeks, every four weeks, 4 weekly, 4-weekly, four-weekly, every 4 wks
  every 4 to 6 weeks, every 4-6 weeks, 4-6 weeks, every 4 or 5 weeks, 4-6 weekly, 4 to 6 weekly
  weekly, every week, fortnightly, every fortnight, every other week (2 weeks)
  monthly, every month, once a month, once per month, every other month (2 months)
  every 2 months, every 2-3 months, 3 monthly, quarterly (3 months)
  every 6/52, 4-6/52, every 3/12, 2-3/12 (clinical shorthand: N/52 weeks, N/12 months)
  each of those after "about", "around", "roughly" or "approximately"; "once every"
What it refuses, and why:
  "bi-monthly", "bimonthly", "bi-weekly", "biweekly": each is used both for twice a
      month (week) and for every two months (weeks);
  "twice a month", "2-3 times a year": a count, not an interval;
  "as needed", "when we can", "weekly at first then monthly", "every 4 weeks or as
      needed", anything else with more words: not one plain agreed interval;
  a range the wrong way round ("6 to 4 weeks"), zero, more than 52 weeks or 12 months.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class FrequencyUnit(StrEnum):
    WEEKS = "weeks"
    MONTHS = "months"


@dataclass(frozen=True)
class Frequency:
    """Meet every `low` to `high` units (low == high for "every N weeks")."""

    unit: FrequencyUnit
    low: int
    high: int

    def __post_init__(self) -> None:
        if not (1 <= self.low <= self.high <= 52):
            raise ValueError(f"not a meeting frequency: {self.low} to {self.high} {self.unit}")

    @property
    def longest_days(self) -> int:
        """The longest interval the contract allows, in days (a month counts 31)."""
        return self.high * (7 if self.unit is FrequencyUnit.WEEKS else 31)

    @property
    def shortest_days(self) -> int:
        """The shortest interval agreed, in days (a month counts 28)."""
        return self.low * (7 if self.unit is FrequencyUnit.WEEKS else 28)

    @property
    def phrase(self) -> str:
        """How the app writes it, and keeps it: "every 4 to 6 weeks", "every month".
        parse_frequency(f.phrase) == f."""
        singular = self.unit.value[:-1]
        if self.low == self.high:
            return f"every {singular}" if self.low == 1 else f"every {self.low} {self.unit}"
        return f"every {self.low} to {self.high} {self.unit}"


MOST = {FrequencyUnit.WEEKS: 52, FrequencyUnit.MONTHS: 12}

_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_N = r"(\d{1,2}|" + "|".join(_NUMBERS) + ")"
_TO = r"\s*(?:-|to|or)\s*"  # dashes are made "-" first
_UNIT = r"(weeks?|wks?|months?)"
_ADJ = r"(weekly|monthly)"

# Whole phrasings, after _plain(): each gives (unit word, low, high or None).
_RANGE_EVERY = re.compile(rf"(?:every )?{_N}(?:{_TO}{_N})? {_UNIT}")
_RANGE_ADJ = re.compile(rf"{_N}(?:{_TO}{_N})?[ -]{_ADJ}")
_SHORTHAND = re.compile(r"(?:every )?(\d{1,2})(?:" + _TO + r"(\d{1,2}))?\s*/\s*(52|12)")
_WORDS: dict[str, tuple[FrequencyUnit, int]] = {
    "weekly": (FrequencyUnit.WEEKS, 1),
    "every week": (FrequencyUnit.WEEKS, 1),
    "once a week": (FrequencyUnit.WEEKS, 1),
    "once per week": (FrequencyUnit.WEEKS, 1),
    "fortnightly": (FrequencyUnit.WEEKS, 2),
    "every fortnight": (FrequencyUnit.WEEKS, 2),
    "once a fortnight": (FrequencyUnit.WEEKS, 2),
    "every other week": (FrequencyUnit.WEEKS, 2),
    "monthly": (FrequencyUnit.MONTHS, 1),
    "every month": (FrequencyUnit.MONTHS, 1),
    "once a month": (FrequencyUnit.MONTHS, 1),
    "once per month": (FrequencyUnit.MONTHS, 1),
    "every calendar month": (FrequencyUnit.MONTHS, 1),
    "every other month": (FrequencyUnit.MONTHS, 2),
    "quarterly": (FrequencyUnit.MONTHS, 3),
    "every quarter": (FrequencyUnit.MONTHS, 3),
    "once a quarter": (FrequencyUnit.MONTHS, 3),
}
_LEADING = re.compile(
    r"^(?:(?:we|we'll|we will)\s+)?(?:meet(?:ing|ings)?\s+)?"
    r"(?:(?:about|around|roughly|approximately|approx\.?)\s+)?(?:once\s+(?=every\b))?"
)


def _plain(text: str) -> str:
    """Lower case, one space between words, dashes as "-", no final full stop."""
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text.casefold())
    text = " ".join(text.split()).rstrip(".").strip()
    return _LEADING.sub("", text, count=1).strip()


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word]


def _made(unit: FrequencyUnit, low: int, high: int) -> Frequency | None:
    if not (1 <= low <= high <= MOST[unit]):
        return None
    return Frequency(unit, low, high)


def parse_frequency(text: str) -> Frequency | None:
    """The agreed interval ``text`` plainly states, or None when it states none, or
    more than one, or could be read two ways (the module's docstring lists both)."""
    plain = _plain(text)
    if plain in _WORDS:
        unit, every = _WORDS[plain]
        return Frequency(unit, every, every)
    if shorthand := _SHORTHAND.fullmatch(plain):
        low_digits, high_digits, per = shorthand.groups()
        unit = FrequencyUnit.WEEKS if per == "52" else FrequencyUnit.MONTHS
        low = int(low_digits)
        return _made(unit, low, int(high_digits) if high_digits else low)
    if (match := _RANGE_EVERY.fullmatch(plain)) or (match := _RANGE_ADJ.fullmatch(plain)):
        low_word, high_word, unit_word = match.groups()
    else:
        return None
    unit = FrequencyUnit.MONTHS if unit_word.startswith("month") else FrequencyUnit.WEEKS
    low = _number(low_word)
    high = _number(high_word) if high_word else low
    if unit_word in ("week", "wk", "month") and high != 1:  # "every 4 week": not English
        return None
    return _made(unit, low, high)


def agreed_phrase(text: str) -> str:
    """What the contract's agreed interval holds for free text ``text`` read once (a new
    contract's wording, an upgrade, an export from before the field): the app's phrase
    for what parse_frequency reads, else "" for the mentee to fill in."""
    reading = parse_frequency(text)
    return reading.phrase if reading is not None else ""
