"""Retention: the private layers (every field the registry declares private: a
session's private reflection, a reflective note's private note) of records dated more
than N months ago are deleted, unless the record is pinned. The setting and the pins
are kept in the portfolio (its preferences), so every computer that opens it follows
them and an export carries them.

Deleted means gone: the fields are emptied (SQLite's ``secure_delete`` zeroes the old
cells), the search index is rebuilt from what remains (FTS5 keeps a deleted entry's
words in its segments until they are merged), the database is rebuilt and its
write-ahead log emptied (app/store/wipe.py), and the audit log records that retention
ran, with counts and never text. Frozen versions of signed records never hold a private
layer (private fields are not signed: app/services/signing/signable.py), so there is
nothing to delete there. Backups made earlier may still hold the text: ``preview``
lists them and ``prune_backups`` deletes them."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import sqlcipher3
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from app.domain import clock, registry
from app.domain.errors import KnownError
from app.domain.kind_spec import RecordKindSpec
from app.domain.record_kind import RecordKind
from app.services import backup as backup_service
from app.services import ledger
from app.services.portfolio import Portfolio
from app.store import audit
from app.store.encrypted_copy import (
    default_backup_dir,
    is_ours,
    is_whole,
    list_backups,
    read_copy,
    remove_backup,
)
from app.store.files import printable
from app.store.models import Preference
from app.store.rows import row_of
from app.store.wipe import empty_log, wipe_free_space

MONTHS_KEY = "retention_months"  # "" (off) or a number of months
MODE_KEY = "retention_mode"  # OFFER or AUTOMATIC
OFFER = "offer"  # on unlock, show what is due and ask
AUTOMATIC = "automatic"  # on unlock, delete what is due without asking
PIN_PREFIX = "retention_pin:"  # + "<kind>:<id>": kept whatever its age
#: Set in the commit that deletes text, cleared once the free space is wiped: a run
#: stopped in between (a kill, a power cut) is finished by the next one.
WIPE_PENDING_KEY = "retention_wipe_pending"
MOST_MONTHS = 1200
ACTION = "retention"
BACKUPS_ACTION = "retention-backups"


@dataclass(frozen=True)
class Setting:
    months: int | None = None  # None: private layers are kept however old
    automatic: bool = False  # on unlock: delete without asking (else: offer)

    def describe(self) -> str:
        if self.months is None:
            return "Private layers are kept however old they are."
        how = "automatically" if self.automatic else "after you confirm"
        return (
            f"Private layers of records older than {_months(self.months)} are deleted"
            f" {how}, unless pinned."
        )


def _months(months: int) -> str:
    return _count(months, "month")


def _count(number: int, thing: str, things: str = "") -> str:
    return f"{number:,} {thing}" if number == 1 else f"{number:,} {things or thing + 's'}"


def month_count_problem(months: int) -> str | None:
    if not 1 <= months <= MOST_MONTHS:
        return f"must be between 1 and {MOST_MONTHS} months"
    return None


def _preferences(db: Session) -> dict[str, str]:
    rows = db.scalars(select(Preference).where(Preference.key.in_((MONTHS_KEY, MODE_KEY))))
    return {row.key: row.value for row in rows}


def setting(portfolio: Portfolio) -> Setting:
    with portfolio.transaction() as db:
        kept = _preferences(db)
    months = kept.get(MONTHS_KEY, "")
    number = int(months) if months.isascii() and months.isdigit() else None
    if number is not None and month_count_problem(number):
        number = None
    return Setting(number, kept.get(MODE_KEY) == AUTOMATIC)


def save_setting(portfolio: Portfolio, chosen: Setting) -> None:
    if chosen.months is not None and (problem := month_count_problem(chosen.months)):
        raise KnownError(f"The number of months {problem}.")
    values = {
        MONTHS_KEY: "" if chosen.months is None else str(chosen.months),
        MODE_KEY: AUTOMATIC if chosen.automatic else OFFER,
    }
    with portfolio.transaction() as db:
        for key, value in values.items():
            _put(db, key, value)


def _put(db: Session, key: str, value: str) -> None:
    row = db.get(Preference, key)
    if row is None:
        db.add(Preference(key=key, value=value))
    else:
        row.value = value


# ---- pins


def _pin_key(kind: RecordKind, record_id: int) -> str:
    return f"{PIN_PREFIX}{kind.value}:{record_id}"


def is_pinned(portfolio: Portfolio, kind: RecordKind, record_id: int) -> bool:
    with portfolio.transaction() as db:
        return db.get(Preference, _pin_key(kind, record_id)) is not None


def set_pinned(portfolio: Portfolio, kind: RecordKind, record_id: int, pinned: bool) -> None:
    """Pin a record's private layer (retention never deletes it) or unpin it."""
    with portfolio.transaction() as db:
        row = db.get(Preference, _pin_key(kind, record_id))
        if pinned and row is None:
            db.add(Preference(key=_pin_key(kind, record_id), value="pinned"))
        elif not pinned and row is not None:
            db.delete(row)


