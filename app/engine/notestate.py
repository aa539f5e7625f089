"""The kernel's memory of its note: which note, which device, which sample input, and which model.

One kernel serves one open note, so this module keeps a single :data:`STATE`. The code panel and the
equation panel both read it: the runner executes the note's code in ``STATE.namespace`` (which persists
between runs, as in a notebook) and, after a run, records any recurrent module the user's code built or
changed, so that the equation panel traces *that* object ("model.rnn: LSTM(28, 64, batch_first=True),
from your code") instead of the model inferred from the note's text.

The namespace starts with the names a pasted Colab cell takes for granted (``torch``, ``nn``, ``F``,
``np``, ``math``) and ``device``, the device chosen by the panel's GPU toggle. Nothing from the note runs
here until the UI asks.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from app.engine import rpc
from app.engine.devices import available_devices, resolve_device
from app.engine.inputs import INPUT_KINDS
from app.i18n import messages
from app.i18n import text as worded

messages({
    "state.no_note": ("노트 경로나 내용이 필요합니다.", "A note's path or its text is needed."),
    "state.input_kind": ("알 수 없는 입력 종류 {kind}: {kinds} 중 하나를 고르세요.",
                         "Unknown input kind {kind}: pick one of {kinds}."),
    "state.file_needed": ("파일 입력에는 파일 경로가 필요합니다.", "A file input needs the file's path."),
    "state.batch_range": ("배치 크기는 1에서 4096 사이여야 합니다.",
                          "The batch size must be from 1 to 4096."),
    "state.no_file": ("입력 파일이 없습니다: {file}", "No such input file: {file}"),
})


@dataclass
class InputSpec:
    """How the sample input for a bound method (``forward(self, x)``) is made."""

    kind: str = "digit"
    seed: int = 0
    batch: int = 1
    file: str | None = None


@dataclass
class ModelRecord:
    """The recurrent module the equation panel should trace, and where it came from."""

    name: str  # "model.rnn", "model.cell"
    repr: str  # "LSTM(28, 256, num_layers=3, batch_first=True)", "LSTMCell(5, 12)"
    source: str  # "user" (built by the note's code in this kernel) or "inferred" (from the note's text)
    kind: str  # "lstm" | "gru" | "rnn" | "lstm_cell" | "gru_cell" | "rnn_cell"

    def describe(self) -> str:
        return f"{self.name}: {self.repr}"


@dataclass
class NoteState:
    path: str | None = None
    text: str = ""
    device: str = "cpu"
    input: InputSpec = field(default_factory=InputSpec)
    namespace: dict[str, Any] = field(default_factory=dict)
    model: ModelRecord | None = None
    module: nn.Module | None = None  # the live RNNBase or RNNCellBase behind ``model`` (None: inferred)
    fingerprints: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.reset_namespace()

    def reset_namespace(self) -> None:
        """A fresh notebook namespace with the imports the note's pasted code assumes."""
        import numpy as np
        import torch.nn.functional as F

        self.namespace.clear()
        self.namespace.update(
            {"__name__": "__note__", "torch": torch, "nn": nn, "F": F, "np": np, "math": math}
        )
        self.namespace["device"] = torch.device(self.device)
        self.fingerprints.clear()
        self.model, self.module = None, None

    def torch_device(self) -> torch.device:
        return torch.device(self.device)


STATE = NoteState()


RECURRENT_TYPES = (nn.RNNBase, nn.RNNCellBase)


def recurrent_modules(namespace: dict[str, Any]) -> dict[str, nn.Module]:
    """Every LSTM/GRU/RNN and LSTMCell/GRUCell/RNNCell reachable from a top-level name:
    ``{"model.rnn": module, "lstm": module, "model.cell": cell}``. A cell counts as a model of its own: a
    study note's class loops over ``self.cell = nn.LSTMCell(…)`` step by step (issue 9)."""
    found: dict[str, nn.Module] = {}
    seen: set[int] = set()
    for name, value in list(namespace.items()):
        if name.startswith("_") or not isinstance(value, nn.Module):
            continue
        for sub, module in value.named_modules():
            if isinstance(module, RECURRENT_TYPES) and id(module) not in seen:
                seen.add(id(module))
                found[f"{name}.{sub}" if sub else name] = module
    return found


def _fingerprint(module: nn.Module) -> str:
    """Identity plus configuration: a rebuilt or resized module gets a new fingerprint."""
    return f"{id(module)}:{module!r}"


