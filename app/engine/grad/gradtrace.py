"""The gradient trace: ∂L/∂h_t, ∂L/∂c_t and ∂L/∂pre_t of every step, layer and direction, and ∂L/∂W.

Computed with autograd through our own recurrence (``recurrence``), in one backward pass: every step's
h_t, c_t and pre-activation is a node of the graph and ``torch.autograd.grad`` is asked for all of them
together with the parameters. ∂L/∂h_t is the *total* derivative (through the next step and through the
layer above), which is what the BPTT chapters write as ∂L/∂h_t.

Two ways in:
- ``grad_trace(module, x, …)``: a bare nn.LSTM / nn.GRU / nn.RNN (the CLI's ``--model``, the benchmark),
  optionally with a ``head`` applied to output_{T−1} (a classifier, as the seed's ``self.lin``);
- ``grad_trace_model(model, args, …)``: the user's own model (its ``forward`` is called); forward hooks
  replace what its recurrent submodule (or each call of an nn.LSTMCell / GRUCell / RNNCell in a loop)
  returns by our recurrence's output, so the gradient flows through our nodes. The module's own
  computation still runs inside the call and is thrown away; that costs one extra forward, only here.

Memory: per layer and direction, the nodes of the graph (as the module's own autograd keeps) plus the
gradients kept: (L, N, G·H) for ∂L/∂pre, (L, N, H_out) for ∂L/∂h, (L, N, H) for ∂L/∂c.
Cost: see ``benchmarks/bench_grad.py`` (the Jacobian norms are lazy: ``app.engine.grad.jacobians``).
Verification and the Jacobians are functions of their own modules (``verify_grads(trace)``,
``jacobians(trace, layer, direction)``), not methods, so that neither module is imported back from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from app.engine.config import RecurrentConfig
from app.engine.grad.loss import LossChoice, last_output, loss_value
from app.engine.grad.recurrence import LayerRun, Run, cell_kind, run_cell, run_module
from app.engine.grad.steps import Step
from app.engine.trace import RECURRENT, TraceError, config_of, module_kind
from app.i18n import messages, text

messages(
    {
        "grad.error.truncate": (
            "잘라 내기 길이 k는 1 이상이어야 합니다 (받은 값 {k})",
            "the truncation length k must be at least 1 (got {k})",
        ),
        "grad.error.no-recurrent": (
            "모델에 순환 모듈(nn.LSTM, nn.GRU, nn.RNN 또는 셀)이 없습니다",
            "the model has no recurrent module (nn.LSTM, nn.GRU, nn.RNN or a cell)",
        ),
        "grad.error.not-called": (
            "모델을 실행했지만 순환 모듈 {name}이(가) 호출되지 않았습니다",
            "the model ran but its recurrent module {name} was never called",
        ),
        "grad.error.truncate-bidirectional": (
            "양방향 모듈은 잘라 낸 BPTT를 하지 않습니다: 역방향은 시퀀스 끝에서 시작하므로 k 단계씩 "
            "잘라 실행할 수 없습니다",
            "truncated BPTT is not done for a bidirectional module: its reverse direction starts at the end "
            "of the sequence, so it cannot be run in chunks of k steps",
        ),
        "grad.error.dropout": (
            "학습 모드에서 dropout > 0이면 층 사이 마스크가 무작위라 재현할 수 없습니다: "
            "module.eval() 후 추적하세요",
            "in training mode with dropout > 0 the masks between layers are random and cannot be reproduced: "
            "call module.eval() first",
        ),
        "grad.error.dtype": (
            "기울기 추적은 float32와 float64만 다룹니다 (입력 dtype {dtype})",
            "the gradient trace handles float32 and float64 only (input dtype {dtype})",
        ),
        "grad.error.scalar": (
            "모델 출력으로 손실을 만들 수 없습니다: {why}",
            "cannot make the loss from the model's output: {why}",
        ),
        "grad.error.no-layer": (
            "층 {layer}, 방향 {direction}은(는) 없습니다: 층 0–{last_layer}, 방향 0–{last_direction}",
            "there is no layer {layer}, direction {direction}: layers 0–{last_layer}, "
            "directions 0–{last_direction}",
        ),
        "grad.error.no-cell": ("{kind}에는 c_t가 없습니다", "an {kind} has no c_t"),
    }
)


@dataclass
class LayerGrad:
    """The gradients of one layer and direction, time first, detached from the graph."""

    x: torch.Tensor  # (L, N, H_in): the layer's input
    h: torch.Tensor  # (L, N, H_out)
    h_prev: torch.Tensor  # (L, N, H_out): the h_{t-1} each step read
    c: torch.Tensor | None  # (L, N, H), LSTM
    c_prev: torch.Tensor | None  # (L, N, H), LSTM
    grad_h: torch.Tensor  # ∂L/∂h_t (L, N, H_out)
    grad_c: torch.Tensor | None  # ∂L/∂c_t (L, N, H), LSTM
    delta_ih: torch.Tensor  # ∂L/∂(W_ih x_t + b_ih) per step (L, N, G·H)
    delta_hh: torch.Tensor  # ∂L/∂(W_hh h_{t-1} + b_hh) per step (L, N, G·H)
    m: torch.Tensor | None = None  # LSTM with proj_size: o ⊙ tanh(c_t) (L, N, H)
    pre: torch.Tensor | None = None  # the pre-activations (L, N, G·H) (GRU: r z rows, then n)
    params: dict[str, str] = field(default_factory=dict)  # role (w_ih …) -> the module's parameter name


@dataclass
class GradTrace:
    """One gradient trace: the loss, every step's gradients, ∂L/∂W, and what is needed to verify it."""

    kind: str  # "lstm" | "gru" | "rnn"
    config: RecurrentConfig | None  # None for a cell loop
    loss: LossChoice
    loss_value: float
    truncate: int | None
    layers: list[list[LayerGrad]]  # [layer][direction]
    param_grads: dict[str, torch.Tensor]  # the recurrent module's parameter name -> ∂L/∂W
    extra_grads: dict[str, torch.Tensor]  # the rest of the model's parameters ("lin.weight" …) -> ∂L/∂W
    grad_out: torch.Tensor | None  # ∂L/∂o, the head's output (N, C), where a head exists
    module: nn.Module  # the recurrent module (or cell)
    input: torch.Tensor  # x as the module (or the model) received it
    state: Any = None
    head: nn.Module | None = None
    model: nn.Module | None = None  # the user's model when traced through its forward
    model_args: tuple[Any, ...] = ()
    cell_loop: bool = False
    # (layer, direction) -> Jacobians, filled by app.engine.grad.jacobians.jacobians (lazy, see there)
    jacobian_cache: dict[tuple[int, int], Any] = field(default_factory=dict, repr=False)

    @property
    def num_layers(self) -> int:
        return len(self.layers)

    @property
    def num_directions(self) -> int:
        return len(self.layers[0])

    @property
    def seq_len(self) -> int:
        return int(self.layers[0][0].grad_h.shape[0])

    def layer(self, layer: int = 0, direction: int = 0) -> LayerGrad:
        if not 0 <= layer < self.num_layers or not 0 <= direction < self.num_directions:
            raise TraceError(text("grad.error.no-layer", layer=layer, direction=direction,
                                  last_layer=self.num_layers - 1, last_direction=self.num_directions - 1))
        return self.layers[layer][direction]

    def norms(self, name: str = "h", layer: int = 0, direction: int = 0) -> torch.Tensor:
        """‖∂L/∂h_t‖ (or c) per step, (L,): the Euclidean norm over the batch and the units."""
        entry = self.layer(layer, direction)
        grad = entry.grad_h if name == "h" else entry.grad_c
        if grad is None:
            raise TraceError(text("grad.error.no-cell", kind=self.kind))
        return grad.flatten(1).norm(dim=1)


