"""Import checks every record of an export by the rules the app's own forms and
dialogs apply (app/domain/validation.py), record by record, before anything is
written; the first record that breaks one is named in one sentence: its kind, its id
and the field. The JSON Schema has already checked shapes and types by then.

Also here: the checks that come before the schema (text that is not text) and the
schema validator itself, which takes JSON's integers strictly (1.0 is not an id)."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import typing
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from app.domain import registry
from app.domain.enums import RecordKind, SignatureMethod
from app.domain.errors import ImportRefused, KnownError
from app.domain.kind_spec import RecordKindSpec
from app.domain.record_types import (
    Attachment,
    OwnerProfile,
    RecordVersion,
    Relationship,
    Signature,
)
from app.domain.validation import (
    MAX_ITEMS,
    MAX_NAME,
    MAX_TEXT,
    date_problem,
    text_problem,
    validate_owner,
    validate_signature,
)
from app.services.portable import record_from_plain, record_schema
from app.services.signing.attachments import MAX_SCAN_BYTES, sniff
from app.services.signing.frozen import canonical_strokes
from app.services.signing.lifecycle import MAX_REASON
from app.services.signing.signable import is_signable, signing_of

# At most this many records in one section of an export (sessions, actions, ...): ten
# times a decade of weekly meetings, and three times the benchmark's 30,000 actions.
MAX_RECORDS = 100_000
MAX_FILE_NAME = 255


def refusal(where: str, problem: str) -> ImportRefused:
    return ImportRefused(
        f"This export cannot be imported: {where}, {problem}; nothing was imported."
    )


# --- Before the schema ---------------------------------------------------------------


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every string in a JSON value (keys too), with where it is."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield f"{path}/{key}" if path else str(key), key
            yield from _strings(inner, f"{path}/{key}" if path else str(key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _strings(inner, f"{path}/{index}")


def _half_character_at(doc: Any) -> str | None:
    """Where the first unpaired surrogate is, or None."""
    for path, text in _strings(doc, ""):
        if any("\ud800" <= c <= "\udfff" for c in text):
            return "/".join(p.encode("utf-8", "backslashreplace").decode() for p in path.split("/"))
    return None


def check_text(doc: Any) -> None:
    """JSON can spell half a character (an unpaired surrogate, "\\ud800"); nothing can
    store or print it. Refused before anything else reads the file."""
    where = _half_character_at(doc)
    if where is not None:
        raise refusal(f"at {where}", "the text holds half of a character (an unpaired surrogate)")


def strict_validator(schema: dict[str, Any]) -> Any:
    """A draft 2020-12 validator for ``schema`` whose "integer" is a JSON integer
    written as one: 1.0 is a number, not an id or a count."""
    import jsonschema

    base = jsonschema.Draft202012Validator
    checker = base.TYPE_CHECKER.redefine(
        "integer", lambda _, value: isinstance(value, int) and not isinstance(value, bool)
    )
    # jsonschema's stubs leave extend untyped.
    validator_class = jsonschema.validators.extend(base, type_checker=checker)  # type: ignore[no-untyped-call]
    return validator_class(schema, format_checker=base.FORMAT_CHECKER)


# --- Record by record ------------------------------------------------------------------


def _what(spec: RecordKindSpec, record_id: Any) -> str:
    return f"in {spec.kind.label.lower()} {record_id}"


def _first(problems: dict[str, str]) -> tuple[str, str] | None:
    return next(iter(problems.items()), None)


def _field_refusal(where: str, problems: dict[str, str]) -> ImportRefused | None:
    first = _first(problems)
    if first is None:
        return None
    field, message = first
    return refusal(where, f'"{field}" {message}')


def _datetime_problem(value: Any) -> str | None:
    """Timestamps are written by the app as naive UTC ISO 8601."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return "is not a date and time (YYYY-MM-DDTHH:MM:SS)"
    if moment.tzinfo is not None:
        return "carries a time zone; the app writes UTC times without one"
    return date_problem(moment)


