"""The terms of the BPTT sum ∂L/∂W = Σ_t ∂L/∂h_t · ∂h_t/∂W, one per step, for every weight and gate slice.

A weight acts at every step through its step's pre-activation, so its gradient splits into one term per
step (d2l §9.7, eq. 9.7.x): with δ_t = ∂L/∂pre_t (N, G·H) the gradient at that step's pre-activation,
    term_t(W_ih) = δ_tᵀ x_t,  term_t(W_hh) = δ_tᵀ h_{t−1},  term_t(b) = Σ_n δ_t[n],
and for an LSTM projection term_t(W_hr) = (∂L/∂h_t)ᵀ (o_t ⊙ tanh c_t). For a GRU the hidden side of n
sits inside r ⊙ (W_hn h_{t−1} + b_hn), so its δ is ∂L/∂(W_hn h_{t−1} + b_hn) = δ_n ⊙ r. A gate slice
(W_if = weight_ih_l0[H:2H]) takes its rows of δ.

Why the terms are not kept as matrices: at the benchmark's sizes one weight's terms would be 100 steps ×
2048 × 512 floats (420 MB). What the panel and the CLI need is cheaper and exact:
- ``norms``: ‖term_t‖_F per step, from Gram matrices, ‖δ_tᵀ x_t‖²_F = Σ_{n,m} (δ_t δ_tᵀ)_{nm} (x_t x_tᵀ)_{nm}
  ((L, N, N) each, no (G·H × H_in) matrix per step);
- ``along``: each term's component along the total, ⟨term_t, ∂L/∂W⟩ / ‖∂L/∂W‖, which adds up to
  ‖∂L/∂W‖ over the steps (the panel's bars: a signed share of the total per step), made on request;
- ``sum_error``: max |Σ_t term_t − ∂L/∂W|, with Σ_t term_t computed as one product over all L·N rows
  (δᵀ x) and ∂L/∂W from autograd through our recurrence (which accumulated it step by step): two
  independent computations of the same sum;
- ``term(t)``: one step's term as a matrix, on request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from app.engine.grad.gradtrace import GradTrace, LayerGrad
from app.engine.trace import GATES


@dataclass(frozen=True)
class WeightKey:
    """One weight or gate slice: where it lives and what multiplies it."""

    name: str  # "weight_ih_l0", or the docs slice name with its layer: "W_if_l0", "W_hf_l1_reverse"
    param: str  # the module's parameter name
    role: str  # "w_ih" | "w_hh" | "b_ih" | "b_hh" | "w_hr"
    rows: tuple[int, int] | None  # the slice's rows, None for the whole parameter
    layer: int
    direction: int
    source: str  # "weight_ih_l0[256:512]"


@dataclass
class BpttTerms:
    """The BPTT terms of one weight (see the module docstring)."""

    key: WeightKey
    total: torch.Tensor  # ∂L/∂W (autograd through our recurrence)
    summed: torch.Tensor  # Σ_t term_t, one product over the L·N rows
    norms: torch.Tensor  # (L,) ‖term_t‖_F
    layer: LayerGrad = field(repr=False)

    @property
    def sum_error(self) -> float:
        return float((self.summed - self.total).abs().max()) if self.total.numel() else 0.0

    def _factors(self) -> tuple[torch.Tensor, torch.Tensor | None]:
        """(δ rows (L, N, R), the vector they multiply (L, N, C) or None for a bias)."""
        delta, vec = _base(self.layer, self.key.role)
        if self.key.rows is not None:
            delta = delta[..., self.key.rows[0] : self.key.rows[1]]
        return delta, vec

    def along(self) -> torch.Tensor:
        """(L,) ⟨term_t, ∂L/∂W⟩ / ‖∂L/∂W‖: signed shares that add up to ‖∂L/∂W‖."""
        delta, vec = self._factors()
        norm = self.total.norm()
        if float(norm) == 0.0:
            return torch.zeros(delta.shape[0], dtype=delta.dtype)
        if vec is None:
            return delta.sum(1) @ self.total / norm  # (L,)
        projected = vec @ self.total.t()  # (L, N, R)
        return (delta * projected).sum((1, 2)) / norm

    def term(self, t: int) -> torch.Tensor:
        """Step t's term as a matrix (R, C) (a vector for a bias)."""
        delta, vec = self._factors()
        return delta[t].sum(0) if vec is None else delta[t].t() @ vec[t]


def _suffix(layer: int, direction: int, cell: bool) -> str:
    return "" if cell else f"_l{layer}" + ("_reverse" if direction else "")


def weight_keys(trace: GradTrace) -> list[WeightKey]:
    """Every weight of the recurrent module, then its docs-named gate slices (W_if, W_hf, b_ii …)."""
    keys: list[WeightKey] = []
    gates = GATES[trace.kind]
    for k, row in enumerate(trace.layers):
        for d, entry in enumerate(row):
            end = _suffix(k, d, trace.cell_loop)
            named = end or ""
            for role, param in entry.params.items():
                keys.append(WeightKey(param, param, role, None, k, d, param))
                if role == "w_hr" or trace.kind == "rnn":
                    if trace.kind == "rnn":
                        letter = "W" if role.startswith("w") else "b"
                        docs = f"{letter}_{role[2:]}{named}"
                        keys.append(WeightKey(docs, param, role, None, k, d, param))
                    else:
                        keys.append(WeightKey(f"W_hr{named}", param, role, None, k, d, param))
                    continue
                size = trace.layers[k][d].delta_ih.shape[-1] // len(gates)
                letter = "W" if role.startswith("w") else "b"
                side = role[2]  # "i" or "h"
                for g, gate in enumerate(gates):
                    rows = (g * size, (g + 1) * size)
                    docs = f"{letter}_{side}{gate}{named}"
                    keys.append(WeightKey(docs, param, role, rows, k, d, f"{param}[{rows[0]}:{rows[1]}]"))
    return keys


