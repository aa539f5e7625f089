"""The gradient panel's kernel side (issue 13): ``grad.open``, ``grad.jacobians``, ``grad.terms``.

Builds the same module and sample input as the forward panel (``app.engine.serve.model``), picks the
loss by the rule of ``app.engine.grad.loss`` (the note's own when its code makes one and a head reads
the output; the note's ``nn.Linear`` is that head, seeded; else cross-entropy against the digit's
class; else ½‖h_T‖², said as assumed), runs the gradient trace and answers in JSON-able slices:
- ``grad.open``: the loss and its wording in both languages, ‖∂L/∂h_t‖ (and ‖∂L/∂c_t‖) per layer and
  direction, the RNN/GRU/LSTM overlay (the same sizes and input, ½‖h_T‖² so that the three compare; the
  last layer's forward direction), the weights of the BPTT picker, the verification;
- ``grad.jacobians``: ‖∂h_T/∂h_t‖₂, ‖∂h_t/∂h_{t−1}‖₂ and the LSTM's ∂c_t/∂c_{t−1} paths of one layer
  (lazy: see ``app.engine.grad.jacobians``);
- ``grad.terms``: one weight's BPTT terms per step (norms and signed shares that add up to ‖∂L/∂W‖).
A small cache keeps the last traces, keyed like the forward panel's (model, input, device) plus the
truncation, so that the slider does not rebuild the module.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections import OrderedDict
from typing import Any

import torch

from app.engine.grad import (
    GradTrace,
    bptt_terms,
    choose_loss,
    grad_trace,
    head_for,
    jacobians,
    sample_label,
    verify_grads,
    weight_names,
)
from app.engine.serve import model as panel_model
from app.engine.trace import build
from app.i18n import messages
from app.i18n import text as worded

messages({
    "grad.serve.unknown_weight": ("알 수 없는 가중치 {weight}: {names}", "Unknown weight {weight}: {names}"),
})

CACHE_SIZE = 4
OVERLAY = ("rnn", "gru", "lstm")
_CACHE: OrderedDict[str, GradTrace] = OrderedDict()
_CURRENT: dict[str, GradTrace] = {}


def _floats(values: torch.Tensor) -> list[float]:
    return [float(v) for v in values.detach().cpu().tolist()]


def _session(note_path: str) -> GradTrace:
    if note_path in _CURRENT:
        return _CURRENT[note_path]
    raise LookupError("grad.open first: no gradient trace for this note in this kernel")


def _head_and_loss(
    note_path: str, config: Any, spec: dict[str, Any], device: str, width: int
) -> tuple[Any, Any]:
    from app.engine.notecode import infer_note, note_loss

    text = panel_model._note_text(note_path)
    # the note's nn.Linear that reads the recurrent output (its width as written, before the panel's edits:
    # the seed's Linear(self.hdim, …) follows an edited hidden size, so the head is built at today's width)
    written = {width}
    original, found_model = panel_model.inferred_config(note_path)
    if found_model:
        written.add(original.num_directions * original.output_size)
    linears = [
        lin for found in infer_note(text).modules for lin in found.linears if lin.in_features in written
    ]
    head = head_for(width, linears[0].out_features, spec.get("seed", 0)).to(device) if linears else None
    label = None
    if spec.get("kind") == "digit":
        info = panel_model.digit_info(config, spec)
        digit = int(info["label"]) if info is not None else None
        label = sample_label("digit", linears[0].out_features if linears else None, digit)
    found = note_loss(text)
    loss = choose_loss(
        note_loss=(found.name, found.line, found.written) if found else None, has_head=head is not None,
        label=label, classes=linears[0].out_features if linears else None,  # the note's head is scored
    )  # fmt: skip
    return head, loss


def grad_open(
    note_path: str,
    config_overrides: dict[str, Any] | None = None,
    input_spec: dict[str, Any] | None = None,
    device: str = "cpu",
    model: str | None = None,
    truncate: int | None = None,
) -> dict[str, Any]:
    """Trace the gradients of the note's model on its sample input; see the module docstring."""
    started = time.perf_counter()
    device = panel_model.check_device(device)
    built = panel_model.note_module(note_path, config_overrides or {}, model)
    config = built.config.as_sequence()
    spec = panel_model.normalise_input_spec(config, input_spec or {})
    key = json.dumps([built.identity, dataclasses.asdict(config), spec, device, truncate], default=str)
    result = _CACHE.get(key)
    if result is None and built.live is not None:
        result = _through_owner(note_path, built.live, config, spec, device, truncate)
        if result is not None:
            _CACHE[key] = result
    if result is None:
        module = built.live if built.live is not None and not built.config.is_cell else build(config)
        module = module.to(device).eval()
        x = panel_model.sample_input(config, spec).to(device)
        width = config.num_directions * config.output_size
        head, loss = _head_and_loss(note_path, config, spec, device, width)
        if truncate and config.bidirectional:
            truncate = None
        result = grad_trace(module, x, loss=loss, head=head, truncate=truncate or None)
        _CACHE[key] = result
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    _CACHE.move_to_end(key)
    _CURRENT[note_path] = result
    check = verify_grads(result)
    layers = []
    for k, row in enumerate(result.layers):
        for d, entry in enumerate(row):
            layers.append({
                "layer": k, "direction": d, "grad_h": _floats(result.norms("h", k, d)),
                "grad_c": _floats(result.norms("c", k, d)) if entry.grad_c is not None else None,
            })  # fmt: skip
    names = weight_names(result)
    return {
        "kind": result.kind,
        "origin": built.origin,
        "config": dataclasses.asdict(config),
        "dims": {"L": result.seq_len, "layers": result.num_layers, "directions": result.num_directions},
        "loss": {
            "name": result.loss.name,
            "origin": result.loss.origin,
            "assumed": result.loss.assumed,
            "value": result.loss_value,
            "text": {"ko": result.loss.describe("ko"), "en": result.loss.describe("en")},
        },
        "truncate": result.truncate,
        "layers": layers,
        "weights": names,
        "head": result.head is not None,
        "grad_out_norm": float(result.grad_out.norm()) if result.grad_out is not None else None,
        "overlay": _overlay(result, config, spec, device),
        "verify": {
            "ok": bool(check.ok),
            "max_abs_diff": check.max_abs_diff,
            "tol": check.tol,
            "checked": check.checked,
        },  # checked False: a truncated run of the user's own forward has no chunked twin to compare with
        "elapsed_ms": (time.perf_counter() - started) * 1e3,
    }


