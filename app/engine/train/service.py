"""Train a note's model, end to end: choose model, task, data, loss and optimiser; fit; save; switch on.

Used by the ``train.*`` RPC methods in the note's kernel (``methods``) and by the CLI (``report``). The
model comes from ``app.engine.train.model`` (the note's class in ``namespace`` when it can be called, else
the traced module plus a head), the device from the caller (the panel's GPU toggle, the CLI's ``--device``).
The answer is the CLI's JSON: ``{"task", "model", "loss_fn", "optimizer", "steps", "seconds", "loss",
"test_accuracy", "weights"}`` plus ``stopped``, ``final_loss``, ``evaluations`` and ``device``.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from app.engine.config import DEFAULT_CONFIG, RecurrentConfig
from app.engine.notecode import extract_code, infer_config, training_setup
from app.engine.train import active, store
from app.engine.train.data import make_data
from app.engine.train.loop import Budget, fit
from app.engine.train.model import Target, choose_target, instantiations, quiet
from app.engine.train.objective import make_objective
from app.engine.train.task import Task, choose_task
from app.i18n import messages, text

messages(
    {
        "train.target-accuracy": (
            "목표 정확도는 0과 1 사이입니다 ({value}을(를) 받음)",
            "the target accuracy is between 0 and 1 (got {value})",
        ),
        "train.seconds": (
            "학습 시간은 0초보다 길어야 합니다 ({value})",
            "the time budget must be above 0 s ({value})",
        ),
    }
)


def cpu_threads() -> int:
    """Intra-op threads for training on the CPU: one per core that is not busy already.

    Measured on the shared 2-core machine at load 8: one LSTM(28, 256, 3 layers) step of 64 digits took 0.45 s
    with one thread and 1.4–11 s with two, because two threads wait on each other whenever either is
    descheduled. On an idle machine every core is used.
    """
    import os

    cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except OSError:
        busy = 0.0
    return max(1, min(torch.get_num_threads(), int(cores - busy + 0.5)))


def fallback_config(text_: str, live: Any = None) -> RecurrentConfig:
    """The traced module's config: the live recurrent module's, else the note's inferred one, else default.

    A cell (the user's ``self.cell = nn.LSTMCell(…)``, live or inferred) trains as the one-layer module that
    steps like it (``RecurrentConfig.as_sequence``): the head model needs a module that reads a sequence."""
    if live is not None:
        from torch import nn

        from app.engine.trace import cell_config, config_of

        return cell_config(live).as_sequence() if isinstance(live, nn.RNNCellBase) else config_of(live)
    try:
        return infer_config(text_).config.as_sequence()
    except (ValueError, SyntaxError):
        return DEFAULT_CONFIG


def has_class(text_: str) -> bool:
    """Whether the note's code defines a class (so "not run yet" is the reason we could not use it)."""
    import ast

    for piece in extract_code(text_):
        try:
            tree = ast.parse(piece.source)
        except SyntaxError:
            continue
        if any(isinstance(n, ast.ClassDef) for n in tree.body):
            return True
    return False


def plan(text_: str, live: Any = None) -> dict[str, Any]:
    """The task training would choose, read statically (nothing runs): the traced module's config and the
    note's ``nn.Linear`` that reads its output (``infer_config(...).linears``) give the outputs."""
    config = fallback_config(text_, live)
    try:
        linears = infer_config(text_).linears
    except (ValueError, SyntaxError):
        linears = ()
    width = config.num_directions * config.output_size
    outputs = next((lin.out_features for lin in linears if lin.in_features == width), None)
    task = choose_task(config.input_size, outputs)
    return {"task": task.name, "task_text": task.describe()}


def prepare(
    text_: str, namespace: dict[str, Any], device: torch.device, live: Any = None
) -> tuple[Target, Task]:
    """The model to train and its task (the note's class probed in ``namespace`` first)."""
    fallback = fallback_config(text_, live)
    target = choose_target(
        namespace, fallback, device, lambda cfg: choose_task(cfg.input_size, None).outputs, has_class(text_),
        instantiations(text_),
    )
    return target, choose_task(target.config.input_size, target.outputs)


def train_note(
    note_path: str | Path,
    text_: str,
    namespace: dict[str, Any],
    device: torch.device,
    *,
    seconds: float = 60.0,
    target_accuracy: float | None = None,
    max_steps: int | None = None,
    live: Any = None,
    on_progress: Callable[[dict[str, Any]], None] | None = None,
    batch: int | None = None,
) -> dict[str, Any]:
    """Train, save the state_dict in the cache, switch the panel to it; the CLI's JSON answer."""
    if target_accuracy is not None and not 0.0 < target_accuracy <= 1.0:
        raise ValueError(text("train.target-accuracy", value=target_accuracy))
    if seconds <= 0:
        raise ValueError(text("train.seconds", value=seconds))
    target, task = prepare(text_, namespace, device, live)
    data = make_data(task).to(device)
    objective = make_objective(target.module, task, training_setup(text_))
    if on_progress is not None:
        on_progress({"event": "train-start", "task": task.name, "task_text": task.describe(),
                     "model": target.description, "seconds": seconds})  # fmt: skip
    threads = torch.get_num_threads()
    if device.type == "cpu":
        torch.set_num_threads(cpu_threads())
    try:
        with quiet():
            history = fit(
                target,
                objective.loss_fn,
                objective.optimizer,
                data,
                Budget(seconds, target_accuracy, max_steps),
                classify=task.objective == "classify", on_progress=on_progress, modules=(target.module,),
                **({"batch": batch} if batch else {}),
            )  # fmt: skip
    finally:
        torch.set_num_threads(threads)
    state = {k: v.detach().cpu().clone() for k, v in target.module.state_dict().items()}
    meta = {
        "task": task.name,
        "task_text": task.describe(),
        "model": target.description,
        "model_origin": target.origin,
        "why_not_class": target.why_not_class,
        "loss_fn": objective.loss_text,
        "optimizer": objective.optimizer_text,
        "steps": history.steps,
        "seconds": round(history.seconds, 2),
        "final_loss": history.final_loss,
        "test_accuracy": history.test_accuracy,
        "test_loss": history.evaluations[-1]["test_loss"] if history.evaluations else None,
        "stopped": history.stopped,
        "device": str(device),
        "config": dataclasses.asdict(target.config),
        "recurrent": target.recurrent,
        "seed": 0,
        "saved": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "note": str(note_path),
    }
    path = store.save(store.weights_path(note_path, target.config, target.ident), state, meta)
    trained = active.WeightSet(state, {**meta, "path": str(path)}, "trained", target.recurrent, target.config)
    active.activate(note_path, trained)
    return {
        "task": task.name,
        "model": target.description,
        "loss_fn": objective.loss_text,
        "optimizer": objective.optimizer_text,
        "steps": history.steps,
        "seconds": round(history.seconds, 2),
        "loss": history.losses,
        "test_accuracy": history.test_accuracy,
        "weights": str(path),
        "stopped": history.stopped,
        "final_loss": history.final_loss,
        "evaluations": history.evaluations,
        "device": str(device),
        "task_text": task.describe(),
        "why_not_class": target.why_not_class,
    }


def load_weights(
    note_path: str | Path, text_: str, namespace: dict[str, Any], file: str | Path, live: Any = None
) -> dict[str, Any]:
    """Load a user's state_dict into the note's model and switch the panel to it.

    Refuses with a WeightsError naming missing/unexpected keys and differing shapes; then nothing changes
    (the active weights, the switch and the saved files stay as they were).
    """
    target, task = prepare(text_, namespace, torch.device("cpu"), live)
    given = store.read_state_dict(file)
    expected = target.module.state_dict()
    fitted = store.fit_state_dict(expected, given, target.recurrent, Path(file).name, target.description)
    target.module.load_state_dict(fitted)  # strict: fit_state_dict checked every key and shape
    state = {k: v.detach().cpu().clone() for k, v in target.module.state_dict().items()}
    meta = {"task": task.name, "model": target.description, "file": str(file), "steps": None,
            "test_accuracy": None, "seconds": None, "config": dataclasses.asdict(target.config),
            "recurrent": target.recurrent}  # fmt: skip
    active.activate(note_path, active.WeightSet(state, meta, "file", target.recurrent, target.config))
    return active.status(note_path, target.config)