def _pins(db: Session) -> set[tuple[str, int]]:
    found = set()
    for key in db.scalars(select(Preference.key).where(Preference.key.startswith(PIN_PREFIX))):
        kind, _, number = key[len(PIN_PREFIX) :].rpartition(":")
        if number.isdigit():
            found.add((kind, int(number)))
    return found


# ---- what would go


def layered_kinds() -> tuple[RecordKindSpec, ...]:
    """The kinds with a private layer retention can date: a private field, a table
    and a date (a session's held_on, a reflective note's written_on)."""
    return tuple(
        s
        for s in registry.all_specs()
        if s.private_fields() and s.row is not None and s.date_field and s.record_type
    )


def cutoff(months: int, today: date) -> date:
    """The first day kept: ``today`` less ``months`` (the 31st becomes the month's last)."""
    total = today.year * 12 + today.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Layer:
    """One record's private layer that retention deletes."""

    kind: RecordKind
    record_id: int
    heading: str  # "Session of 03/02/2024", a note's title
    dated: date
    fields: tuple[str, ...]  # the private fields that hold text
    characters: int

    def sentence(self) -> str:
        what = ", ".join(dict.fromkeys(_field_label(self.kind, name) for name in self.fields))
        label = registry.spec(self.kind).label
        named = "" if f"{self.dated:%d/%m/%Y}" in self.heading else f" ({self.heading})"
        return (
            f"{label} {self.record_id} of {self.dated:%-d %b %Y}{named}: {what},"
            f" {self.characters:,} characters"
        )


def _field_label(kind: RecordKind, name: str) -> str:
    found = registry.spec(kind).field_named(name)
    return (found.label if found else name).lower()


@dataclass(frozen=True)
class HeldBackup:
    path: Path
    made_at: datetime


@dataclass(frozen=True)
class Preview:
    months: int
    first_kept: date  # records dated on or after it keep their private layers
    layers: tuple[Layer, ...]
    pinned: int  # records past the cutoff whose private layer is pinned
    #: Backups that hold private text of a record past the cutoff (newest first).
    holding: tuple[HeldBackup, ...] = ()
    #: This portfolio's other backups: kept by pruning.
    clean: tuple[HeldBackup, ...] = ()
    folders: tuple[Path, ...] = field(default=())
    #: Files written from the portfolio with private layers in them (the ledger): out
    #: of its reach, so said, never deleted.
    left_with_private: int = 0

    @property
    def characters(self) -> int:
        return sum(layer.characters for layer in self.layers)

    def lines(self, *, after_pruning: bool = True) -> list[str]:
        """What would go, for a person: one line per record, then the backups (and
        what pruning them would keep, unless ``after_pruning`` is False)."""
        lines = [
            f"Private layers of records dated before {self.first_kept:%-d %b %Y}"
            f" (older than {_months(self.months)}):"
        ]
        if not self.layers:
            lines.append("  none: nothing would be deleted.")
        lines += [f"  {layer.sentence()}" for layer in self.layers]
        if self.layers:
            lines.append(
                f"In all: {_count(len(self.layers), 'record')},"
                f" {_count(self.characters, 'character')} of private text."
            )
        if self.pinned:
            lines.append(f"Kept because pinned: {_count(self.pinned, 'record')}.")
        lines += self.backup_lines(after_pruning=after_pruning)
        if self.left_with_private:
            lines.append(
                f"{_count(self.left_with_private, 'file')} written from the portfolio with"
                " private text in it (a JSON export, a PDF or pack with private reflections"
                f" ticked in) {'is' if self.left_with_private == 1 else 'are'} outside it"
                " and not deleted: What I have shared (the ledger command) says where"
                " it went."
            )
        return lines

    def backup_lines(self, *, after_pruning: bool = True) -> list[str]:
        if not self.holding:
            return ["No backup holds private text of these records."]
        lines = [f"Backups that still hold private text of these records: {len(self.holding)}"]
        lines += [f"  {printable(b.path)} (made {b.made_at:%-d %b %Y %H:%M})" for b in self.holding]
        if after_pruning:
            lines.append(self.after_pruning())
        return lines

    def after_pruning(self) -> str:
        if self.clean:
            newest = self.clean[0]
            return (
                f"Pruning them keeps {_count(len(self.clean), 'other backup')}; the newest,"
                f" {printable(newest.path)}, was made {newest.made_at:%-d %b %Y %H:%M}."
            )
        return (
            "No other backup would remain, so pruning makes a fresh backup first, once the"
            " private text is deleted."
        )


