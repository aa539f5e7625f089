"""Our own recurrence of a whole nn.LSTM / nn.GRU / nn.RNN (and of one cell call), differentiable.

The layers are chained as the module chains them (layer k's input is layer k − 1's h of both directions
side by side); each layer and direction keeps its ``Step`` nodes in sequence order, so that the
gradient trace can ask autograd for ∂L/∂h_t, ∂L/∂c_t and ∂L/∂pre_t of every step in one backward pass.

Truncated BPTT (d2l §9.7): with ``truncate = k`` the carried state is detached every k steps of a
direction's own order (before steps k, 2k, …): the forward values are unchanged, the gradient stops at
the cut. This is what running the module on chunks of k steps with ``state.detach()`` between them
computes (``app.engine.grad.verify`` checks exactly that).

Input layouts as the module expects them ((L, N, H_in), (N, L, H_in) with batch_first, (L, H_in)
unbatched); internally time first, N = 1 for unbatched input. Dropout between layers is not applied
(the trace requires eval mode, as ``app.engine.trace`` does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from app.engine.grad.steps import Step, gru_step, lstm_step, rnn_step, x_side
from app.engine.trace import config_of, module_kind


@dataclass
class LayerRun:
    """One layer and direction of one differentiable run (tensors time first)."""

    x: torch.Tensor  # (L, N, H_in or D·H_out): this layer's input
    h0: torch.Tensor  # (N, H_out)
    c0: torch.Tensor | None  # (N, H), LSTM
    steps: list[Step] = field(default_factory=list)  # in sequence order (t = 0 … L−1), both directions

    def h(self) -> torch.Tensor:
        return torch.stack([s.h for s in self.steps])  # (L, N, H_out)


@dataclass
class Run:
    """What the module would return, computed by our recurrence, plus every layer's nodes."""

    kind: str
    output: torch.Tensor  # as the module returns it
    h_n: torch.Tensor
    c_n: torch.Tensor | None
    layers: list[list[LayerRun]]  # [layer][direction]
    unbatched: bool
    batch_first: bool

    def returned(self) -> tuple[Any, ...]:
        """(output, h_n) or (output, (h_n, c_n)), as ``module(x, state)`` returns."""
        if self.kind == "lstm":
            return self.output, (self.h_n, self.c_n)
        return self.output, self.h_n


def _cut(position: int, steps: int, reverse: bool, truncate: int | None) -> bool:
    """Whether the carried state is detached before this step (every ``truncate`` steps of its order)."""
    if not truncate:
        return False
    order = steps - 1 - position if reverse else position
    return order > 0 and order % truncate == 0


def run_layer(
    kind: str,
    x: torch.Tensor,
    h0: torch.Tensor,
    c0: torch.Tensor | None,
    weights: dict[str, torch.Tensor | None],
    *,
    reverse: bool = False,
    relu: bool = False,
    truncate: int | None = None,
) -> LayerRun:
    """One layer and direction over x (L, N, H_in); ``weights``: w_ih w_hh b_ih b_hh w_hr (None if absent)."""
    w_ih, w_hh, b_ih, b_hh, w_hr = (weights[k] for k in ("w_ih", "w_hh", "b_ih", "b_hh", "w_hr"))
    assert w_ih is not None and w_hh is not None
    steps = x.shape[0]
    b_hn: torch.Tensor | None = None
    if kind == "gru":
        hidden = w_hh.shape[0] // 3
        folded = None
        if b_ih is not None and b_hh is not None:
            folded = torch.cat([b_ih[: 2 * hidden] + b_hh[: 2 * hidden], b_ih[2 * hidden :]])  # (3H,)
            b_hn = b_hh[2 * hidden :]
        xw = x_side(x, w_ih, folded)  # (L, N, 3H)
    else:
        xw = x_side(x, w_ih, b_ih + b_hh if b_ih is not None and b_hh is not None else None)  # (L, N, G·H)
    rows = xw.unbind(0)
    run = LayerRun(x, h0, c0)
    found: list[Step | None] = [None] * steps
    h_prev, c_prev = h0, c0
    for t in range(steps - 1, -1, -1) if reverse else range(steps):
        if _cut(t, steps, reverse, truncate):
            h_prev = h_prev.detach()
            c_prev = c_prev.detach() if c_prev is not None else None
        if kind == "lstm":
            assert c_prev is not None
            step = lstm_step(rows[t], h_prev, c_prev, w_hh, w_hr)
        elif kind == "gru":
            step = gru_step(rows[t], h_prev, w_hh, b_hn)
        else:
            step = rnn_step(rows[t], h_prev, w_hh, relu)
        step.h_prev, step.c_prev = h_prev, c_prev
        found[t] = step
        h_prev, c_prev = step.h, step.c
    run.steps = [s for s in found if s is not None]
    return run