def _check(x: torch.Tensor, truncate: int | None) -> None:
    if truncate is not None and truncate < 1:
        raise TraceError(text("grad.error.truncate", k=truncate))
    if isinstance(x, torch.Tensor) and x.dtype not in (torch.float32, torch.float64):
        raise TraceError(text("grad.error.dtype", dtype=x.dtype))


def _nodes(entry: LayerRun) -> list[torch.Tensor]:
    """The nodes whose gradients we ask for: h, c, pre (GRU: pre_rz, pre_n, hn) of every step."""
    out: list[torch.Tensor] = []
    for s in entry.steps:
        out.append(s.h)
        if s.c is not None:
            out.append(s.c)
        out.append(s.pre)
        if s.pre_n is not None and s.hn is not None:
            out += [s.pre_n, s.hn]
    return out


def _stack(grads: list[torch.Tensor | None], like: list[torch.Tensor]) -> torch.Tensor:
    return torch.stack(
        [g if g is not None else torch.zeros_like(t) for g, t in zip(grads, like, strict=True)]
    )


def _layer_grad(
    entry: LayerRun, grads: Mapping[int, torch.Tensor | None], kind: str, names: dict[str, str]
) -> LayerGrad:
    steps: list[Step] = entry.steps

    def of(tensors: list[torch.Tensor]) -> torch.Tensor:
        return _stack([grads[id(t)] for t in tensors], tensors)  # (L, N, size)

    hs = [s.h for s in steps]
    grad_h = of(hs)
    grad_c = c = c_prev = None
    if kind == "lstm":
        cs = [s.c for s in steps if s.c is not None]
        grad_c = of(cs)
        c = torch.stack(cs).detach()
        c_prev = torch.stack([s.c_prev for s in steps if s.c_prev is not None]).detach()
    pres = [s.pre for s in steps]
    grad_pre = of(pres)
    pre = torch.stack(pres).detach()
    if kind == "gru":
        pre_n = [s.pre_n for s in steps if s.pre_n is not None]
        hn = [s.hn for s in steps if s.hn is not None]
        grad_n, grad_hn = of(pre_n), of(hn)
        delta_ih = torch.cat([grad_pre, grad_n], dim=-1)  # (L, N, 3H)
        delta_hh = torch.cat([grad_pre, grad_hn], dim=-1)
        pre = torch.cat([pre, torch.stack(pre_n).detach()], dim=-1)
    else:
        delta_ih = delta_hh = grad_pre
    h_prev = torch.stack([s.h_prev for s in steps if s.h_prev is not None]).detach()
    ms = [s.m for s in steps if s.m is not None]
    return LayerGrad(
        entry.x.detach(),
        torch.stack(hs).detach(),
        h_prev,
        c,
        c_prev,
        grad_h,
        grad_c,
        delta_ih,
        delta_hh,
        torch.stack(ms).detach() if ms else None,
        pre,
        names,
    )


