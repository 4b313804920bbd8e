"""What an amendment changes in a signed record, in words an appraiser reads at a
glance: the labels of the record's fields whose signed content differs between two
versions, and for its parts (a session's actions, a goals plan's goals) how many were
added, removed or changed ("Location; Actions (1 added)"). Only what a signature
covers is compared: both sides are signed content (app/services/signing/signable.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.domain import registry
from app.domain.record_kind import RecordKind

# The parties' names a signed content holds, as a change to them is said.
_PARTY_LABELS = (
    ("mentee", "Mentee's name"),
    ("mentor", "Mentor's name"),
    ("mentor_role", "Mentor's role"),
    ("mentor_organisation", "Mentor's organisation"),
)


def changed(kind: RecordKind, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """What differs from ``before`` to ``after`` (two versions' signed content of one
    record of ``kind``), in the order the record's form shows it; empty if nothing."""
    spec = registry.spec(kind)
    signing = spec.signing
    if signing is None:
        raise ValueError(f"{kind.value} is not a signable kind")
    found: list[str] = []
    old = before.get(signing.key) if signing.key else None
    new = after.get(signing.key) if signing.key else None
    if old is not None and new is not None:
        found += [
            field.label
            for field in spec.fields
            if getattr(old, field.name, None) != getattr(new, field.name, None)
        ]
    for part in signing.parts:
        said = _parts_changed(before.get(part.key) or (), after.get(part.key) or ())
        if said:
            found.append(f"{registry.spec(part.kind).plural} ({said})")
    found += [
        label for key, label in _PARTY_LABELS if (before.get(key) or "") != (after.get(key) or "")
    ]
    return found


def _parts_changed(before: Sequence[Any], after: Sequence[Any]) -> str:
    """How many parts were added, removed and changed, matched by id: "1 added, 2
    changed", or "" when they are the same."""
    old = {getattr(p, "id", None): p for p in before}
    new = {getattr(p, "id", None): p for p in after}
    counts = (
        (len(new.keys() - old.keys()), "added"),
        (len(old.keys() - new.keys()), "removed"),
        (sum(old[i] != new[i] for i in old.keys() & new.keys()), "changed"),
    )
    return ", ".join(f"{n} {what}" for n, what in counts if n)
