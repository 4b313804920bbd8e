"""The next meetings and review dates as an iCalendar (.ics) file. Calendars sync to
phones and clouds, so an event says only "Mentoring meeting" or "Mentoring review":
no names, no topics, nothing else from the portfolio."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

from app.domain import clock
from app.domain.enums import RecordKind
from app.services import ledger
from app.services.portfolio import Portfolio
from app.services.reviews import MEETING, due_items

SUMMARIES = {MEETING: "Mentoring meeting", "review": "Mentoring review"}


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")


TITLE = "Next meetings and review dates"


def calendar_text(portfolio: Portfolio, today: date | None = None) -> str:
    return _calendar(portfolio, today)[0]


_HEADER = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Mentee Portfolio//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
]


def _event(
    portfolio: Portfolio, what: str, relationship_id: int, on: date, stamp: str
) -> list[str]:
    """One all-day event's lines, its UID stable across exports (so re-importing updates
    the event instead of duplicating it, and a booked meeting is the calendar's own)."""
    uid = hashlib.sha256(
        f"{portfolio.portfolio_id}:{what}:{relationship_id}:{on.isoformat()}".encode()
    ).hexdigest()[:32]
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}@mentee-portfolio",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{on:%Y%m%d}",
        f"DTEND;VALUE=DATE:{on + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(SUMMARIES[what])}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def _stamp() -> str:
    """DTSTAMP: when the file is made (one for all its events)."""
    return clock.utc_now().strftime("%Y%m%dT%H%M%SZ")


def _ics(lines: list[str]) -> str:
    return "\r\n".join([*_HEADER, *lines, "END:VCALENDAR"]) + "\r\n"


def _calendar(portfolio: Portfolio, today: date | None = None) -> tuple[str, list[int]]:
    """The .ics text, and the relationships whose dates it holds."""
    today = today or clock.today()
    stamp = _stamp()
    events: list[str] = []
    relationships = []
    for item in due_items(portfolio, today):
        if item.on < today:
            continue
        relationships.append(item.relationship_id)
        events += _event(portfolio, item.what, item.relationship_id, item.on, stamp)
    return _ics(events), relationships


def meeting_text(portfolio: Portfolio, relationship_id: int, on: date) -> str:
    """One event, "Mentoring meeting" on ``on``, to book the next meeting in a calendar
    (the Overview's "Book a meeting…"): nothing else from the portfolio."""
    return _ics(_event(portfolio, MEETING, relationship_id, on, _stamp()))


def save_meeting(portfolio: Portfolio, relationship_id: int, on: date, path: Path) -> None:
    """Write meeting_text as an .ics (mode 0600), as save_calendar does, recorded in
    the ledger of what left the portfolio."""
    outgoing = ledger.Outgoing(
        ledger.CALENDAR,
        "A mentoring meeting",
        ledger.record_refs(RecordKind.RELATIONSHIP.value, [relationship_id]),
        (ledger.DATES,),
    )
    text = meeting_text(portfolio, relationship_id, on)
    ledger.save(portfolio, outgoing, text.encode("utf-8"), path, "the calendar")


def save_calendar(portfolio: Portfolio, path: Path, today: date | None = None) -> int:
    """Write the .ics (mode 0600; ``-``: standard output), never over the portfolio's
    own files (app.store.outputs), and records it in the ledger of what left the
    portfolio; returns how many events it holds."""
    text, relationships = _calendar(portfolio, today)
    outgoing = ledger.Outgoing(
        ledger.CALENDAR,
        TITLE,
        ledger.record_refs(RecordKind.RELATIONSHIP.value, relationships),
        (ledger.DATES,),
    )
    ledger.save(portfolio, outgoing, text.encode("utf-8"), path, "the calendar", allow_stdout=True)
    return text.count("BEGIN:VEVENT")
