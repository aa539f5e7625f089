"""Proof that the gradient trace is PyTorch's gradient: autograd through the module's own forward.

The same loss is built on what the module itself returns (``module(x, state)``, or the user's
``model(*args)`` without our hooks) and ``torch.autograd.grad`` gives ∂L/∂W for every parameter; the
trace's ∂L/∂W (autograd through our recurrence) must equal it. With truncation the module is run as
d2l runs truncated BPTT: on chunks of k steps with the state detached between them (a cell loop gets
its state detached every k calls). Tolerance: 1e-5 for float32, 1e-10 for float64, on the largest
absolute difference divided by max(1, largest |∂L/∂W|), so that large gradients keep the check
meaningful without failing on float rounding; ``max_abs_diff`` is the unscaled difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from app.engine.grad.gradtrace import GradTrace
from app.engine.grad.loss import last_output, loss_value
from app.engine.grad.recurrence import cell_kind


@dataclass(frozen=True)
class GradVerification:
    max_abs_diff: float  # over every parameter of the module (and of the head)
    scaled: float  # max_abs_diff / max(1, max |∂L/∂W|)
    loss_diff: float
    tol: float
    ok: bool
    checked: bool = True  # False: the module cannot be run truncated as we truncate (see reason)
    reason: str = ""


def _module_output(module: nn.RNNBase, x: torch.Tensor, state: Any, truncate: int | None) -> torch.Tensor:
    if not truncate:
        return module(x, state)[0]
    time_dim = 1 if module.batch_first and x.dim() == 3 else 0
    outs = []
    for piece in x.split(truncate, dim=time_dim):
        out, state = module(piece, state)
        state = tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()
        outs.append(out)
    return torch.cat(outs, dim=time_dim)


def _reference(trace: GradTrace) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """L and ∂L/∂W by autograd through the module's own forward."""
    module = trace.module
    with torch.enable_grad():
        if trace.model is None:
            assert isinstance(module, nn.RNNBase)
            out = _module_output(module, trace.input, trace.state, trace.truncate)
            last = last_output(out, batch_first=module.batch_first, unbatched=trace.input.dim() == 2)
            scored = trace.head(last) if trace.head is not None else last
            params = dict(module.named_parameters())
            if trace.head is not None:
                params.update({f"head.{n}": p for n, p in trace.head.named_parameters()})
        else:
            seen: list[Any] = []
            calls = [0]
            kind = cell_kind(module)

            def pre_hook(_: nn.Module, inputs: tuple[Any, ...]) -> tuple[Any, ...] | None:
                calls[0] += 1
                k = trace.truncate
                if kind is None or not k or len(inputs) < 2 or calls[0] == 1 or (calls[0] - 1) % k:
                    return None
                s = inputs[1]
                return (
                    inputs[0],
                    tuple(v.detach() for v in s) if isinstance(s, tuple | list) else s.detach(),
                )

            def hook(_: nn.Module, inputs: tuple[Any, ...], output: Any) -> None:
                seen.append(output)

            handles = [module.register_forward_pre_hook(pre_hook), module.register_forward_hook(hook)]
            try:
                out = trace.model(*trace.model_args)
            finally:
                for h in handles:
                    h.remove()
            if trace.loss.name == "half_sq_last":
                if kind is None:
                    assert isinstance(module, nn.RNNBase)
                    x = seen[0]
                    unbatched = x[0].dim() == 2
                    scored = last_output(x[0], batch_first=module.batch_first, unbatched=unbatched)
                else:
                    last = seen[-1]
                    scored = last[0] if isinstance(last, tuple) else last
            else:
                scored = out
            params = dict(module.named_parameters())
            own = {id(p) for p in params.values()}
            extra = {n: p for n, p in trace.model.named_parameters() if id(p) not in own and p.requires_grad}
            params.update(extra)
        value = loss_value(trace.loss, scored)
        grads = torch.autograd.grad(value, list(params.values()), allow_unused=True)
    return value.detach(), {
        n: (g if g is not None else torch.zeros_like(p))
        for (n, p), g in zip(params.items(), grads, strict=True)
    }


def verify_grads(trace: GradTrace) -> GradVerification:
    """Compare the trace's ∂L/∂W (and L) with autograd through the module's own forward."""
    tol = 1e-10 if trace.input.dtype == torch.float64 else 1e-5
    if trace.truncate and trace.model is not None and cell_kind(trace.module) is None:
        return GradVerification(0.0, 0.0, 0.0, tol, True, checked=False, reason="truncated-model")
    value, ref = _reference(trace)
    ours = {**trace.param_grads, **trace.extra_grads}
    worst = 0.0
    magnitude = 0.0
    for name, grad in ref.items():
        mine = ours.get(name)
        if mine is None:
            continue
        worst = max(worst, float((mine - grad).abs().max()) if grad.numel() else 0.0)
        magnitude = max(magnitude, float(grad.abs().max()) if grad.numel() else 0.0)
    scaled = worst / max(1.0, magnitude)
    loss_diff = abs(float(value) - trace.loss_value) / max(1.0, abs(float(value)))
    return GradVerification(worst, scaled, loss_diff, tol, scaled <= tol and loss_diff <= tol)
