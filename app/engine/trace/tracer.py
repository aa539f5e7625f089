"""Every gate of nn.LSTM / nn.GRU / nn.RNN at every time step, recomputed from the module's own weights.

``trace(module, x, state)`` runs the docs' equations step by step from the module's own weights
(``app.engine.trace.cells``), writing every quantity straight into the buffers the trace keeps, with the same
split of work as PyTorch's fused kernel (one large input-side product per layer, one recurrent product
per step). The layers are chained as the module chains them. The result equals the module's own
numbers up to float rounding; ``Trace.verify()`` proves it against a real call of the module, which
is made lazily (on the first use of ``output`` / ``h_n`` / ``c_n``) unless a forward hook already saw
what the call returned. Cost and memory are documented in ``app.engine.trace.cells``.

Time is always first in the trace: ``get(name)`` is (L, N, size) whatever ``batch_first`` says, N = 1
for unbatched input, and for the backward direction t is still the sequence position (its h_{t-1} is
the state at t + 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from app.engine.config import RecurrentConfig
from app.engine.trace.cellmods import as_sequence, cell_family, sequence_state, step_by_step
from app.engine.trace.cells import gate_values, gru_layer, lstm_layer, rnn_layer, shifted
from app.engine.trace.kinds import GATES_AND_STATES, KIND_OF, NAMES, TraceError, config_of, module_kind
from app.engine.trace.params import GATES, ParamSlice, layer_weights, param_slices
from app.engine.trace.terms import Term, step_terms
from app.engine.trace.verify import Verification, verify
from app.i18n import messages, text

messages({
    "trace.no_layer": ("층 {layer}, 방향 {direction}은(는) 없습니다: 층 0–{last_layer}, "
                       "방향 0–{last_direction}",
                       "There is no layer {layer}, direction {direction}: layers 0–{last_layer}, "
                       "directions 0–{last_direction}"),
    "trace.no_name": ("{kind}에는 {name}이(가) 없습니다: {names}", "An {kind} has no {name}: {names}"),
    "trace.step_range": ("시점 t={t}이(가) 범위 밖입니다: 0–{last}", "Step t={t} is out of range: 0–{last}"),
    "trace.not_tensor": ("입력은 torch.Tensor여야 합니다 ({got}을(를) 받음)",
                         "The input must be a torch.Tensor (got {got})"),
    "trace.input_dims": ("입력은 2차원 (L, H_in) 또는 3차원 {layout}이어야 합니다: 받은 모양 {shape}",
                         "The input must be 2-D (L, H_in) or 3-D {layout}: got shape {shape}"),
    "trace.input_size": ("입력의 마지막 차원이 {last}인데 모듈의 input_size는 {size}입니다",
                         "The input's last dimension is {last} but the module's input_size is {size}"),
    "trace.empty": ("빈 시퀀스(L = 0)는 추적할 수 없습니다", "An empty sequence (L = 0) can't be traced"),
    "trace.empty_batch": ("배치 크기가 0입니다", "The batch size is 0"),
    "trace.dtype": ("float32와 float64만 추적합니다 (입력 dtype {dtype})",
                    "Only float32 and float64 are traced (input dtype {dtype})"),
    "trace.dtype_mismatch": ("입력 dtype {dtype}이(가) 모듈 가중치 dtype {weight}과(와) 다릅니다",
                             "The input dtype {dtype} differs from the module's weights ({weight})"),
    "trace.device_mismatch": ("입력은 {input}에, 모듈은 {module}에 있습니다: 같은 장치에 두세요",
                              "The input is on {input} and the module on {module}: put them on one device"),
    "trace.lstm_state": ("LSTM의 초기 상태는 (h0, c0) 튜플이어야 합니다",
                         "An LSTM's initial state must be a tuple (h0, c0)"),
    "trace.one_state": ("{cls}의 초기 상태는 텐서 h0 하나입니다",
                        "The initial state of an {cls} is one tensor h0"),
    "trace.state_not_tensor": ("{name}은(는) torch.Tensor여야 합니다", "{name} must be a torch.Tensor"),
    "trace.state_shape": ("{name}의 모양이 {shape}인데 {want}이어야 합니다",
                          "{name} has shape {shape} but must be {want}"),
    "trace.state_dtype": ("{name}의 dtype/장치가 입력과 다릅니다 ({dtype}, {device})",
                          "{name}'s dtype/device differ from the input's ({dtype}, {device})"),
    "trace.cell_input": ("셀의 입력은 (L, N, H_in) 또는 (L, H_in)이어야 합니다 (받은 모양 {shape})",
                         "A cell's input must be (L, N, H_in) or (L, H_in) (got shape {shape})"),
    "trace.dropout": ("학습 모드에서 dropout > 0이면 층 사이 마스크가 무작위라 재현할 수 없습니다: "
                      "module.eval() 후 추적하세요",
                      "In training mode with dropout > 0 the masks between layers are random and can't be "
                      "reproduced: trace after module.eval()"),
})


@dataclass
class _Layer:
    """The quantities of one layer and direction (tensors time-first)."""

    x: torch.Tensor  # (L, N, H_in or D·H_out), shared with the previous layer's output
    h0: torch.Tensor  # (N, H_out): initial hidden state
    c0: torch.Tensor | None  # (N, H): LSTM initial cell state
    out: dict[str, torch.Tensor]  # pre, c, h, hn_part (see cells)
    gates: dict[str, torch.Tensor] = field(default_factory=dict)  # (L, N, H) each, made on first use


@dataclass
class Trace:
    """The recomputed quantities of one module call, plus what the module itself returned."""

    module: nn.RNNBase
    config: RecurrentConfig
    input: torch.Tensor  # x as the module received it
    state: Any  # the initial state as given (None, h0, or (h0, c0))
    layers: list[list[_Layer]] = field(repr=False)  # [layer][direction]
    unbatched: bool = False
    returned: tuple[Any, ...] | None = field(default=None, repr=False)  # module(x, state), once known
    cell: nn.Module | None = field(default=None, repr=False)  # the nn.LSTMCell … traced as ``module``

    def _returned(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
        """What the module returns for this call: given by a forward hook, or by calling it once now."""
        if self.returned is None:
            with torch.no_grad():
                self.returned = tuple(self.module(self.input, self.state))
        out, state = self.returned
        return (out, state[0], state[1]) if self.kind == "lstm" else (out, state, None)

    @property
    def output(self) -> torch.Tensor:
        """Exactly as the module returned it ((N, L, D·H_out) when batch_first, (L, D·H_out) unbatched)."""
        return self._returned()[0]

    @property
    def h_n(self) -> torch.Tensor:
        return self._returned()[1]

    @property
    def c_n(self) -> torch.Tensor | None:
        return self._returned()[2]

    def output_steps(self) -> torch.Tensor:
        """The module's output time first, (L, N, D·H_out), to index like ``get``; a view, no copy."""
        out = self.output
        if self.unbatched:
            return out.unsqueeze(1)  # (L, 1, D·H_out)
        return out.transpose(0, 1) if self.config.batch_first else out  # (L, N, D·H_out)

    @property
    def kind(self) -> str:
        return self.config.kind

    @property
    def num_layers(self) -> int:
        return self.config.num_layers

    @property
    def num_directions(self) -> int:
        return self.config.num_directions

    @property
    def seq_len(self) -> int:
        return int(self.layers[0][0].x.shape[0])

    @property
    def batch(self) -> int:
        return int(self.layers[0][0].x.shape[1])

    @property
    def names(self) -> tuple[str, ...]:
        return NAMES[self.kind]

    def _layer(self, layer: int, direction: int) -> _Layer:
        if not 0 <= layer < self.num_layers or not 0 <= direction < self.num_directions:
            raise TraceError(text("trace.no_layer", layer=layer, direction=direction,
                                  last_layer=self.num_layers - 1, last_direction=self.num_directions - 1))
        return self.layers[layer][direction]

    def get(self, name: str, layer: int = 0, direction: int = 0) -> torch.Tensor:
        """A docs quantity for all steps, (L, N, size), time first."""
        if name not in self.names:
            names = ", ".join(self.names)
            raise TraceError(text("trace.no_name", kind=self.kind, name=repr(name), names=names))
        entry = self._layer(layer, direction)
        if name == "x":
            return entry.x
        if name == "h_prev":
            return shifted(entry.out["h"], entry.h0, reverse=direction == 1)
        if name == "c_prev":
            assert entry.c0 is not None
            return shifted(entry.out["c"], entry.c0, reverse=direction == 1)
        gates = GATES[self.kind]
        hidden = self.config.hidden_size
        if name.startswith("pre_"):
            k = gates.index(name[4:])
            return entry.out["pre"][..., k * hidden : (k + 1) * hidden]
        if name in gates and self.kind != "rnn":
            if name not in entry.gates:
                k = gates.index(name)
                pre = entry.out["pre"][..., k * hidden : (k + 1) * hidden]
                entry.gates[name] = gate_values(self.kind, name, pre)
            return entry.gates[name]
        return entry.out[name]

    def step(self, name: str, layer: int = 0, direction: int = 0, t: int = 0) -> torch.Tensor:
        """One quantity at step t, (N, size)."""
        if not 0 <= t < self.seq_len:
            raise TraceError(text("trace.step_range", t=t, last=self.seq_len - 1))
        if name in ("h_prev", "c_prev") and name in self.names:  # one step, without building (L, N, size)
            entry = self._layer(layer, direction)
            before = t + 1 if direction == 1 else t - 1
            first = entry.h0 if name == "h_prev" else entry.c0
            assert first is not None
            return first if not 0 <= before < self.seq_len else entry.out[name[0]][before]
        return self.get(name, layer, direction)[t]

    def params(self, layer: int = 0, direction: int = 0) -> dict[str, ParamSlice]:
        """Every parameter slice of one layer/direction under its docs name (views, no copies)."""
        self._layer(layer, direction)
        return param_slices(self.module, self.kind, layer, direction)

    def terms(self, gate: str, layer: int = 0, direction: int = 0, t: int = 0) -> list[Term]:
        """The terms of one equation at step t (W_if x_t, b_if, W_hf h_{t-1}, b_hf …), computed now."""
        return step_terms(self, gate, layer, direction, t)

    def verify(self) -> Verification:
        """Recompute output, h_n, c_n and every relation; see ``app.engine.trace.verify``."""
        return verify(self)