def _owner(live: torch.nn.Module) -> torch.nn.Module | None:
    """The user's model in the namespace holding ``live`` (the seed's ``model`` holds ``model.rnn``)."""
    from app.engine import notestate

    for value in list(notestate.STATE.namespace.values()):
        if (
            isinstance(value, torch.nn.Module)
            and value is not live
            and any(m is live for m in value.modules())
        ):
            return value
    return None


def _through_owner(
    note_path: str,
    live: torch.nn.Module,
    config: Any,
    spec: dict[str, Any],
    device: str,
    truncate: int | None,
) -> GradTrace | None:
    """The gradient trace through the user's own ``forward`` (its head, its loss), when the live module has
    an owner whose forward takes the sample input; None (the bare module is traced) when it has none or
    the call does not fit (another input layout, an output that is no (N, C) tensor)."""
    from app.engine.grad import grad_trace_model
    from app.engine.notecode import note_loss

    owner = _owner(live)
    if owner is None or (truncate and config.bidirectional):
        return None
    x = panel_model.sample_input(config, spec).to(device)
    found = note_loss(panel_model._note_text(note_path))
    label = None
    if spec.get("kind") == "digit":
        info = panel_model.digit_info(config, spec)
        label = int(info["label"]) if info is not None else None
    try:
        with torch.no_grad():
            out = owner(x)
        classes = int(out.shape[-1]) if isinstance(out, torch.Tensor) and out.dim() == 2 else None
        loss = choose_loss(
            note_loss=(found.name, found.line, found.written) if found else None,
            has_head=classes is not None,
            label=label if classes is not None and label is not None and label < classes else None,
            classes=classes,  # the note's own head, scored even when the input has no label
        )  # fmt: skip
        name = next(n for n, m in owner.named_modules() if m is live)
        return grad_trace_model(owner, (x,), loss=loss, recurrent=name, truncate=truncate or None)
    except Exception:  # the user's forward is theirs: any failure means "trace the bare module instead"
        return None


def _overlay(result: GradTrace, config: Any, spec: dict[str, Any], device: str) -> dict[str, list[float]]:
    """‖∂L/∂h_t‖ of the last layer for an RNN, a GRU and an LSTM of the same sizes on the same input."""
    from app.engine.grad import LossChoice

    x = panel_model.sample_input(config, spec).to(device)
    out: dict[str, list[float]] = {}
    same = dataclasses.replace(config, proj_size=0, nonlinearity="tanh", dropout=0.0)
    for kind in OVERLAY:
        module = build(dataclasses.replace(same, kind=kind)).to(device).eval()
        traced = grad_trace(module, x, loss=LossChoice("half_sq_last", "default", True))
        out[kind] = _floats(traced.norms("h", traced.num_layers - 1, 0))
    return out


def grad_jacobians(note_path: str, layer: int = 0, direction: int = 0) -> dict[str, Any]:
    """The Jacobian norms of one layer and direction (spectral norms, see app.engine.grad.jacobians)."""
    result = _session(note_path)
    found = jacobians(result, layer, direction)
    return {
        "layer": layer, "direction": direction, "norm": found.norm, "samples": list(found.samples),
        "hT_ht": _floats(found.hT_ht), "ht_htm1": _floats(found.ht_htm1),
        "c_paths": {k: _floats(v) for k, v in found.c_paths.items()},
    }  # fmt: skip


def grad_terms(note_path: str, weight: str) -> dict[str, Any]:
    """One weight's BPTT terms: ‖term_t‖ and the signed shares ⟨term_t, ∂L/∂W⟩/‖∂L/∂W‖ per step."""
    result = _session(note_path)
    terms = bptt_terms(result, [weight])
    if weight not in terms:
        names = ", ".join(weight_names(result))
        raise ValueError(worded("grad.serve.unknown_weight", weight=repr(weight), names=names))
    one = terms[weight]
    return {
        "weight": weight, "source": one.key.source, "norms": _floats(one.norms),
        "along": _floats(one.along()), "total_norm": float(one.total.norm()), "sum_error": one.sum_error,
    }  # fmt: skip
