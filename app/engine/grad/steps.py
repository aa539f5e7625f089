"""One differentiable step of each recurrent cell, written as the PyTorch docs' equations.

Why a second copy of the recurrence: ``app.engine.trace.cells`` writes every step into preallocated
buffers in place (``out=``, ``addmm_``), which is what keeps the forward trace at ≈ 1.4× the module's
forward, but autograd cannot differentiate through in-place writes into one shared buffer. Here every
step makes fresh tensors, so that each of them is a node of the autograd graph whose gradient we can
ask for (∂L/∂h_t, ∂L/∂c_t, ∂L/∂pre_t). The forward trace is untouched.

A step returns its output state and the nodes the gradient trace keeps (see ``Step``):
- LSTM (docs): pre = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh, (i, f, g, o) = (σ, σ, tanh, σ)(pre),
  c_t = f ⊙ c_{t-1} + i ⊙ g, m_t = o ⊙ tanh(c_t), h_t = m_t (or W_hr m_t with proj_size > 0).
- GRU: pre_rz = W_i{r,z} x_t + b + W_h{r,z} h_{t-1} + b, hn = W_hn h_{t-1} + b_hn,
  pre_n = W_in x_t + b_in + r ⊙ hn, h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}.
- RNN: h_t = tanh / relu(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh).
The input side ``W_i* x_t + b`` of all steps is computed once per layer by the caller (``x_side``).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass
class Step:
    """The autograd nodes of one step (each (N, size)); ``m`` only for an LSTM with a projection."""

    h: torch.Tensor  # h_t (N, H_out)
    c: torch.Tensor | None  # c_t (N, H), LSTM only
    pre: torch.Tensor  # LSTM (N, 4H) / RNN (N, H): the whole pre-activation; GRU: pre_rz (N, 2H)
    pre_n: torch.Tensor | None = None  # GRU (N, H): W_in x_t + b_in + r ⊙ hn
    hn: torch.Tensor | None = None  # GRU (N, H): W_hn h_{t-1} + b_hn
    m: torch.Tensor | None = None  # LSTM with proj_size (N, H): o ⊙ tanh(c_t), what W_hr multiplies
    h_prev: torch.Tensor | None = None  # the h_{t-1} this step read (set by the caller, for the BPTT terms)
    c_prev: torch.Tensor | None = None  # the c_{t-1} this step read (LSTM)


def x_side(x: torch.Tensor, w_ih: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """W_ih x_t + bias for all rows at once: (..., H_in) → (..., G·H); one product, as PyTorch does."""
    return torch.nn.functional.linear(x, w_ih, bias)


def lstm_step(
    xw: torch.Tensor,
    h_prev: torch.Tensor,
    c_prev: torch.Tensor,
    w_hh: torch.Tensor,
    w_hr: torch.Tensor | None,
) -> Step:
    """One LSTM step from its input side ``xw`` = W_ih x_t + b_ih + b_hh (N, 4H)."""
    pre = torch.addmm(xw, h_prev, w_hh.t())  # (N, 4H)
    i, f, g, o = pre.chunk(4, dim=1)  # each (N, H)
    i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
    c = torch.addcmul(f * c_prev, i, g)  # f ⊙ c_{t-1} + i ⊙ g
    m = o * torch.tanh(c)  # (N, H)
    if w_hr is None:
        return Step(m, c, pre)
    return Step(m @ w_hr.t(), c, pre, m=m)  # (N, H_out)


def gru_step(xw: torch.Tensor, h_prev: torch.Tensor, w_hh: torch.Tensor, b_hh: torch.Tensor | None) -> Step:
    """One GRU step from ``xw`` = W_ih x_t + b_ih (+ b_hr, b_hz folded into the r, z rows) (N, 3H).

    ``b_hh`` is only b_hn (H,), or None without bias: it stays inside r ⊙ (W_hn h_{t-1} + b_hn).
    """
    hidden = w_hh.shape[0] // 3
    x_rz, x_n = xw[:, : 2 * hidden], xw[:, 2 * hidden :]  # (N, 2H), (N, H)
    pre = torch.addmm(x_rz, h_prev, w_hh[: 2 * hidden].t())  # pre_r, pre_z (N, 2H)
    w_hn = w_hh[2 * hidden :]
    hn = torch.addmm(b_hh, h_prev, w_hn.t()) if b_hh is not None else h_prev @ w_hn.t()  # (N, H)
    r, z = torch.sigmoid(pre).chunk(2, dim=1)
    pre_n = torch.addcmul(x_n, r, hn)  # W_in x_t + b_in + r ⊙ hn
    n = torch.tanh(pre_n)
    h = torch.lerp(n, h_prev, z)  # (1 − z) ⊙ n + z ⊙ h_{t-1}
    return Step(h, None, pre, pre_n=pre_n, hn=hn)


def rnn_step(xw: torch.Tensor, h_prev: torch.Tensor, w_hh: torch.Tensor, relu: bool) -> Step:
    """One Elman step from ``xw`` = W_ih x_t + b_ih + b_hh (N, H)."""
    pre = torch.addmm(xw, h_prev, w_hh.t())  # (N, H)
    return Step(torch.relu(pre) if relu else torch.tanh(pre), None, pre)
