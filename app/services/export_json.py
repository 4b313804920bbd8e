"""Export the whole portfolio as versioned JSON, and import such a file into an
empty portfolio. The format is documented in docs/export-format.md and its JSON
Schema in docs/export-schema-v1.json (generated from ``export_schema()``).

Export -> import -> export is byte-identical: records keep their ids, keys are
sorted, and nothing time-dependent (like the export time) is written."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.domain import registry
from app.domain.canonical import content_hash
from app.domain.errors import ImportRefused
from app.domain.frequency import agreed_phrase
from app.domain.kind_spec import RecordKindSpec
from app.domain.record_types import (
    Attachment,
    Contract,
    OwnerProfile,
    RecordVersion,
    Signature,
)
from app.services import audit_trail, ledger
from app.services.import_checks import MAX_RECORDS, check_records, check_text, strict_validator
from app.services.mapping import copy_to_row, to_record
from app.services.portable import record_from_plain, record_schema, to_plain
from app.services.portfolio import Portfolio
from app.services.profile import owner_in
from app.services.signing import consistency
from app.store import audit
from app.store.files import InputRefused, printable, read_bounded
from app.store.models import (
    AttachmentRow,
    AuditRow,
    OwnerProfileRow,
    Preference,
    RecordVersionRow,
    SignatureRow,
)
from app.store.outputs import check_output
from app.store.rows import row_of
from app.store.search_index import rebuild

FORMAT = "mentee-portfolio-export"
SCHEMA_VERSION = 1
MAX_IMPORT_BYTES = 512 * 1024 * 1024
MAX_AUDIT_ENTRIES = 5_000_000


def _sections() -> dict[str, RecordKindSpec]:
    """Section name in the file -> its kind's spec, from the kinds' specs (app/domain/kinds),
    in load order: every link's target loads first."""
    return {
        spec.export.section: spec
        for spec in registry.exported()
        if spec.export is not None and spec.record_type is not None
    }


# The sections of schema version 1 (required in every export) -> their kinds.
SECTIONS = {
    section: spec.kind.value
    for section, spec in _sections().items()
    if spec.export is not None and spec.export.required
}


def _attachment_schema() -> dict[str, Any]:
    schema = record_schema(Attachment)
    schema["properties"]["data_base64"] = {"type": "string", "maxLength": 200 * 1024 * 1024}
    schema["required"] = [*schema["required"], "data_base64"]
    return schema


def _section(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items, "maxItems": MAX_RECORDS}


# The audit log travels with the export so import can check the signed history
# against it. Added within schema version 1, so optional: older files lack it.
AUDIT_SECTION = "audit_log"
_HEX64 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
_OPTIONAL_INT = {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 2**53}, {"type": "null"}]}


def _audit_entry_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "seq",
            "at",
            "action",
            "record_kind",
            "record_id",
            "version",
            "detail",
            "prev_hash",
            "entry_hash",
        ],
        "properties": {
            "seq": {"type": "integer", "minimum": 1, "maximum": 2**53},
            "at": {"type": "string", "format": "date-time", "maxLength": 40},
            "action": {"type": "string", "maxLength": 32},
            "record_kind": {"type": "string", "maxLength": 32},
            "record_id": _OPTIONAL_INT,
            "version": _OPTIONAL_INT,
            "detail": {"type": "string", "maxLength": 200_000},
            "prev_hash": _HEX64,
            "entry_hash": _HEX64,
        },
    }


def export_schema() -> dict[str, Any]:
    properties: dict[str, Any] = {
        "format": {"const": FORMAT},
        "schema_version": {"const": SCHEMA_VERSION},
        "owner": record_schema(OwnerProfile),
        "preferences": {
            "type": "object",
            "maxProperties": 200,
            "propertyNames": {"maxLength": 200},
            "additionalProperties": {"type": "string", "maxLength": 10_000},
        },
        "attachments": _section(_attachment_schema()),
        "record_versions": _section(record_schema(RecordVersion)),
        "signatures": _section(record_schema(Signature)),
    }
    optional: dict[str, Any] = {}
    for section, spec in _sections().items():
        schema = _section(record_schema(spec.dataclass))
        # A kind added after schema version 1 has an optional section: older exports
        # lack it and still import.
        (properties if section in SECTIONS else optional)[section] = schema
    required = sorted(properties)
    properties.update(optional)
    properties[AUDIT_SECTION] = {
        "type": "array",
        "maxItems": MAX_AUDIT_ENTRIES,
        "items": _audit_entry_schema(),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Mentee Portfolio export, schema version 1",
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
    }