def weight_names(trace: GradTrace) -> list[str]:
    return [key.name for key in weight_keys(trace)]


def _gram(a: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Each step's Gram matrix of ``a`` (L, N, C), of the rows scaled by the step's largest |entry|, and
    that scale (L,).

    Why scaled: a vanishing gradient is ≈ 1e-20 at the first steps, its products ≈ 1e-40 are subnormal
    floats, and on a CPU those make the product ≈ 20× slower (measured: 1.7 s instead of 0.09 s).
    """
    scale = a.abs().amax((1, 2))  # (L,)
    safe = torch.where(scale > 0, scale, torch.ones_like(scale))
    unit = a / safe[:, None, None]
    return torch.bmm(unit, unit.transpose(1, 2)), scale  # (L, N, N), (L,)


def bptt_terms(trace: GradTrace, names: list[str] | None = None) -> dict[str, BpttTerms]:
    """The BPTT terms of the named weights (all by default), keyed by ``WeightKey.name``.

    A whole weight's per-step norm comes from its gate slices' (the slices partition its rows, so
    ‖term_t(W)‖²_F = Σ_gates ‖term_t(W_g)‖²_F): each Gram matrix is made once.
    """
    every = weight_keys(trace)
    wanted = {k.name for k in every if names is None or k.name in names}
    sums: dict[tuple[int, int, str], torch.Tensor] = {}
    grams: dict[tuple[int, ...], tuple[torch.Tensor, torch.Tensor]] = {}
    slice_norms: dict[tuple[int, int, str], list[torch.Tensor]] = {}

    def gram_of(t: torch.Tensor, rows: tuple[int, int] | None) -> tuple[torch.Tensor, torch.Tensor]:
        key = (id(t), *(rows or (-1, -1)))
        if key not in grams:
            grams[key] = _gram(t if rows is None else t[..., rows[0] : rows[1]])
        return grams[key]

    made: dict[str, BpttTerms] = {}
    # slices first (they give the whole weights' norms), then whole weights
    for key in sorted(every, key=lambda k: k.rows is None):
        group = (key.layer, key.direction, key.role)
        sliced = [k for k in every if (k.layer, k.direction, k.role) == group and k.rows is not None]
        if key.name not in wanted and not (
            key.rows is not None
            and any(
                k.name in wanted for k in every if (k.layer, k.direction, k.role) == group and k.rows is None
            )
        ):
            continue
        entry = trace.layers[key.layer][key.direction]
        full = trace.param_grads[key.param]
        total = full if key.rows is None else full[key.rows[0] : key.rows[1]]
        if group not in sums:
            sums[group] = _summed(entry, key.role)
        summed = sums[group] if key.rows is None else sums[group][key.rows[0] : key.rows[1]]
        terms = BpttTerms(key, total, summed, torch.empty(0), entry)
        if key.rows is None and sliced and group in slice_norms:
            terms.norms = torch.stack(slice_norms[group]).pow(2).sum(0).sqrt()
        else:
            base, vec = _base(entry, key.role)
            if vec is None:
                delta = base if key.rows is None else base[..., key.rows[0] : key.rows[1]]
                norms = delta.sum(1).norm(dim=-1)  # (L,)
            else:
                (gd, sd), (gv, sv) = gram_of(base, key.rows), gram_of(vec, None)
                norms = (gd * gv).sum((1, 2)).clamp_min(0).sqrt() * sd * sv  # (L,)
            terms.norms = norms
            if key.rows is not None:
                slice_norms.setdefault(group, []).append(norms)
        made[key.name] = terms
    return {k.name: made[k.name] for k in every if k.name in wanted}


def _base(entry: LayerGrad, role: str) -> tuple[torch.Tensor, torch.Tensor | None]:
    """(the whole δ of a parameter (L, N, R), what it multiplies (L, N, C) or None for a bias)."""
    if role == "w_hr":
        assert entry.m is not None
        return entry.grad_h, entry.m
    delta = entry.delta_ih if role in ("w_ih", "b_ih") else entry.delta_hh
    if role.startswith("b"):
        return delta, None
    return delta, (entry.x if role == "w_ih" else entry.h_prev)


def _summed(entry: LayerGrad, role: str) -> torch.Tensor:
    """Σ_t term_t of a whole parameter as one product over the L·N rows."""
    if role == "w_hr":
        assert entry.m is not None
        return entry.grad_h.flatten(0, 1).t() @ entry.m.flatten(0, 1)  # (H_out, H)
    delta = (entry.delta_ih if role in ("w_ih", "b_ih") else entry.delta_hh).flatten(0, 1)  # (L·N, G·H)
    if role.startswith("b"):
        return delta.sum(0)
    vec = (entry.x if role == "w_ih" else entry.h_prev).flatten(0, 1)  # (L·N, C)
    return delta.t() @ vec  # (G·H, C)
