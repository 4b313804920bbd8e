"""Review points fall on the same day of the month every six months, even when that
day does not exist in some months (the 31st, 29 February)."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.record_types import Relationship
from app.services.reviews import add_months, review_points


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2028, 2, 29), -12, date(2027, 2, 28)),
        (date(2027, 3, 31), -1, date(2027, 2, 28)),
        (date(2026, 12, 31), 1, date(2027, 1, 31)),
        (date(2027, 1, 15), -13, date(2025, 12, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_of_the_month(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


def test_six_monthly_reviews_from_the_31st_come_back_to_the_31st() -> None:
    rel = Relationship(id=1, review_date=date(2026, 8, 31))
    assert review_points(rel, None, date(2028, 9, 1)) == [
        date(2026, 8, 31),
        date(2027, 2, 28),
        date(2027, 8, 31),
        date(2028, 2, 29),
        date(2028, 8, 31),
        date(2029, 2, 28),
    ]


def test_reviews_from_a_start_at_the_end_of_a_month_do_not_drift() -> None:
    rel = Relationship(id=1, start_date=date(2026, 5, 31))
    assert review_points(rel, None, date(2027, 12, 1)) == [
        date(2026, 8, 31),
        date(2026, 11, 30),
        date(2027, 5, 31),
        date(2027, 11, 30),
        date(2028, 5, 31),
    ]


def test_reviews_from_29_february() -> None:
    rel = Relationship(id=1, review_date=date(2028, 2, 29))
    assert review_points(rel, None, date(2032, 3, 1))[::2] == [
        date(2028, 2, 29),
        date(2029, 2, 28),
        date(2030, 2, 28),
        date(2031, 2, 28),
        date(2032, 2, 29),
    ]
