"""Hours of mentoring, rounded one way everywhere they are printed or exported: each
session to two decimal places (as a CPD entry carries it), and a total as the sum of
those, so the appraisal pack's total is the sum of the CPD export's entries."""

from __future__ import annotations

from collections.abc import Iterable


def session_hours(minutes: int) -> float:
    """One session's length in hours, to two decimal places (75 minutes: 1.25)."""
    return round(minutes / 60, 2)


def total_hours(minutes: Iterable[int]) -> float:
    """The hours of several sessions: the sum of each one's ``session_hours``."""
    return round(sum(session_hours(m) for m in minutes), 2)


def hours_text(hours: float) -> str:
    """Hours as printed and exported: at most two decimal places, no trailing zeros
    ("18.33", "1.5", "1")."""
    return f"{hours:.2f}".rstrip("0").rstrip(".")
