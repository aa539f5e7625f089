"""Jacobian norms through time, computed lazily (on the panel's or the CLI's request).

Which norm, and why: the spectral norm ‖J‖₂ (the largest singular value). It is the factor by which the
largest perturbation of h_t can grow or shrink on its way to h_T, and it is the norm in which the
vanishing/exploding argument is made (Pascanu, Mikolov & Bengio 2013: ‖∏ ∂h_j/∂h_{j−1}‖₂ ≤ ∏ ‖·‖₂).
A batch's samples do not interact, so the batch's Jacobian is block-diagonal and its spectral norm is
the largest over the samples: that is the number reported.

Why lazily, and how: each Jacobian is (H_out × H_out) per sample and step. ‖∂h_T/∂h_t‖ for all t needs
H_out vector–Jacobian products through the whole recurrence (one backward pass with the unit vectors as
a batch, ``is_grads_batched``), ≈ H_out/N times the gradient trace's own backward: 8× at the benchmark's
sizes (N=64, H=512), so the trace itself never computes them. ‖∂h_t/∂h_{t−1}‖ needs one step, run for
all t at once on the kept h_{t−1} (a batch of L·N rows). Large batches are measured on the first
``MAX_SAMPLES`` samples (``samples`` says which).
∂h_T/∂h_t and ∂h_t/∂h_{t−1} hold c fixed (they are the h path of the LSTM).

The LSTM's ∂c_t/∂c_{t−1} through the state, split into named paths (closed form from the traced gates):
    ∂c_t/∂c_{t−1} = diag(f_t)                                   "f_t (diagonal)", the additive cell path
                  + diag(c_{t−1} ⊙ f_t ⊙ (1−f_t)) W_hf · B      "via f_t"
                  + diag(g_t ⊙ i_t ⊙ (1−i_t)) W_hi · B          "via i_t"
                  + diag(i_t ⊙ (1−g_t²)) W_hg · B               "via g_t"
with B = ∂h_{t−1}/∂c_{t−1} = [W_hr] diag(o_{t−1} ⊙ (1 − tanh² c_{t−1})); at the first step h_{t−1} is the
given initial state, so only the diagonal path remains.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from app.engine.grad.gradtrace import GradTrace
from app.engine.grad.recurrence import layer_weights, run_layer
from app.engine.grad.steps import gru_step, lstm_step, rnn_step, x_side

MAX_SAMPLES = 4
NORM = "spectral"
C_PATHS = ("f_diag", "via_f", "via_i", "via_g", "total")


@dataclass
class Jacobians:
    """Norms per step (L,) of one layer and direction."""

    hT_ht: torch.Tensor  # ‖∂h_T/∂h_t‖₂ (h_T: this direction's last state)
    ht_htm1: torch.Tensor  # ‖∂h_t/∂h_{t−1}‖₂
    c_paths: dict[str, torch.Tensor] = field(default_factory=dict)  # LSTM: C_PATHS -> ‖·‖₂ per step
    samples: tuple[int, ...] = ()
    norm: str = NORM


def _spectral(j: torch.Tensor) -> torch.Tensor:
    """Largest singular value of each matrix (..., R, C): √ of the largest eigenvalue of J Jᵀ (or Jᵀ J,
    the smaller), a symmetric eigenproblem ≈ 1.6× faster than the SVD that ``matrix_norm(ord=2)`` runs.

    Each matrix is first scaled by its largest |entry|: vanishing Jacobians hold entries ≈ 1e-20 whose
    products are subnormal floats, which made the eigensolver ≈ 6× slower (18 ms instead of 3 ms per
    256 × 256 matrix on the dev machine); σ_max(J) = s · σ_max(J / s) is exact.
    """
    scale = j.abs().amax((-2, -1), keepdim=True)  # (..., 1, 1)
    unit = j / torch.where(scale > 0, scale, torch.ones_like(scale))
    gram = unit @ unit.mT if j.shape[-2] <= j.shape[-1] else unit.mT @ unit
    return torch.linalg.eigvalsh(gram)[..., -1].clamp_min(0).sqrt() * scale[..., 0, 0]


def _weights(trace: GradTrace, layer: int, direction: int) -> dict[str, torch.Tensor | None]:
    weights = layer_weights(trace.module, -1 if trace.cell_loop else layer, direction)
    return {k: (v.detach() if v is not None else None) for k, v in weights.items()}


def _basis(size: int, rows: int, like: torch.Tensor) -> torch.Tensor:
    """(size, rows, size): unit vector j for every row, the batch of VJPs that gives a Jacobian's rows."""
    eye = torch.eye(size, dtype=like.dtype, device=like.device)
    return eye[:, None, :].expand(size, rows, size).contiguous()


def jacobians(trace: GradTrace, layer: int = 0, direction: int = 0) -> Jacobians:
    """The Jacobian norms of one layer and direction, computed on first use and kept on the trace."""
    key = (layer, direction)
    if key not in trace.jacobian_cache:
        trace.jacobian_cache[key] = jacobian_norms(trace, layer, direction)
    found: Jacobians = trace.jacobian_cache[key]
    return found


