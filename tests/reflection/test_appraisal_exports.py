"""CPD text/CSV, the calendar and the appraisal pack share the mentee's summaries, not
their private reflections (unless asked), and carry no confidential text they need not."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest

from app.domain.enums import RecordKind, RelationshipStatus
from app.domain.kinds.reflective_note import KIND as NOTE
from app.domain.kinds.reflective_note import ReflectiveNote, Structure
from app.domain.record_types import Contract, Mentor, Relationship, SessionRecord
from app.services import appraisal_text, ledger, records, reviews
from app.services.calendar_export import calendar_text
from app.services.portfolio import Portfolio
from tests.cli.conftest import run_cli

TODAY = date(2026, 11, 23)
pytestmark = pytest.mark.today(TODAY.isoformat())


def _filled(portfolio: Portfolio) -> tuple[Relationship, SessionRecord]:
    mentor = records.save(portfolio, Mentor(name="Dr Amara Okonkwo", role="GP partner"))
    rel = records.save(
        portfolio,
        Relationship(mentor_id=mentor.id, scheme="Wales GP scheme", start_date=date(2026, 3, 2)),
    )
    records.save(portfolio, Contract(relationship_id=rel.id, review_date=date(2026, 12, 1)))
    session = records.save(
        portfolio,
        SessionRecord(
            relationship_id=rel.id,
            held_on=date(2026, 10, 1),
            duration_minutes=90,
            topics="TOPIC-SECRET rota",
            summary="SUMMARY-SECRET",
            private_reflection="PRIVATE-SECRET I cried after clinic",
            appraisal_learning="Delegating = trusting the team",
            appraisal_next_steps="Teach",
            next_meeting=TODAY + timedelta(days=10),
        ),
    )
    return rel, session


def test_cpd_entries_use_summaries_not_private_text(portfolio: Portfolio) -> None:
    _filled(portfolio)
    entries = appraisal_text.cpd_entries(portfolio, date(2026, 1, 1), date(2026, 12, 31))
    (entry,) = entries
    assert entry.hours == 1.5 and entry.type == "mentoring" and entry.on == date(2026, 10, 1)
    text = appraisal_text.as_text(entries)
    assert "Delegating = trusting the team" in text and "Next steps: Teach" in text
    for secret in ("PRIVATE-SECRET", "TOPIC-SECRET", "SUMMARY-SECRET", "Okonkwo"):
        assert secret not in text
    rows = list(csv.reader(io.StringIO(appraisal_text.as_csv(entries))))
    assert rows[0] == list(appraisal_text.CSV_COLUMNS)
    assert rows[1][1] == "01/10/2026" and rows[1][2] == "1.5" and rows[1][3] == "mentoring"
    assert "PRIVATE-SECRET" not in rows[1][4]
    with_private = appraisal_text.cpd_entries(
        portfolio, date(2026, 1, 1), date(2026, 12, 31), include_reflections=True
    )
    assert "PRIVATE-SECRET I cried" in appraisal_text.as_text(with_private)


def test_csv_cells_cannot_become_formulas(portfolio: Portfolio) -> None:
    rel, session = _filled(portfolio)
    records.save(
        portfolio,
        records.copy_with(
            session, appraisal_learning="", appraisal_next_steps="", appraisal_practice_change=""
        ),
    )
    entries = appraisal_text.cpd_entries(portfolio, date(2026, 1, 1), date(2026, 12, 31))
    entries = [e.__class__(**{**vars(e), "reflection": '=HYPERLINK("x")'}) for e in entries]
    assert "'=HYPERLINK" in appraisal_text.as_csv(entries)


def test_calendar_is_valid_and_says_nothing_confidential(portfolio: Portfolio) -> None:
    _filled(portfolio)
    text = calendar_text(portfolio, TODAY)
    cal = icalendar.Calendar.from_ical(text)
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == ["Mentoring meeting", "Mentoring review"]
    starts = sorted(e["DTSTART"].dt for e in events)
    assert starts == [date(2026, 12, 1), TODAY + timedelta(days=10)]
    for secret in ("SECRET", "Okonkwo", "Amara", "Wales", "rota", "GP"):
        assert secret not in text
    assert calendar_text(portfolio, TODAY).split("UID:")[1][:32] == text.split("UID:")[1][:32]


def test_reviews_due_and_overdue(portfolio: Portfolio) -> None:
    rel, _ = _filled(portfolio)
    items = reviews.due_items(portfolio, TODAY)
    assert [(i.what, i.state, i.on) for i in items] == [
        ("review", "due", date(2026, 12, 1)),
        ("meeting", "due", TODAY + timedelta(days=10)),
    ]
    later = reviews.due_items(portfolio, date(2026, 12, 20))
    assert {(i.what, i.state) for i in later} == {
        ("meeting", "overdue"),
        ("review", "overdue"),
        ("review", "upcoming"),
    }
    # Without a contract review date: 3 and 6 months from the start, then 6-monthly.
    points = reviews.review_points(rel, None, date(2027, 12, 31))
    assert points[:4] == [date(2026, 6, 2), date(2026, 9, 2), date(2027, 3, 2), date(2027, 9, 2)]
    # The relationship's own review date (shown on its form and printed) comes first.
    rescheduled = records.copy_with(rel, review_date=date(2027, 1, 20))
    assert reviews.review_points(rescheduled, None, date(2027, 12, 31))[:2] == [
        date(2027, 1, 20),
        date(2027, 7, 20),
    ]
    records.save(portfolio, rescheduled)
    assert [(i.what, i.on) for i in reviews.due_items(portfolio, TODAY) if i.what == "review"] == [
        ("review", date(2027, 1, 20))
    ]
    ended = records.save(
        portfolio,
        records.copy_with(
            records.get(portfolio, Relationship, rel.id), status=RelationshipStatus.PAUSED
        ),
    )
    assert reviews.due_items(portfolio, TODAY) == [] and ended.id == rel.id


def test_cpd_command_stops_on_identifiers(portfolio: Portfolio, tmp_path: Path) -> None:
    _, session = _filled(portfolio)
    records.save(
        portfolio,
        records.copy_with(
            session, appraisal_practice_change="Saw Mrs X, NHS number 943 476 5919, sooner"
        ),
    )
    portfolio.lock()
    out = tmp_path / "cpd.csv"
    args = ("cpd", portfolio.path, "--from", "2026-01-01", "--to", "2026-12-31", "-o", out)
    refused = run_cli(*args)
    assert refused.code == 2 and "NHS number" in refused.err and "943 476 5919" in refused.err
    assert not out.exists()
    confirmed = run_cli(*args, "--confirm-identifiers")
    assert confirmed.code == 0, confirmed.err
    data = out.read_bytes()
    assert data.startswith("\ufeff".encode()) and "Delegating" in data.decode("utf-8-sig")
    calendar = run_cli("calendar", portfolio.path, "-o", tmp_path / "m.ics")
    assert calendar.code == 0 and "2 events" in calendar.out + calendar.err


def test_pack_command_stops_on_identifiers(portfolio: Portfolio, tmp_path: Path) -> None:
    _, session = _filled(portfolio)
    records.save(
        portfolio,
        records.copy_with(
            session, appraisal_learning="Phoned the family on 07700 900123 about SW1A 1AA"
        ),
    )
    portfolio.lock()
    out = tmp_path / "pack.pdf"
    args = ("pack", portfolio.path, "--from", "2026-01-01", "--to", "2026-12-31", "-o", out)
    refused = run_cli(*args)
    assert refused.code == 2 and not out.exists()
    assert "phone number" in refused.err and "[07700 900123]" in refused.err
    assert "postcode" in refused.err and "--confirm-identifiers" in refused.err
    confirmed = run_cli(*args, "--confirm-identifiers")
    assert confirmed.code == 0, confirmed.err
    assert out.read_bytes().startswith(b"%PDF") and "2 possible identifier" in confirmed.err


def test_cpd_entries_carry_reflective_notes_summary_never_the_private_note(
    portfolio: Portfolio,
) -> None:
    _filled(portfolio)
    note = records.save(
        portfolio,
        ReflectiveNote(
            title="Escalating  earlier",
            written_on=date(2026, 9, 14),
            structure=Structure.GIBBS,
            domain_safety=True,
            domain_communication=True,
            part_1="NOTE-PRIVATE-DESCRIPTION",
            part_6="NOTE-PRIVATE-PLAN",
            learning_summary="I now escalate = sooner, and say why",
        ),
    )
    records.save(  # no learning summary: nothing that may be shared, so no entry
        portfolio,
        ReflectiveNote(title="Draft", written_on=date(2026, 9, 20), part_1="NOTE-PRIVATE-DRAFT"),
    )
    for private in (False, True):
        entries = appraisal_text.cpd_entries(
            portfolio, date(2026, 1, 1), date(2026, 12, 31), include_reflections=private
        )
        assert [(e.kind, e.on) for e in entries] == [
            (NOTE, date(2026, 9, 14)),
            (RecordKind.SESSION, date(2026, 10, 1)),
        ]
        text = appraisal_text.as_text(entries)
        spreadsheet = appraisal_text.as_csv(entries)
        for written in (text, spreadsheet):
            assert "NOTE-PRIVATE" not in written
            assert "Reflective note: Escalating earlier" in written
            assert "I now escalate = sooner" in written
            assert "Good Medical Practice: Safety and quality; Communication" in written
        assert "1 session and 1 reflective note, 1.5 hours" in text
        rows = list(csv.reader(io.StringIO(spreadsheet)))
        assert rows[1][1:4] == ["14/09/2026", "", "reflection"]
    out = Path(portfolio.path.parent / "cpd.csv")
    appraisal_text.save_cpd(portfolio, entries, out, as_spreadsheet=True)
    (entry,) = ledger.entries(portfolio)
    assert (NOTE.value, note.id) in {(r.kind, r.record_id) for r in entry.records}
    assert "NOTE-PRIVATE" not in out.read_text(encoding="utf-8-sig")