def _check_input(module: nn.RNNBase, config: RecurrentConfig, x: torch.Tensor) -> None:
    if not isinstance(x, torch.Tensor):
        raise TraceError(text("trace.not_tensor", got=type(x).__name__))
    if x.dim() not in (2, 3):
        layout = "(N, L, H_in)" if config.batch_first else "(L, N, H_in)"
        raise TraceError(text("trace.input_dims", layout=layout, shape=tuple(x.shape)))
    if x.shape[-1] != config.input_size:
        raise TraceError(text("trace.input_size", last=x.shape[-1], size=config.input_size))
    seq_dim = 1 if config.batch_first and x.dim() == 3 else 0
    if x.shape[seq_dim] == 0:
        raise TraceError(text("trace.empty"))
    if x.dim() == 3 and x.shape[1 - seq_dim] == 0:
        raise TraceError(text("trace.empty_batch"))
    weight = module.weight_ih_l0
    if x.dtype not in (torch.float32, torch.float64):
        raise TraceError(text("trace.dtype", dtype=x.dtype))
    if x.dtype != weight.dtype:
        raise TraceError(text("trace.dtype_mismatch", dtype=x.dtype, weight=weight.dtype))
    if x.device != weight.device:
        raise TraceError(text("trace.device_mismatch", input=x.device, module=weight.device))


