"""The terms of one equation at one step, computed on demand.

The panel shows ``f_t = σ(W_if x_t + b_if + W_hf h_{t-1} + b_hf)`` with a value under every term. Keeping
all terms for all steps would cost four times the gates' memory, so they are computed when a step is
shown: a few (N, H_in)·(H_in, H) products, microseconds at the seed's sizes.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from app.engine.trace.kinds import TraceError, TraceView
from app.engine.trace.params import GATES
from app.i18n import messages, text

messages({
    "trace.no_gate": ("{kind}의 식은 {valid}입니다 ({gate}은(는) 없음)",
                      "The equations of an {kind} are {valid} (there is no {gate})"),
})


@dataclass(frozen=True)
class Term:
    """One summand or product of an equation at step t."""

    name: str  # "W_if x_t"
    latex: str  # "W_{if} x_t"
    value: torch.Tensor  # (N, H)
    source: str  # "weight_ih_l0[256:512] @ x_t"


def _linear_terms(
    trace: TraceView, gate: str, layer: int, direction: int, t: int, skip_hidden: bool
) -> list[Term]:
    params = trace.params(layer, direction)
    x = trace.step("x", layer, direction, t)  # (N, H_in)
    h_prev = trace.step("h_prev", layer, direction, t)  # (N, H_out)
    names = ("ih", "hh") if trace.kind == "rnn" else (f"i{gate}", f"h{gate}")
    terms = []
    for side, vector, symbol in ((names[0], x, "x_t"), (names[1], h_prev, "h_{t-1}")):
        if skip_hidden and side.startswith("h"):
            continue
        weight = params[f"W_{side}"]
        terms.append(
            Term(
                f"W_{side} {symbol}",
                f"W_{{{side}}} {symbol}",
                vector @ weight.tensor.t(),
                f"{weight.source} @ {symbol.replace('{', '').replace('}', '')}",
            )
        )
        bias = params.get(f"b_{side}")
        if bias is not None:
            terms.append(Term(f"b_{side}", f"b_{{{side}}}", bias.tensor.expand(x.shape[0], -1), bias.source))
    return terms


def step_terms(trace: TraceView, gate: str, layer: int, direction: int, t: int) -> list[Term]:
    """Terms of the equation of ``gate`` ("i", "f", "g", "o", "c", "h" / "r", "z", "n", "h" / "h")."""
    kind = trace.kind
    valid = (*GATES[kind], "c", "h") if kind == "lstm" else (*GATES[kind], "h") if kind == "gru" else ("h",)
    if gate not in valid:
        raise TraceError(text("trace.no_gate", kind=kind, valid=", ".join(valid), gate=repr(gate)))

    def q(name: str) -> torch.Tensor:
        return trace.step(name, layer, direction, t)

    with torch.no_grad():
        if kind == "rnn" or (gate in GATES[kind] and not (kind == "gru" and gate == "n")):
            return _linear_terms(trace, gate, layer, direction, t, skip_hidden=False)
        if kind == "gru" and gate == "n":
            terms = _linear_terms(trace, gate, layer, direction, t, skip_hidden=True)
            hn = q("hn_part")
            terms.append(
                Term(
                    "r_t ⊙ (W_hn h_{t-1} + b_hn)",
                    r"r_t \odot (W_{hn} h_{t-1} + b_{hn})",
                    q("r") * hn,
                    "r_t * (weight_hh[2H:3H] @ h_t-1 + bias_hh[2H:3H])",
                )
            )
            return terms
        if kind == "gru":  # h
            return [
                Term("(1 − z_t) ⊙ n_t", r"(1 - z_t) \odot n_t", (1 - q("z")) * q("n"), "(1 - z_t) * n_t"),
                Term("z_t ⊙ h_{t-1}", r"z_t \odot h_{t-1}", q("z") * q("h_prev"), "z_t * h_t-1"),
            ]
        if gate == "c":
            return [
                Term("f_t ⊙ c_{t-1}", r"f_t \odot c_{t-1}", q("f") * q("c_prev"), "f_t * c_t-1"),
                Term("i_t ⊙ g_t", r"i_t \odot g_t", q("i") * q("g"), "i_t * g_t"),
            ]
        inner = q("o") * torch.tanh(q("c"))  # (N, H)
        if trace.config.proj_size:
            w_hr = trace.params(layer, direction)["W_hr"]
            return [
                Term(
                    "W_hr (o_t ⊙ tanh(c_t))",
                    r"W_{hr} (o_t \odot \tanh(c_t))",
                    inner @ w_hr.tensor.t(),
                    f"{w_hr.source} @ (o_t * tanh(c_t))",
                )
            ]
        return [Term("o_t ⊙ tanh(c_t)", r"o_t \odot \tanh(c_t)", inner, "o_t * tanh(c_t)")]
