"""The loss and the optimiser: the note's own when its code makes them, else a stated assumption.

The note's calls are read statically (``app.engine.notecode.training_setup``) and rebuilt here with their
literal arguments, e.g. ``nn.CrossEntropyLoss()`` and ``optim.Adam(model.parameters(), lr=0.001)``. A note's
loss that does not fit the task (``MSELoss`` on the digits' class labels) is not used, and the description
says so. The assumptions: ``CrossEntropyLoss()`` for a classifier, ``MSELoss()`` for a regressor, and
``Adam(lr=0.002)``: on the seed's LSTM(28, 256, 3 layers) it reaches 90 % on the digits in about 100 steps of
64 images (``benchmarks/bench_train.py`` measures it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from app.engine.notecode import CallSpec, TrainingSetup
from app.engine.train.task import Task
from app.i18n import messages, text

DEFAULT_LR = 2e-3
CLASSIFY_LOSSES = ("CrossEntropyLoss", "NLLLoss")
REGRESS_LOSSES = ("MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss")

messages(
    {
        "train.objective.note": ("{call} (노트 {line}행)", "{call} (the note's, line {line})"),
        "train.objective.assumed": ("{call} (가정)", "{call} (assumed)"),
        "train.objective.unfit": (
            "{call} (가정; 노트의 {note}는 이 과제에 맞지 않음)",
            "{call} (assumed; the note's {note} does not fit this task)",
        ),
        "train.objective.bad": (
            "{call} (가정; 노트의 {note}를 만들 수 없음: {error})",
            "{call} (assumed; the note's {note} could not be built: {error})",
        ),
    }
)


@dataclass
class Objective:
    """A loss function and an optimiser over a model's parameters, each with a one-line description."""

    loss_fn: nn.Module
    optimizer: torch.optim.Optimizer
    loss_text: str
    optimizer_text: str


def _loss(task: Task, spec: CallSpec | None) -> tuple[nn.Module, str]:
    fits = CLASSIFY_LOSSES if task.objective == "classify" else REGRESS_LOSSES
    assumed = "CrossEntropyLoss" if task.objective == "classify" else "MSELoss"
    if spec is not None and spec.name in fits:
        try:
            made: nn.Module = getattr(nn, spec.name)(**spec.kwargs)
        except (TypeError, ValueError) as exc:
            return getattr(nn, assumed)(), text(
                "train.objective.bad", call=f"{assumed}()", note=spec.describe(), error=exc
            )
        return made, text("train.objective.note", call=spec.describe(), line=spec.line)
    if spec is not None:
        return getattr(nn, assumed)(), text(
            "train.objective.unfit", call=f"{assumed}()", note=spec.describe()
        )
    return getattr(nn, assumed)(), text("train.objective.assumed", call=f"{assumed}()")


def _optimizer(params: Any, spec: CallSpec | None) -> tuple[torch.optim.Optimizer, str]:
    assumed = f"Adam(lr={DEFAULT_LR})"
    if spec is not None:
        try:
            made = getattr(torch.optim, spec.name)(params, **spec.kwargs)
        except (TypeError, ValueError) as exc:
            return torch.optim.Adam(params, lr=DEFAULT_LR), text(
                "train.objective.bad", call=assumed, note=spec.describe(), error=exc
            )
        return made, text("train.objective.note", call=spec.describe(), line=spec.line)
    return torch.optim.Adam(params, lr=DEFAULT_LR), text("train.objective.assumed", call=assumed)


def make_objective(model: nn.Module, task: Task, setup: TrainingSetup) -> Objective:
    """The loss and optimiser for ``model`` on ``task``: the note's (``setup``) when they fit, else assumed
    ones."""
    loss_fn, loss_text = _loss(task, setup.loss)
    params = list(model.parameters())
    optimizer, optimizer_text = _optimizer(params, setup.optimizer)
    return Objective(loss_fn, optimizer, loss_text, optimizer_text)
