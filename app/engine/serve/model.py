"""Which module and which input the equation panel traces, and on which device.

Why its own module: the panel must say *what* it shows. It traces the user's live object when the note's
code has built one in this kernel (``app.engine.notestate``: origin kind "live", object
"model.rnn: LSTM(…)"), otherwise a module built from the configuration inferred from the note's text
(kind "inferred", or "default" when the note has no recurrent code). The origin and the device reasons
are codes plus data, not sentences: the UI words them in its own language (``app.ui.equation_panel.text``),
with the panel's config editor applied on top. Inferred modules get their weights from
``torch.manual_seed(WEIGHT_SEED)`` right before construction, so any process (a test, the CLI) can
rebuild exactly the same numbers.
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from app.engine.config import DEFAULT_CONFIG, RecurrentConfig
from app.engine.inputs import INPUT_KINDS, digits, samples
from app.engine.trace import build, cell_config, config_of
from app.engine.train import panel_weights
from app.i18n import messages, text

messages({
    "serve.unknown_setting": ("알 수 없는 설정 {names} (가능: {valid})",
                              "Unknown setting {names} (valid: {valid})"),
    "serve.input_kind": ("알 수 없는 입력 종류 {kind}: {kinds} 중 하나를 고르세요",
                         "Unknown input kind {kind}: pick one of {kinds}"),
    "serve.file_needed": ("파일 입력에는 파일 경로가 필요합니다", "A file input needs the file's path"),
    "serve.input_range": ("배치 N은 1–1024, 길이 L은 1–10000 사이여야 합니다",
                          "The batch N must be 1–1024 and the length L 1–10000"),
    "serve.device_unusable": ("{label}를 쓸 수 없습니다 ({reason}, {build})",
                              "{label} can't be used ({reason}, {build})"),
    "serve.unknown_device": ("알 수 없는 장치 {device}: cpu, cuda, mps 중 하나를 고르세요",
                             "Unknown device {device}: pick one of cpu, cuda, mps"),
})

CONFIG_FIELDS = {f.name for f in dataclasses.fields(RecurrentConfig)}


@dataclass
class Built:
    """Which module the panel traces, told apart before any module is made (the trace cache's key)."""

    config: RecurrentConfig
    origin: dict[str, Any]  # {"kind": "live"|"inferred"|"default", "edited": bool, "object": str}
    identity: str  # part of the trace cache key: the live object's id, or "inferred"
    live: nn.Module | None = None  # the user's object; None: an inferred module, built on demand
    weights: dict[str, torch.Tensor] | None = None  # trained weights switched on (app.engine.train)

    def module(self) -> nn.Module:
        """The live object, or a fresh seeded one, made only on a trace cache miss (≈ 6 ms for the seed).

        With trained weights switched on, a fresh module of the same config gets them (the user's live
        object is never overwritten)."""
        if self.weights is not None:
            module = build(self.config)
            module.load_state_dict(self.weights)
            return module
        return self.live if self.live is not None else build(self.config)


def with_weights(note_path: str, built: Built, weights: str | None = None) -> Built:
    """``built`` with the note's trained weights when they are switched on (or asked for: ``"trained"``);
    ``weights="untrained"`` keeps the random init. ``origin["weights"]`` says which the panel shows."""
    found = None if weights == "untrained" else panel_weights(note_path, built.config, weights == "trained")
    if found is None:
        built.origin["weights"] = {"trained": False, "seed": 0}
        return built
    state, meta, digest = found
    built.origin["weights"] = {"trained": True, **{k: meta.get(k) for k in (
        "task", "steps", "test_accuracy", "seconds", "source", "file")}}  # fmt: skip
    return Built(built.config, built.origin, f"trained:{digest}:{built.identity}", built.live, state)


def _note_text(note_path: str) -> str:
    from app.engine import notestate

    if notestate.STATE.path == note_path and notestate.STATE.text:
        return notestate.STATE.text
    from app.vault import read_note

    return read_note(note_path).text


def inferred_config(note_path: str) -> tuple[RecurrentConfig, bool]:
    """The note's inferred config, and whether the note really described one (else the default)."""
    chosen, _ = inferred_modules(note_path)
    return (DEFAULT_CONFIG, False) if chosen is None else (chosen.config, True)


def _module_entry(index: int, found: Any) -> dict[str, Any]:
    """One note module as the panel's menu lists it (JSON)."""
    return {
        "index": index,
        "name": found.name,
        "kind": found.kind,
        "line": found.line,
        "section": found.section,
        "object": found.config.describe(),
        "assumed": list(found.assumed),
        "why": {a.field: {"code": a.code, "args": {"expr": a.expr, "value": a.value, "field": a.field}}
                for a in found.assumptions},
    }  # fmt: skip


def inferred_modules(
    note_path: str, model: str | None = None, module: int | None = None
) -> tuple[Any | None, list[Any]]:
    """The note's modules (``app.engine.notecode.infer_note``) and the one to trace: ``module`` (an index,
    e.g. the linked equation's ``module`` or the panel menu's choice) when it is of the ``model`` family,
    else the first module of that family, else the first module; None when the note builds none."""
    from app.engine.notecode import infer_note

    try:
        modules = list(infer_note(_note_text(note_path)).modules)
    except (OSError, ValueError, SyntaxError):
        return None, []
    if not modules:
        return None, modules
    fits = [m for m in modules if model is None or m.config.family == model]
    if module is not None and 0 <= module < len(modules) and modules[module] in fits:
        return modules[module], modules
    return (fits or modules)[0], modules


def apply_overrides(config: RecurrentConfig, overrides: dict[str, Any]) -> RecurrentConfig:
    """The config editor's edits on top of a config; unknown keys are an error with the valid names."""
    unknown = sorted(set(overrides) - CONFIG_FIELDS)
    if unknown:
        raise ValueError(text("serve.unknown_setting", names=", ".join(unknown),
                              valid=", ".join(sorted(CONFIG_FIELDS))))
    if not overrides:
        return config
    types = {f.name: type(getattr(config, f.name)) for f in dataclasses.fields(config)}
    cast = {k: types[k](v) for k, v in overrides.items()}
    return dataclasses.replace(config, **cast)


def _live_cell(note_path: str, picked: Any) -> tuple[str, nn.RNNCellBase] | None:
    """The cell the user's code built under the picked module's name (``cell = nn.LSTMCell(…)`` run in
    the kernel), so that the panel traces that object, its trained or edited weights included."""
    from app.engine import notestate

    if picked is None or not picked.config.is_cell or picked.class_name or not picked.attribute:
        return None
    if notestate.STATE.path not in (None, note_path):
        return None
    found = notestate.STATE.namespace.get(picked.attribute)
    if isinstance(found, nn.RNNCellBase) and cell_config(found).family == picked.config.family:
        return str(picked.attribute), found
    return None


def note_module(
    note_path: str,
    overrides: dict[str, Any],
    model: str | None = None,
    module: int | None = None,
    chosen: bool = False,
) -> Built:
    """The module the panel traces: the live object when the user's code built one (unless the user
    ``chosen`` a note module from the panel's menu), else the inferred module ``module`` (see
    :func:`inferred_modules`). The origin names the module, its line and section, what was assumed,
    and lists the note's other modules for the menu."""
    from app.engine import notestate

    live = notestate.STATE.module if notestate.STATE.path in (None, note_path) else None
    record = notestate.STATE.model
    if isinstance(live, nn.RNNBase | nn.RNNCellBase) and record is not None and not overrides and not chosen:
        # a cell the note's class loops over (``self.cell = nn.LSTMCell(…)``) is live too
        config = config_of(live) if isinstance(live, nn.RNNBase) else cell_config(live)
        if model is None or model == config.family:
            live_origin = {"kind": "live", "edited": False, "object": record.describe()}
            return Built(config, live_origin, identity=f"live:{id(live)}:{record.repr}", live=live)
    picked, modules = inferred_modules(note_path, model, module)
    cell = _live_cell(note_path, picked) if not overrides else None
    if cell is not None:
        name, built_cell = cell
        live_config = cell_config(built_cell)
        origin_cell = {
            "kind": "live", "edited": False, "object": f"{name}: {built_cell!r}",
            "modules": [_module_entry(k, m) for k, m in enumerate(modules)], "module": modules.index(picked),
        }  # fmt: skip
        return Built(
            live_config, origin_cell, identity=f"live:{id(built_cell)}:{built_cell!r}", live=built_cell
        )
    config = DEFAULT_CONFIG if picked is None else picked.config
    if model and model != config.family:
        # the clicked equation is about another model than the note's code: show that kind, same sizes
        config = (
            RecurrentConfig(model, config.input_size, config.hidden_size, bias=config.bias)
            if config.is_cell
            else dataclasses.replace(config, kind=model, proj_size=0, nonlinearity="tanh")
        )
    config = apply_overrides(config, overrides)
    origin: dict[str, Any] = {
        "kind": "inferred" if picked is not None else "default",
        "edited": bool(overrides),
        "object": config.describe(),
        "modules": [_module_entry(k, m) for k, m in enumerate(modules)],
        "module": None,
    }
    if picked is not None:
        index = modules.index(picked)
        entry = _module_entry(index, picked)
        origin.update(module=index, name=entry["name"], line=entry["line"], section=entry["section"])
        origin.update(assumed=entry["assumed"] if config.family == picked.config.family else [])
        origin.update(why=entry["why"] if origin["assumed"] else {})
    return Built(config, origin, identity=f"inferred:{origin['module']}")


def normalise_input_spec(config: RecurrentConfig, spec: dict[str, Any]) -> dict[str, Any]:
    """Fill in the sample input's defaults: kind, seed, batch N, sequence length L.

    The default kind is the handwritten digit when the module reads 28- or 8-wide rows (the seed's MNIST
    model, or scikit-learn's 8×8 digits: the gates then react to the pen strokes row by row), random noise
    otherwise. A digit has
    one row per time step, so its L is the input size.
    """
    default_kind = "digit" if config.input_size in (8, 28) else "random"  # MNIST rows, or scikit-learn's 8×8
    kind = str(spec.get("kind") or default_kind)
    if kind not in INPUT_KINDS:
        raise ValueError(text("serve.input_kind", kind=repr(kind), kinds=", ".join(INPUT_KINDS)))
    out: dict[str, Any] = {
        "kind": kind,
        "seed": int(spec.get("seed", 0)),
        "batch": int(spec.get("batch", 1)),
        "seq_len": int(spec.get("seq_len", 28)),
    }
    if kind == "digit":
        out["seq_len"] = config.input_size
        label = spec.get("digit_label", digits.DEFAULT_LABEL)
        out["digit_label"] = None if label in (None, "", "any") else int(label)
        out["digit_index"] = int(spec.get("digit_index", 0))
    if kind == "file":
        if not spec.get("file"):
            raise ValueError(text("serve.file_needed"))
        out["file"] = str(spec["file"])
    if not 1 <= out["batch"] <= 1024 or not 1 <= out["seq_len"] <= 10000:
        raise ValueError(text("serve.input_range"))
    return out


def sample_input(config: RecurrentConfig, spec: dict[str, Any]) -> torch.Tensor:
    """The sample batch from ``app.engine.inputs.samples``, laid out as the module expects."""
    kind = spec["file"] if spec["kind"] == "file" else spec["kind"]
    digit = {k: spec[k] for k in ("digit_index", "digit_label")} if kind == "digit" else {}
    return samples.make_input(
        kind, config, batch=spec["batch"], seq_len=spec["seq_len"], seed=spec["seed"], **digit
    )


def digit_info(config: RecurrentConfig, spec: dict[str, Any]) -> dict[str, Any] | None:
    """The first sample's digit for the input chooser's thumbnail: label, test-split index, size×size pixels
    in [0, 1] (rounded to 3 digits); None for other kinds."""
    if spec.get("kind") != "digit":
        return None
    chosen = digits.choose(config.input_size, spec["digit_index"], spec["digit_label"])
    return {
        "label": chosen.label,
        "index": chosen.index,
        "split": chosen.split,
        "class_index": spec["digit_index"],
        "pixels": [[round(float(v), 3) for v in row] for row in chosen.image],
    }


def devices() -> list[dict[str, Any]]:
    """Each device with whether it is usable here and, when not, why: a ``reason`` code
    (``cuda-not-built``, ``cuda-no-device``, ``mps-not-macos``, ``mps-not-built``, ``mps-unavailable``)
    and the torch ``build`` it concerns; the UI turns them into its tooltip in the UI language."""
    build = f"torch {torch.__version__}"
    found: list[dict[str, Any]] = [
        {"name": "cpu", "label": "CPU", "available": True, "reason": None, "build": build,
         "detail": "", "threads": torch.get_num_threads()}
    ]  # fmt: skip
    if torch.version.cuda is None:
        cuda = {"available": False, "reason": "cuda-not-built"}
    elif not torch.cuda.is_available():
        cuda = {"available": False, "reason": "cuda-no-device"}
    else:
        cuda = {"available": True, "reason": None, "detail": torch.cuda.get_device_name(0)}
    found.append({"name": "cuda", "label": "CUDA", "detail": "", "build": build, **cuda})
    mps_backend = getattr(torch.backends, "mps", None)
    if sys.platform != "darwin":
        mps = {"available": False, "reason": "mps-not-macos"}
    elif mps_backend is None or not mps_backend.is_built():
        mps = {"available": False, "reason": "mps-not-built"}
    elif not mps_backend.is_available():
        mps = {"available": False, "reason": "mps-unavailable"}
    else:
        mps = {"available": True, "reason": None, "detail": "Apple GPU"}
    found.append({"name": "mps", "label": "MPS", "detail": "", "build": build, **mps})
    return found


def check_device(device: str) -> str:
    """A usable device name, or a clear error that says why the asked one is not."""
    for entry in devices():
        if entry["name"] == device:
            if not entry["available"]:
                raise ValueError(text("serve.device_unusable", label=entry["label"], reason=entry["reason"],
                                      build=entry["build"]))
            return device
    raise ValueError(text("serve.unknown_device", device=repr(device)))
