"""Training benchmark: our training loop against a plain PyTorch loop, and the seed's time to 90 %.

``train_step_vs_plain``: the seed's model (LSTM(28, 256, 3 layers, batch_first) + Linear(256, 10), the note's
class as ``python -m app train`` builds it), 64 real digits a step, Adam(lr=0.002), cross-entropy. Ours is
``app.engine.train.fit`` (minibatch drawing, loss kept as tensors, progress every 5 steps) with evaluation
off; plain is the loop a user writes (randint, index, zero_grad, forward, loss, backward, step, ``.item()``).
Rounds of :data:`STEPS` steps alternate between the two; the ratio is of the median per-step times
(target ≤ 1.1). Both run with the same intra-op thread count (``app.engine.train.service.cpu_threads``).
``train_seed_seconds_to_90``: ``python -m app train notes/2023-11-22.md --target-accuracy 0.9`` in-process
(the note's code run, then trained) with a 180 s cap; also ``train_seed_steps_to_90`` and the load average
(the dev machine is shared: compare figures taken at low load).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from app.engine import notestate  # noqa: E402
from app.engine.train import Budget, fit, train_note  # noqa: E402
from app.engine.train.data import make_data  # noqa: E402
from app.engine.train.report import run_model_code  # noqa: E402
from app.engine.train.service import cpu_threads, prepare  # noqa: E402

SEED = sorted((HERE.parent / "notes").glob("20*.md"))[0]
STEPS = 6
ROUNDS = 4


def _ratio() -> dict[str, float]:
    run_model_code(SEED, "cpu")
    target, task = prepare(notestate.STATE.text, notestate.STATE.namespace, torch.device("cpu"))
    data = make_data(task)
    model = target.module
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(1)

    def ours() -> float:
        start = time.perf_counter()
        fit(target, loss_fn, optimizer, data, Budget(seconds=1e9, max_steps=STEPS), classify=True,
            eval_every=None, on_progress=lambda event: None, modules=(model,))  # fmt: skip
        return (time.perf_counter() - start) / STEPS

    def plain() -> float:
        start = time.perf_counter()
        for _ in range(STEPS):
            index = torch.randint(data.x_train.shape[0], (64,), generator=generator)
            x, y = data.x_train[index], data.y_train[index]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            loss.item()
        return (time.perf_counter() - start) / STEPS

    with notestate_quiet():
        ours(), plain()  # warm-up
        times: dict[str, list[float]] = {"ours": [], "plain": []}
        for _ in range(ROUNDS):
            times["ours"].append(ours())
            times["plain"].append(plain())
    median = {k: statistics.median(v) for k, v in times.items()}
    return {
        "train_step_vs_plain": round(median["ours"] / median["plain"], 3),
        "train_step_ms": round(median["ours"] * 1e3, 1),
        "train_plain_step_ms": round(median["plain"] * 1e3, 1),
    }


def notestate_quiet():  # type: ignore[no-untyped-def]
    """The seed's forward prints twice a call; training silences it, so the plain loop does too."""
    from app.engine.train.model import quiet

    return quiet()


def run() -> dict[str, float]:
    if "TENSORNOTE_CACHE_DIR" not in os.environ:  # never write into the user's own cache
        import tempfile

        os.environ["TENSORNOTE_CACHE_DIR"] = tempfile.mkdtemp(prefix="tensornote-bench-train-")
    threads = torch.get_num_threads()
    torch.set_num_threads(cpu_threads())
    try:
        load = os.getloadavg()[0]
        result = _ratio()
        run_model_code(SEED, "cpu")
        trained = train_note(SEED, notestate.STATE.text, notestate.STATE.namespace, torch.device("cpu"),
                             seconds=180, target_accuracy=0.9)  # fmt: skip
    finally:
        torch.set_num_threads(threads)
    result.update({
        "train_seed_seconds_to_90": trained["seconds"] if trained["stopped"] == "target" else None,
        "train_seed_steps_to_90": trained["steps"],
        "train_seed_test_accuracy": trained["test_accuracy"],
        "train_threads": cpu_threads(),
        "load_average": round(load, 2),
    })  # fmt: skip
    return result
