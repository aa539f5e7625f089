"""The names a trace uses, its error type and the read-only view of a trace that its consumers need.

Why its own module: ``terms`` and ``verify`` read a trace, and ``Trace`` offers ``terms()`` and
``verify()`` as
methods. With the names and the :class:`TraceView` protocol here, below all three, they read a trace without
importing ``tracer`` (which imports them), so the package has no import cycle.
"""

from __future__ import annotations

from typing import Protocol

import torch
from torch import nn

from app.engine.config import RecurrentConfig
from app.engine.trace.params import ParamSlice
from app.i18n import messages, text

messages({
    "trace.not_recurrent": ("{cls}은(는) 순환 모듈이 아닙니다: nn.LSTM, nn.GRU, nn.RNN만 추적할 수 있습니다",
                            "{cls} is not a recurrent module: only nn.LSTM, nn.GRU and nn.RNN can be traced"),
})

NAMES = {
    "lstm": ("i", "f", "g", "o", "c", "h", "x", "h_prev", "c_prev", "pre_i", "pre_f", "pre_g", "pre_o"),
    "gru": ("r", "z", "n", "h", "x", "h_prev", "pre_r", "pre_z", "pre_n", "hn_part"),
    "rnn": ("h", "x", "h_prev", "pre_h"),
}
# The gates and states a reader looks at, per step (the panel's heatmaps, the CLI's table, the .npz).
GATES_AND_STATES = {"lstm": ("i", "f", "g", "o", "c", "h"), "gru": ("r", "z", "n", "h"), "rnn": ("h",)}
KIND_OF = {nn.LSTM: "lstm", nn.GRU: "gru", nn.RNN: "rnn"}


class TraceError(ValueError):
    """A module or an input that cannot be traced; the message is for the user (in their language)."""


def module_kind(module: object) -> str:
    for cls, kind in KIND_OF.items():
        if isinstance(module, cls):
            return kind
    raise TraceError(text("trace.not_recurrent", cls=type(module).__name__))


def config_of(module: nn.RNNBase) -> RecurrentConfig:
    kind = module_kind(module)
    return RecurrentConfig(
        kind,
        module.input_size,
        module.hidden_size,
        module.num_layers,
        bool(module.bias),
        bool(module.batch_first),
        bool(module.bidirectional),
        int(getattr(module, "proj_size", 0)),
        getattr(module, "nonlinearity", "tanh"),
        float(module.dropout),
    )



class TraceView(Protocol):
    """What ``terms`` and ``verify`` read of a :class:`app.engine.trace.tracer.Trace` (tensors time-first)."""

    module: nn.RNNBase
    config: RecurrentConfig
    input: torch.Tensor  # x as the module received it
    unbatched: bool

    @property
    def output(self) -> torch.Tensor: ...
    @property
    def h_n(self) -> torch.Tensor: ...
    @property
    def c_n(self) -> torch.Tensor | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def num_layers(self) -> int: ...
    @property
    def num_directions(self) -> int: ...
    def get(self, name: str, layer: int = 0, direction: int = 0) -> torch.Tensor: ...
    def step(self, name: str, layer: int = 0, direction: int = 0, t: int = 0) -> torch.Tensor: ...
    def params(self, layer: int = 0, direction: int = 0) -> dict[str, ParamSlice]: ...


__all__ = ["GATES_AND_STATES", "KIND_OF", "NAMES", "TraceError", "TraceView", "config_of", "module_kind"]
