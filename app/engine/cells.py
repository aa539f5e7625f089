"""The docs' equations of one layer and direction, for all time steps at once.

The module's own fused forward has already produced h_t for every t (so h_{t-1} is known). Every
pre-activation then comes from two large matrix products over all L·N rows, and the gates from a few
elementwise passes; only the LSTM cell state needs a loop over time (c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t,
one fused multiply-add on (N, H) per step). Everything runs under ``torch.no_grad``, on the
module's device, in its dtype.

Memory kept per layer and direction, in elements (times 4 bytes for float32, 8 for float64):
LSTM 8·L·N·H (pre and gates) + L·N·H (c) + 2·L·N·H_out (h, h_prev); GRU 7·L·N·H (pre, gates,
hn_part) + 2·L·N·H; RNN 2·L·N·H + L·N·H (h_prev). The layer input x is shared with the previous
layer's output, and c_{t-1} is a view built on demand.

Cost (measured on the 2-core dev machine, LSTM 128→512, 2 layers, N=64, L=100, float32, quiet moments):
the module's forward ≈ 210 ms, the trace ≈ 540 ms (≈ 2.5×). The trace's fused forward is the
module's forward (≈ 1.0×); the two products per layer do exactly the forward's FLOPs, and the
module's oneDNN LSTM already runs them near the cores' peak, so they cost ≈ 1.0–1.2× more; page
faults on the fresh (L·N, 4H) buffers that the trace keeps are most of the rest (≈ 23 ms per 52 MB).
This design's floor is thus ≈ 2×, not the 1.5× that issue 3 targets.
"""

from __future__ import annotations

import torch


def shifted(h: torch.Tensor, h0: torch.Tensor, reverse: bool) -> torch.Tensor:
    """h_{t-1} for every t: h0 then h[:-1] (backward direction: h[1:] then h0)."""
    first = h0.unsqueeze(0)  # (1, N, size)
    return torch.cat([h[1:], first]) if reverse else torch.cat([first, h[:-1]])  # (L, N, size)


def _affine(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """x @ W^T + b over all L·N rows as one matrix product."""
    rows = x.reshape(-1, x.shape[-1])  # (L·N, in)
    out = torch.addmm(bias, rows, weight.t()) if bias is not None else rows @ weight.t()
    return out.view(*x.shape[:-1], weight.shape[0])  # (L, N, out)


def lstm_layer(
    x: torch.Tensor,
    h_prev: torch.Tensor,
    c0: torch.Tensor,
    weights: list[torch.Tensor],
    bias: bool,
    reverse: bool,
) -> dict[str, torch.Tensor]:
    """i f g o (and pre_*), c, h of one LSTM layer; ``weights`` as in params.layer_weights."""
    w_ih, w_hh = weights[0], weights[1]
    w_hr = weights[-1] if len(weights) in (3, 5) else None
    hidden = w_hh.shape[0] // 4
    rows = x.shape[0] * x.shape[1]
    pre = torch.empty(*x.shape[:2], 4 * hidden, dtype=x.dtype, device=x.device)  # (L, N, 4H)
    flat = pre.view(rows, 4 * hidden)
    hh = h_prev.reshape(rows, h_prev.shape[-1])  # (L·N, H_out)
    if bias:  # b_ih + b_hh folded into the first product's input: no separate pass over (L·N, 4H)
        torch.addmm(weights[2] + weights[3], x.reshape(rows, -1), w_ih.t(), out=flat)
    else:
        torch.mm(x.reshape(rows, -1), w_ih.t(), out=flat)
    flat.addmm_(hh, w_hh.t())  # accumulates W_h* h_{t-1} in place
    gates = torch.empty_like(pre)  # (L, N, 4H): each activation written once, from its own slice
    torch.sigmoid(pre[..., : 2 * hidden], out=gates[..., : 2 * hidden])  # i, f
    torch.tanh(pre[..., 2 * hidden : 3 * hidden], out=gates[..., 2 * hidden : 3 * hidden])  # g
    torch.sigmoid(pre[..., 3 * hidden :], out=gates[..., 3 * hidden :])  # o
    i, f, g, o = gates.split(hidden, dim=-1)  # each (L, N, H)
    c = i * g  # (L, N, H): starts as i_t ⊙ g_t, becomes c_t in place
    steps = range(len(c) - 1, -1, -1) if reverse else range(len(c))
    c_prev = c0
    for t in steps:
        c[t].addcmul_(f[t], c_prev)
        c_prev = c[t]
    h = torch.tanh(c).mul_(o)  # (L, N, H)
    if w_hr is not None:
        h = _affine(h, w_hr, None)  # (L, N, H_out)
    return {"pre": pre, "gates": gates, "c": c, "h": h}


def gru_layer(
    x: torch.Tensor, h_prev: torch.Tensor, weights: list[torch.Tensor], bias: bool
) -> dict[str, torch.Tensor]:
    """r z n (and pre_*, hn_part = W_hn h_{t-1} + b_hn), h of one GRU layer."""
    w_ih, w_hh = weights[0], weights[1]
    b_ih, b_hh = (weights[2], weights[3]) if bias else (None, None)
    hidden = w_hh.shape[0] // 3
    pre = _affine(x, w_ih, b_ih)  # (L, N, 3H): W_i* x_t + b_i*
    hh = _affine(h_prev, w_hh, b_hh)  # (L, N, 3H): W_h* h_{t-1} + b_h*
    pre[..., : 2 * hidden].add_(hh[..., : 2 * hidden])
    hn_part = hh[..., 2 * hidden :].contiguous()  # (L, N, H)
    del hh
    gates = torch.empty_like(pre)  # (L, N, 3H)
    torch.sigmoid(pre[..., : 2 * hidden], out=gates[..., : 2 * hidden])
    r, z, n = gates.split(hidden, dim=-1)
    pre[..., 2 * hidden :].addcmul_(r, hn_part)
    torch.tanh(pre[..., 2 * hidden :], out=n)
    h = torch.addcmul(n, z, h_prev - n)  # (1 - z) ⊙ n + z ⊙ h_{t-1}, (L, N, H)
    return {"pre": pre, "gates": gates, "hn_part": hn_part, "h": h}


def rnn_layer(
    x: torch.Tensor, h_prev: torch.Tensor, weights: list[torch.Tensor], bias: bool, relu: bool
) -> dict[str, torch.Tensor]:
    """pre_h and h of one Elman RNN layer (tanh or relu)."""
    w_ih, w_hh = weights[0], weights[1]
    pre = _affine(x, w_ih, weights[2] + weights[3] if bias else None)  # (L, N, H): b_ih + b_hh folded in
    flat = pre.view(-1, pre.shape[-1])
    flat.addmm_(h_prev.reshape(-1, h_prev.shape[-1]), w_hh.t())
    h = torch.relu(pre) if relu else torch.tanh(pre)  # (L, N, H)
    return {"pre": pre, "h": h}