def jacobian_norms(trace: GradTrace, layer: int = 0, direction: int = 0) -> Jacobians:
    entry = trace.layer(layer, direction)
    n = entry.x.shape[1]
    samples = tuple(range(min(n, MAX_SAMPLES)))
    idx = list(samples)
    weights = _weights(trace, layer, direction)
    reverse = direction == 1
    steps = entry.x.shape[0]
    first = steps - 1 if reverse else 0
    x = entry.x[:, idx]  # (L, n, H_in)
    h0 = entry.h_prev[first, idx].clone().requires_grad_(True)  # so that every h_t is a graph node
    c0 = entry.c_prev[first, idx] if entry.c_prev is not None else None
    relu = getattr(trace.module, "nonlinearity", "tanh") == "relu"
    size = entry.h.shape[-1]
    with torch.enable_grad():
        run = run_layer(trace.kind, x, h0, c0, weights, reverse=reverse, relu=relu)
        hs = [s.h for s in run.steps]
        h_last = hs[0] if reverse else hs[-1]
        rows = torch.autograd.grad(
            h_last, hs, grad_outputs=_basis(size, len(idx), h_last), is_grads_batched=True, allow_unused=True
        )
    hT = torch.stack(
        [_spectral(r.permute(1, 0, 2)).max() if r is not None else h_last.new_zeros(()) for r in rows]
    )  # (L,)
    local = _local(trace, entry, weights, idx, relu)
    paths = _c_paths(trace, entry, weights, idx, reverse) if trace.kind == "lstm" else {}
    return Jacobians(hT.detach(), local, paths, samples)


def _local(trace: GradTrace, entry, weights, idx: list[int], relu: bool) -> torch.Tensor:  # type: ignore[no-untyped-def]
    """‖∂h_t/∂h_{t−1}‖₂ for all t: one step on a batch of L·n rows."""
    steps = entry.x.shape[0]
    x = entry.x[:, idx].flatten(0, 1)  # (L·n, H_in)
    h_prev = entry.h_prev[:, idx].flatten(0, 1).clone().requires_grad_(True)  # (L·n, H_out)
    w_ih, w_hh, b_ih, b_hh, w_hr = (weights[k] for k in ("w_ih", "w_hh", "b_ih", "b_hh", "w_hr"))
    with torch.enable_grad():
        if trace.kind == "lstm":
            xw = x_side(x, w_ih, b_ih + b_hh if b_ih is not None and b_hh is not None else None)
            c_prev = entry.c_prev[:, idx].flatten(0, 1)
            h = lstm_step(xw, h_prev, c_prev, w_hh, w_hr).h
        elif trace.kind == "gru":
            hidden = w_hh.shape[0] // 3
            folded = b_hn = None
            if b_ih is not None and b_hh is not None:
                folded = torch.cat([b_ih[: 2 * hidden] + b_hh[: 2 * hidden], b_ih[2 * hidden :]])
                b_hn = b_hh[2 * hidden :]
            h = gru_step(x_side(x, w_ih, folded), h_prev, w_hh, b_hn).h
        else:
            xw = x_side(x, w_ih, b_ih + b_hh if b_ih is not None and b_hh is not None else None)
            h = rnn_step(xw, h_prev, w_hh, relu).h
        size = h.shape[-1]
        (rows,) = torch.autograd.grad(
            h, h_prev, grad_outputs=_basis(size, h.shape[0], h), is_grads_batched=True
        )
    jac = rows.permute(1, 0, 2)  # (L·n, H_out, H_out): row j of each sample's Jacobian
    return _spectral(jac).reshape(steps, len(idx)).amax(1).detach()


def _c_paths(trace: GradTrace, entry, weights, idx: list[int], reverse: bool) -> dict[str, torch.Tensor]:  # type: ignore[no-untyped-def]
    assert entry.pre is not None and entry.c_prev is not None
    hidden = entry.c_prev.shape[-1]
    pre = entry.pre[:, idx]  # (L, n, 4H)
    i, f, g, o = pre.split(hidden, dim=-1)
    i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
    c_prev = entry.c_prev[:, idx]  # (L, n, H)
    steps = pre.shape[0]
    # o_{t-1}: the output gate of the step that made c_{t-1} (none at the first step)
    o_before = (
        torch.cat([o[1:], torch.zeros_like(o[:1])])
        if reverse
        else torch.cat([torch.zeros_like(o[:1]), o[:-1]])
    )
    first = steps - 1 if reverse else 0
    b_diag = o_before * (1 - torch.tanh(c_prev) ** 2)  # (L, n, H): ∂h_{t−1}/∂c_{t−1} before W_hr
    b_diag[first] = 0  # h_{t−1} at the first step is the given state, not a function of c_{t−1}
    w_hh = weights["w_hh"]
    assert w_hh is not None
    w_hr = weights["w_hr"]
    w_hi, w_hf, w_hg = w_hh[:hidden], w_hh[hidden : 2 * hidden], w_hh[2 * hidden : 3 * hidden]  # (H, H_out)

    # B = W_hr diag(b) (H_out, H) or diag(b) (H, H); A_gate B = diag(a) W_h· B
    def through(a: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        wb = w @ w_hr if w_hr is not None else w  # (H, H)
        return a[..., :, None] * wb * b_diag[..., None, :]  # (L, n, H, H)

    via_f = through(c_prev * f * (1 - f), w_hf)
    via_i = through(g * i * (1 - i), w_hi)
    via_g = through(i * (1 - g**2), w_hg)
    total = via_f + via_i + via_g + torch.diag_embed(f)
    return {
        "f_diag": f.abs().amax(-1).amax(-1),
        "via_f": _spectral(via_f).amax(-1),
        "via_i": _spectral(via_i).amax(-1),
        "via_g": _spectral(via_g).amax(-1),
        "total": _spectral(total).amax(-1),
    }
