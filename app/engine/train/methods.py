"""The ``train.*`` methods the panel calls in the note's kernel (registered with ``app.engine.rpc``).

- ``train.start(note_path, seconds=60, target_accuracy=None, device=None)``: train the note's model on the
  device the panel's GPU toggle chose (else the kernel's), streaming ``{"event": "train", "step", "loss",
  "test_accuracy", "seconds", "fraction"}`` events; the kernel's interrupt stops it and keeps the weights.
- ``train.status(note_path)``: the switch, the active weights' description and any saved ones.
- ``train.use(note_path, use)``: switch between untrained (random init, seed 0) and trained.
- ``train.load(note_path, path)``: load a user's state_dict (``torch.load(weights_only=True)``).

Which model: the note's class from the kernel's namespace (pressing Train runs its defining blocks when the
user has not run them yet), built with the note's own instantiation arguments, else the traced module
(the live one after a run, else the inferred one) plus a head. Errors carry coded messages (``app.i18n``).
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

from app.engine import notestate, rpc
from app.engine.devices import resolve_device
from app.engine.train import active, service
from app.engine.train.model import note_classes


def _text(note_path: str) -> str:
    if notestate.STATE.path != note_path or not notestate.STATE.text:
        notestate.set_note(note_path)
    return notestate.STATE.text


def _live() -> Any:
    module = notestate.STATE.module
    return module if module is not None and notestate.STATE.model is not None else None


@rpc.method("train.start")
def train_start(
    note_path: str, seconds: float = 60.0, target_accuracy: float | None = None, device: str | None = None,
    max_steps: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    text = _text(note_path)
    chosen = resolve_device(device or notestate.STATE.device)
    namespace = notestate.STATE.namespace
    if service.has_class(text) and not note_classes(namespace):  # pressing Train asks to run them
        from app.engine.train.report import run_defining_blocks

        with contextlib.redirect_stdout(io.StringIO()):
            run_defining_blocks()
    before = namespace.get("device")
    namespace["device"] = chosen  # the note's forward builds h0 on its `device` global: the toggle's choice
    try:
        return service.train_note(
            note_path, text, namespace, chosen, seconds=float(seconds),
            target_accuracy=None if target_accuracy is None else float(target_accuracy),
            max_steps=None if max_steps is None else int(max_steps), live=_live(), on_progress=rpc.emit,
        )  # fmt: skip
    finally:
        namespace["device"] = before if before is not None else notestate.STATE.torch_device()


@rpc.method("train.status")
def train_status(note_path: str) -> dict[str, Any]:
    text = _text(note_path)
    found = active.status(note_path, service.fallback_config(text, _live()))
    return {**found, "plan": service.plan(text, _live())}  # the task training would choose (nothing runs)


@rpc.method("train.use")
def train_use(note_path: str, use: bool) -> dict[str, Any]:
    text = _text(note_path)
    return active.set_use(note_path, service.fallback_config(text, _live()), bool(use))


@rpc.method("train.load")
def train_load(note_path: str, path: str) -> dict[str, Any]:
    text = _text(note_path)
    return service.load_weights(note_path, text, notestate.STATE.namespace, path, _live())
