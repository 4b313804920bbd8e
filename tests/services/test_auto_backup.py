"""Automatic backups: the schedule rule, the calendar rotation over real encrypted
backups, the second folder (missing: said once, backed up to the first), and the
status the Overview shows, all under a moved clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from app.services import auto_backup
from app.services.auto_backup import (
    BackupPlan,
    Trigger,
    backup_due,
    backup_status,
    kept_by_calendar,
    run_automatic_backup,
)
from app.services.portfolio import Portfolio
from app.store.encrypted_copy import default_backup_dir, list_backups
from app.store.files import keyslot_path

T0 = datetime(2026, 11, 23, 9, 0)
MIN = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("trigger", "now", "last_backup", "last_change", "due"),
    [
        (Trigger.TIMER, T0, None, None, True),  # never backed up
        (Trigger.QUIT, T0, None, None, False),  # opened and closed: nothing new to keep
        (Trigger.LOCK, T0, None, T0, True),
        (Trigger.CHANGE, T0, T0 - 5 * MIN, T0, False),  # within the interval
        (Trigger.CHANGE, T0, T0 - 10 * MIN, T0, True),  # the interval has passed
        (Trigger.TIMER, T0, T0 - 60 * MIN, T0 - 61 * MIN, False),  # nothing changed since
        (Trigger.TIMER, T0, T0 - 60 * MIN, None, False),  # nothing changed at all
        (Trigger.LOCK, T0, T0 - 1 * MIN, T0, True),  # locking: changed, so due at once
        (Trigger.QUIT, T0, T0 - 1 * MIN, T0, True),
        (Trigger.QUIT, T0, T0 - 1 * MIN, T0 - 2 * MIN, False),  # quitting, nothing new
        (Trigger.TIMER, T0, T0 + 120 * MIN, T0 + 121 * MIN, True),  # clock set back
    ],
)
def test_when_a_backup_is_due(
    trigger: Trigger,
    now: datetime,
    last_backup: datetime | None,
    last_change: datetime | None,
    due: bool,
) -> None:
    assert backup_due(trigger, now, last_backup, last_change) is due


def test_a_longer_interval_waits_longer() -> None:
    assert not backup_due(Trigger.CHANGE, T0, T0 - 20 * MIN, T0, timedelta(minutes=30))
    assert backup_due(Trigger.CHANGE, T0, T0 - 30 * MIN, T0, timedelta(minutes=30))


def test_calendar_rule_keeps_7_days_4_weeks_12_months() -> None:
    # Three backups a day for two years, newest first.
    made = [T0 - timedelta(hours=8 * n) for n in range(3 * 730)]
    kept = sorted(made[i] for i in kept_by_calendar(made))
    days = {m.date() for m in kept}
    months = {(m.year, m.month) for m in kept}
    assert made[0] in kept
    # The newest of each of the last 7 days...
    for n in range(7):
        day = (T0 - timedelta(days=n)).date()
        assert max(m for m in made if m.date() == day) in kept
    # ... of the last 4 weeks and 12 months, nothing older.
    assert len(months) == 12
    assert min(kept) >= datetime(2025, 12, 1)
    assert len(kept) <= 7 + 4 + 12
    assert len(days) == len(kept)  # one a day at most


def test_calendar_rule_with_few_backups_keeps_them_all() -> None:
    made = [T0, T0 - timedelta(days=3), T0 - timedelta(days=40)]
    assert kept_by_calendar(made) == {0, 1, 2}


def _back_up_at(portfolio: Portfolio, moment: datetime, plan: BackupPlan) -> Path:
    with time_machine.travel(moment.astimezone(), tick=False):
        result = run_automatic_backup(portfolio, plan)
    return result.made[0]


def test_rotation_over_real_backups_follows_the_calendar(portfolio: Portfolio) -> None:
    plan = BackupPlan()
    # One backup every 5 days for 100 days, then three on the last day.
    moments = [T0 - timedelta(days=5 * n) for n in range(20, 0, -1)]
    moments += [T0 + timedelta(hours=h) for h in (0, 1, 2)]
    for moment in moments:
        _back_up_at(portfolio, moment, plan)
    left = [b.made_at for b in list_backups(portfolio.path, default_backup_dir(portfolio.path))]
    expected = [moments[::-1][i] for i in kept_by_calendar(moments[::-1])]
    assert sorted(left) == sorted(expected)
    assert T0 + timedelta(hours=2) in left and T0 + timedelta(hours=1) not in left
    assert len(left) < len(moments)


def test_a_damaged_backup_is_not_counted_and_not_kept_in_place_of_a_whole_one(
    portfolio: Portfolio,
) -> None:
    plan = BackupPlan()
    first = _back_up_at(portfolio, T0 - timedelta(days=2), plan)
    first.write_bytes(first.read_bytes()[:4096])  # cut short
    second = _back_up_at(portfolio, T0 - timedelta(days=1), plan)
    third = _back_up_at(portfolio, T0, plan)
    assert second.exists() and third.exists()  # two whole ones, both days kept
    assert first.exists()  # newer than nothing kept: left for the user to see


def test_a_missing_second_folder_is_said_calmly_and_the_first_gets_the_backup(
    portfolio: Portfolio, tmp_path: Path
) -> None:
    usb = tmp_path / "usb" / "backups"
    plan = BackupPlan(second_folder=usb)
    made = _back_up_at(portfolio, T0, plan)
    assert made.parent == default_backup_dir(portfolio.path)
    with time_machine.travel((T0 + MIN).astimezone(), tick=False):
        result = run_automatic_backup(portfolio, plan)
    assert result.second_missing
    assert "is not there" in result.notice and str(usb) in result.notice
    assert "Traceback" not in result.notice and result.notice.count(". ") <= 2
    usb.mkdir(parents=True)
    with time_machine.travel((T0 + 2 * MIN).astimezone(), tick=False):
        result = run_automatic_backup(portfolio, plan)
    assert not result.second_missing and not result.notice
    assert [p.parent for p in result.made] == [default_backup_dir(portfolio.path), usb]
    assert keyslot_path(result.made[1]).exists()


def test_status_says_when_and_where_and_14_days_without_the_second_folder(
    portfolio: Portfolio, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    plan = BackupPlan(second_folder=usb)
    with time_machine.travel(T0.astimezone(), tick=False):
        assert backup_status(portfolio.path, plan).summary() == "No backup has been made yet."
    with time_machine.travel(T0.astimezone(), tick=False):
        reached = run_automatic_backup(portfolio, plan).reached_second_at
    assert reached == T0
    moved = usb.rename(tmp_path / "usb-taken-out")
    _back_up_at(portfolio, T0 + timedelta(days=13), plan)
    with time_machine.travel((T0 + timedelta(days=13, hours=23)).astimezone(), tick=False):
        status = backup_status(portfolio.path, plan, reached)
    assert status.last_at == T0 + timedelta(days=13)
    assert status.last_where is not None
    assert status.last_where.parent == default_backup_dir(portfolio.path)
    assert not status.second_overdue  # 13 days and 23 hours
    with time_machine.travel((T0 + timedelta(days=15, hours=1)).astimezone(), tick=False):
        status = backup_status(portfolio.path, plan, reached)
        text = status.summary()
    assert status.second_overdue and status.second_last_at == T0
    assert "23 Nov 2026" not in text and "06 Dec 2026 at 09:00" in text
    assert "No backup has reached the second folder for 15 days." in text
    moved.rename(usb)
    with time_machine.travel((T0 + timedelta(days=15, hours=2)).astimezone(), tick=False):
        run_automatic_backup(portfolio, plan)
        assert not backup_status(portfolio.path, plan).second_overdue


def test_the_interval_default_is_ten_minutes() -> None:
    assert timedelta(minutes=10) == auto_backup.DEFAULT_INTERVAL


def test_a_read_only_backup_folder_is_one_sentence_and_earlier_backups_stay(
    portfolio: Portfolio, tmp_path: Path
) -> None:
    import os

    from app.domain.errors import KnownError

    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    folder = tmp_path / "elsewhere"
    plan = BackupPlan(folder=folder)
    first = _back_up_at(portfolio, T0, plan)
    folder.chmod(0o500)
    try:
        with pytest.raises(KnownError) as caught:
            _back_up_at(portfolio, T0 + timedelta(days=1), plan)
    finally:
        folder.chmod(0o700)
    assert "read-only" in caught.value.message and "\n" not in caught.value.message
    assert [b.path for b in list_backups(portfolio.path, folder)] == [first]


def test_a_second_folder_that_cannot_be_written_is_a_notice_not_a_failure(
    portfolio: Portfolio, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("not a folder")
    result = run_automatic_backup(portfolio, BackupPlan(second_folder=not_a_folder))
    assert len(result.made) == 1 and result.second_missing
    assert str(not_a_folder) in result.notice
