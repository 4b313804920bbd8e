"""Rules that make some records read-only. Every write path (services, CLI, import)
goes through app.services.records, which asks here first."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.domain.enums import RecordKind


def check_editable(session: Session, kind: RecordKind, record: Any) -> None:
    """Raise RecordFrozen if ``record`` may not be changed in place."""
    return None


def check_deletable(session: Session, kind: RecordKind, record_id: int) -> None:
    """Raise RecordFrozen if the record may not be deleted."""
    return None
