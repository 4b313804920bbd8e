"""What left the portfolio: the ledger of every file written from it (a PDF of a record,
the appraisal pack, the CPD file, the calendar, the JSON export, a scan, the recovery
sheet, a signing request): when, which records and which layers, where to, and the
SHA-256 of the file written.

Every way out calls ``save``: it checks the destination and writes the file (the one
check and write of app.store.outputs), and only once the file is written records it.
A write that fails, or a Save that is cancelled before it, records nothing. A file the
system writes itself (the print dialog's Print to File) is recorded by ``record_file``,
hashed as it is on disk.

The ledger is part of the audit log, not a table of its own: each entry is an audit
entry with the action ``shared`` whose detail is this module's JSON (versioned), so
the hash chain and the key file's copy of its head cover it, and `check` names an
entry changed or removed. A read-only portfolio cannot record: ``save`` writes the
file and returns the warning that says so.

The recovery sheet (and a recovery code written to a file) is in the ledger although it
holds no records: it holds the recovery code, which opens the portfolio, so where
copies went matters most of all (the entry holds where and the file's fingerprint,
never the code)."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import registry
from app.domain.errors import KnownError
from app.services.portfolio import Portfolio
from app.store import audit
from app.store.files import printable
from app.store.models import AuditRow
from app.store.outputs import write_output

ACTION = "shared"
FORMAT_VERSION = 1

# What left: the output's token (stored) and how the ledger names it.
PDF = "pdf"
PACK = "pack"
CPD = "cpd"
CALENDAR = "calendar"
JSON_EXPORT = "json-export"
SCAN = "scan"
RECOVERY_SHEET = "recovery-sheet"
RECOVERY_CODE = "recovery-code"
SIGNING_REQUEST = "signing-request"
OUTPUTS = {
    PDF: "PDF of a record",
    PACK: "Appraisal pack",
    CPD: "CPD entries",
    CALENDAR: "Calendar (.ics)",
    JSON_EXPORT: "JSON export (not encrypted)",
    SCAN: "Scan of a signed page",
    RECOVERY_SHEET: "Recovery sheet",
    RECOVERY_CODE: "Recovery code (text file)",
    SIGNING_REQUEST: "Signing request",
}

# Which layers of the records it holds.
SHARED = "shared"  # what may be shared: summaries, never a private layer
PRIVATE = "private"  # private layers (a session's private reflection) ticked in
DATES = "dates"  # dates only, no text of a record
SECRET = "secret"  # the recovery code: no records, but it opens the portfolio
SCANNED = "scan"  # an image of a signed page
LAYERS = (SHARED, PRIVATE, DATES, SECRET, SCANNED)

STANDARD_OUTPUT = "standard output"


@dataclass(frozen=True)
class RecordRef:
    """One record in what left: its kind, id and (for a signed record) version."""

    kind: str
    record_id: int
    version: int | None = None

    @property
    def label(self) -> str:
        return registry.reference(self.kind, self.record_id, self.version)


@dataclass(frozen=True)
class Outgoing:
    """What is about to leave, as the service that made it knows it."""

    output: str  # a key of OUTPUTS
    title: str  # what the file is: "Mentoring session record", "Appraisal pack ..."
    records: tuple[RecordRef, ...] = ()
    layers: tuple[str, ...] = (SHARED,)
    whole_portfolio: bool = False  # every record (the JSON export)

    def __post_init__(self) -> None:
        if self.output not in OUTPUTS:
            raise ValueError(f"unknown output {self.output!r}")
        unknown = set(self.layers) - set(LAYERS)
        if unknown:
            raise ValueError(f"unknown layers {sorted(unknown)}")


@dataclass(frozen=True)
class LedgerEntry:
    """One item of the ledger, read back from its audit entry."""

    seq: int
    at: datetime  # naive UTC, as the audit log keeps it
    output: str
    title: str
    records: tuple[RecordRef, ...]
    layers: tuple[str, ...]
    whole_portfolio: bool
    path: str | None  # None: written to standard output
    sha256: str
    size: int

    @property
    def output_label(self) -> str:
        return OUTPUTS.get(self.output, self.output)

    @property
    def what(self) -> str:
        label = self.output_label
        return label if self.title == label else f"{label}: {self.title}"

    @property
    def where(self) -> str:
        return STANDARD_OUTPUT if self.path is None else self.path

    @property
    def folder(self) -> Path | None:
        return None if self.path is None else Path(self.path).parent

    @property
    def layers_label(self) -> str:
        return layers_label(self.layers, self.whole_portfolio)

    @property
    def records_label(self) -> str:
        if self.whole_portfolio:
            return "every record"
        if not self.records:
            return "no records"
        if len(self.records) <= 3:
            return ", ".join(r.label for r in self.records)
        return f"{len(self.records)} records"

    def sentence(self) -> str:
        """One line: what, which records, which layers, where, fingerprint."""
        return (
            f"{self.what}; {self.records_label}; {self.layers_label};"
            f" to {self.where}; SHA-256 {self.sha256}"
        )

    def as_plain(self) -> dict[str, Any]:
        """For machines (`ledger --json`): UTC time in ISO 8601 with its zone."""
        return {
            "seq": self.seq,
            "at": self.at.isoformat() + "Z",
            "output": self.output,
            "title": self.title,
            "records": [
                {"kind": r.kind, "id": r.record_id, "version": r.version} for r in self.records
            ],
            "whole_portfolio": self.whole_portfolio,
            "layers": list(self.layers),
            "path": self.path,
            "sha256": self.sha256,
            "bytes": self.size,
        }


def layers_label(layers: Iterable[str], whole_portfolio: bool = False) -> str:
    found = set(layers)
    if whole_portfolio:
        return "everything, private layers included" if PRIVATE in found else "everything"
    if SECRET in found:
        return "the recovery code (it opens the portfolio)"
    if SCANNED in found:
        return "a scan of the signed page"
    if DATES in found:
        return "dates only"
    if PRIVATE in found:
        return "with private reflection"
    return "summary only, private layers left out"


def record_refs(kind: str, ids: Iterable[int]) -> tuple[RecordRef, ...]:
    return tuple(RecordRef(kind, i) for i in dict.fromkeys(ids))


def save(
    portfolio: Portfolio,
    outgoing: Outgoing,
    data: bytes,
    path: Path | str,
    what: str,
    *,
    allow_stdout: bool = False,
    inputs: Iterable[Path] = (),
    also_record: Callable[[Session], None] | None = None,
) -> tuple[str, ...]:
    """Write ``data`` to ``path`` (checked first: never the portfolio's own files;
    ``-`` with ``allow_stdout``: standard output), then record it in the ledger;
    ``also_record`` adds the caller's own entries in the same transaction, before the
    ledger's. Returns warnings (a read-only portfolio cannot record it). Raises
    KnownError if the file cannot be written (nothing recorded), or if it was written
    but could not be recorded (the message says both)."""
    written = write_output(
        path, data, what, owners=[portfolio.path], inputs=inputs, allow_stdout=allow_stdout
    )
    where = None if written.path is None else _path_text(written.path)
    sha256 = hashlib.sha256(data).hexdigest()
    return _record(portfolio, outgoing, where, sha256, len(data), what, also_record)


def record_file(portfolio: Portfolio, outgoing: Outgoing, path: Path, what: str) -> tuple[str, ...]:
    """Record a file the system wrote for the portfolio (the print dialog's Print to
    File, which Qt writes itself), hashed as it is on disk now it is written."""
    try:
        with open(path, "rb") as file:
            sha256 = hashlib.file_digest(file, "sha256").hexdigest()
            size = file.tell()
    except OSError as exc:
        raise KnownError(
            f"{_capital(what)} was printed to {printable(path)}, but it cannot be read back"
            f" to record it ({exc.strerror})."
        ) from None
    return _record(portfolio, outgoing, _path_text(path.resolve()), sha256, size, what, None)


def _record(
    portfolio: Portfolio,
    outgoing: Outgoing,
    where: str | None,
    sha256: str,
    size: int,
    what: str,
    also_record: Callable[[Session], None] | None,
) -> tuple[str, ...]:
    shown = printable(where or STANDARD_OUTPUT)
    if portfolio.read_only:
        return portfolio.unrecorded(f"{what} written to {shown}")
    detail = _detail(outgoing, where, sha256, size)
    kind, record_id, version = _subject(outgoing)
    try:
        with portfolio.transaction() as db:
            audit.hold_write_lock(db)
            if also_record is not None:
                also_record(db)
            audit.append(db, ACTION, kind, record_id, version, detail=detail)
    except KnownError as err:
        raise KnownError(
            f"{_capital(what)} was written to {shown}, but it could not be recorded in the"
            f" portfolio's history: {err.message}"
        ) from None
    return ()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def save_recovery_code(
    portfolio: Portfolio, code: str, path: Path | str, *, inputs: Iterable[Path] = ()
) -> tuple[str, ...]:
    """Write the recovery code to a text file (`init`/`new-recovery-code
    --recovery-code-out`) and record where it went, as ``save`` does."""
    outgoing = Outgoing(RECOVERY_CODE, OUTPUTS[RECOVERY_CODE], layers=(SECRET,))
    return save(
        portfolio, outgoing, (code + "\n").encode(), path, "the recovery code", inputs=inputs
    )


def _subject(outgoing: Outgoing) -> tuple[str, int | None, int | None]:
    """The audit entry's record: the one record it holds, or the portfolio."""
    if len(outgoing.records) == 1 and not outgoing.whole_portfolio:
        only = outgoing.records[0]
        return only.kind, only.record_id, only.version
    return "portfolio", None, None


