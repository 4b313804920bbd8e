"""Records refuse nonsense through every path (window, commands, import share these
rules): no empty session, one-line fields of one line and a sensible length, no
session or signature dated ahead; and a session dated ahead, kept from before these
rules, is never counted as held (issue 16)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
import time_machine

from app.domain import clock, registry
from app.domain.enums import RecordKind, SignatureMethod
from app.domain.errors import ValidationFailed
from app.domain.kind_spec import Future, Shape
from app.domain.record_types import Action, Mentor, OwnerProfile, Relationship, SessionRecord
from app.domain.validation import validate_signature
from app.services import profile, records, sessions
from app.services.pack import PackRequest, candidates
from app.services.portfolio import Portfolio


@pytest.fixture
def rel(portfolio: Portfolio) -> Relationship:
    mentor = records.save(portfolio, Mentor(name="Dr Ada"))
    return records.save(portfolio, Relationship(mentor_id=mentor.id))


def _count(portfolio: Portfolio) -> int:
    return len(records.list_records(portfolio, SessionRecord))


@pytest.mark.today("2026-11-23")
def test_a_blank_session_says_what_is_missing_and_saves_nothing(
    portfolio: Portfolio, rel: Relationship
) -> None:
    blank = SessionRecord(held_on=clock.today(), relationship_id=rel.id)
    for spaces in ("", "   ", "\n\t"):
        with pytest.raises(ValidationFailed) as refused:
            records.save(portfolio, SessionRecord(**{**vars(blank), "topics": spaces}))
        assert "write what you discussed" in refused.value.problems["topics"]
    assert _count(portfolio) == 0
    records.save(portfolio, SessionRecord(**{**vars(blank), "key_learning": "Delegate"}))
    assert _count(portfolio) == 1


@pytest.mark.parametrize(
    ("pinned", "ahead", "held"),
    [
        ("2026-12-31 23:59:30", date(2027, 1, 1), date(2026, 12, 31)),
        ("2028-02-28 12:00:00", date(2028, 2, 29), date(2028, 2, 28)),
        ("2028-02-29 09:00:00", date(2028, 3, 1), date(2028, 2, 29)),
        ("2026-11-23 12:00:00", date(2027, 1, 15), date(2026, 11, 23)),
    ],
)
def test_a_session_dated_ahead_is_refused_in_one_sentence(
    portfolio: Portfolio, rel: Relationship, pinned: str, ahead: date, held: date
) -> None:
    with time_machine.travel(datetime.fromisoformat(pinned).astimezone(), tick=False):
        with pytest.raises(ValidationFailed) as refused:
            records.save(
                portfolio, SessionRecord(relationship_id=rel.id, held_on=ahead, topics="Plan")
            )
        assert refused.value.problems == {
            "held_on": "is after today: a session is recorded once it has been held"
        }
        assert _count(portfolio) == 0
        saved = records.save(
            portfolio,
            SessionRecord(relationship_id=rel.id, held_on=held, topics="Plan", next_meeting=ahead),
        )
        assert saved.next_meeting == ahead  # a next meeting is ahead by nature


@pytest.mark.today("2026-11-23")
def test_dates_only_ever_past_are_declared_so_and_refused() -> None:
    refused = {
        (spec.kind, f.name)
        for spec in registry.all_specs()
        for f in spec.fields
        if f.future is Future.REFUSED
    }
    assert (RecordKind.SESSION, "held_on") in refused
    marked = {
        (spec.kind, f.name)
        for spec in registry.all_specs()
        for f in spec.fields
        if f.future is Future.MARKED
    }
    assert {(RecordKind.SESSION, "next_meeting"), (RecordKind.OWNER, "next_appraisal_date")} <= (
        marked
    )
    tomorrow = clock.today() + timedelta(days=1)
    for spec in registry.all_specs():
        for f in spec.fields:
            if f.future is Future.REFUSED:
                assert f.problem(tomorrow, clock.today()), (spec.kind, f.name)
                assert f.problem(clock.today(), clock.today()) is None


@pytest.mark.today("2026-11-23")
def test_a_pasted_page_in_a_one_line_field_is_refused(
    portfolio: Portfolio, rel: Relationship
) -> None:
    base = SessionRecord(relationship_id=rel.id, held_on=clock.today(), topics="Plan")
    page = ("The seminar room on the second floor, " * 300)[:11_400]
    with pytest.raises(ValidationFailed) as refused:
        records.save(portfolio, SessionRecord(**{**vars(base), "location": page}))
    assert refused.value.problems["location"] == (
        "is too long (11,400 characters; at most 120 on one line)"
    )
    for line_break in ("\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"):
        location = f"Room 2{line_break}Level 3"
        with pytest.raises(ValidationFailed, match="takes one line"):
            records.save(portfolio, SessionRecord(**{**vars(base), "location": location}))
    with pytest.raises(ValidationFailed, match="takes one line"):
        records.save(portfolio, Mentor(name="Dr Ada\r\nLovelace"))
    assert _count(portfolio) == 0
    records.save(portfolio, SessionRecord(**{**vars(base), "location": "x" * 120}))
    assert _count(portfolio) == 1


def test_every_one_line_field_has_a_sensible_maximum() -> None:
    for spec in registry.all_specs():
        for f in spec.fields:
            if f.shape is Shape.LINE:
                assert 50 <= f.most_characters <= 300, (spec.kind, f.name)


def test_the_profile_refuses_the_same(portfolio: Portfolio) -> None:
    with pytest.raises(ValidationFailed, match="takes one line"):
        profile.save_owner(portfolio, OwnerProfile(name="Siân", specialty="GP\nPartner"))


@pytest.mark.today("2026-11-23")
def test_a_paper_signature_dated_tomorrow_is_refused() -> None:
    def problems(day: date) -> dict[str, str]:
        return validate_signature(
            "Siân", day, SignatureMethod.INK, has_strokes=False, has_scan=False
        )

    assert problems(clock.today()) == {}
    assert problems(clock.today() + timedelta(days=1)) == {
        "date signed": "cannot be in the future: a signature is dated the day it was made"
    }


def test_an_import_keeps_records_dated_ahead_of_the_day_it_runs() -> None:
    spec = registry.spec(RecordKind.SESSION)
    ahead = SessionRecord(relationship_id=1, held_on=date(2199, 1, 1), topics="Kept")
    assert "held_on" in spec.check(ahead)
    assert spec.check(ahead, typed=False) == {}


def test_an_import_keeps_lines_kept_before_one_line_fields_had_limits() -> None:
    """An export made before the one-line rules (a 150-character location, a line
    break pasted into it) imports whole; typed again, the same text is refused."""
    spec = registry.spec(RecordKind.SESSION)
    for location in ("Ward 7, " * 19, "Ward 7\nSide room", "Ward 7\u2028Side room"):
        kept = SessionRecord(
            relationship_id=1, held_on=date(2026, 1, 5), topics="Kept", location=location
        )
        assert "location" in spec.check(kept)
        assert spec.check(kept, typed=False) == {}


@pytest.mark.today("2026-11-23")
def test_a_session_dated_ahead_is_not_counted_as_held(
    portfolio: Portfolio, rel: Relationship
) -> None:
    records.save(
        portfolio,
        SessionRecord(relationship_id=rel.id, held_on=date(2026, 3, 2), topics="Held"),
    )
    # Kept from before the rule (or from a computer whose clock ran ahead).
    with time_machine.travel(datetime(2027, 1, 20, 12).astimezone(), tick=False):
        records.save(
            portfolio,
            SessionRecord(
                relationship_id=rel.id,
                held_on=date(2027, 1, 15),
                topics="Ahead",
                duration_minutes=90,
            ),
        )
    assert [s.topics for s in sessions.held(portfolio)] == ["Held"]
    assert [s.topics for s in sessions.held(portfolio, limit=3)] == ["Held"]
    year = sessions.appraisal_year(portfolio)
    assert (year.sessions, year.hours) == (1, 1.0)
    # The pack's period runs to the next appraisal, in the future: still only held.
    request = PackRequest(date(2026, 1, 1), date(2027, 5, 31))
    titles = [i.title for i in candidates(portfolio, request) if i.kind is RecordKind.SESSION]
    assert titles == ["Session of 02/03/2026"]


@pytest.mark.today("2026-11-23")
def test_a_session_kept_dated_ahead_can_still_be_edited(
    portfolio: Portfolio, rel: Relationship
) -> None:
    """Written up ahead before that was refused (or on a computer whose clock ran
    ahead): its notes can still be corrected; only a new date ahead is refused."""
    with time_machine.travel(datetime(2027, 1, 20, 12).astimezone(), tick=False):
        ahead = records.save(
            portfolio,
            SessionRecord(relationship_id=rel.id, held_on=date(2027, 1, 15), topics="Planned"),
        )
    corrected = records.save(portfolio, replace(ahead, topics="Planned: rota"))
    assert corrected.topics == "Planned: rota" and corrected.held_on == date(2027, 1, 15)
    saved = sessions.save_session(
        portfolio,
        replace(corrected, summary="Agreed"),
        new_actions=[Action(relationship_id=rel.id, description="Book the rota meeting")],
    )
    assert saved.session.summary == "Agreed"
    with pytest.raises(ValidationFailed) as refused:
        records.save(portfolio, replace(corrected, held_on=date(2027, 1, 16)))
    assert "held_on" in refused.value.problems
