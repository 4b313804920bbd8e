"""Automatic backups: when one is due, where it goes, which to keep, and what to say.

The rules (docs/backups.md):

- **When.** A backup is due when something changed since the last one and either the
  portfolio is being locked or the app is quitting, or at least the interval (10
  minutes unless set) has passed since the last one. A portfolio never backed up is
  backed up at the first periodic check (locking or quitting back up only changes). A
  clock set back (the last backup seems to lie in the future) makes one due rather than
  none for hours.
- **Which to keep.** Among the backups that open with the portfolio's key and are whole
  (``app.store.encrypted_copy.is_whole``; the one just made counts as the newest): the newest of
  each of the last 7 days that have one, of the last 4 weeks (ISO weeks), and of the
  last 12 months. Others of this portfolio's backups are deleted; a file that does not
  open with the key is never deleted (it may be another portfolio's), and a damaged one
  of ours is deleted only once it is older than every backup kept.
- **Where.** Always to the backup folder (``backups/`` beside the portfolio unless
  another is chosen), and also to a second folder when one is chosen (a USB stick, a
  synced folder). A second folder that is not there when a backup is due is reported
  once, calmly (``AutoBackupResult.notice``); the backup still reaches the first folder.
- **Said.** ``backup_status`` answers "when was the last backup made, and where", and
  whether 14 days have passed without one reaching the second folder."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from app.domain import clock
from app.domain.errors import KnownError
from app.services import backup as backup_service
from app.services.cancelling import Cancelled
from app.services.portfolio import Portfolio
from app.store.encrypted_copy import (
    BackupFile,
    CopyProgress,
    default_backup_dir,
    is_ours,
    is_whole,
    list_backups,
    remove_backup,
)
from app.store.files import printable

DEFAULT_INTERVAL = timedelta(minutes=10)
SECOND_FOLDER_GRACE = timedelta(days=14)
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12


class Trigger(enum.Enum):
    """What asks whether a backup is due."""

    CHANGE = "change"  # something was saved
    TIMER = "timer"  # the periodic check while the portfolio is open
    LOCK = "lock"  # the portfolio is being locked
    QUIT = "quit"  # the app is quitting


def backup_due(
    trigger: Trigger,
    now: datetime,
    last_backup_at: datetime | None,
    last_change_at: datetime | None,
    interval: timedelta = DEFAULT_INTERVAL,
) -> bool:
    """Whether an automatic backup is due now (the rule in the module's docstring)."""
    if trigger in (Trigger.LOCK, Trigger.QUIT):
        # Only for what changed: opening and closing again makes no backup.
        return last_change_at is not None and (
            last_backup_at is None or last_change_at >= last_backup_at
        )
    if last_backup_at is None:
        return True
    if last_change_at is None or last_change_at < last_backup_at:
        return False
    if now < last_backup_at:  # the clock was set back
        return True
    return now - last_backup_at >= interval


def _week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def kept_by_calendar(made: list[datetime]) -> set[int]:
    """Indexes into ``made`` (newest first) of the backups the rule keeps: the newest of
    each of the last 7 days, 4 ISO weeks and 12 months that have one. The first is
    always kept."""
    kept: set[int] = {0} if made else set()
    for size, bucket in (
        (KEEP_DAILY, lambda d: d.date()),
        (KEEP_WEEKLY, lambda d: _week(d.date())),
        (KEEP_MONTHLY, lambda d: (d.year, d.month)),
    ):
        seen: list[object] = []
        for index, moment in enumerate(made):
            key = bucket(moment)
            if key in seen:
                continue
            if len(seen) == size:
                break
            seen.append(key)
            kept.add(index)
    return kept


def rotate_by_calendar(
    db_path: Path, directory: Path, data_key: bytes, just_made: Path | None = None
) -> list[Path]:
    """Delete what ``kept_by_calendar`` does not keep among this portfolio's whole
    backups in ``directory``; return what was deleted. ``just_made`` is the newest
    whatever its name says (a clock set back gives it an older stamp)."""
    listed = list_backups(db_path, directory)
    first = [b for b in listed if b.path == just_made]
    whole: list[BackupFile] = first + [
        b for b in listed if b.path != just_made and is_whole(b.path, data_key)
    ]
    if not whole:
        return []
    moments = [b.made_at for b in whole]
    if first:  # the one just made is the newest: it leads its day, week and month
        moments[0] = max(moments)
    keep = {whole[i].path for i in kept_by_calendar(moments)}
    oldest_kept = min(b.made_at for b in whole if b.path in keep)
    removed = []
    whole_paths = {b.path for b in whole}
    for candidate in listed:
        if candidate.path in keep:
            continue
        if candidate.path in whole_paths or (
            candidate.made_at < oldest_kept and is_ours(candidate.path, data_key)
        ):
            remove_backup(candidate.path)
            removed.append(candidate.path)
    return removed


@dataclass(frozen=True)
class BackupPlan:
    """Where automatic backups go and how often: ``folder`` None is ``backups/``
    beside the portfolio; ``second_folder`` None is no second folder."""

    folder: Path | None = None
    second_folder: Path | None = None
    interval: timedelta = DEFAULT_INTERVAL

    def first_folder(self, db_path: Path) -> Path:
        return self.folder if self.folder is not None else default_backup_dir(db_path)


@dataclass
class AutoBackupResult:
    made: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    second_missing: bool = False
    reached_second_at: datetime | None = None  # local time, when the second folder had one
    # One calm sentence for the user when the second folder was not there; "" otherwise.
    notice: str = ""


def run_automatic_backup(
    portfolio: Portfolio, plan: BackupPlan, progress: CopyProgress | None = None
) -> AutoBackupResult:
    """Back up to the first folder, then to the second if it is there; rotate each by
    the calendar rule. A problem with the first folder raises (KnownError: the
    portfolio and earlier backups untouched); the second folder's absence is a notice."""
    result = AutoBackupResult()
    first = plan.first_folder(portfolio.path)
    first_half = None if progress is None else (lambda f: progress(f / 2))
    made, _ = backup_service.backup(portfolio, plan.folder, progress=first_half)
    result.made.append(made)
    result.removed += rotate_by_calendar(portfolio.path, first, portfolio.data_key, made)
    second = plan.second_folder
    if second is not None:
        if not _reachable(second):
            result.second_missing = True
            result.notice = (
                f"The second backup folder {printable(second)} is not there (a USB stick"
                f" taken out, or a synced folder moved?), so this backup was made in"
                f" {printable(first)} only. It will go there again when it is back."
            )
        else:
            try:
                second_half = None if progress is None else (lambda f: progress(0.5 + f / 2))
                made_second, _ = backup_service.backup(portfolio, second, progress=second_half)
            except Cancelled:
                raise
            except KnownError as err:
                result.second_missing = True
                result.notice = (
                    f"The backup could not reach the second folder {printable(second)}"
                    f" ({err.message[:1].lower()}{err.message[1:].rstrip('.')}); it was made"
                    f" in {printable(first)}."
                )
            else:
                result.made.append(made_second)
                result.reached_second_at = clock.now().replace(tzinfo=None, microsecond=0)
                result.removed += rotate_by_calendar(
                    portfolio.path, second, portfolio.data_key, made_second
                )
    return result


def _reachable(folder: Path) -> bool:
    try:
        return folder.is_dir()
    except OSError:
        return False


@dataclass(frozen=True)
class BackupStatus:
    last_at: datetime | None  # local time, from the newest backup's name
    last_where: Path | None
    second_last_at: datetime | None
    second_overdue: bool  # a second folder is chosen and nothing reached it for 14 days
    second_days: int = 0  # days since a backup last reached the second folder

    def summary(self) -> str:
        """One sentence for the Overview and the File menu."""
        if self.last_at is None or self.last_where is None:
            return "No backup has been made yet."
        when = self.last_at.strftime("%d %b %Y at %H:%M")
        text = f"Last backup: {when}, in {printable(self.last_where.parent)}."
        if self.second_overdue:
            if self.second_last_at is None:
                text += " No backup has reached the second folder yet."
            else:
                text += f" No backup has reached the second folder for {self.second_days} days."
        return text


def backup_status(
    db_path: Path, plan: BackupPlan, second_reached_at: datetime | None = None
) -> BackupStatus:
    """When and where the last backup was made (from the backups' names: a file is
    only given a backup's name once it is whole), and whether the second folder has
    gone 14 days without one. A second folder taken out lists nothing: the caller
    says when a backup last reached it (``AutoBackupResult.reached_second_at``,
    remembered in the app's settings)."""
    now = clock.now().replace(tzinfo=None)
    newest: BackupFile | None = None
    for folder in (plan.first_folder(db_path), plan.second_folder):
        if folder is None:
            continue
        found = list_backups(db_path, folder)
        if found and (newest is None or found[0].made_at > newest.made_at):
            newest = found[0]
    second_last = None
    overdue = False
    if plan.second_folder is not None:
        there = list_backups(db_path, plan.second_folder)
        second_last = there[0].made_at if there else None
        if second_reached_at is not None and (
            second_last is None or second_reached_at > second_last
        ):
            second_last = second_reached_at
        overdue = second_last is None or now - second_last > SECOND_FOLDER_GRACE
    return BackupStatus(
        newest.made_at if newest else None,
        newest.path if newest else None,
        second_last,
        overdue,
        (now - second_last).days if second_last else 0,
    )
