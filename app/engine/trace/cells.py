"""The docs' equations of one layer and direction, run step by step into the buffers the trace keeps.

Why this shape: a trace must keep a value for every step anyway, so the cheapest exact trace is the
recurrence itself, written straight into those kept buffers, with the work split as in PyTorch's
fused kernel: one large product per layer for the input side (x_t W_i*^T + b over all L·N rows,
b_ih + b_hh folded in for the gates where the docs add them), then per step one product
h_{t-1} W_h*^T added in place into that step's slice. The pre-activation buffer is thus computed in
place and kept as the pre_* quantities. A step's gates go to a scratch row that stays in cache; the
trace serves each gate as ``gate_values`` of its kept pre-activation (the same activation, made on
first use and cached), which saves writing and page-faulting 4·L·N·H more elements. The per-step
Python work is six or seven out=/in-place calls on views prepared before the loop (``unbind``).

Cost, LSTM 128→512, 2 layers, N=64, L=100, float32, on the 2-core dev machine (interleaved medians):
this design ≈ 1.4× the module's forward at 1 thread, ≈ 1.5× at 2. Of the extra ≈ 0.4–0.5×, about
half is first-touch page faults on the fresh kept buffers (≈ 15–25 ms per 52 MB), the rest is the
elementwise passes (torch.tanh is ≈ 6× slower than torch.sigmoid per element here). An earlier
design ran the module's fused forward per layer and then recomputed every gate with two large
products over [x_t, h_{t-1}]: it paid the recurrent FLOPs twice and measured ≈ 2.5×. Its h_t were
the module's bits; here they differ by float rounding only (≈ 1e-7 in float32 at L = 100, the sums
run in another order), which ``Trace.verify()`` proves against a real call of the module within
1e-6 / 1e-12 (tests also check L = 400).

Memory kept per layer and direction, in elements (× 4 bytes for float32, 8 for float64):
LSTM 4·L·N·H (pre) + L·N·H (c) + L·N·H_out (h); GRU 3·L·N·H (pre) + L·N·H (hn_part) + L·N·H (h);
RNN L·N·H (pre) + L·N·H (h); plus L·N·H per gate once it is asked for. h is written into the
layer's output (L, N, D·H_out), which is also the next layer's input x, so x is never copied;
h_{t-1} and c_{t-1} are built on demand (a single step without a copy). Scratch: one (N, 4H) or
(N, 3H) row, and (N, H) for an LSTM projection. Everything runs under ``torch.no_grad``, on the
module's device, in its dtype.
"""

from __future__ import annotations

import torch


def shifted(h: torch.Tensor, h0: torch.Tensor, reverse: bool) -> torch.Tensor:
    """h_{t-1} for every t: h0 then h[:-1] (backward direction: h[1:] then h0)."""
    first = h0.unsqueeze(0)  # (1, N, size)
    return torch.cat([h[1:], first]) if reverse else torch.cat([first, h[:-1]])  # (L, N, size)