def _initial_state(
    config: RecurrentConfig, state: Any, x: torch.Tensor, unbatched: bool
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """h0 (and c0) as (D·layers, N, size), zeros when not given, validated like the module does."""
    batch = x.shape[1]
    stack = config.num_layers * config.num_directions
    h_shape = (stack, batch, config.output_size)
    c_shape = (stack, batch, config.hidden_size)
    h0: torch.Tensor | None
    c0: torch.Tensor | None = None
    if config.kind == "lstm":
        if state is not None and not (isinstance(state, tuple | list) and len(state) == 2):
            raise TraceError(text("trace.lstm_state"))
        h0, c0 = state if state is not None else (None, None)
    else:
        if isinstance(state, tuple | list):
            raise TraceError(text("trace.one_state", cls=config.class_name))
        h0 = state
    made: list[torch.Tensor | None] = []
    for name, given, shape in (("h0", h0, h_shape), ("c0", c0, c_shape)):
        if name == "c0" and config.kind != "lstm":
            made.append(None)
            continue
        if given is None:
            made.append(torch.zeros(shape, dtype=x.dtype, device=x.device))
            continue
        if not isinstance(given, torch.Tensor):
            raise TraceError(text("trace.state_not_tensor", name=name))
        want = shape[::2] if unbatched else shape
        if tuple(given.shape) != want:
            raise TraceError(text("trace.state_shape", name=name, shape=tuple(given.shape), want=want))
        if given.dtype != x.dtype or given.device != x.device:
            raise TraceError(text("trace.state_dtype", name=name, dtype=given.dtype, device=given.device))
        made.append(given.unsqueeze(1) if unbatched else given)
    assert made[0] is not None
    return made[0], made[1]


def trace(
    module: nn.Module, x: torch.Tensor, state: Any = None, returned: tuple[Any, ...] | None = None
) -> Trace:
    """Trace one call ``module(x, state)`` of an nn.LSTM / nn.GRU / nn.RNN.

    ``returned`` is what that call returned when it is already known (a forward hook saw it); otherwise
    ``Trace.output`` / ``h_n`` / ``c_n`` call the module once, on first use.

    An nn.LSTMCell / GRUCell / RNNCell is traced as one layer in one direction over ``x`` (L, N, H_in)
    (``app.engine.trace.cellmods``); its reference is the cell called step by step, and ``Trace.cell``
    holds it.
    """
    if cell_family(module) is not None:
        assert isinstance(module, nn.RNNCellBase)
        if x.dim() not in (2, 3):
            shape = tuple(x.shape)
            raise TraceError(text("trace.cell_input", shape=shape))
        state_seq = sequence_state(module, state)
        done = trace(as_sequence(module), x, state_seq, returned=step_by_step(module, x, state))
        done.cell = module
        return done
    kind = module_kind(module)
    assert isinstance(module, nn.RNNBase)
    config = config_of(module)
    if module.training and config.dropout > 0 and config.num_layers > 1:
        raise TraceError(text("trace.dropout"))
    _check_input(module, config, x)
    unbatched = x.dim() == 2
    with torch.no_grad():
        seq = (
            x.unsqueeze(1) if unbatched else (x.transpose(0, 1) if config.batch_first else x)
        )  # (L, N, H_in)
        h0, c0 = _initial_state(config, state, seq, unbatched)
        hidden_out = config.output_size
        layers: list[list[_Layer]] = []
        layer_in = seq
        for k in range(config.num_layers):
            # this layer's h for both directions, side by side: the next layer's x, never copied
            y = torch.empty(
                *seq.shape[:2], config.num_directions * hidden_out, dtype=seq.dtype, device=seq.device
            )  # (L, N, D·H_out)
            entries = []
            for d in range(config.num_directions):
                s = k * config.num_directions + d
                h_out = y[..., d * hidden_out : (d + 1) * hidden_out]  # (L, N, H_out)
                weights = layer_weights(module, kind, k, d)
                if kind == "lstm":
                    assert c0 is not None
                    out = lstm_layer(layer_in, h0[s], c0[s], weights, config.bias, d == 1, h_out)
                elif kind == "gru":
                    out = gru_layer(layer_in, h0[s], weights, config.bias, d == 1, h_out)
                else:
                    relu = config.nonlinearity == "relu"
                    out = rnn_layer(layer_in, h0[s], weights, config.bias, relu, d == 1, h_out)
                entries.append(_Layer(layer_in, h0[s], None if c0 is None else c0[s], out))
            layers.append(entries)
            layer_in = y
    return Trace(module, config, x, state, layers, unbatched, returned)


__all__ = ["GATES_AND_STATES", "KIND_OF", "NAMES", "Trace", "TraceError", "config_of", "module_kind", "trace"]