def _path_text(path: Path | str) -> str:
    """The path as text that can be kept: bytes of a file name that are not UTF-8
    (a name made elsewhere) shown as escapes ("\\xff") rather than refused."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _detail(outgoing: Outgoing, path: str | None, sha256: str, size: int) -> str:
    return json.dumps(
        {
            "ledger": FORMAT_VERSION,
            "output": outgoing.output,
            "title": outgoing.title,
            "records": [[r.kind, r.record_id, r.version] for r in outgoing.records],
            "whole_portfolio": outgoing.whole_portfolio,
            "layers": list(outgoing.layers),
            "path": path,
            "sha256": sha256,
            "bytes": size,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def entry_of(row: AuditRow) -> LedgerEntry | None:
    """The ledger item an audit entry records, or None if it is not one (or its detail
    is not in the format: `check` judges the chain, this only reads)."""
    if row.action != ACTION:
        return None
    try:
        plain = json.loads(row.detail)
        return LedgerEntry(
            seq=row.seq,
            at=row.at,
            output=str(plain["output"]),
            title=str(plain["title"]),
            records=tuple(
                RecordRef(str(kind), int(record_id), None if version is None else int(version))
                for kind, record_id, version in plain["records"]
            ),
            layers=tuple(str(layer) for layer in plain["layers"]),
            whole_portfolio=bool(plain["whole_portfolio"]),
            path=None if plain["path"] is None else str(plain["path"]),
            sha256=str(plain["sha256"]),
            size=int(plain["bytes"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


def describe(detail: str) -> str:
    """A ledger entry's detail as one sentence (for the history)."""
    row = AuditRow(seq=0, at=datetime(1970, 1, 1), action=ACTION, detail=detail)
    entry = entry_of(row)
    return detail if entry is None else entry.sentence()


