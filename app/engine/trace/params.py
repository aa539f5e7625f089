"""Parameter slices under the names of the PyTorch docs' equations, with where each one comes from.

PyTorch stores the four LSTM gates stacked in one ``weight_ih_l{k}`` of shape (4H, H_in), in the order
i, f, g, o (GRU: r, z, n). The note writes ``W_{if}``; the panel must say that it is
``weight_ih_l0[256:512]``. Slices are views: no copy of the weights is made.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

GATES = {"lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n"), "rnn": ("h",)}


@dataclass(frozen=True)
class ParamSlice:
    """One docs-named parameter (``W_if``) as a view of the module's tensor, and its source string."""

    name: str  # "W_if", "b_hn", "W_hr" (LSTM projection), "W_ih" (RNN)
    tensor: torch.Tensor  # (H, H_in), (H, H_out), (H,) or (H_out, H) for W_hr
    source: str  # "weight_ih_l0[256:512]"


def suffix(layer: int, direction: int) -> str:
    """``_l{k}`` plus ``_reverse`` for the backward direction, as in the module's parameter names."""
    return f"_l{layer}" + ("_reverse" if direction else "")


def layer_weights(module: nn.RNNBase, kind: str, layer: int, direction: int) -> list[torch.Tensor]:
    """The flat weight list of one layer and direction, in the order ``torch._VF`` expects."""
    end = suffix(layer, direction)
    names = ["weight_ih", "weight_hh"] + (["bias_ih", "bias_hh"] if module.bias else [])
    if kind == "lstm" and int(getattr(module, "proj_size", 0)):
        names.append("weight_hr")
    return [getattr(module, name + end) for name in names]


def param_slices(module: nn.RNNBase, kind: str, layer: int, direction: int) -> dict[str, ParamSlice]:
    """Every parameter of one layer/direction under its docs name."""
    end = suffix(layer, direction)
    hidden = module.hidden_size
    slices: dict[str, ParamSlice] = {}
    parts = ("ih", "hh") + (("ih", "hh") if module.bias else ())
    for n, side in enumerate(parts):
        stem = "weight" if n < 2 else "bias"
        full = f"{stem}_{side}{end}"
        tensor = getattr(module, full)
        letter = "W" if stem == "weight" else "b"
        if kind == "rnn":
            slices[f"{letter}_{side}"] = ParamSlice(f"{letter}_{side}", tensor, full)
            continue
        for k, gate in enumerate(GATES[kind]):
            name = f"{letter}_{side[0]}{gate}"
            rows = slice(k * hidden, (k + 1) * hidden)
            slices[name] = ParamSlice(name, tensor[rows], f"{full}[{k * hidden}:{(k + 1) * hidden}]")
    if kind == "lstm" and int(getattr(module, "proj_size", 0)):
        full = f"weight_hr{end}"
        slices["W_hr"] = ParamSlice("W_hr", getattr(module, full), full)
    return slices