def preview(
    portfolio: Portfolio, months: int, backup_folders: Sequence[Path] | None = None
) -> Preview:
    """Exactly what ``apply`` would delete now, and which backups hold it.
    ``backup_folders``: where backups are made (None: backups/ beside the portfolio)."""
    if problem := month_count_problem(months):
        raise KnownError(f"The number of months {problem}.")
    first_kept = cutoff(months, clock.today())
    folders = tuple(backup_folders or (default_backup_dir(portfolio.path),))
    with portfolio.transaction() as db:
        layers, pinned, past = _due(db, first_kept)
    holding, clean = _backups(portfolio, folders, past)
    left = sum(ledger.PRIVATE in entry.layers for entry in ledger.entries(portfolio))
    return Preview(months, first_kept, tuple(layers), pinned, holding, clean, folders, left)


def _due(db: Session, first_kept: date) -> tuple[list[Layer], int, dict[RecordKindSpec, list[int]]]:
    """The layers due, how many pinned records are kept, and every unpinned record past
    the cutoff by kind (whether or not it still holds text: a backup may)."""
    pins = _pins(db)
    layers: list[Layer] = []
    pinned = 0
    past: dict[RecordKindSpec, list[int]] = {}
    for spec in layered_kinds():
        row_type = row_of(spec.kind)
        dated = getattr(row_type, str(spec.date_field))
        rows = db.scalars(select(row_type).where(dated < first_kept).order_by(dated, row_type.id))
        for row in rows:
            private = spec.private_fields()
            if (spec.kind.value, row.id) in pins:
                pinned += any(getattr(row, name) for name in private)
                continue
            past.setdefault(spec, []).append(row.id)
            holding = tuple(name for name in private if getattr(row, name))
            if holding:
                layers.append(
                    Layer(
                        spec.kind,
                        row.id,
                        registry.heading(spec.kind, row),
                        getattr(row, str(spec.date_field)),
                        holding,
                        sum(len(getattr(row, name)) for name in holding),
                    )
                )
    return layers, pinned, past


def _backups(
    portfolio: Portfolio, folders: Iterable[Path], past: dict[RecordKindSpec, list[int]]
) -> tuple[tuple[HeldBackup, ...], tuple[HeldBackup, ...]]:
    holding: list[HeldBackup] = []
    clean: list[HeldBackup] = []
    for folder in folders:
        for found in list_backups(portfolio.path, folder):
            if not is_ours(found.path, portfolio.data_key):
                continue  # another portfolio's, or damaged: never ours to judge or delete
            entry = HeldBackup(found.path, found.made_at)
            if _holds_private_text(found.path, portfolio.data_key, past):
                holding.append(entry)
            elif is_whole(found.path, portfolio.data_key):
                clean.append(entry)
    newest_first: Callable[[HeldBackup], datetime] = lambda b: b.made_at  # noqa: E731
    return (
        tuple(sorted(holding, key=newest_first, reverse=True)),
        tuple(sorted(clean, key=newest_first, reverse=True)),
    )


def _holds_private_text(path: Path, data_key: bytes, past: dict[RecordKindSpec, list[int]]) -> bool:
    def look(conn: sqlcipher3.Connection) -> bool:
        for spec, ids in past.items():
            assert spec.row is not None
            columns = " OR ".join(f"{name} != ''" for name in spec.private_fields())
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                try:
                    hit = conn.execute(
                        f"SELECT 1 FROM {spec.row.table} WHERE id IN ({marks}) AND ({columns})"
                        " LIMIT 1",
                        chunk,
                    ).fetchone()
                except sqlcipher3.dbapi2.OperationalError:
                    break  # a backup from before the kind (or the field) existed
                if hit:
                    return True
        return False

    try:
        return bool(read_copy(path, data_key, look))
    except sqlcipher3.dbapi2.DatabaseError:
        return False


# ---- deleting


