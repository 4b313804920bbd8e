"""The user's locale's short date format, for the command line (the window asks Qt):
glibc's and macOS's nl_langinfo from the environment (LC_ALL, LC_TIME, LANG)."""

from __future__ import annotations

import locale
import sys


def short_date_pattern() -> str | None:
    """The locale's date format with d, M and y for day, month and year ("d/M/y",
    "M/d/y", "y-M-d"), or None where no locale is set (C, POSIX), it is not installed,
    or the system has no such call (Windows: the command line then reads British
    order, as it says)."""
    if sys.platform == "win32":
        return None
    previous = locale.setlocale(locale.LC_TIME)
    try:
        name = locale.setlocale(locale.LC_TIME, "")
        pattern = locale.nl_langinfo(locale.D_FMT)  # "%d/%m/%y", "%m/%d/%Y", "%Y-%m-%d"
    except locale.Error:
        return None
    finally:
        locale.setlocale(locale.LC_TIME, previous)
    if name in ("C", "POSIX") or name.startswith("C."):
        return None
    for code, letter in {"%d": "d", "%e": "d", "%m": "M", "%Y": "y", "%y": "y"}.items():
        pattern = pattern.replace(code, letter)
    return pattern