@dataclass(frozen=True)
class ExportedEntry:
    """An audit entry as an export carries it (the fields of AuditRow)."""

    seq: int
    at: datetime
    action: str
    record_kind: str
    record_id: int | None
    version: int | None
    detail: str
    prev_hash: str
    entry_hash: str


def _entry_to_plain(row: AuditRow) -> dict[str, Any]:
    return {
        "seq": row.seq,
        "at": row.at.isoformat(),
        "action": row.action,
        "record_kind": row.record_kind,
        "record_id": row.record_id,
        "version": row.version,
        "detail": row.detail,
        "prev_hash": row.prev_hash,
        "entry_hash": row.entry_hash,
    }


def _entries_from_plain(items: list[dict[str, Any]]) -> list[ExportedEntry]:
    try:
        return [
            ExportedEntry(**{**item, "at": datetime.fromisoformat(item["at"])}) for item in items
        ]
    except ValueError:
        raise ImportRefused(
            "This is not a valid portfolio export: an audit log entry has a time that is not"
            " a date and time."
        ) from None


def export_document(portfolio: Portfolio) -> dict[str, Any]:
    with portfolio.transaction() as db:
        return _document(db)


def _document(db: Any, closing: AuditRow | None = None) -> dict[str, Any]:
    """Everything in ``session``'s portfolio; ``closing`` (the export's own entry, not
    stored yet) ends the audit log it carries."""
    doc: dict[str, Any] = {"format": FORMAT, "schema_version": SCHEMA_VERSION}
    doc["owner"] = to_plain(owner_in(db))
    doc["preferences"] = {
        p.key: p.value for p in db.scalars(select(Preference).order_by(Preference.key))
    }
    for section, spec in _sections().items():
        row_type = row_of(spec.kind)
        rows = db.scalars(select(row_type).order_by(row_type.id))
        doc[section] = [to_plain(to_record(r, spec.dataclass)) for r in rows]
    doc["attachments"] = []
    for row in db.scalars(select(AttachmentRow).order_by(AttachmentRow.id)):
        item = to_plain(to_record(row, Attachment))
        item["data_base64"] = base64.b64encode(row.data).decode("ascii")
        doc["attachments"].append(item)
    doc["record_versions"] = [
        to_plain(to_record(r, RecordVersion))
        for r in db.scalars(select(RecordVersionRow).order_by(RecordVersionRow.id))
    ]
    doc["signatures"] = [
        to_plain(to_record(r, Signature))
        for r in db.scalars(select(SignatureRow).order_by(SignatureRow.id))
    ]
    entries = list(db.scalars(select(AuditRow).order_by(AuditRow.seq)))
    doc[AUDIT_SECTION] = [_entry_to_plain(r) for r in [*entries, *([closing] if closing else [])]]
    return doc


