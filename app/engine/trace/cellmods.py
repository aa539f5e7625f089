"""nn.LSTMCell / nn.GRUCell / nn.RNNCell traced as one layer in one direction over a sample sequence.

A cell computes one step; study notes loop over it (``for x_t in x: h, c = cell(x_t, (h, c))``). Its
weights have exactly the layout of layer 0 of the matching full module (``weight_ih`` is
``weight_ih_l0``: the gates stacked i, f, g, o for the LSTM, r, z, n for the GRU), so the trace follows
the cell as that one-layer module sharing the cell's own parameters (no copy: an edited cell is traced
as it is now), and shows the same quantities as for nn.LSTM.

What ties the trace to the cell itself: the reference that ``Trace.verify`` compares against is the cell
called step by step over the sequence (:func:`step_by_step`), not the full module's fused kernel.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from app.engine.config import RecurrentConfig

CELL_KINDS = {nn.LSTMCell: "lstm", nn.GRUCell: "gru", nn.RNNCell: "rnn"}
SEQUENCE = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}


def cell_family(module: object) -> str | None:
    """ "lstm" for an nn.LSTMCell (likewise gru, rnn); None for anything that is not a cell."""
    for cls, kind in CELL_KINDS.items():
        if isinstance(module, cls):
            return kind
    return None


def cell_config(cell: nn.RNNCellBase) -> RecurrentConfig:
    """The cell's own configuration (kind "lstm_cell" …)."""
    family = cell_family(cell)
    assert family is not None
    return RecurrentConfig(
        f"{family}_cell",
        cell.input_size,
        cell.hidden_size,
        bias=bool(cell.bias),
        nonlinearity=getattr(cell, "nonlinearity", "tanh"),
    )


def as_sequence(cell: nn.RNNCellBase) -> nn.RNNBase:
    """The one-layer, one-direction module that steps like ``cell``, sharing its parameters."""
    config = cell_config(cell).as_sequence()
    weight = cell.weight_ih
    module = SEQUENCE[config.kind](**config.kwargs(), device=weight.device, dtype=weight.dtype)
    names = ["weight_ih", "weight_hh"] + (["bias_ih", "bias_hh"] if cell.bias else [])
    for name in names:
        setattr(module, f"{name}_l0", getattr(cell, name))  # RNNBase re-reads its flat weights on set
    module.train(cell.training)
    return module


def sequence_state(cell: nn.RNNCellBase, state: Any) -> Any:
    """A cell's state ``h`` or ``(h, c)``, shaped (N, H) or (H,), as the one-layer module's (1, N, H)."""
    if state is None:
        return None
    if isinstance(state, tuple | list):
        return tuple(s.unsqueeze(0) for s in state)
    return state.unsqueeze(0)


def step_by_step(cell: nn.RNNCellBase, x: torch.Tensor, state: Any = None) -> tuple[Any, ...]:
    """Call ``cell`` once per step of ``x`` (L, N, H_in) or (L, H_in), as a note's loop does.

    Returns what the one-layer module would: (output (L, N, H) or (L, H), h_n (1, …), or for the LSTM
    (output, (h_n, c_n)))."""
    lstm = isinstance(cell, nn.LSTMCell)
    outputs = []
    with torch.no_grad():
        for x_t in x:  # (N, H_in) or (H_in,)
            state = cell(x_t, state)
            outputs.append(state[0] if lstm else state)
        out = torch.stack(outputs)  # (L, N, H)
    if lstm:
        h, c = state
        return out, (h.unsqueeze(0), c.unsqueeze(0))
    return out, state.unsqueeze(0)
