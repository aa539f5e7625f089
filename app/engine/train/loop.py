"""The training loop: minibatch steps until the time budget, the target accuracy, a step cap or an interrupt.

One step is exactly a plain PyTorch step (:func:`train_step`: zero_grad, forward, loss, backward, step), so
training costs what the user's own loop would (``benchmarks/bench_train.py`` compares the two side by side).
Around it, only cheap work: drawing a minibatch by index from tensors already on the device, keeping each
step's loss as a 0-d tensor (read back to Python only at evaluation time, so a GPU is not synchronised every
step), and every :data:`EVAL_EVERY` steps one no-grad pass over the test split.

Stopping: ``seconds`` (wall clock, default 60 s), ``target_accuracy`` (on the test split, checked at each
evaluation), ``max_steps``, or ``KeyboardInterrupt`` (the kernel's interrupt button, Ctrl+C in the CLI): the
loop stops after the step in flight and the model keeps every weight learned so far. A final evaluation
always runs, so the reported accuracy belongs to the weights that are kept.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from app.engine.train.data import TaskData

BATCH = 64
EVAL_EVERY = 20
EVAL_CHUNK = 512  # test images per no-grad forward


@dataclass
class Budget:
    """When to stop: wall-clock seconds, a test accuracy in [0, 1], or a number of steps (None: no limit)."""

    seconds: float = 60.0
    target_accuracy: float | None = None
    max_steps: int | None = None


@dataclass
class History:
    """What happened: per-step loss, test accuracy at each evaluation, time and why it stopped."""

    losses: list[float] = field(default_factory=list)
    evaluations: list[dict[str, float]] = field(default_factory=list)  # {"step", "accuracy"|"test_loss"}
    seconds: float = 0.0
    stopped: str = ""  # "time" | "target" | "steps" | "interrupted"

    @property
    def steps(self) -> int:
        return len(self.losses)

    @property
    def test_accuracy(self) -> float | None:
        last = self.evaluations[-1] if self.evaluations else {}
        return last.get("accuracy")

    @property
    def final_loss(self) -> float | None:
        return self.losses[-1] if self.losses else None


def train_step(
    model: Callable[[torch.Tensor], torch.Tensor],
    loss_fn: nn.Module,
    optimizer: torch.optim.Optimizer,
    x: torch.Tensor,
    y: torch.Tensor,
) -> torch.Tensor:
    """One optimiser step on a minibatch; returns the loss as a detached 0-d tensor (no device sync)."""
    optimizer.zero_grad(set_to_none=True)
    loss = loss_fn(model(x), y)  # (N, K) vs (N,) or (N, 1) vs (N, 1)
    loss.backward()
    optimizer.step()
    return loss.detach()


def evaluate(
    model: Callable[[torch.Tensor], torch.Tensor], loss_fn: nn.Module, data: TaskData, classify: bool
) -> dict[str, float]:
    """Accuracy (classifier) and mean loss on the whole test split, without gradients."""
    correct, total, loss_sum = 0, 0, 0.0
    with torch.no_grad():
        for start in range(0, data.x_test.shape[0], EVAL_CHUNK):
            x = data.x_test[start : start + EVAL_CHUNK]  # (n, L, F)
            y = data.y_test[start : start + EVAL_CHUNK]
            out = model(x)  # (n, K)
            loss_sum += float(loss_fn(out, y)) * x.shape[0]
            if classify:
                correct += int((out.argmax(dim=1) == y).sum())
            total += x.shape[0]
    result = {"test_loss": loss_sum / max(total, 1)}
    if classify:
        result["accuracy"] = correct / max(total, 1)
    return result


def fit(
    model: Callable[[torch.Tensor], torch.Tensor],
    loss_fn: nn.Module,
    optimizer: torch.optim.Optimizer,
    data: TaskData,
    budget: Budget,
    *,
    classify: bool,
    batch: int = BATCH,
    seed: int = 0,
    on_progress: Callable[[dict[str, Any]], None] | None = None,
    modules: tuple[nn.Module, ...] = (),
    eval_every: int | None = EVAL_EVERY,
) -> History:
    """Train until the budget says stop (see the module docstring); ``modules`` are put in train mode.

    ``eval_every=None`` skips every evaluation (the benchmark's step-for-step comparison with a plain loop).
    """
    history = History()
    generator = torch.Generator().manual_seed(seed)
    count = data.x_train.shape[0]
    device = data.x_train.device
    pending: list[torch.Tensor] = []  # 0-d losses not yet read back
    started = time.perf_counter()

    def flush() -> None:
        if pending:
            history.losses.extend(torch.stack(pending).tolist())
            pending.clear()

    def check(step: int) -> bool:
        """Evaluate, report, and say whether the target is reached."""
        flush()
        for m in modules:
            m.eval()
        result = {"step": float(step), **evaluate(model, loss_fn, data, classify)}
        for m in modules:
            m.train()
        history.evaluations.append(result)
        report(step, result)
        accuracy = result.get("accuracy")
        return (
            budget.target_accuracy is not None and accuracy is not None and accuracy >= budget.target_accuracy
        )

    def report(step: int, result: dict[str, float] | None = None) -> None:
        if on_progress is None:
            return
        elapsed = time.perf_counter() - started
        loss = history.losses[-1] if history.losses else None
        fraction = elapsed / budget.seconds if budget.seconds > 0 else 0.0
        if budget.max_steps:
            fraction = max(fraction, step / budget.max_steps)
        event: dict[str, Any] = {"event": "train", "step": step, "loss": loss, "seconds": round(elapsed, 2),
                                 "fraction": min(fraction, 1.0)}  # fmt: skip
        if result is not None:
            event["test_accuracy"] = result.get("accuracy")
            event["test_loss"] = result["test_loss"]
        on_progress(event)

    for m in modules:
        m.train()
    step = 0
    try:
        while True:
            if time.perf_counter() - started >= budget.seconds:
                history.stopped = "time"
                break
            if budget.max_steps is not None and step >= budget.max_steps:
                history.stopped = "steps"
                break
            index = torch.randint(count, (batch,), generator=generator).to(device)  # (B,)
            pending.append(train_step(model, loss_fn, optimizer, data.x_train[index], data.y_train[index]))
            step += 1
            if eval_every and step % eval_every == 0:
                if check(step):
                    history.stopped = "target"
                    break
                last = history.losses[-1]
                if not math.isfinite(last):
                    history.stopped = "diverged"
                    break
            elif step % 5 == 0:
                flush()
                report(step)
    except KeyboardInterrupt:
        history.stopped = "interrupted"
    flush()
    if eval_every and (not history.evaluations or history.evaluations[-1]["step"] != step):
        with contextlib.suppress(KeyboardInterrupt):  # a second interrupt: keep the weights, skip the score
            check(step)
    for m in modules:
        m.eval()
    history.seconds = time.perf_counter() - started
    return history
