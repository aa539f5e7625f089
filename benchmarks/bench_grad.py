"""Gradient trace benchmark: the full gradient trace against the module's own forward + backward.

``grad_vs_backward_ratio``: the trace benchmark's sizes (nn.LSTM(128, 512, num_layers=2), N=64, L=100,
float32), L = half_sq_last. The gradient trace is our recurrence's forward, one backward pass asking for
every step's ∂L/∂h_t, ∂L/∂c_t, ∂L/∂pre_t and ∂L/∂W, and every weight's BPTT terms (per-step norms and the
sum check), i.e. everything ``python -m app grad --json`` reports except the Jacobian norms, which are
lazy (app/engine/grad/jacobians.py says why). The module's side is ``module(x)``, the same loss,
``torch.autograd.grad`` for its parameters. Target ≤ 3. Medians of interleaved pairs after a warm-up.
Measured on the shared 2-core machine while other sessions kept its load at 6–11: 1.77× and 1.80×
(module forward + backward 7.5 s and 34 s, i.e. far from idle; the ratio held).
``grad_seed_ms``: the seed's LSTM(28, 256, 3 layers, batch_first) on the digit with its head and
cross-entropy, including the Jacobian norms of every layer (what the panel shows on first click).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import torch
from torch import nn

from app.engine.grad import (
    bptt_terms,
    choose_loss,
    grad_trace,
    head_for,
    jacobians,
    last_output,
    loss_value,
)

PAIRS = 5


def _ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def run() -> dict[str, float]:
    torch.manual_seed(0)
    big = nn.LSTM(128, 512, num_layers=2).eval()
    x = torch.randn(100, 64, 128)
    loss = choose_loss()
    params = list(big.parameters())

    def module_side() -> None:
        out, _ = big(x)
        value = loss_value(loss, last_output(out, batch_first=False, unbatched=False))
        torch.autograd.grad(value, params)

    def trace_side() -> None:
        bptt_terms(grad_trace(big, x, loss=loss))

    module_side(), trace_side()  # warm-up
    module_ms, trace_ms = [], []
    for _ in range(PAIRS):
        module_ms.append(_ms(module_side))
        trace_ms.append(_ms(trace_side))
    seed = nn.LSTM(28, 256, num_layers=3, batch_first=True).eval()
    head = head_for(256, 10)
    digit = torch.rand(1, 28, 28)
    seed_loss = choose_loss(has_head=True, label=3)

    def seed_side() -> None:
        result = grad_trace(seed, digit, loss=seed_loss, head=head)
        bptt_terms(result)
        for k in range(3):
            jacobians(result, k, 0)

    seed_side()
    seed_ms = statistics.median(_ms(seed_side) for _ in range(5))
    return {
        "grad_vs_backward_ratio": round(statistics.median(trace_ms) / statistics.median(module_ms), 3),
        "grad_module_backward_ms": round(statistics.median(module_ms), 1),
        "grad_trace_ms": round(statistics.median(trace_ms), 1),
        "grad_seed_ms": round(seed_ms, 1),
    }
