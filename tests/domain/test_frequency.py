"""The agreed meeting interval read from what people write in a contract, and refused
where it is not one plain interval."""

from __future__ import annotations

import dataclasses

import pytest

from app.domain.canonical import canonical_json
from app.domain.frequency import Frequency, FrequencyUnit, parse_frequency
from app.domain.record_types import Contract

W, M = FrequencyUnit.WEEKS, FrequencyUnit.MONTHS

READ = [
    ("every 4 weeks", W, 4, 4),
    ("Every 4 to 6 weeks", W, 4, 6),
    ("Every 4–6 weeks.", W, 4, 6),  # an en dash, a full stop
    ("every 4 - 6 weeks", W, 4, 6),
    ("4-6 weekly", W, 4, 6),
    ("4 to 6 weekly", W, 4, 6),
    ("4-6 weeks", W, 4, 6),
    ("every 4 or 5 weeks", W, 4, 5),
    ("6-weekly", W, 6, 6),
    ("four-weekly", W, 4, 4),
    ("every six weeks", W, 6, 6),
    ("EVERY  SIX   WEEKS", W, 6, 6),
    ("every 3 wks", W, 3, 3),
    ("weekly", W, 1, 1),
    ("fortnightly", W, 2, 2),
    ("every fortnight", W, 2, 2),
    ("every other week", W, 2, 2),
    ("monthly", M, 1, 1),
    ("Monthly.", M, 1, 1),
    ("once a month", M, 1, 1),
    ("We meet once a month", M, 1, 1),
    ("about once a month", M, 1, 1),
    ("roughly every 6 weeks", W, 6, 6),
    ("once every 4 weeks", W, 4, 4),
    ("every month", M, 1, 1),
    ("every other month", M, 2, 2),
    ("every 2-3 months", M, 2, 3),
    ("every two to three months", M, 2, 3),
    ("3 monthly", M, 3, 3),
    ("quarterly", M, 3, 3),
    ("every 12 months", M, 12, 12),
    # Clinical shorthand, as doctors write follow-up intervals: N/52 weeks, N/12 months.
    ("every 6/52", W, 6, 6),
    ("4-6/52", W, 4, 6),
    ("Every 4 to 6/52", W, 4, 6),
    ("3/12", M, 3, 3),
    ("every 2-3/12", M, 2, 3),
]

REFUSED = [
    "",
    "   ",
    "as needed",
    "As and when needed",
    "when we can",
    "weekly at first then monthly",
    "every 4 weeks or as needed",
    "every 4 weeks (more often before the exam)",
    "bi-monthly",  # twice a month, or every two months?
    "bimonthly",
    "bi-weekly",
    "biweekly",
    "twice a month",
    "2-3 times a year",
    "every 6 to 4 weeks",  # the wrong way round
    "every 0 weeks",
    "every 60 weeks",
    "every 13 months",
    "every 4 week",
    "every weeks",
    "4",
    "monthly-ish",
    "once",
    "6/7",  # days: shorter than any interval the app keeps
    "every 60/52",
    "13/12",
    "six/52",
]


@pytest.mark.parametrize(("text", "unit", "low", "high"), READ)
def test_plain_phrasings_are_read(text: str, unit: FrequencyUnit, low: int, high: int) -> None:
    assert parse_frequency(text) == Frequency(unit, low, high)


@pytest.mark.parametrize("text", REFUSED)
def test_what_is_not_one_plain_interval_is_refused(text: str) -> None:
    assert parse_frequency(text) is None


@pytest.mark.parametrize("text", [t for t, *_ in READ])
def test_the_phrase_the_app_keeps_reads_back_the_same(text: str) -> None:
    read = parse_frequency(text)
    assert read is not None
    assert parse_frequency(read.phrase) == read


def test_phrases() -> None:
    assert Frequency(W, 4, 6).phrase == "every 4 to 6 weeks"
    assert Frequency(W, 1, 1).phrase == "every week"
    assert Frequency(M, 1, 1).phrase == "every month"
    assert Frequency(M, 2, 2).phrase == "every 2 months"


def test_a_contract_signed_before_the_interval_existed_keeps_its_canonical_form() -> None:
    contract = Contract(relationship_id=1, frequency="Every 4 to 6 weeks")
    canonical = canonical_json(contract)
    assert "agreed_frequency" not in canonical
    older = {f.name for f in dataclasses.fields(Contract)} - {"agreed_frequency"}
    assert all(f'"{name}"' in canonical for name in older)
    filled = dataclasses.replace(contract, agreed_frequency="every 4 to 6 weeks")
    assert '"agreed_frequency":"every 4 to 6 weeks"' in canonical_json(filled)
