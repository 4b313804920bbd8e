"""Repetitions, medians and ranges: the only statistics the benchmarks use."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    """Seconds (or any unit) over several repetitions."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    def to_json(self) -> list[float]:
        return list(self.values)


def repeat(job: Callable[[], object], reps: int) -> Sample:
    """Time ``job`` ``reps`` times (after one untimed warm-up call)."""
    job()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return Sample(tuple(times))
