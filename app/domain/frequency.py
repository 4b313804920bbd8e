"""How often mentor and mentee agreed to meet, as data.

The contract keeps its free text ("How often we meet"); beside it, a Frequency holds
the structured part when there is one: every N weeks, N to M weeks, or every N months.
parse_frequency() (to be written with issue 21, item 1) reads plain phrasings and
refuses the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FrequencyUnit(StrEnum):
    WEEKS = "weeks"
    MONTHS = "months"


@dataclass(frozen=True)
class Frequency:
    """Meet every `low` to `high` units (low == high for "every N weeks")."""

    unit: FrequencyUnit
    low: int
    high: int

    def __post_init__(self) -> None:
        if not (1 <= self.low <= self.high <= 52):
            raise ValueError(f"not a meeting frequency: {self.low} to {self.high} {self.unit}")

    @property
    def longest_days(self) -> int:
        """The longest interval the contract allows, in days (a month counts 31)."""
        return self.high * (7 if self.unit is FrequencyUnit.WEEKS else 31)

    @property
    def shortest_days(self) -> int:
        """The shortest interval agreed, in days (a month counts 28)."""
        return self.low * (7 if self.unit is FrequencyUnit.WEEKS else 28)
