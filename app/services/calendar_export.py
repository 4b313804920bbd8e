"""The next meetings and review dates as an iCalendar (.ics) file. Calendars sync to
phones and clouds, so an event says only "Mentoring meeting" or "Mentoring review":
no names, no topics, nothing else from the portfolio."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

from app.domain import clock
from app.services.portfolio import Portfolio
from app.services.reviews import MEETING, due_items
from app.store.outputs import write_output

SUMMARIES = {MEETING: "Mentoring meeting", "review": "Mentoring review"}


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")


def calendar_text(portfolio: Portfolio, today: date | None = None) -> str:
    today = today or clock.today()
    stamp = clock.utc_now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Mentee Portfolio//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for item in due_items(portfolio, today):
        if item.on < today:
            continue
        # Stable across exports, so re-importing updates events instead of duplicating.
        uid = hashlib.sha256(
            f"{portfolio.portfolio_id}:{item.what}:{item.relationship_id}:"
            f"{item.on.isoformat()}".encode()
        ).hexdigest()[:32]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@mentee-portfolio",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{item.on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{item.on + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(SUMMARIES[item.what])}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def save_calendar(portfolio: Portfolio, path: Path, today: date | None = None) -> int:
    """Write the .ics (mode 0600; ``-``: standard output), never over the portfolio's
    own files (app.store.outputs); returns how many events it holds."""
    text = calendar_text(portfolio, today)
    write_output(
        path, text.encode("utf-8"), "the calendar", owners=[portfolio.path], allow_stdout=True
    )
    with portfolio.transaction() as db:
        portfolio.record_output(
            db, "export", "portfolio", detail="Calendar of meetings and reviews"
        )
    return text.count("BEGIN:VEVENT")
