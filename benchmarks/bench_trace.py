"""Trace engine benchmark: a full trace against the module's own forward, side by side in one run.

``trace_vs_forward_ratio``: N=64, L=100, H_in=128, H=512, 2 layers (target ≤ 1.5).
``trace_seed_ms``: the seed note's LSTM(28, 256, num_layers=3, batch_first=True) on one 28×28 input
(target ≤ 20 ms).
``infer_note_ms``: reading a 300-line note's modules without running anything (``python -m app model``'s
work: one module scope over all its blocks, classes bound to instantiations; target < 100 ms);
``link_note_ms``: linking its equations against those modules (``equations``' work, the linker's cache
cleared each time; target < 100 ms). Medians of 9 runs.
``link_huge_note_s``: ``link_note`` on the 2 MB generated note (``huge_note.py``, modules from the light code
scan, the linker's cache cleared; what the equation panel links in its worker thread when that note opens):
one run's CPU seconds (≈ 13.5 s before the section lookups were indexed, ≈ 2 s after, half of it the math
scan).
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


def note_300_lines() -> str:
    """A 300-line study note: three models under three headings (code, classes, instantiations,
    derivations in align and array blocks, inline symbols), repeated as students' notes grow."""
    part = [
        "# {k}. LSTM 정리",
        "오늘 배운 내용: 게이트 네 개와 셀 상태 $c_t$, 은닉 상태 $h_t$.",
        "$$\\begin{{aligned}}",
        "i_t &= \\sigma(W_{{ii}} x_t + b_{{ii}} + W_{{hi}} h_{{t-1}} + b_{{hi}}) \\\\",
        "f_t &= \\sigma(W_{{if}} x_t + b_{{if}} + W_{{hf}} h_{{t-1}} + b_{{hf}}) \\\\",
        "g_t &= \\tanh(W_{{ig}} x_t + b_{{ig}} + W_{{hg}} h_{{t-1}} + b_{{hg}}) \\\\",
        "o_t &= \\sigma(W_{{io}} x_t + b_{{io}} + W_{{ho}} h_{{t-1}} + b_{{ho}}) \\\\",
        "c_t &= f_t \\odot c_{{t-1}} + i_t \\odot g_t \\\\",
        "h_t &= o_t \\odot \\tanh(c_t)",
        "\\end{{aligned}}$$",
        "```python",
        "emb_dim, hidden, layers = 32, 64, 2",
        "class Encoder{k}(nn.Module):",
        "    def __init__(self, vocab, emb=emb_dim, hid=hidden, n_layers=1):",
        "        super().__init__()",
        "        self.emb = nn.Embedding(vocab, emb)",
        "        self.rnn = nn.LSTM(emb, hid, num_layers=n_layers, batch_first=True)",
        "enc{k} = Encoder{k}(len(vocab), hid=int(hidden / 2), n_layers=layers)",
        "```",
        "## GRU",
        "$$\\begin{{array}}{{ll}} r_t = \\sigma(W_{{ir}} x_t + W_{{hr}} h_{{t-1}}) \\\\ "
        "z_t = \\sigma(W_{{iz}} x_t + W_{{hz}} h_{{t-1}}) \\end{{array}}$$",
        "GRU에는 $c_t$가 없고 $h_t$만 있다. $z_t$가 1이면 이전 상태를 유지.",
        "```python",
        "gru{k} = nn.GRU(emb_dim, hidden * 2, layers, batch_first=True)",
        "cell{k} = nn.GRUCell(emb_dim, hidden)",
        "```",
        "## RNN",
        "$$h_t = \\tanh(x_t W_{{ih}}^T + b_{{ih}} + h_{{t-1}} W_{{hh}}^T + b_{{hh}})$$",
        "- 기울기 소실: $\\frac{{\\partial L}}{{\\partial h_t}}$ 가 작아짐",
        "",
    ]
    lines: list[str] = []
    k = 1
    while len(lines) < 300:
        lines += [line.format(k=k) for line in part]
        k += 1
    return "\n".join(lines[:300]) + "\n"


def note_timings(repeats: int = 9) -> dict[str, float]:
    """``infer_note_ms`` and ``link_note_ms`` on :func:`note_300_lines` (see the module docstring)."""
    from app.engine.notecode import extract, infer, infer_note
    from app.equations import link_note
    from app.equations.linker import _link_cached

    text = note_300_lines()
    modules = infer_note(text).modules

    def model() -> None:  # cold: nothing parsed before
        extract._parse_error_in.cache_clear()  # the syntax-error cache (per language since 9cde261)
        infer.parse_tree.cache_clear()
        infer_note(text)

    infer_ms = _median_ms(model, repeats)

    def link() -> None:
        _link_cached.cache_clear()
        link_note(text, modules=modules)

    return {"infer_note_ms": round(infer_ms, 2), "link_note_ms": round(_median_ms(link, repeats), 2)}


def link_huge_note_s() -> float:
    """CPU seconds of one ``link_note`` on the 2 MB generated note (see the module docstring)."""
    from huge_note import huge_note

    from app.equations import link_note
    from app.equations.linker import _link_cached

    text = huge_note(2.0)
    _link_cached.cache_clear()
    start = time.process_time()
    link_note(text)
    return round(time.process_time() - start, 2)


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
        **note_timings(),
        "link_huge_note_s": link_huge_note_s(),
    }
