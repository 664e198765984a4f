"""Measure a callable many times: medians and 95th percentiles in milliseconds."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest sample with `fraction` of them at or below it."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Timing:
    """Samples of one measured callable, in milliseconds."""

    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def p95(self) -> float:
        return percentile(self.samples, 0.95) if self.samples else math.nan


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    """Run once; return (milliseconds, result)."""
    started = time.perf_counter()
    result = function()
    return (time.perf_counter() - started) * 1000, result


def measure_side_by_side(
    functions: list[Callable[[], Any] | None], *, repeat: int, warmup: int
) -> list[Timing]:
    """Run the callables in turn, `warmup` + `repeat` rounds, and keep the last
    `repeat` rounds: interleaving shares the host's noise between them."""
    timings = [Timing() for _ in functions]
    for round_ in range(warmup + repeat):
        for function, timing in zip(functions, timings, strict=True):
            if function is None:
                continue
            elapsed, _ = timed(function)
            if round_ >= warmup:
                timing.samples.append(elapsed)
    return timings