def _record(cls: Any, item: dict[str, Any], where: str, required: tuple[str, ...] = ()) -> Any:
    """The record ``item`` describes; its timestamps are checked before they are read,
    and the fields the app always fills in (``required``) must be there."""
    for name in required:
        if item.get(name) is None:
            raise refusal(where, f'"{name}" is required')
    hints = typing.get_type_hints(cls)
    for field in dataclasses.fields(cls):
        if datetime in typing.get_args(hints[field.name]) or hints[field.name] is datetime:
            problem = _datetime_problem(item.get(field.name))
            if problem:
                raise refusal(where, f'"{field.name}" {problem}')
    return record_from_plain(cls, item)


def _unique(section: str, keys: list[tuple[Any, Any]], what: str = "id") -> None:
    """Refuse two records (``keys``: each record's id and key) with the same key."""
    seen: dict[Any, Any] = {}
    for record_id, key in keys:
        if key in seen:
            problem = (
                f"two records have id {key}"
                if what == "id"
                else f"records {seen[key]} and {record_id} have the same {what}"
            )
            raise refusal(f"in {section}", problem)
        seen[key] = record_id


def _ids(items: list[dict[str, Any]]) -> list[tuple[Any, Any]]:
    return [(item["id"], item["id"]) for item in items]


def _check_owner(doc: dict[str, Any]) -> None:
    owner = _record(OwnerProfile, doc["owner"], "in the owner profile")
    refused = _field_refusal("in the owner profile", validate_owner(owner))
    if refused:
        raise refused
    for key, value in doc["preferences"].items():
        problem = text_problem(key, MAX_NAME) or text_problem(value)
        if problem:
            raise refusal(f'in the preference "{key[:40]}"', f"the text {problem}")


def _check_section(section: str, spec: RecordKindSpec, items: list[dict[str, Any]]) -> None:
    _unique(section, _ids(items))
    if spec.kind is RecordKind.CONTRACT:
        _unique(
            section,
            [(item["id"], item["relationship_id"]) for item in items],
            "relationship_id (a relationship has one contract)",
        )
    for item in items:
        record = _record(spec.dataclass, item, _what(spec, item["id"]))
        refused = _field_refusal(_what(spec, item["id"]), spec.check(record, typed=False))
        if refused:
            raise refused


def _check_attachments(items: list[dict[str, Any]]) -> None:
    _unique("attachments", _ids(items))
    for item in items:
        where = f"in attachment {item['id']}"
        try:
            data = base64.b64decode(item["data_base64"], validate=True)
        except (binascii.Error, ValueError):
            raise refusal(where, '"data_base64" is not valid base64') from None
        attachment = _record(
            Attachment,
            {k: v for k, v in item.items() if k != "data_base64"},
            where,
            required=("created_at",),
        )
        problems: dict[str, str] = {}
        problem = text_problem(attachment.filename, MAX_FILE_NAME)
        if problem:
            problems["filename"] = problem
        if len(data) > MAX_SCAN_BYTES:
            problems["data_base64"] = (
                f"holds {len(data):,} bytes; a scan is at most {MAX_SCAN_BYTES:,}"
            )
        elif attachment.size != len(data):
            problems["size"] = f"says {attachment.size:,} bytes but the data holds {len(data):,}"
        elif sniff(data) != attachment.media_type:
            problems["media_type"] = (
                f"says {attachment.media_type} but the data is not that kind of file"
            )
        if not is_signable(attachment.record_kind):
            problems["record_kind"] = "names a kind of record that has no signed pages"
        refused = _field_refusal(where, problems)
        if refused:
            raise refused


