"""The machine-readable binding of a signing request to one frozen version: the
portfolio id, record, version, content hash, the role asked to sign and a random
request id. A request PDF carries it twice, in its XMP metadata and as an embedded
file, so a return can be matched even when a reader rewrote the file and dropped one
of them. Reading it back never trusts it: the returns module checks every value
against the portfolio."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from app.domain.enums import RecordKind, SignerRole

FORMAT = "mentee-portfolio-signing-request"
FORMAT_VERSION = 1
EMBEDDED_NAME = "mentee-portfolio-signing-request.json"
XMP_NAMESPACE = "http://ns.mentee-portfolio.org/signing-request/1.0/"
XMP_PREFIX = "mpsr"
SIGNATURE_FIELD = {SignerRole.MENTOR: "MentorSignature", SignerRole.MENTEE: "MenteeSignature"}

_HEX32 = re.compile(r"[0-9a-f]{32}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
# What the XMP packet's properties are called, in the order they are written.
_XMP_KEYS = ("portfolio", "kind", "record", "version", "content_hash", "request", "role")


@dataclass(frozen=True)
class Binding:
    portfolio_id: str
    kind: RecordKind
    record_id: int
    version: int
    content_hash: str
    request_id: str
    role: SignerRole

    def plain(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "portfolio": self.portfolio_id,
            "kind": self.kind.value,
            "record": self.record_id,
            "version": self.version,
            "content_hash": self.content_hash,
            "request": self.request_id,
            "role": self.role.value,
        }

    def json_bytes(self) -> bytes:
        return json.dumps(self.plain(), sort_keys=True, indent=1).encode("utf-8")

    def xmp_values(self) -> dict[str, str]:
        """The binding's XMP properties (in XMP_NAMESPACE), by local name."""
        plain = self.plain()
        return {key: str(plain[key]) for key in _XMP_KEYS}


def from_plain(plain: Any) -> Binding | None:
    """A binding from its JSON (or XMP) values, or None if it is not one well formed."""
    if not isinstance(plain, dict):
        return None
    try:
        kind = RecordKind(str(plain["kind"]))
        role = SignerRole(str(plain["role"]))
        record_id, version = int(plain["record"]), int(plain["version"])
        portfolio_id = str(plain["portfolio"])
        content_hash, request_id = str(plain["content_hash"]), str(plain["request"])
    except (KeyError, ValueError, TypeError):
        return None
    if not (_HEX64.fullmatch(content_hash) and _HEX32.fullmatch(request_id)):
        return None
    if record_id < 1 or version < 1 or not 0 < len(portfolio_id) <= 100:
        return None
    return Binding(portfolio_id, kind, record_id, version, content_hash, request_id, role)


class BindingConflict(Exception):
    """One copy of the binding gives a property two different values (an XMP packet
    with two descriptions that disagree, a JSON object with a key twice): altered."""


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    plain: dict[str, Any] = {}
    for key, value in pairs:
        if key in plain and plain[key] != value:
            raise BindingConflict(key)
        plain[key] = value
    return plain


def from_json(data: bytes) -> Binding | None:
    """The binding in the embedded file's JSON. Raises BindingConflict if a key is
    given twice with different values."""
    try:
        plain = json.loads(data.decode("utf-8"), object_pairs_hook=_no_repeated_keys)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(plain, dict) or plain.get("format") != FORMAT:
        return None
    return from_plain(plain)


MAX_XMP_BYTES = 1024 * 1024


def from_xmp(data: bytes) -> Binding | None:
    """The binding in an XMP packet, whatever prefix, element or attribute form a
    rewriting reader gave our namespace's properties. A packet with a DTD (entities)
    or too big is not read. Raises BindingConflict if a property is given twice (a
    reader may repeat the description) with different values."""
    if XMP_NAMESPACE.encode() not in data or len(data) > MAX_XMP_BYTES:
        return None
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return None
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None
    found: dict[str, str] = {}
    prefix = "{" + XMP_NAMESPACE + "}"

    def put(name: str, value: str) -> None:
        if found.get(name, value) != value:
            raise BindingConflict(name)
        found[name] = value

    for element in root.iter():
        if element.tag.startswith(prefix) and element.text:
            put(element.tag[len(prefix) :], element.text.strip())
        for name, value in element.attrib.items():
            if name.startswith(prefix):
                put(name[len(prefix) :], value.strip())
    return from_plain(found)