def _input_side(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """x_t W^T + b for every t as one matrix product over all L·N rows, into a fresh kept buffer."""
    steps, batch = x.shape[0], x.shape[1]
    pre = torch.empty(steps, batch, weight.shape[0], dtype=x.dtype, device=x.device)  # (L, N, G·H)
    flat = pre.view(steps * batch, weight.shape[0])
    rows = x.reshape(steps * batch, x.shape[-1])  # (L·N, H_in)
    if bias is not None:
        torch.addmm(bias, rows, weight.t(), out=flat)
    else:
        torch.mm(rows, weight.t(), out=flat)
    return pre


def _order(steps: int, reverse: bool) -> range:
    return range(steps - 1, -1, -1) if reverse else range(steps)


def _empty(*shape: int, like: torch.Tensor) -> torch.Tensor:
    return torch.empty(*shape, dtype=like.dtype, device=like.device)


def gate_values(kind: str, gate: str, pre: torch.Tensor) -> torch.Tensor:
    """A gate from its kept pre-activation, with the activation the recurrence applied to it."""
    return torch.tanh(pre) if (kind, gate) in (("lstm", "g"), ("gru", "n")) else torch.sigmoid(pre)


def lstm_layer(
    x: torch.Tensor,
    h0: torch.Tensor,
    c0: torch.Tensor,
    weights: list[torch.Tensor],
    bias: bool,
    reverse: bool,
    h_out: torch.Tensor,
) -> dict[str, torch.Tensor]:
    """pre_i pre_f pre_g pre_o, c, h of one LSTM layer; h is written into ``h_out`` (L, N, H_out).

    ``weights`` as in params.layer_weights: W_ih, W_hh[, b_ih, b_hh][, W_hr]. The gates of a step go
    to a scratch row that stays in cache; the kept ones are ``gate_values`` of the kept pre_*.
    """
    w_ih, w_hh = weights[0], weights[1]
    w_hr = weights[-1] if len(weights) in (3, 5) else None
    hidden = w_hh.shape[0] // 4
    pre = _input_side(x, w_ih, weights[2] + weights[3] if bias else None)  # (L, N, 4H)
    c = _empty(*pre.shape[:2], hidden, like=pre)  # (L, N, H)
    pre_t, pre_g = pre.unbind(0), pre[..., 2 * hidden : 3 * hidden].unbind(0)  # L views, made once
    c_t, h_t = c.unbind(0), h_out.unbind(0)
    act = _empty(*pre.shape[1:], like=pre)  # (N, 4H): i f g o of the current step
    i, f, g, o = act.split(hidden, dim=-1)  # each (N, H)
    w_hh_t = w_hh.t()
    w_hr_t = w_hr.t() if w_hr is not None else None
    inner = torch.empty_like(i) if w_hr is not None else None  # (N, H): o_t ⊙ tanh(c_t)
    sigmoid, tanh, mul, mm = torch.sigmoid, torch.tanh, torch.mul, torch.mm
    h_prev, c_prev = h0, c0
    for t in _order(len(pre_t), reverse):
        sigmoid(pre_t[t].addmm_(h_prev, w_hh_t), out=act)  # pre_t += W_h* h_{t-1}, in place; σ of the row
        tanh(pre_g[t], out=g)  # g replaces the σ computed on its slice
        c_now = mul(i, g, out=c_t[t]).addcmul_(f, c_prev)  # f ⊙ c_{t-1} + i ⊙ g
        if inner is None:
            h_now = tanh(c_now, out=h_t[t]).mul_(o)  # o ⊙ tanh(c_t)
        else:
            assert w_hr_t is not None
            h_now = mm(tanh(c_now, out=inner).mul_(o), w_hr_t, out=h_t[t])  # W_hr (o ⊙ tanh(c_t))
        h_prev, c_prev = h_now, c_now
    return {"pre": pre, "c": c, "h": h_out}


def gru_layer(
    x: torch.Tensor,
    h0: torch.Tensor,
    weights: list[torch.Tensor],
    bias: bool,
    reverse: bool,
    h_out: torch.Tensor,
) -> dict[str, torch.Tensor]:
    """pre_r pre_z pre_n, hn_part = W_hn h_{t-1} + b_hn, h of one GRU layer; h into ``h_out``."""
    w_ih, w_hh = weights[0], weights[1]
    hidden = w_hh.shape[0] // 3
    b_hn: torch.Tensor | None = None
    folded: torch.Tensor | None = None
    if bias:  # b_hr, b_hz fold into the input side; b_hn stays inside r ⊙ (…)
        b_ih, b_hh = weights[2], weights[3]
        folded = torch.cat([b_ih[: 2 * hidden] + b_hh[: 2 * hidden], b_ih[2 * hidden :]])
        b_hn = b_hh[2 * hidden :]
    pre = _input_side(x, w_ih, folded)  # (L, N, 3H)
    hn_part = _empty(*pre.shape[:2], hidden, like=pre)  # (L, N, H)
    pre_rz, pre_n = pre[..., : 2 * hidden].unbind(0), pre[..., 2 * hidden :].unbind(0)
    hn_t, h_t = hn_part.unbind(0), h_out.unbind(0)
    act = _empty(pre.shape[1], 3 * hidden, like=pre)  # (N, 3H): r z n of the current step
    rz, n = act[:, : 2 * hidden], act[:, 2 * hidden :]
    r, z = rz.split(hidden, dim=-1)  # each (N, H)
    w_hrz_t, w_hn_t = w_hh[: 2 * hidden].t(), w_hh[2 * hidden :].t()
    sigmoid, tanh, lerp, mm, addmm = torch.sigmoid, torch.tanh, torch.lerp, torch.mm, torch.addmm
    h_prev = h0
    for t in _order(len(pre_rz), reverse):
        sigmoid(pre_rz[t].addmm_(h_prev, w_hrz_t), out=rz)  # pre_r, pre_z += W_hr/W_hz h_{t-1}
        if b_hn is None:
            mm(h_prev, w_hn_t, out=hn_t[t])
        else:
            addmm(b_hn, h_prev, w_hn_t, out=hn_t[t])  # W_hn h_{t-1} + b_hn
        tanh(pre_n[t].addcmul_(r, hn_t[t]), out=n)  # pre_n += r ⊙ (W_hn h_{t-1} + b_hn)
        h_prev = lerp(n, h_prev, z, out=h_t[t])  # (1 − z) ⊙ n + z ⊙ h_{t-1}
    return {"pre": pre, "hn_part": hn_part, "h": h_out}


def rnn_layer(
    x: torch.Tensor,
    h0: torch.Tensor,
    weights: list[torch.Tensor],
    bias: bool,
    relu: bool,
    reverse: bool,
    h_out: torch.Tensor,
) -> dict[str, torch.Tensor]:
    """pre_h and h of one Elman RNN layer (tanh or relu); h into ``h_out``."""
    w_ih, w_hh = weights[0], weights[1]
    pre = _input_side(x, w_ih, weights[2] + weights[3] if bias else None)  # (L, N, H)
    pre_t, h_t = pre.unbind(0), h_out.unbind(0)
    w_hh_t = w_hh.t()
    tanh, clamp_min = torch.tanh, torch.clamp_min
    h_prev = h0
    for t in _order(len(pre_t), reverse):
        pre_now = pre_t[t].addmm_(h_prev, w_hh_t)  # + W_hh h_{t-1}
        h_prev = clamp_min(pre_now, 0.0, out=h_t[t]) if relu else tanh(pre_now, out=h_t[t])  # relu / tanh
    return {"pre": pre, "h": h_out}
