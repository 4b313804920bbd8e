"""Canonical form and verification codes of signable records.

A version's canonical form is sorted-key JSON of its content; its SHA-256 is the
content hash. The verification code printed on every page names the record and
version and carries a short digest binding them to the portfolio and the content,
plus a check character, so a one-character typo is caught before any lookup:

    S12-3-7KQ3M9XD-P    (session record 12, version 3, digest, check)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from app.domain import registry
from app.domain.enums import RecordKind
from app.domain.errors import KnownError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}

DIGEST_CHARS = 8
_CODE_RE = re.compile(r"^([A-Z])(\d+)-(\d+)-([0-9A-Z]{8})-([0-9A-Z])$")


class BadVerificationCode(KnownError):
    pass


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not _absent(f, getattr(value, f.name))
        }
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _absent(field: dataclasses.Field[Any], value: Any) -> bool:
    """A field added after records were signed (record_types.ADDED_LATER) at its
    default is no part of the content, so older versions' hashes still match."""
    return bool(field.metadata.get("added_later")) and value == field.default


def canonical_json(content: Any) -> str:
    """Sorted-key, compact, UTF-8 JSON of a record or a dict of records."""
    return json.dumps(_plain(content), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(canonical: str) -> str:
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _digest(
    portfolio_id: str, kind: RecordKind, record_id: int, version: int, hash_hex: str
) -> str:
    material = f"{portfolio_id}|{kind.value}|{record_id}|{version}|{hash_hex}".encode()
    number = int.from_bytes(hashlib.sha256(material).digest()[:5], "big")  # 40 bits
    return "".join(
        ALPHABET[(number >> (5 * (DIGEST_CHARS - 1 - i))) & 31] for i in range(DIGEST_CHARS)
    )


def _check_char(body: str) -> str:
    # Odd weights modulo 32: every single substituted character changes the sum.
    total = sum((2 * i + 1) * _VALUE[ch] for i, ch in enumerate(c for c in body if c != "-"))
    return ALPHABET[total % 32]


def letter_of(kind: RecordKind) -> str:
    """The one letter a code starts with, from the kind's spec (fixed forever)."""
    letter = registry.spec(kind).letter
    if letter is None:
        raise ValueError(f"{kind.value} records carry no verification code")
    return letter


@dataclass(frozen=True)
class VerificationCode:
    kind: RecordKind
    record_id: int
    version: int
    digest: str

    @property
    def text(self) -> str:
        body = f"{letter_of(self.kind)}{self.record_id}-{self.version}-{self.digest}"
        return f"{body}-{_check_char(body)}"

    def __str__(self) -> str:
        return self.text


def make_code(
    portfolio_id: str, kind: RecordKind, record_id: int, version: int, hash_hex: str
) -> VerificationCode:
    return VerificationCode(
        kind, record_id, version, _digest(portfolio_id, kind, record_id, version, hash_hex)
    )


def matches(code: VerificationCode, portfolio_id: str, hash_hex: str) -> bool:
    return code.digest == _digest(portfolio_id, code.kind, code.record_id, code.version, hash_hex)


def parse_code(text: str) -> VerificationCode:
    cleaned = text.strip().upper().replace(" ", "").replace("O", "0")
    cleaned = cleaned.replace("I", "1").replace("L", "1")
    match = _CODE_RE.match(cleaned)
    if not match:
        raise BadVerificationCode(
            f"{text.strip()!r} is not a verification code; codes look like S12-3-7KQ3M9XD-P."
        )
    letter, record_id, version, digest, check = match.groups()
    kind = registry.by_letter(letter)
    if kind is None or any(ch not in _VALUE for ch in digest + check):
        raise BadVerificationCode(f"{text.strip()!r} has a typo: it is not a valid code.")
    body = f"{letter}{record_id}-{version}-{digest}"
    if _check_char(body) != check:
        raise BadVerificationCode(
            f"{text.strip()!r} has a typo: its check character does not match."
            " Compare it with the page again."
        )
    return VerificationCode(kind, int(record_id), int(version), digest)