def _param_names(module: nn.Module, layer: int, direction: int) -> dict[str, str]:
    end = "" if layer < 0 else f"_l{layer}" + ("_reverse" if direction else "")
    roles = {
        "w_ih": "weight_ih",
        "w_hh": "weight_hh",
        "b_ih": "bias_ih",
        "b_hh": "bias_hh",
        "w_hr": "weight_hr",
    }
    return {role: stem + end for role, stem in roles.items() if getattr(module, stem + end, None) is not None}


def _backward(
    loss: torch.Tensor,
    layers: list[list[LayerRun]],
    params: Mapping[str, torch.Tensor],
    extras: Mapping[str, torch.Tensor],
    kind: str,
    names: list[list[dict[str, str]]],
    scored: torch.Tensor | None,
) -> tuple[list[list[LayerGrad]], dict[str, torch.Tensor], dict[str, torch.Tensor], torch.Tensor | None]:
    nodes = [n for row in layers for entry in row for n in _nodes(entry)]
    wanted = list(params.values()) + list(extras.values()) + nodes + ([scored] if scored is not None else [])
    found = torch.autograd.grad(loss, wanted, allow_unused=True)
    by_id = {id(t): g for t, g in zip(wanted, found, strict=True)}
    p_grads = {n: (g if (g := by_id[id(p)]) is not None else torch.zeros_like(p)) for n, p in params.items()}
    e_grads = {n: (g if (g := by_id[id(p)]) is not None else torch.zeros_like(p)) for n, p in extras.items()}
    out = [
        [_layer_grad(entry, by_id, kind, names[k][d]) for d, entry in enumerate(row)]
        for k, row in enumerate(layers)
    ]
    return out, p_grads, e_grads, (by_id[id(scored)] if scored is not None else None)


def grad_trace(
    module: nn.Module,
    x: torch.Tensor,
    state: Any = None,
    *,
    loss: LossChoice,
    head: nn.Module | None = None,
    truncate: int | None = None,
) -> GradTrace:
    """The gradient trace of ``module(x, state)`` (nn.LSTM / nn.GRU / nn.RNN) under ``loss``.

    ``head`` maps output_{T−1} (N, D·H_out) to the scores a head loss uses (N, C). Raises TraceError
    (Korean/English message) for a module or input that cannot be traced.
    """
    kind = module_kind(module)
    _check(x, truncate)
    assert isinstance(module, nn.RNNBase)
    config = config_of(module)
    if truncate and config.bidirectional:
        raise TraceError(text("grad.error.truncate-bidirectional"))
    if module.training and config.dropout > 0 and config.num_layers > 1:
        raise TraceError(text("grad.error.dropout"))
    with torch.enable_grad():
        run: Run = run_module(module, x, state, truncate=truncate)
        last = last_output(run.output, batch_first=config.batch_first, unbatched=run.unbatched)
        scored = head(last) if head is not None else last  # (N, C) or (N, D·H_out)
        value = loss_value(loss, scored)
        params = dict(module.named_parameters())
        extras = {f"head.{n}": p for n, p in head.named_parameters()} if head is not None else {}
        names = [
            [_param_names(module, k, d) for d in range(config.num_directions)]
            for k in range(config.num_layers)
        ]
        layers, p_grads, e_grads, grad_out = _backward(
            value, run.layers, params, extras, kind, names, scored if head is not None else None
        )
    return GradTrace(
        kind,
        config,
        loss,
        float(value.detach()),
        truncate,
        layers,
        p_grads,
        e_grads,
        grad_out,
        module,
        x,
        state,
        head,
    )