def _content_schema(kind: RecordKind) -> dict[str, Any]:
    """What app.services.signing.signable.signable_content freezes for ``kind``: the record
    (or records), and the parties' names as they were."""
    text = {"type": "string", "maxLength": MAX_TEXT}
    properties: dict[str, Any] = {
        "mentee": text,
        "mentor": text,
        "mentor_role": text,
        "mentor_organisation": text,
        "relationship": record_schema(Relationship),
    }
    many = {"type": "array", "maxItems": MAX_ITEMS}
    spec = registry.spec(kind)
    signing = signing_of(kind)
    required: dict[str, Any] = {}
    if signing.key is not None:
        required[signing.key] = record_schema(spec.dataclass)
    for part in signing.parts:
        required[part.key] = {**many, "items": record_schema(registry.spec(part.kind).dataclass)}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["mentee", *required],
        "properties": {**properties, **required},
    }


def _content_problem(version: RecordVersion) -> str | None:
    """A frozen version's content must be what the app itself freezes, so that it can
    always be read back and printed."""
    try:
        content = json.loads(version.content_json)
    except (ValueError, RecursionError):
        return "is not JSON"
    where = _half_character_at(content)
    if where is not None:
        return f"holds half of a character (an unpaired surrogate) at {where}"
    error = next(
        iter(strict_validator(_content_schema(version.record_kind)).iter_errors(content)), None
    )
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "its top level"
        return f"is not a frozen {version.record_kind.label.lower()} (at {where})"
    return None


def _check_versions(items: list[dict[str, Any]]) -> None:
    _unique("record_versions", _ids(items))
    versions: list[tuple[str, RecordVersion]] = []
    for item in items:
        where = f"in frozen version {item['id']}"
        versions.append((where, _record(RecordVersion, item, where, required=("created_at",))))
    _unique(
        "record_versions",
        [(v.id, (v.record_kind, v.record_id, v.version)) for _, v in versions],
        "record and version number",
    )
    for where, version in versions:
        problems: dict[str, str] = {}
        if not is_signable(version.record_kind):
            problems["record_kind"] = "names a kind of record that is never signed"
        elif version.version < 1:
            problems["version"] = "must be 1 or more"
        else:
            problem = _content_problem(version)
            if problem:
                problems["content_json"] = problem
        problem = text_problem(version.reason, MAX_REASON)
        if problem:
            problems.setdefault("reason", problem)
        refused = _field_refusal(where, problems)
        if refused:
            raise refused


# The sign dialog's names for the fields -> the export's.
_SIGNATURE_FIELDS = {
    "name": "signer_name",
    "date signed": "signed_on",
    "strokes": "strokes_json",
    "scan": "scan_attachment_id",
}


def _check_signatures(items: list[dict[str, Any]]) -> None:
    _unique("signatures", _ids(items))
    signatures: list[tuple[str, Signature, date]] = []
    for item in items:
        where = f"in signature {item['id']}"
        signature = _record(Signature, item, where, required=("signed_on", "recorded_at"))
        signatures.append((where, signature, date.fromisoformat(item["signed_on"])))
    _unique(
        "signatures",
        [(s.id, (s.version_id, s.role)) for _, s, _ in signatures],
        "frozen version and role",
    )
    for where, signature, signed_on in signatures:
        problems = validate_signature(
            signature.signer_name,
            signed_on,
            signature.method,
            has_strokes=bool(signature.strokes_json),
            has_scan=signature.scan_attachment_id is not None,
        )
        problems = {_SIGNATURE_FIELDS.get(k, k): v for k, v in problems.items()}
        if signature.method is SignatureMethod.DRAWN and signature.strokes_json:
            try:
                readable = canonical_strokes(signature.strokes_json) == signature.strokes_json
            except KnownError:
                readable = False
            if not readable:
                problems.setdefault("strokes_json", "is not a drawn signature the app can read")
        refused = _field_refusal(where, problems)
        if refused:
            raise refused


def check_records(doc: dict[str, Any], sections: dict[str, RecordKindSpec]) -> None:
    """Every record by the rules its form applies, in the file's order of sections;
    the first problem found is raised as ImportRefused."""
    _check_owner(doc)
    for section, spec in sections.items():
        _check_section(section, spec, doc[section])
    _check_attachments(doc["attachments"])
    _check_versions(doc["record_versions"])
    _check_signatures(doc["signatures"])