@dataclass(frozen=True)
class Outcome:
    records: int
    characters: int
    by_kind: dict[RecordKind, int]
    log_emptied: bool  # False: another program was reading; its next checkpoint does it
    #: The free space left unwiped by a run that was stopped part-way was wiped now.
    finished_earlier: bool = False

    def sentence(self) -> str:
        if not self.records:
            if self.finished_earlier:
                return (
                    "No private layer was due for deletion. The free space an earlier run"
                    " was stopped before wiping has been wiped now."
                )
            return "No private layer was due for deletion: nothing changed."
        kinds = ", ".join(
            _count(count, registry.spec(kind).label.lower(), registry.spec(kind).plural.lower())
            for kind, count in self.by_kind.items()
        )
        text = (
            f"Deleted the private layers of {_count(self.records, 'record')} ({kinds}),"
            f" {_count(self.characters, 'character')}, and wiped the free space in the"
            " portfolio."
        )
        if not self.log_emptied:
            text += (
                " Another program is reading the portfolio, so its write-ahead log is"
                " emptied when that program closes it."
            )
        return text


def apply(portfolio: Portfolio, shown: Preview) -> Outcome:
    """Delete the layers ``shown`` (the preview the user confirmed) that are still due:
    a record edited, pinned or redated since is left alone, and nothing not shown is
    deleted. Then the search index is rebuilt, the free space wiped, and the audit log
    records the counts. A wipe an earlier run did not finish is finished too."""
    if portfolio.read_only:
        raise KnownError(
            f"{portfolio.path.name} is read-only, so no private layer can be deleted from it."
        )
    confirmed = {(layer.kind, layer.record_id): layer for layer in shown.layers}
    by_kind: dict[RecordKind, int] = {}
    characters = 0
    with portfolio.transaction() as db:
        pending = db.get(Preference, WIPE_PENDING_KEY) is not None
        layers, _pinned, _past = _due(db, shown.first_kept)
        for layer in layers:
            if confirmed.get((layer.kind, layer.record_id)) != layer:
                continue
            row = db.get(row_of(layer.kind), layer.record_id)
            for name in layer.fields:
                setattr(row, name, "")
            by_kind[layer.kind] = by_kind.get(layer.kind, 0) + 1
            characters += layer.characters
        records = sum(by_kind.values())
        if records:
            db.flush()  # the index entries follow (app/store/search_index.py)
            # FTS5 keeps a replaced entry's words in its segments until they merge: the
            # index is written again from its content, which no longer holds them.
            db.execute(_REBUILD_INDEX)
            counts = ", ".join(f"{count} {kind.value}" for kind, count in by_kind.items())
            audit.append(
                db,
                ACTION,
                "portfolio",
                detail=f"private layers dated before {shown.first_kept.isoformat()} deleted:"
                f" {records} records ({counts}), {characters} characters",
            )
            _put(db, WIPE_PENDING_KEY, "1")
    if not records and not pending:
        return Outcome(0, 0, {}, True)
    emptied = wipe_free_space(portfolio.engine, portfolio.path)
    with portfolio.transaction() as db:
        db.execute(delete(Preference).where(Preference.key == WIPE_PENDING_KEY))
    emptied = empty_log(portfolio.engine) and emptied
    return Outcome(records, characters, by_kind, emptied, finished_earlier=pending)


_REBUILD_INDEX = text("INSERT INTO search_index(search_index) VALUES('rebuild')")


@dataclass(frozen=True)
class Pruned:
    removed: tuple[Path, ...]
    made: Path | None  # a fresh backup made first, when no other would have remained

    def sentence(self) -> str:
        if not self.removed:
            return "No backup held the deleted text: none was removed."
        text = f"Removed {_count(len(self.removed), 'backup')} that held the deleted private text."
        if self.made is not None:
            text += f" A fresh backup was made first: {printable(self.made)}."
        return text


def prune_backups(portfolio: Portfolio, shown: Preview) -> Pruned:
    """Delete the backups ``shown`` listed as holding the deleted text, once it has been
    deleted from the portfolio (call after ``apply``). A backup not listed is never
    touched; when no whole backup would remain in the first folder, a fresh one
    (which holds none of the deleted text) is made first."""
    if not shown.holding:
        return Pruned((), None)
    made = None
    first = shown.folders[0] if shown.folders else default_backup_dir(portfolio.path)
    if not any(b.path.parent == first for b in shown.clean):
        made, _ = backup_service.backup(portfolio, first)
    removed = []
    for held in shown.holding:
        remove_backup(held.path)
        removed.append(held.path)
    with portfolio.transaction() as db:
        portfolio.record_output(
            db,
            BACKUPS_ACTION,
            "portfolio",
            detail=f"{_count(len(removed), 'backup')} holding deleted private text removed: "
            + ", ".join(path.name for path in removed),
        )
    return Pruned(tuple(removed), made)
