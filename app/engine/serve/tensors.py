"""The module's own tensors as panel quantities: ``output``, ``h_n``, ``c_n``, the input ``x`` and h_0/c_0.

Why: a note writes shapes for these (``output: (N, L, D∗H_out)``), and a click on a shape badge
(``app.equations.shapes``, judged by ``app.engine.claims``) opens the panel on the tensor itself, like a
click on a gate symbol opens it on the gate. The gates are one step of one layer, (N, H); these are whole
tensors, so the panel shows the tensor's real shape with every axis named, and the values of one step t
(where it has a time axis) for one batch element:

- ``input``  (x): (N, L, H_in) with batch_first, (L, N, H_in) without, (L, H_in) unbatched;
- ``output``:     (N, L, D·H_out) / (L, N, D·H_out) / (L, D·H_out): the last layer's h_t of each direction;
- ``h_n``, ``h_0``: (D·num_layers, N, H_out); ``c_n``, ``c_0``: (D·num_layers, N, H_cell) (LSTM only);
  unbatched without N. Index ``layer·D + direction`` of the first axis is that layer and direction.

Axis names follow PyTorch's docs (N, L, D, H_in, H_cell, H_out); ``D·H_out`` stays written as a product
even when D = 1, so it reads like the docs and the note. Values come from the module's own return value
(``Trace.output``/``h_n``/``c_n``, what ``module(x)`` gave) and the trace's initial states, never from a
recomputation, so what the panel shows is what PyTorch computed.
"""

from __future__ import annotations

from typing import Any

import torch

from app.engine.serve.payload import describe
from app.i18n import messages, text

messages({
    "serve.no_state": ("{kind}에는 {name}이(가) 없습니다", "An {kind} has no {name}"),
    "serve.not_whole": ("{name}: 패널의 텐서가 아닙니다 ({names})",
                        "{name}: not one of the panel's tensors ({names})"),
})

WHOLE = ("input", "output", "h_n", "c_n", "h_0", "c_0")
LATEX = {"input": "x", "output": r"\mathrm{output}", "h_n": "h_n", "c_n": "c_n", "h_0": "h_0", "c_0": "c_0"}


def _state(tr: Any, name: str) -> torch.Tensor:
    """h_0/c_0 as the module received them: (D·num_layers, N, size), zeros when none were given."""
    attr = "h0" if name == "h_0" else "c0"
    parts = [getattr(tr.layers[layer][d], attr)
             for layer in range(tr.num_layers) for d in range(tr.num_directions)]  # fmt: skip
    if any(p is None for p in parts):
        raise KeyError(text("serve.no_state", kind=tr.kind.upper(), name=name))
    return torch.stack(parts)  # (D·num_layers, N, size)


def whole(tr: Any, name: str) -> tuple[torch.Tensor, list[str], int | None, int | None]:
    """(the tensor, its axis names, its time axis, its batch axis) for a ``WHOLE`` name."""
    unbatched = bool(tr.unbatched)
    bf = bool(tr.config.batch_first)
    if name in ("input", "output"):
        tensor = tr.input if name == "input" else tr.output
        last = "H_in" if name == "input" else "D·H_out"
        if unbatched:
            return tensor, ["L", last], 0, None
        return (tensor, ["N", "L", last], 1, 0) if bf else (tensor, ["L", "N", last], 0, 1)
    if name in ("h_n", "c_n"):
        found = tr.h_n if name == "h_n" else tr.c_n
        if found is None:
            raise KeyError(text("serve.no_state", kind=tr.kind.upper(), name=name))
        tensor = found
    elif name in ("h_0", "c_0"):
        tensor = _state(tr, name)
        if unbatched:
            tensor = tensor[:, 0]
    else:
        raise KeyError(text("serve.not_whole", name=name, names=", ".join(WHOLE)))
    last = "H_out" if name.startswith("h") else "H_cell"
    if unbatched:
        return tensor, ["D·num_layers", last], None, None
    return tensor, ["D·num_layers", "N", last], None, 1


def describe_whole(tr: Any, name: str, batch: int, t: int) -> dict[str, Any]:
    """The panel item of a whole tensor: the values at step ``t`` (when it has a time axis), per batch
    element when it has a batch axis, and ``tensor``: its real shape and axis names, the time and batch
    axes and the t shown."""
    tensor, axes, time_axis, batch_axis = whole(tr, name)
    tensor = tensor.detach()
    shown, shown_axes = tensor, list(axes)
    index = [":"] * tensor.dim()  # the source, as an index expression: output[:, 5, :]
    if time_axis is not None:
        t = max(0, min(int(t), tensor.shape[time_axis] - 1))
        shown = shown.select(time_axis, t)
        del shown_axes[time_axis]
        index[time_axis] = str(t)
    per_batch = bool(shown_axes) and shown_axes[0] == "N"  # (N, …) at t: the card picks the batch row
    if batch_axis is not None and not per_batch:  # h_n, c_n: (D·num_layers, N, H) → (D·num_layers, H)
        k = shown_axes.index("N")
        n = max(0, min(int(batch), tensor.shape[batch_axis] - 1))
        shown = shown.select(k, n)
        del shown_axes[k]
        index[batch_axis] = str(n)
    label = "x" if name == "input" else name
    source = f"{label}[{', '.join(index)}]"
    if name in ("output", "h_n", "c_n"):
        source = f"module(x) → {source}"
    item = describe(shown, name=label, latex=LATEX[name], axes=shown_axes, role="state", source=source)
    item["per_batch"] = per_batch
    item["tensor"] = {"shape": list(tensor.shape), "axes": axes, "time_axis": time_axis,
                      "batch_axis": batch_axis, "t": t if time_axis is not None else None}  # fmt: skip
    return item


def whole_step(
    tr: Any, kind: str, name: str, batch: int, t: int, *, device: str, tol: float
) -> dict[str, Any]:
    """``panel.step``'s answer for a whole tensor (``lstm.output``…): the item as the result and as the one
    symbol, no term chain (it is no equation), no step check (its values are the module's own)."""
    item = describe_whole(tr, name, batch, t)
    return {"quantity": f"{kind}.{name}", "t": t, "layer": 0, "direction": 0, "batch": batch,
            "device": device, "result": item, "symbols": [item], "chain": [], "step_diff": None,
            "tol": tol}  # fmt: skip