def _kind(module: nn.Module) -> str:
    """"lstm", "gru", "rnn", or "lstm_cell" … for a cell (subclasses by their PyTorch base)."""
    kinds = {nn.LSTM: "lstm", nn.GRU: "gru", nn.LSTMCell: "lstm_cell", nn.GRUCell: "gru_cell"}
    kinds[nn.RNNCell] = "rnn_cell"
    return next((kind for base, kind in kinds.items() if isinstance(module, base)), "rnn")


def record_user_modules() -> ModelRecord | None:
    """After a run: if the code built or changed a recurrent module, make it the note's model.

    Returns the new record when the model changed (the UI then re-traces), else None.
    """
    found = recurrent_modules(STATE.namespace)
    prints = {name: _fingerprint(m) for name, m in found.items()}
    changed = [name for name, fp in prints.items() if STATE.fingerprints.get(name) != fp]
    STATE.fingerprints = prints
    if not changed:
        if STATE.model is not None and STATE.model.source == "user" and STATE.model.name not in found:
            STATE.model, STATE.module = None, None  # the user deleted it
        return None
    # Prefer a module inside the note's model object ("model.rnn") over a loose one, and at the same depth a
    # full module over a cell (a decoder's LSTMCell next to an encoder's LSTM: the one written first wins).
    name = sorted(
        changed,
        key=lambda n: (not n.startswith("model."), n.count("."), isinstance(found[n], nn.RNNCellBase), n),
    )[0]
    module = found[name]
    STATE.model = ModelRecord(name=name, repr=repr(module), source="user", kind=_kind(module))
    STATE.module = module
    return STATE.model


def inferred_model() -> ModelRecord | None:
    """The model described by the note's text (``infer_config``), when the user has not built one."""
    from app.engine.notecode import infer_config

    try:
        inferred = infer_config(STATE.text)
    except (ValueError, SyntaxError):
        return None
    if inferred.is_default:
        return None
    where = inferred.attribute or "note"
    if inferred.class_name:
        where = f"{inferred.class_name}.{where}"
    config = inferred.config
    return ModelRecord(name=where, repr=config.describe(), source="inferred", kind=config.kind)


def current_model() -> ModelRecord | None:
    """The model the equation panel should show: the user's object after a run, else the inferred one."""
    return STATE.model or inferred_model()


def set_note(path: str | None, text: str | None = None) -> None:
    """Tell the kernel which note it serves. Reads the file when no text is given; runs nothing."""
    if text is None:
        if path is None:
            raise ValueError(worded("state.no_note"))
        from app.vault import read_note

        text = read_note(path).text
    if path != STATE.path:
        STATE.reset_namespace()
    STATE.path, STATE.text = path, text


# --- RPC methods used by the panels -------------------------------------------------------------


@rpc.method("state.set_note")
def _rpc_set_note(path: str | None = None, text: str | None = None) -> dict[str, Any]:
    set_note(path, text)
    return describe()


@rpc.method("state.set_device")
def set_device(device: str) -> dict[str, Any]:
    """Switch the device; the next run moves the model and the input there."""
    STATE.device = resolve_device(device).type
    STATE.namespace["device"] = STATE.torch_device()
    return describe()


@rpc.method("state.set_input")
def set_input(
    kind: str | None = None, seed: int | None = None, batch: int | None = None, file: str | None = None
) -> dict[str, Any]:
    """Change the sample input for bound method runs (kind random|sine|digit|file, seed, batch)."""
    spec = STATE.input
    if kind is not None:
        if kind not in INPUT_KINDS:
            raise ValueError(worded("state.input_kind", kind=repr(kind), kinds=", ".join(INPUT_KINDS)))
        if kind == "file" and not (file or spec.file):
            raise ValueError(worded("state.file_needed"))
        spec.kind = kind
    if seed is not None:
        spec.seed = int(seed)
    if batch is not None:
        if not 1 <= int(batch) <= 4096:
            raise ValueError(worded("state.batch_range"))
        spec.batch = int(batch)
    if file is not None:
        if not Path(file).is_file():
            raise ValueError(worded("state.no_file", file=file))
        spec.file = file
    return describe()


@rpc.method("state.describe")
def describe() -> dict[str, Any]:
    model = current_model()
    return {
        "note": STATE.path,
        "device": STATE.device,
        "devices": available_devices(),
        "input": asdict(STATE.input),
        "model": None if model is None else {**asdict(model), "describe": model.describe()},
    }


@rpc.method("state.reset")
def reset() -> dict[str, Any]:
    """Forget every variable of the note's namespace (like a kernel restart, without the restart)."""
    STATE.reset_namespace()
    return describe()
