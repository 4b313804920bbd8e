"""What a write changed, so the window can refresh what shows it and nothing else
(app/ui/ops.py announces these; a section refreshes when a change touches the kinds
it shows or depends on). Plain data: no Qt below the window."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.domain import registry
from app.domain.record_kind import RecordKind


@dataclass(frozen=True)
class Changes:
    records: frozenset[tuple[RecordKind, int]] = frozenset()
    kinds: frozenset[RecordKind] = frozenset()
    #: Too much to say record by record (an import, a relationship ended or reopened).
    everything: bool = False

    @staticmethod
    def of(kind: RecordKind, *ids: int) -> Changes:
        return Changes(frozenset((kind, i) for i in ids), frozenset({kind}))

    @staticmethod
    def of_records(*records: Any) -> Changes:
        """The records saved (dataclasses of editable kinds, with their ids)."""
        found = Changes()
        for record in records:
            found |= Changes.of(registry.spec_for(type(record)).kind, record.id)
        return found

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.records | other.records,
            self.kinds | other.kinds,
            self.everything or other.everything,
        )

    def __bool__(self) -> bool:
        return self.everything or bool(self.kinds)

    def touches(self, kinds: Iterable[RecordKind]) -> bool:
        return self.everything or not self.kinds.isdisjoint(kinds)


NOTHING = Changes()
EVERYTHING = Changes(everything=True)