def layer_weights(module: nn.Module, layer: int, direction: int) -> dict[str, torch.Tensor | None]:
    """The parameters of one layer/direction by role; a cell's own (``weight_ih`` …) when ``layer`` < 0."""
    end = "" if layer < 0 else f"_l{layer}" + ("_reverse" if direction else "")
    return {
        "w_ih": getattr(module, "weight_ih" + end),
        "w_hh": getattr(module, "weight_hh" + end),
        "b_ih": getattr(module, "bias_ih" + end, None),
        "b_hh": getattr(module, "bias_hh" + end, None),
        "w_hr": getattr(module, "weight_hr" + end, None),
    }


def _initial(
    module: nn.RNNBase, kind: str, state: Any, seq: torch.Tensor, unbatched: bool
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """h0 (and c0) as (D·layers, N, size); zeros when not given."""
    cfg = config_of(module)
    stack, batch = cfg.num_layers * cfg.num_directions, seq.shape[1]
    h0: torch.Tensor | None
    c0: torch.Tensor | None = None
    if kind == "lstm":
        h0, c0 = state if state is not None else (None, None)
    else:
        h0 = state
    if h0 is None:
        h0 = seq.new_zeros(stack, batch, cfg.output_size)
    elif unbatched:
        h0 = h0.unsqueeze(1)
    if kind == "lstm":
        if c0 is None:
            c0 = seq.new_zeros(stack, batch, cfg.hidden_size)
        elif unbatched:
            c0 = c0.unsqueeze(1)
    return h0, c0


def run_module(module: nn.Module, x: torch.Tensor, state: Any = None, *, truncate: int | None = None) -> Run:
    """Our recurrence of ``module(x, state)`` for an nn.LSTM / nn.GRU / nn.RNN, differentiable throughout."""
    kind = module_kind(module)
    assert isinstance(module, nn.RNNBase)
    cfg = config_of(module)
    unbatched = x.dim() == 2
    seq = x.unsqueeze(1) if unbatched else (x.transpose(0, 1) if cfg.batch_first else x)  # (L, N, H_in)
    h0, c0 = _initial(module, kind, state, seq, unbatched)
    relu = cfg.nonlinearity == "relu"
    layers: list[list[LayerRun]] = []
    layer_in = seq
    finals_h, finals_c = [], []
    for k in range(cfg.num_layers):
        entries = []
        for d in range(cfg.num_directions):
            s = k * cfg.num_directions + d
            entry = run_layer(
                kind,
                layer_in,
                h0[s],
                None if c0 is None else c0[s],
                layer_weights(module, k, d),
                reverse=d == 1,
                relu=relu,
                truncate=truncate,
            )
            entries.append(entry)
            last = entry.steps[0] if d == 1 else entry.steps[-1]
            finals_h.append(last.h)
            if last.c is not None:
                finals_c.append(last.c)
        layers.append(entries)
        layer_in = torch.cat([e.h() for e in entries], dim=-1)  # (L, N, D·H_out)
    h_n = torch.stack(finals_h)  # (D·layers, N, H_out)
    c_n = torch.stack(finals_c) if finals_c else None
    output = layer_in
    if unbatched:
        output, h_n = output.squeeze(1), h_n.squeeze(1)
        c_n = c_n.squeeze(1) if c_n is not None else None
    elif cfg.batch_first:
        output = output.transpose(0, 1)
    return Run(kind, output, h_n, c_n, layers, unbatched, cfg.batch_first)


CELL_KINDS = {nn.LSTMCell: "lstm", nn.GRUCell: "gru", nn.RNNCell: "rnn"}


def cell_kind(module: nn.Module) -> str | None:
    """ "lstm" / "gru" / "rnn" for nn.LSTMCell / nn.GRUCell / nn.RNNCell, else None."""
    for cls, kind in CELL_KINDS.items():
        if isinstance(module, cls):
            return kind
    return None


def run_cell(cell: nn.Module, x: torch.Tensor, state: Any = None) -> tuple[Step, Any]:
    """Our step of one cell call ``cell(x, state)``: its nodes and what the cell returns."""
    kind = cell_kind(cell)
    assert kind is not None
    unbatched = x.dim() == 1
    rows = x.unsqueeze(0) if unbatched else x  # (N, H_in)
    hidden = int(cell.hidden_size)  # type: ignore[arg-type]
    if kind == "lstm":
        h_prev, c_prev = state if state is not None else (None, None)
    else:
        h_prev, c_prev = state, None
    if h_prev is None:
        h_prev = rows.new_zeros(rows.shape[0], hidden)  # (N, H)
    elif unbatched:
        h_prev = h_prev.unsqueeze(0)
    if kind == "lstm":
        if c_prev is None:
            c_prev = rows.new_zeros(rows.shape[0], hidden)
        elif unbatched:
            c_prev = c_prev.unsqueeze(0)
    weights = layer_weights(cell, -1, 0)
    run = run_layer(
        kind, rows.unsqueeze(0), h_prev, c_prev, weights, relu=getattr(cell, "nonlinearity", "") == "relu"
    )
    step = run.steps[0]
    h = step.h.squeeze(0) if unbatched else step.h
    if kind == "lstm":
        assert step.c is not None
        c = step.c.squeeze(0) if unbatched else step.c
        return step, (h, c)
    return step, h
