"""Map the linker's quantity names (``lstm.f``, ``lstm.W_if``, ``lstm.W_f``…) to tensors of a Trace.

Why: the linker (pure, ``app.equations``) names what a symbol means; only the kernel holds the numbers.
This module is that dictionary, with what the panel needs to present a tensor honestly: the name of
each axis, a colouring role, where the numbers came from (``weight_ih_l0[256:512]``), and the notation's
orientation (d2l writes ``X_t W_xi`` with ``W_xi = W_ii^T``, so its weights are shown transposed).

The concatenated notation ``f_t = σ(W_f·[h_{t−1}, x_t] + b_f)`` has no tensor of its own in PyTorch:
``W_f`` is built here as ``[W_hf | W_if]`` (the order of ``[h_{t−1}, x_t]``) and ``b_f = b_if + b_hf``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch

from app.engine.trace import GATES_AND_STATES, NAMES
from app.i18n import messages, text

messages({
    "serve.other_model": ("{quantity}: 노트의 모델은 {kind}입니다",
                          "{quantity}: the note's model is an {kind}"),
    "serve.no_tensor": ("{quantity}: 이 모델에는 그런 텐서가 없습니다",
                        "{quantity}: this model has no such tensor"),
    "serve.no_bias": ("{quantity}: bias=False인 모델에는 편향이 없습니다",
                      "{quantity}: a model with bias=False has no biases"),
})

HEATMAP_NAMES = GATES_AND_STATES

GATE_ACTIVATION: dict[tuple[str, str], str] = {
    ("lstm", "i"): "σ",
    ("lstm", "f"): "σ",
    ("lstm", "o"): "σ",
    ("lstm", "g"): "tanh",
    ("gru", "r"): "σ",
    ("gru", "z"): "σ",
    ("gru", "n"): "tanh",
    ("rnn", "h"): "tanh",
}
LATEX = {
    "x": "x_t",
    "h_prev": "h_{t-1}",
    "c_prev": "c_{t-1}",
    "hn_part": r"W_{hn} h_{t-1} + b_{hn}",
}
CONCAT_GATES = {"lstm": "ifgo", "gru": "rzn", "rnn": ""}


@dataclass(frozen=True)
class Resolved:
    name: str
    latex: str
    tensor: torch.Tensor
    axes: list[str]
    role: str  # gate | tanh | pre | state | param
    source: str
    transposed: bool = False
    per_batch: bool = False


def _hidden_label(tr: Any) -> str:
    return "H_out" if (getattr(tr.config, "proj_size", 0) or 0) > 0 else "H"


def _input_label(tr: Any, layer: int) -> str:
    if layer == 0:
        return "H_in"
    hidden = _hidden_label(tr)
    return f"D·{hidden}" if tr.num_directions == 2 else hidden


def role_of(kind: str, name: str) -> str:
    if name.startswith("pre_") or name == "hn_part":
        return "pre"
    activation = GATE_ACTIVATION.get((kind, name))
    if activation == "σ":
        return "gate"
    if activation == "tanh" and not (kind == "rnn" and name == "h"):
        return "tanh"
    return "state"


def step_axes(tr: Any, name: str, layer: int) -> list[str]:
    """Axis names of ``tr.get(name)``: (L, N, size)."""
    if name == "x":
        size = _input_label(tr, layer)
    elif name in ("h", "h_prev"):
        size = _hidden_label(tr)
    else:
        size = "H"
    return ["L", "N", size]


def _param_axes(tr: Any, name: str, layer: int, dims: int) -> list[str]:
    if dims == 1:
        return ["H"]
    if tr.kind == "lstm" and name == "W_hr":  # the projection: (H_out, H)
        return ["H_out", "H"]
    if name.startswith("W_i"):
        return ["H", _input_label(tr, layer)]
    return ["H", _hidden_label(tr)]


def _rnn_activation(tr: Any) -> str:
    return "relu" if getattr(tr.config, "nonlinearity", "tanh") == "relu" else "tanh"


def resolve(
    tr: Any, quantity: str, layer: int, direction: int, t: int, *, transposed: bool = False
) -> Resolved:
    """The tensor a quantity name means at step ``t`` (step tensors: (N, size); parameters: as stored)."""
    kind, _, name = quantity.partition(".")
    if kind != tr.kind:
        raise KeyError(text("serve.other_model", quantity=quantity, kind=tr.kind.upper()))
    if name in NAMES[kind]:
        value = tr.step(name, layer, direction, t)  # (N, size)
        latex = LATEX.get(name, f"{name}_t" if not name.startswith("pre_") else rf"\mathrm{{pre}}_{name[4:]}")
        return Resolved(
            name=name,
            latex=latex,
            tensor=value,
            axes=step_axes(tr, name, layer)[1:],
            role=role_of(kind, name),
            source=f"trace: {name}[t={t}] (layer {layer}, {'bwd' if direction else 'fwd'})",
            per_batch=True,
        )
    params = tr.params(layer, direction)
    if name in params:
        p = params[name]
        tensor, source = p.tensor.detach(), p.source
        axes = _param_axes(tr, name, layer, tensor.dim())
    else:
        tensor, source, axes = _concatenated(tr, params, kind, name, layer)
    label = name
    if transposed and tensor.dim() == 2:
        tensor, axes, label = tensor.T, axes[::-1], f"{name}^T"
    return Resolved(
        name=label,
        latex=label,
        tensor=tensor,
        axes=axes,
        role="param",
        source=source,
        transposed=transposed,
    )


def _concatenated(
    tr: Any, params: dict[str, Any], kind: str, name: str, layer: int
) -> tuple[torch.Tensor, str, list[str]]:
    """``W_f = [W_hf | W_if]`` and ``b_f = b_if + b_hf`` for the concatenated notation."""
    letter, _, gate = name.partition("_")
    if kind == "rnn" and name in ("W", "b"):
        letter, gate = name, ""
    if letter not in ("W", "b") or (gate and gate not in CONCAT_GATES[kind]) or len(gate) > 1:
        raise KeyError(text("serve.no_tensor", quantity=f"{kind}.{name}"))
    suffix = gate if gate else "h"
    w_in, w_hid = (f"W_i{suffix}", f"W_h{suffix}") if gate else ("W_ih", "W_hh")
    b_in, b_hid = (f"b_i{suffix}", f"b_h{suffix}") if gate else ("b_ih", "b_hh")
    if letter == "W":
        hid, inp = params[w_hid], params[w_in]
        tensor = torch.cat([hid.tensor.detach(), inp.tensor.detach()], dim=1)  # (H, H_out + H_in)
        source = f"[{hid.source} | {inp.source}]"
        return tensor, source, ["H", f"{_hidden_label(tr)}+{_input_label(tr, layer)}"]
    if b_in not in params:
        raise KeyError(text("serve.no_bias", quantity=f"{kind}.{name}"))
    b_i, b_h = params[b_in], params[b_hid]
    return b_i.tensor.detach() + b_h.tensor.detach(), f"{b_i.source} + {b_h.source}", ["H"]
