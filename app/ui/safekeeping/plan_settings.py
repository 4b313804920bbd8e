"""Each portfolio's backup plan in the app's settings: folders (paths) and the interval,
and when a backup last reached the second folder (a USB stick taken out lists nothing)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from app.services.auto_backup import DEFAULT_INTERVAL, BackupPlan
from app.ui.app_settings import settings


def _key(portfolio_id: str, name: str) -> str:
    return f"backups/{portfolio_id}/{name}"


def _path(value: object) -> Path | None:
    return Path(value) if isinstance(value, str) and value else None


def load_plan(portfolio_id: str) -> BackupPlan:
    store = settings()
    minutes = store.value(_key(portfolio_id, "interval_minutes"), None)
    try:
        interval = timedelta(minutes=max(1, int(str(minutes))))
    except ValueError:
        interval = DEFAULT_INTERVAL
    return BackupPlan(
        _path(store.value(_key(portfolio_id, "folder"), "")),
        _path(store.value(_key(portfolio_id, "second_folder"), "")),
        interval,
    )


def save_plan(portfolio_id: str, plan: BackupPlan) -> None:
    store = settings()
    store.setValue(_key(portfolio_id, "folder"), str(plan.folder or ""))
    store.setValue(_key(portfolio_id, "second_folder"), str(plan.second_folder or ""))
    store.setValue(_key(portfolio_id, "interval_minutes"), int(plan.interval.total_seconds() // 60))


def second_reached_at(portfolio_id: str) -> datetime | None:
    value = settings().value(_key(portfolio_id, "second_reached_at"), "")
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def note_second_reached(portfolio_id: str, when: datetime) -> None:
    settings().setValue(_key(portfolio_id, "second_reached_at"), when.isoformat())
