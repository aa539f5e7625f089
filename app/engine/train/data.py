"""The tensors of a training task: train and test splits, batch first, on the training device.

Shapes: ``x_*`` is ``(N, L, F)`` float32 (batch first; ``app.engine.train.model`` lays it out for the
module), ``y_*`` is ``(N,)`` int64 class labels or ``(N, 1)`` float32 regression targets.

- digits: ``app.engine.inputs.digits`` with its fixed split (1,437 train, 360 test images), scaled to the
  input size and standardised exactly as the panel's digit sample is, each row one step.
- sine: feature j of sample n is ``sin(2π t / P_j + φ_n)`` with periods P_j spread over 6–30 steps
  (feature 0: a random period in that range per sample); the target is feature 0 at step L.
- sum: ``x ~ N(0, 1)``; the class is the bucket of Σ_t x_t[0] between the normal quantiles that split
  N(0, L) into K equally likely ranges.

Seeded (:data:`DATA_SEED`), so every run and every process sees the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from app.engine.inputs import digits
from app.engine.train.task import Task

DATA_SEED = 0
SYNTHETIC_TRAIN = 4096
SYNTHETIC_TEST = 1024


@dataclass
class TaskData:
    """Train and test tensors for one task (see the module docstring for shapes)."""

    x_train: torch.Tensor  # (N, L, F)
    y_train: torch.Tensor  # (N,) int64 or (N, 1) float32
    x_test: torch.Tensor
    y_test: torch.Tensor

    def to(self, device: torch.device | str) -> TaskData:
        return TaskData(*(t.to(device) for t in (self.x_train, self.y_train, self.x_test, self.y_test)))


def _digits(task: Task) -> TaskData:
    parts = []
    for split in ("train", "test"):
        pixels, labels = digits.images(split, task.input_size)  # (N, F, F), (N,)
        parts += [torch.from_numpy(digits.standardise(pixels, task.input_size)), torch.tensor(labels)]
    return TaskData(*parts)


def _sine(task: Task, count: int, rng: np.random.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    steps = np.arange(task.seq_len + 1)[None, :, None]  # (1, L+1, 1)
    periods = np.broadcast_to(np.linspace(6.0, 30.0, task.input_size), (count, task.input_size)).copy()
    periods[:, 0] = rng.uniform(6.0, 30.0, size=count)  # feature 0 varies per sample: the one predicted
    phases = rng.uniform(0.0, 2.0 * math.pi, size=(count, 1, 1))  # (N, 1, 1)
    waves = np.sin(2.0 * math.pi * steps / periods[:, None, :] + phases).astype(np.float32)  # (N, L+1, F)
    return torch.from_numpy(waves[:, :-1].copy()), torch.from_numpy(
        waves[:, -1, :1].copy()
    )  # (N, L, F), (N, 1)


def _sum(task: Task, count: int, rng: np.random.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    x = rng.standard_normal((count, task.seq_len, task.input_size)).astype(np.float32)  # (N, L, F)
    total = x[:, :, 0].sum(axis=1) / math.sqrt(task.seq_len)  # (N,) ~ N(0, 1)
    # the K-quantiles of N(0, 1): each class equally likely
    edges = [math.sqrt(2.0) * _erfinv(2.0 * k / task.outputs - 1.0) for k in range(1, task.outputs)]
    labels = np.searchsorted(np.array(edges), total).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(labels)


def _erfinv(y: float) -> float:
    """Inverse error function by Newton's method on math.erf (enough digits for bucket edges)."""
    x = 0.0
    for _ in range(60):
        x -= (math.erf(x) - y) / (2.0 / math.sqrt(math.pi) * math.exp(-x * x))
    return x


def make_data(task: Task) -> TaskData:
    """The task's train and test tensors on the CPU (``TaskData.to`` moves them)."""
    if task.name == "digits":
        return _digits(task)
    rng = np.random.default_rng(DATA_SEED)
    make = _sine if task.name == "sine" else _sum
    x_train, y_train = make(task, SYNTHETIC_TRAIN, rng)
    x_test, y_test = make(task, SYNTHETIC_TEST, rng)
    return TaskData(x_train, y_train, x_test, y_test)