def dumps(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def export_to_file(portfolio: Portfolio, out: Path) -> tuple[str, ...]:
    """Write the export to ``out`` (``-``: standard output), never over the portfolio's
    own files (app.store.outputs): the records and the log as of one moment, the log
    ending with this export's own entry, so entries removed from its end (with the
    signatures they recorded) are noticed on import. The portfolio stays free for other
    writers while the file is written; the entry is then stored as the file has it, or,
    if others were saved meanwhile, after them, naming the file's. Returns warnings: a
    read-only portfolio cannot record the export, and its file carries no such entry."""
    checked = check_output(out, "the export", owners=[portfolio.path], allow_stdout=True)
    where = "to standard output" if checked.is_stdout else printable(out.name)
    detail = f"JSON export {where}"
    with portfolio.transaction() as db:
        audit.read_snapshot(db)
        if portfolio.read_only:
            doc = _document(db)
        else:
            closing = audit.next_entry(db, "export", "portfolio", detail=detail)
            doc = _document(db, closing)
    outgoing = ledger.Outgoing(
        ledger.JSON_EXPORT,
        "The whole portfolio and its audit log",
        layers=(ledger.SHARED, ledger.PRIVATE),
        whole_portfolio=True,
    )

    def closing_entry(db: Session) -> None:
        # The export's own entry as the file has it, or, if others were saved while it
        # was written, after them, naming the file's.
        last = audit.last_entry(db)
        if last is not None and last.entry_hash == closing.prev_hash:
            audit.add(db, closing)
        else:
            audit.append(
                db,
                "export",
                "portfolio",
                detail=f"{detail}; other entries were saved while it was written, so the"
                f" log in the file ends with entry {closing.seq}, hash {closing.entry_hash}",
            )

    return ledger.save(
        portfolio,
        outgoing,
        dumps(doc),
        out,
        "the export",
        allow_stdout=True,
        also_record=closing_entry,
    )


def _load(source: Path) -> Any:
    try:
        data = read_bounded(source, MAX_IMPORT_BYTES, "export")
    except InputRefused as refused:
        raise ImportRefused(refused.message) from None
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRefused(f"{source.name} is not valid JSON ({exc}).") from None
    except ValueError:  # e.g. a number of more than 4,300 digits
        raise ImportRefused(f"{source.name} holds a number too long to be an export's.") from None
    except RecursionError:
        raise ImportRefused(f"{source.name} is nested too deeply to be an export.") from None


def validate_document(doc: Any) -> None:
    import jsonschema  # loaded only for imports

    check_text(doc)
    if (
        isinstance(doc, dict)
        and doc.get("format") == FORMAT
        and isinstance(doc.get("schema_version"), int)
        and doc["schema_version"] > SCHEMA_VERSION
    ):
        raise ImportRefused(
            f"This export uses schema version {doc['schema_version']}, from a newer version"
            f" of Mentee Portfolio; this version reads version {SCHEMA_VERSION}."
        )
    validator = strict_validator(export_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(doc))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "the top level"
        message = error.message if len(error.message) < 200 else error.message[:200] + "…"
        raise ImportRefused(f"This is not a valid portfolio export: at {where}, {message}.")
    for version in doc["record_versions"]:
        if content_hash(version.get("content_json", "")) != version.get("content_hash"):
            raise ImportRefused(
                f"Frozen version {version['version']} of {version['record_kind']}"
                f" {version['record_id']} does not match its hash; the file was altered."
            )


# (section, field, target section, what the target is called in messages) for the links
# that are not a record kind's own (those come from the kinds' specs).
_VERSION_LINKS = (
    ("signatures", "version_id", "record_versions", "frozen version"),
    ("signatures", "scan_attachment_id", "attachments", "attachment"),
)


def _links() -> list[tuple[str, str, str, str]]:
    """Every link between sections: the kinds' links and lists of ids, then signatures'."""
    sections = _sections()
    links = []
    for section, spec in sections.items():
        targets = [(link.field, link.to) for link in spec.links()]
        targets += [(many.field, many.to) for many in (spec.row.many if spec.row else ())]
        for field, to in targets:
            target = registry.spec(to).export
            if target is not None and target.section in sections:
                links.append((section, field, target.section, to.value.replace("_", " ")))
    return [*links, *_VERSION_LINKS]


def _check_links(doc: dict[str, Any]) -> None:
    """Refuse links to records that are not in the file, naming the first one."""
    links = _links()
    ids = {
        section: {item["id"] for item in doc.get(section, [])}
        for section in {target for _, _, target, _ in links}
    }
    for section, field, target, what in links:
        for index, item in enumerate(doc.get(section, [])):
            value = item.get(field)
            wanted = value if isinstance(value, list) else [value]
            missing = [v for v in wanted if v is not None and v not in ids[target]]
            if missing:
                raise ImportRefused(
                    f"This is not a valid portfolio export: at {section}/{index}/{field},"
                    f" it links to {what} {missing[0]}, which is not in the file."
                )
    for section in ids:
        if len(ids[section]) != len(doc.get(section, [])):
            raise ImportRefused(
                f"This is not a valid portfolio export: two {section} have the same id."
            )


def _is_empty(db: Any) -> bool:
    for spec in _sections().values():
        if spec.export is not None and spec.export.seeded:  # a new portfolio has some
            continue
        if db.execute(select(func.count()).select_from(row_of(spec.kind))).scalar_one():
            return False
    return True


def _checked_log(
    doc: dict[str, Any], name: str, without_history: bool
) -> list[ExportedEntry] | None:
    """The export's audit log with its chain verified, or None when it carries none
    (allowed only with ``without_history``, and only matters when it holds signed
    history)."""
    signed = bool(doc["record_versions"] or doc["signatures"])
    if AUDIT_SECTION not in doc:
        if signed and not without_history:
            raise ImportRefused(
                f"{name} has signed records but no audit log, so its signatures cannot be"
                " checked (it was exported by an earlier version, or the log was taken out);"
                " nothing was imported. Export it again with this version, or use"
                " --without-history to import it with its signatures marked, for good, as"
                " not verified."
            )
        return None
    entries = _entries_from_plain(doc[AUDIT_SECTION])
    broken = audit.first_broken(entries)
    if broken is not None:
        raise ImportRefused(
            f"{name} was changed after it was exported (audit log: {broken[1]});"
            " nothing was imported."
        )
    if signed and (not entries or entries[-1].action != "export"):
        raise ImportRefused(
            f"{name} was changed after it was exported (audit log: it does not end with the"
            " entry of its export, so entries were removed from its end); nothing was"
            " imported."
        )
    return entries


def import_from_file(
    portfolio: Portfolio, source: Path, *, without_history: bool = False
) -> dict[str, int]:
    """Import an export into an empty portfolio, all or nothing. Returns counts.

    Signed history is checked against the export's own audit log: its chain, then every
    version and signature against the entries that recorded them, both ways, so an
    edited or removed signature is refused by name. ``without_history`` lets an export
    without a log (from before the log went with it) in, its signatures recorded, and
    reported by `check`, as not verified."""
    doc = _load(source.expanduser())
    validate_document(doc)
    check_records(doc, _sections())
    _check_links(doc)
    entries = _checked_log(doc, source.name, without_history)
    counts: dict[str, int] = {}
    with portfolio.transaction() as db:
        # A write first: it takes the write lock, so a second import at the same time
        # waits, then finds this one's records (or is told the portfolio is busy).
        for spec in _sections().values():  # the rows a new portfolio starts with
            if spec.export is not None and spec.export.seeded:
                db.execute(delete(row_of(spec.kind)))
        if not _is_empty(db):
            raise ImportRefused(
                "This portfolio already holds records. Import into a new, empty portfolio"
                " (mentee-portfolio init) so nothing is mixed or overwritten."
            )
        db.execute(delete(Preference))
        owner = record_from_plain(OwnerProfile, doc["owner"])
        row = db.get(OwnerProfileRow, 1) or OwnerProfileRow(id=1)
        for name, value in vars(owner).items():
            setattr(row, name, value)
        db.add(row)
        for key, value in doc["preferences"].items():
            db.add(Preference(key=key, value=value))
        for section, spec in _sections().items():
            for item in doc.get(section, []):
                record = record_from_plain(spec.dataclass, item)
                if isinstance(record, Contract) and "agreed_frequency" not in item:
                    # An export from before the field: its text read once, as 0009 does.
                    record.agreed_frequency = agreed_phrase(record.frequency)
                new_row = row_of(spec.kind)(id=record.id)
                db.add(new_row)
                copy_to_row(db, record, new_row)
            db.flush()
            counts[section] = len(doc.get(section, []))
        for item in doc["attachments"]:
            attachment = record_from_plain(
                Attachment, {k: v for k, v in item.items() if k != "data_base64"}
            )
            db.add(AttachmentRow(**vars(attachment), data=base64.b64decode(item["data_base64"])))
        for model, section, cls in (
            (RecordVersionRow, "record_versions", RecordVersion),
            (SignatureRow, "signatures", Signature),
        ):
            db.flush()
            for item in doc[section]:
                db.add(model(**vars(record_from_plain(cls, item))))
            counts[section] = len(doc[section])
        db.flush()
        trail = audit_trail.read(entries) if entries is not None else None
        problem = consistency.first_problem(db, audit_trail=trail is not None, trail=trail)
        if problem is not None:
            raise ImportRefused(
                f"The signed records in {source.name} are not consistent"
                f" ({problem}); nothing was imported."
            )
        rebuild(db)
        detail = f"JSON import {source.name}"
        if entries:
            detail += (
                f"; its audit log checked to entry {entries[-1].seq}, hash {entries[-1].entry_hash}"
            )
        elif entries is None and (doc["record_versions"] or doc["signatures"]):
            detail += "; it had no audit log, so its signed history was not verified"
        audit.append(db, "import", "portfolio", detail=detail)
        consistency.audit_imported(db, trail)
    return counts
