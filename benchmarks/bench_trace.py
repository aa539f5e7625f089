"""Trace engine benchmark: a full trace against the module's own forward, side by side in one run.

``trace_vs_forward_ratio``: N=64, L=100, H_in=128, H=512, 2 layers (target ≤ 1.5).
``trace_seed_ms``: the seed note's LSTM(28, 256, num_layers=3, batch_first=True) on one 28×28 input
(target ≤ 20 ms).
Medians of 9 interleaved forward/trace pairs after a warm-up; torch's thread count is left at its
default. Load from other processes skews the two unevenly (both the module's forward and the trace
run L small recurrent products and, in the trace, a few elementwise calls per step, each ending in
an OpenMP barrier that a busy core delays), so compare ratios taken on a quiet machine (``uptime``).
Measured on the 2-core dev machine at load ≈ 1: ≈ 1.38× at 1 thread, ≈ 1.5× at 2 (the design before
the trace ran its own recurrence: ≈ 2.5–2.7×); see app/engine/trace/cells.py for where the time goes.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import torch
from torch import nn

from app.engine.trace.tracer import trace

PAIRS = 9  # forward/trace pairs; the ratio is of the two medians


def _median_ms(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def run() -> dict[str, float]:
    torch.manual_seed(0)
    big = nn.LSTM(128, 512, num_layers=2).eval()
    x = torch.randn(100, 64, 128)
    forward_ms, trace_ms = [], []
    with torch.no_grad():
        big(x), trace(big, x)  # warm-up: first calls pay one-off dispatch and allocator costs
        for _ in range(PAIRS):  # interleaved pairs, so that load from other processes hits both alike
            forward_ms.append(_ms(lambda: big(x)))
            trace_ms.append(_ms(lambda: trace(big, x)))
    seed = nn.LSTM(28, 256, num_layers=3, batch_first=True).eval()
    digit = torch.rand(1, 28, 28)
    seed_ms = _median_ms(lambda: trace(seed, digit), 15)
    return {
        "trace_vs_forward_ratio": round(statistics.median(trace_ms) / statistics.median(forward_ms), 3),
        "trace_seed_ms": round(seed_ms, 2),
    }
