"""Dates as people type them: every accepted shape gives that day, anything else is
refused with one sentence, never guessed (issue 16: typed dates were saved wrong)."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain import clock
from app.domain.typed_dates import (
    DateNotUnderstood,
    DateOrder,
    format_typed,
    order_of_pattern,
    read_date,
)

DMY = DateOrder.DAY_FIRST
MDY = DateOrder.MONTH_FIRST
YMD = DateOrder.YEAR_FIRST


@pytest.mark.parametrize(
    ("typed", "order", "meant"),
    [
        ("08/09/2026", DMY, date(2026, 9, 8)),
        ("8/9/2026", DMY, date(2026, 9, 8)),
        ("20/10/2026", DMY, date(2026, 10, 20)),
        ("08/09/26", DMY, date(2026, 9, 8)),
        ("8.9.2026", DMY, date(2026, 9, 8)),
        ("8-9-2026", DMY, date(2026, 9, 8)),
        ("8 9 2026", DMY, date(2026, 9, 8)),
        ("  08 / 09 / 2026  ", DMY, date(2026, 9, 8)),
        ("08092026", DMY, date(2026, 9, 8)),
        ("2026-09-08", DMY, date(2026, 9, 8)),
        ("2026-9-8", MDY, date(2026, 9, 8)),
        ("2026/09/08", DMY, date(2026, 9, 8)),
        ("09/08/2026", MDY, date(2026, 9, 8)),
        ("9/8/26", MDY, date(2026, 9, 8)),
        ("09082026", MDY, date(2026, 9, 8)),
        ("26/09/08", YMD, date(2026, 9, 8)),
        ("8 September 2026", DMY, date(2026, 9, 8)),
        ("8 sep 2026", MDY, date(2026, 9, 8)),
        ("8 Sept 2026", DMY, date(2026, 9, 8)),
        ("September 8, 2026", DMY, date(2026, 9, 8)),
        ("29/02/2028", DMY, date(2028, 2, 29)),
        ("31/12/99", DMY, date(1999, 12, 31)),
        ("01/01/00", DMY, date(2000, 1, 1)),
        ("٠٨/٠٩/٢٠٢٦", DMY, date(2026, 9, 8)),  # Arabic-Indic digits
        ("０８/０９/２０２６", DMY, date(2026, 9, 8)),  # fullwidth digits
    ],
)
@pytest.mark.today("2026-11-23")
def test_each_shape_gives_the_day_typed(typed: str, order: DateOrder, meant: date) -> None:
    assert read_date(typed, clock.today(), order) == meant


@pytest.mark.parametrize(
    ("pinned", "word", "meant"),
    [
        ("2026-12-31 23:59:30", "tomorrow", date(2027, 1, 1)),
        ("2027-01-01 00:00:10", "yesterday", date(2026, 12, 31)),
        ("2028-02-28 12:00:00", "tomorrow", date(2028, 2, 29)),
        ("2028-02-29 12:00:00", "Today", date(2028, 2, 29)),
        ("2028-03-01 08:00:00", " YESTERDAY ", date(2028, 2, 29)),
        ("2029-02-28 23:58:00", "tomorrow", date(2029, 3, 1)),
    ],
)
def test_words_count_from_the_day_given(pinned: str, word: str, meant: date) -> None:
    assert read_date(word, date.fromisoformat(pinned[:10])) == meant


@pytest.mark.today("2028-02-29")
def test_words_read_the_app_clock() -> None:
    assert read_date("today", clock.today()) == date(2028, 2, 29)
    assert read_date("tomorrow", clock.today()) == date(2028, 3, 1)


@pytest.mark.today("2026-12-31 23:59:30")
def test_year_end_words() -> None:
    assert read_date("tomorrow", clock.today()) == date(2027, 1, 1)
    assert read_date("yesterday", clock.today()) == date(2026, 12, 30)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("31/02/2026", "There is no 31 February 2026."),
        ("29/02/2027", "There is no 29 February 2027."),
        ("31/04/2026", "There is no 31 April 2026."),
        ("00/01/2026", "day 0"),
        ("2026-13-01", "no month 13"),
        ("01/13/2026", "no month 13"),
        ("2026-00-10", "no month 0"),
        ("2026-02-30", "There is no 30 February 2026."),
        ("1/1/0001", "outside the years 1900 to 2199"),
        ("1/1/9999", "outside the years 1900 to 2199"),
        ("1/1/202", "not a year"),
        ("1/1/20266", "not a date"),
        ("08/09", "not a date"),
        ("08/09/2026/1", "not a date"),
        ("20/09/1", "not a year"),
        ("next tuesday", "not a date"),
        ("tomorow", "not a date"),
        ("8 Smarch 2026", "not a date"),
        ("2026-09-08T10:00", "not a date"),
        ("0x10/09/2026", "not a date"),
        ("-8/9/2026", "not a date"),
        ("8/9/2026 ; DROP TABLE sessions", "not a date"),
        ("<b>8/9/2026</b>", "not a date"),
        ("\u202e8/9/2026", "not a date"),
        ("8\u00a0/\u00a09\u00a0/\u00a02026x", "not a date"),
        ("1" * 11_400, "11,400 characters, not a date"),
        ("١٢٣٤٥٦٧٨٩٠١٢", "not a date"),
    ],
)
@pytest.mark.today("2026-11-23")
def test_anything_else_is_refused_with_one_sentence(typed: str, says: str) -> None:
    with pytest.raises(DateNotUnderstood) as refused:
        read_date(typed, clock.today())
    message = refused.value.message
    assert says in message
    assert message.endswith(".")
    assert len(message) < 200  # one sentence, not the paste echoed back
    assert message.count(". ") == 0 or "e.g." in message


@pytest.mark.today("2026-11-23")
def test_the_refusal_shows_the_locales_shape() -> None:
    with pytest.raises(DateNotUnderstood, match="mm/dd/yyyy, for example 11/23/2026"):
        read_date("soon", clock.today(), MDY)
    with pytest.raises(DateNotUnderstood, match="dd/mm/yyyy, for example 23/11/2026"):
        read_date("soon", clock.today(), DMY)


@pytest.mark.parametrize("typed", ["", "   ", "\t", "\u3000"])
def test_an_empty_field_is_no_date(typed: str) -> None:
    assert read_date(typed, date(2026, 11, 23)) is None


@pytest.mark.parametrize(
    ("pattern", "order"),
    [
        ("dd/MM/yyyy", DMY),
        ("d/M/yy", DMY),
        ("dd.MM.yy", DMY),
        ("M/d/yy", MDY),
        ("MM/dd/yyyy", MDY),
        ("y/MM/dd", YMD),
        ("yyyy-MM-dd", YMD),
        ("", DMY),
    ],
)
def test_a_locales_order(pattern: str, order: DateOrder) -> None:
    assert order_of_pattern(pattern) is order


@pytest.mark.parametrize("order", list(DateOrder))
def test_what_the_field_writes_reads_back(order: DateOrder) -> None:
    for day in (date(2026, 9, 8), date(2028, 2, 29), date(1999, 12, 31), date(2026, 1, 12)):
        assert read_date(format_typed(day, order), date(2026, 11, 23), order) == day