def entries(portfolio: Portfolio) -> list[LedgerEntry]:
    """Everything that left the portfolio, newest first."""
    with portfolio.transaction() as db:
        rows = db.scalars(
            select(AuditRow).where(AuditRow.action == ACTION).order_by(AuditRow.seq.desc())
        )
        found = [entry_of(row) for row in rows]
    return [entry for entry in found if entry is not None]


@dataclass(frozen=True)
class FileCheck:
    """A file compared with the ledger: its SHA-256 and the entries that wrote exactly
    those bytes (newest first; none: it did not leave this portfolio as it is now)."""

    path: Path
    sha256: str
    size: int
    matches: tuple[LedgerEntry, ...]

    def sentences(self) -> list[str]:
        shown = printable(self.path)
        if not self.matches:
            return [
                f"No entry in the ledger has the bytes of {shown} (SHA-256 {self.sha256}):"
                " it was not written from this portfolio, or it was changed after."
            ]
        return [
            f"{shown} is what left the portfolio on {entry.at:%Y-%m-%d %H:%M:%S} UTC:"
            f" {entry.sentence()}"
            for entry in self.matches
        ]

    def as_plain(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "sha256": self.sha256,
            "bytes": self.size,
            "matches": [entry.as_plain() for entry in self.matches],
        }


def fingerprint(path: Path) -> tuple[str, int]:
    """The SHA-256 and size of the regular file at ``path``; a folder, a device or a
    pipe is refused before it is opened (opening a pipe waits for a writer)."""
    what = printable(path)
    try:
        if path.is_dir():
            raise KnownError(f"{what} is a folder, not a file.")
        if not stat.S_ISREG(path.stat().st_mode):
            raise KnownError(
                f"{what} is not a file (a device or a pipe), so it has no bytes to check."
            )
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except FileNotFoundError:
        raise KnownError(f"There is no file at {what}.") from None
    except OSError as exc:
        raise KnownError(f"Cannot read {what}: {exc.strerror}.") from None
    return digest.hexdigest(), size


def check_file(portfolio: Portfolio, path: Path) -> FileCheck:
    """Which ledger entries wrote exactly the bytes now in ``path``."""
    sha256, size = fingerprint(path)
    found = tuple(e for e in entries(portfolio) if e.sha256 == sha256 and e.size == size)
    return FileCheck(path, sha256, size, found)
