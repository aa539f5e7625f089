"""The equation panel's kernel side: build the note's model, trace it once, then answer slices.

Runs inside the note's Jupyter kernel (torch lives there, never in the UI process). The UI calls these
functions by name through ``app.engine.rpc``: ``panel.open``, ``panel.step``, ``panel.heatmaps`` and
``panel.devices``. They are plain functions over JSON-able values, so tests call them in-process.

Why a cache: a trace of the seed model (28 steps, 3 layers of 256 units) costs a few milliseconds, but
moving the time-step slider must cost almost nothing. ``panel.open`` traces once per (model identity and
config, input spec, device); ``panel.step`` and ``panel.heatmaps`` only index into that trace.

Where the model comes from (the panel names it, see ``Origin``):
- the note's live kernel object once the user has run code (``app.engine.notestate``), or
- a fresh module built from the config inferred from the note's code (``app.engine.config``), with
  weights from ``torch.manual_seed(weight_seed)`` so that the same numbers come back every time.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import torch

from app.engine.serve import model as panel_model
from app.engine.serve import tensors
from app.engine.serve.payload import describe, encode_array
from app.engine.serve.quantities import (
    GATE_ACTIVATION,
    HEATMAP_NAMES,
    Resolved,
    resolve,
    step_axes,
)
from app.i18n import messages, text

messages({
    "panel.quantity_form": ("물리량 이름은 'lstm.f'처럼 써야 합니다: {quantity}",
                            "A quantity is named like 'lstm.f': {quantity}"),
    "panel.other_model": ("이 식은 {equation}에 대한 것이지만 노트의 모델은 {note}입니다",
                          "This equation is about an {equation}, but the note's model is an {note}"),
})

CACHE_SIZE = 4


class PanelNotOpen(LookupError):
    """``panel.step``/``panel.heatmaps`` before ``panel.open`` in this kernel (e.g. after a restart).

    The UI matches the type name in the failure (``PanelNotOpen: …``) and re-opens the panel's trace
    instead of showing an error: a restarted kernel has no traces, and that is not the user's fault.
    """


@dataclass
class Session:
    """One traced (model, input, device): everything ``panel.step`` needs."""

    x: torch.Tensor
    trace: Any  # app.engine.trace.tracer.Trace (its module is the traced one)
    info: dict[str, Any]  # panel.open's answer: origin, config, dims, verification


_CACHE: OrderedDict[str, Session] = OrderedDict()
_OPENED: dict[str, dict[str, Any]] = {}  # note path -> panel.open's arguments (for the weights comparison)
_CURRENT: dict[str, Session] = {}  # note path -> the session the panel shows now


def _cache_key(module_id: str, config: dict[str, Any], input_spec: dict[str, Any], device: str) -> str:
    return json.dumps([module_id, config, input_spec, device], sort_keys=True, default=str)


def _current(note_path: str | None) -> Session:
    if note_path and note_path in _CURRENT:
        return _CURRENT[note_path]
    if not note_path and _CURRENT:
        return next(reversed(_CURRENT.values()))
    raise PanelNotOpen("no traced model for this note in this kernel: call panel.open first")


def panel_open(
    note_path: str,
    config_overrides: dict[str, Any] | None = None,
    input_spec: dict[str, Any] | None = None,
    device: str = "cpu",
    model: str | None = None,
    module: int | None = None,
    module_chosen: bool = False,
    weights: str | None = None,
) -> dict[str, Any]:
    """Build (or reuse) the note's traced model and describe it: origin, dims, verification.

    ``weights`` ("trained" | "untrained" | None: as the note's switch says, ``app.engine.train``) chooses the
    weights; the origin's ``weights`` entry says which ones the trace used.

    ``module`` is the index of the note module to trace (``python -m app model``'s order: the linked
    equation's ``module``, or the panel menu's choice with ``module_chosen``)."""
    device = panel_model.check_device(device)
    built = panel_model.note_module(note_path, config_overrides or {}, model, module, module_chosen)
    built = panel_model.with_weights(note_path, built, weights)
    spec = panel_model.normalise_input_spec(built.config, input_spec or {})
    _OPENED[note_path] = {"config_overrides": config_overrides, "input_spec": input_spec, "device": device,
                          "model": model, "module": module, "module_chosen": module_chosen}  # fmt: skip
    key = _cache_key(built.identity, dataclasses.asdict(built.config), spec, device)
    session = _CACHE.get(key)
    cached = session is not None
    started = time.perf_counter()
    if session is None:
        session = _new_session(key, built, spec, device)
        _CACHE[key] = session
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    _CACHE.move_to_end(key)
    _CURRENT.pop(note_path, None)  # re-insert: the most recently opened note is the default
    _CURRENT[note_path] = session
    return {**session.info, "cached": cached, "elapsed_ms": (time.perf_counter() - started) * 1e3}


def _new_session(key: str, built: panel_model.Built, spec: dict[str, Any], device: str) -> Session:
    from app.engine.trace import trace

    started = time.perf_counter()
    module = built.module().to(device).eval()
    x = panel_model.sample_input(built.config, spec).to(device)
    with torch.no_grad():
        result = trace(module, x)
    trace_ms = (time.perf_counter() - started) * 1e3
    check = result.verify()
    cfg = result.config
    hidden = cfg.hidden_size
    proj = getattr(cfg, "proj_size", 0) or 0
    info = {
        "key": key,
        "kind": result.kind,
        "cell": built.config.kind if built.config.is_cell else None,
        "origin": built.origin,
        "config": dataclasses.asdict(cfg),
        "dims": {
            "L": result.seq_len,
            "N": result.batch,
            "layers": result.num_layers,
            "directions": result.num_directions,
            "H": hidden,
            "H_out": proj or hidden,
            "H_in": cfg.input_size,
        },
        "input": {**spec, "shape": list(x.shape), "dtype": str(x.dtype).removeprefix("torch."),
                  "digit": panel_model.digit_info(built.config, spec)},
        "device": str(x.device),
        "dtype": str(x.dtype).removeprefix("torch."),
        "verify": {
            "ok": bool(check.ok),
            "tol": float(check.tol),
            "max_abs_output": float(check.max_abs_output),
            "max_abs_h_n": float(check.max_abs_h_n),
            "max_abs_c_n": None if check.max_abs_c_n is None else float(check.max_abs_c_n),
            "relations": {k: float(v) for k, v in dict(check.relations).items()},
        },
        "trace_ms": trace_ms,
    }
    return Session(x=x, trace=result, info=info)


def _module_output(session: Session, layer: int, direction: int, t: int) -> torch.Tensor | None:
    """The module's own h_t for the last layer (time first, (N, H_out)); None for inner layers."""
    tr = session.trace
    if layer != tr.num_layers - 1:
        return None
    out = tr.output_steps()  # (L, N, D·H_out)
    width = out.shape[-1] // tr.num_directions
    return out[t, :, direction * width : (direction + 1) * width]


def panel_step(
    quantity: str,
    layer: int = 0,
    direction: int = 0,
    batch: int = 0,
    t: int = 0,
    symbols: list[dict[str, Any]] | None = None,
    symbol: int | None = None,
    note_path: str | None = None,
) -> dict[str, Any]:
    """The clicked equation at step t: each symbol's tensor, the term-by-term chain, and the check."""
    session = _current(note_path)
    tr = session.trace
    layer, direction, batch, t = _clamp(tr, layer, direction, batch, t)
    kind, gate = _split_quantity(quantity, tr.kind)
    if gate in tensors.WHOLE:  # output, h_n, c_n, x…: a whole tensor of the module (a shape badge's click)
        return tensors.whole_step(tr, kind, gate, batch, t, device=str(session.x.device),
                                  tol=session.info["verify"]["tol"])  # fmt: skip
    main = resolve(tr, f"{kind}.{gate}", layer, direction, t)
    items = {"result": _describe_resolved(main, batch, send=True, latex=main.latex)}
    symbol_items: list[dict[str, Any] | None] = []
    for k, sym in enumerate(symbols or []):
        name = sym.get("quantity")
        if not name:
            symbol_items.append(None)
            continue
        try:
            res = resolve(tr, str(name), layer, direction, t, transposed=bool(sym.get("transposed")))
        except KeyError as error:
            symbol_items.append({"error": str(error).strip("'\""), "latex": sym.get("latex", "")})
            continue
        send = k == symbol or (res.tensor.dim() <= 2 and res.tensor.numel() <= 16384)
        symbol_items.append(_describe_resolved(res, batch, send=send, latex=str(sym.get("latex", ""))))
    reference = _module_output(session, layer, direction, t)
    diff = None
    if reference is not None:
        h_t = tr.get("h", layer, direction)[t]
        diff = float((h_t.double() - reference.double()).abs().max())
    return {
        "quantity": f"{kind}.{gate}",
        "t": t,
        "layer": layer,
        "direction": direction,
        "batch": batch,
        "device": str(session.x.device),
        "result": items["result"],
        "symbols": symbol_items,
        "chain": _chain(tr, gate, layer, direction, batch, t),
        "step_diff": diff,
        "tol": session.info["verify"]["tol"],
    }


def _clamp(tr: Any, layer: int, direction: int, batch: int, t: int) -> tuple[int, int, int, int]:
    def clip(v: int, n: int) -> int:
        return max(0, min(int(v), n - 1))

    return (
        clip(layer, tr.num_layers),
        clip(direction, tr.num_directions),
        clip(batch, tr.batch),
        clip(t, tr.seq_len),
    )


def _split_quantity(quantity: str, kind: str) -> tuple[str, str]:
    model, _, name = quantity.partition(".")
    if not name:
        raise ValueError(text("panel.quantity_form", quantity=repr(quantity)))
    if model != kind:
        raise ValueError(text("panel.other_model", equation=model.upper(), note=kind.upper()))
    return model, name


def _describe_resolved(res: Resolved, batch: int, *, send: bool, latex: str) -> dict[str, Any]:
    item = describe(
        res.tensor,
        name=res.name,
        latex=latex or res.latex,
        axes=res.axes,
        role=res.role,
        source=res.source,
        gate=res.role == "gate",
        transposed=res.transposed,
        send_values=send,
    )
    item["per_batch"] = res.per_batch
    if not send:
        item["head"] = [float(v) for v in res.tensor.detach().reshape(-1)[:16].cpu()]
    return item


def _chain(tr: Any, gate: str, layer: int, direction: int, batch: int, t: int) -> list[dict[str, Any]]:
    """W_if x_t → + b_if → + W_hf h_{t−1} → + b_hf → pre-activation → σ → f_t, each with its vector."""
    try:
        terms = tr.terms(gate, layer, direction, t)
    except (KeyError, ValueError):
        return []
    chain: list[dict[str, Any]] = []
    running: torch.Tensor | None = None
    for k, term in enumerate(terms):
        value = term.value.detach()[batch]  # (H,)
        running = value.clone() if running is None else running + value
        chain.append(
            {
                "op": "" if k == 0 else "+",
                "name": term.name,
                "latex": term.latex,
                "source": term.source,
                "role": "pre",
                "values": encode_array(value),
                "running": encode_array(running),
            }
        )
    pre_name = f"pre_{gate}"
    activation = GATE_ACTIVATION.get((tr.kind, gate))
    if activation is not None and pre_name in tr.names:
        pre = tr.get(pre_name, layer, direction)[t, batch].detach()  # (H,)
        gap = float((running.double() - pre.double()).abs().max()) if running is not None else None
        chain.append(
            {
                "op": "=",
                "name": "pre-activation",
                "latex": rf"\mathrm{{pre}}_{{{gate}}}",
                "source": "sum-of-terms" if gap is not None and gap < 1e-5 else "",  # a code: the UI words it
                "role": "pre",
                "values": encode_array(pre),
                "sum_gap": gap,
            }
        )
        out = tr.get(gate, layer, direction)[t, batch].detach()  # (H,)
        role = "gate" if activation == "σ" else "tanh"
        chain.append(
            {
                "op": activation,
                "name": f"{gate}_t",
                "latex": f"{gate}_t",
                "source": f"{activation}(pre_{gate})",
                "role": role,
                "values": encode_array(out),
            }
        )
    return chain


def _other_weights(note_path: str | None, session: Session, weights: str | None) -> Session:
    """The same model and input under the other weights ("trained" | "untrained"), traced once and cached;
    the panel's own session (``panel.step``'s) stays as it is."""
    current = "trained" if session.info["origin"].get("weights", {}).get("trained") else "untrained"
    if weights not in ("trained", "untrained") or weights == current:
        return session
    path = note_path or next(reversed(_CURRENT))
    args = _OPENED.get(path)
    if args is None:
        raise PanelNotOpen("no traced model for this note in this kernel: call panel.open first")
    device = panel_model.check_device(args["device"])
    built = panel_model.note_module(path, args["config_overrides"] or {}, args["model"], args["module"],
                                    args["module_chosen"])  # fmt: skip
    built = panel_model.with_weights(path, built, weights)
    spec = panel_model.normalise_input_spec(built.config, args["input_spec"] or {})
    key = _cache_key(built.identity, dataclasses.asdict(built.config), spec, device)
    other = _CACHE.get(key)
    if other is None:
        other = _new_session(key, built, spec, device)
        _CACHE[key] = other
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return other


def panel_heatmaps(
    layer: int = 0,
    direction: int = 0,
    batch: int = 0,
    note_path: str | None = None,
    weights: str | None = None,
) -> dict[str, Any]:
    """LSTMVis-style time × hidden-unit arrays (i f g o c h; GRU r z n h; RNN h) for one layer/direction.

    ``weights`` ("trained" | "untrained") shows the same input under those weights (the maps' comparison
    toggle); the answer's ``weights`` says which weights the maps show."""
    session = _other_weights(note_path, _current(note_path), weights)
    tr = session.trace
    layer, direction, batch, _ = _clamp(tr, layer, direction, batch, 0)
    maps = {}
    for name in HEATMAP_NAMES[tr.kind]:
        values = tr.get(name, layer, direction)[:, batch]  # (L, H)
        maps[name] = {**encode_array(values), "axes": step_axes(tr, name, layer)[1:]}
    shown = session.info["origin"].get("weights", {"trained": False})
    return {"layer": layer, "direction": direction, "batch": batch, "L": tr.seq_len, "maps": maps,
            "weights": shown}  # fmt: skip


def panel_devices() -> list[dict[str, Any]]:
    """CPU, CUDA and MPS, each with whether it can be used here and, if not, a reason code."""
    return panel_model.devices()
