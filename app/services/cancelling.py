"""Stopping long work part-way at the user's Cancel: the work's progress function raises
``Cancelled`` and everything it had begun is undone, so nothing changed."""

from __future__ import annotations

from app.domain.errors import KnownError


class Cancelled(KnownError):
    def __init__(self) -> None:
        super().__init__("Cancelled; nothing was changed.")
