"""The one clock of the app: the computer's local date and time.

Every "today" and "now" in the app is asked of this module, and nothing else reads the
system clock. Tests set the day with `time-machine` (which moves the standard library's
clock, and so this one), or run a command under libfaketime; a service that takes a
`today` argument uses it instead of asking here.

Stored timestamps (audit entries, signatures, attachments) are UTC, naive, to the
second, as the database has always kept them; dates the user sees and types are local.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def today() -> date:
    """The local calendar date."""
    return date.today()


def now() -> datetime:
    """The local date and time, aware of its UTC offset."""
    return datetime.now().astimezone()


def utc_now() -> datetime:
    """Now in UTC, naive and to the second: the form every stored timestamp takes."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def local_time(stored: datetime) -> datetime:
    """A stored timestamp (naive UTC) as the local date and time the user sees."""
    return stored.replace(tzinfo=UTC).astimezone()
