"""Finding the recurrent module inside a user's model and the input that actually reached it.

The seed's ``RecurrentNeuralNetworkClass`` wraps its LSTM as ``self.rnn`` and builds h0/c0 inside
``forward``. Tracing ``model.rnn`` with a guessed input would miss that, so the model is run once with a
forward hook on the submodule that records its exact input, initial state and result.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from app.engine.config import RecurrentConfig
from app.engine.trace.tracer import Trace, TraceError, trace
from app.i18n import messages, text

messages({
    "trace.none": ("없음", "none"),
    "trace.no_module": ("{cls}에 순환 모듈 {name}이(가) 없습니다 (있는 것: {names})",
                        "{cls} has no recurrent module {name} (it has: {names})"),
    "trace.not_called": ("모델을 실행했지만 {name}이(가) 호출되지 않았습니다",
                         "The model ran but {name} was never called"),
})

# Inferred modules get their weights from torch.manual_seed(WEIGHT_SEED) right before construction, so any
# process (a test, the CLI, the kernel) rebuilds exactly the same numbers.
WEIGHT_SEED = 0

RECURRENT = (nn.LSTM, nn.GRU, nn.RNN)


def find_recurrent(model: nn.Module) -> list[tuple[str, nn.RNNBase]]:
    """Every nn.LSTM / nn.GRU / nn.RNN in ``model`` as (qualified name, module); "" is the model itself."""
    return [(name, module) for name, module in model.named_modules() if isinstance(module, RECURRENT)]


def capture_input(model: nn.Module, name: str, *args: Any, **kwargs: Any) -> Trace:
    """Run ``model(*args, **kwargs)`` once and trace the call that reached the submodule ``name``."""
    found = dict(find_recurrent(model))
    if name not in found:
        names = ", ".join(repr(n) for n in found) or text("trace.none")
        raise TraceError(text("trace.no_module", cls=type(model).__name__, name=repr(name), names=names))
    module = found[name]
    calls: list[tuple[tuple[Any, ...], Any]] = []

    def hook(_: nn.Module, inputs: tuple[Any, ...], output: Any) -> None:
        calls.append((inputs, output))

    handle = module.register_forward_hook(hook)
    try:
        with torch.no_grad():
            model(*args, **kwargs)
    finally:
        handle.remove()
    if not calls:
        raise TraceError(text("trace.not_called", name=repr(name)))
    inputs, output = calls[0]
    x = inputs[0]
    state = inputs[1] if len(inputs) > 1 else None
    return trace(module, x, state, returned=tuple(output))


def build(config: RecurrentConfig, seed: int = WEIGHT_SEED) -> nn.Module:
    """A fresh module with deterministic weights: ``torch.manual_seed(seed)`` then the constructor."""
    cls = {
        "lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN,
        "lstm_cell": nn.LSTMCell, "gru_cell": nn.GRUCell, "rnn_cell": nn.RNNCell,
    }[config.kind]  # fmt: skip
    torch.manual_seed(seed)
    return cls(**config.kwargs())