def _find(model: nn.Module, name: str | None) -> tuple[str, nn.Module]:
    found = [(n, m) for n, m in model.named_modules() if isinstance(m, RECURRENT) or cell_kind(m) is not None]
    if name is not None:
        found = [(n, m) for n, m in found if n == name]
    if not found:
        raise TraceError(text("grad.error.no-recurrent"))
    return found[0]


def grad_trace_model(
    model: nn.Module,
    args: tuple[Any, ...],
    *,
    loss: LossChoice,
    recurrent: str | None = None,
    truncate: int | None = None,
    scores: Any = None,
) -> GradTrace:
    """The gradient trace of the user's ``model(*args)`` through its recurrent submodule ``recurrent``.

    The model's output is what the loss scores (a tensor (N, C); ``scores`` may pick it from another
    return value). For half_sq_last the recurrent module's own output_{T−1} is used instead. A cell
    called in a loop is one layer and direction whose steps are its calls, in order; with ``truncate``
    the state passed to every k-th call is detached.
    """
    name, module = _find(model, recurrent)
    if args and isinstance(args[0], torch.Tensor):
        _check(args[0], truncate)
    kind = cell_kind(module)
    runs: list[Run] = []
    cell_steps: list[Step] = []
    cell_inputs: list[torch.Tensor] = []
    calls = [0]

    def pre_hook(_: nn.Module, inputs: tuple[Any, ...]) -> tuple[Any, ...] | None:
        calls[0] += 1
        if kind is None or not truncate or len(inputs) < 2 or (calls[0] - 1) % truncate or calls[0] == 1:
            return None
        state = inputs[1]
        detached = tuple(s.detach() for s in state) if isinstance(state, tuple | list) else state.detach()
        return (inputs[0], detached)

    def hook(_: nn.Module, inputs: tuple[Any, ...], output: Any) -> Any:
        state = inputs[1] if len(inputs) > 1 else None
        if kind is None:
            run = run_module(module, inputs[0], state, truncate=truncate)
            runs.append(run)
            return run.returned()
        step, returned = run_cell(module, inputs[0], state)
        cell_steps.append(step)
        cell_inputs.append(inputs[0] if inputs[0].dim() == 2 else inputs[0].unsqueeze(0))
        return returned

    handles = [module.register_forward_pre_hook(pre_hook), module.register_forward_hook(hook)]
    try:
        with torch.enable_grad():
            out = model(*args)
            if not runs and not cell_steps:
                raise TraceError(text("grad.error.not-called", name=name or type(module).__name__))
            if kind is None:
                layers = runs[0].layers
                cfg = config_of(module)  # type: ignore[arg-type]
                family = module_kind(module)
                names = [
                    [_param_names(module, k, d) for d in range(cfg.num_directions)]
                    for k in range(cfg.num_layers)
                ]
            else:
                cfg, family = None, kind
                x_steps = torch.stack(cell_inputs)  # (L, N, H_in)
                first = cell_steps[0]
                c0 = first.c_prev  # (N, H) for an LSTM cell, None otherwise
                entry = LayerRun(
                    x_steps, first.h_prev if first.h_prev is not None else first.h, c0, cell_steps
                )
                layers = [[entry]]
                names = [[_param_names(module, -1, 0)]]
            if loss.name == "half_sq_last":
                if kind is None:
                    r = runs[0]
                    scored = last_output(r.output, batch_first=r.batch_first, unbatched=r.unbatched)
                else:
                    scored = cell_steps[-1].h
                head_out = None
            else:
                scored = scores(out) if scores is not None else out
                if not isinstance(scored, torch.Tensor):
                    raise TraceError(text("grad.error.scalar", why=type(scored).__name__))
                head_out = scored
            value = loss_value(loss, scored)
            params = dict(module.named_parameters())
            own = {id(p) for p in params.values()}
            extras = {n: p for n, p in model.named_parameters() if id(p) not in own and p.requires_grad}
            layer_grads, p_grads, e_grads, grad_out = _backward(
                value, layers, params, extras, family, names, head_out
            )
    finally:
        for handle in handles:
            handle.remove()
    return GradTrace(
        family,
        cfg,
        loss,
        float(value.detach()),
        truncate,
        layer_grads,
        p_grads,
        e_grads,
        grad_out,
        module,
        args[0] if args else torch.empty(0),
        None,
        None,
        model,
        tuple(args),
        cell_loop=kind is not None,
    )
