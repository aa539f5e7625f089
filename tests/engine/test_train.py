"""Training a note's model: real digits, the task from the shapes, the note's loss and optimiser, stopping,
weights per note in the cache, the panel's trained/untrained switch, and a user's .pt refused clearly.

Real torch, real scikit-learn data, real files in a private cache (``TENSORNOTE_CACHE_DIR`` from conftest, or
a per-test one). The seed's own model (LSTM(28, 256, 3 layers)) is trained by the CLI in the ``slow`` test;
the fast tests use small notes under ``tests/fixtures/train`` written for this purpose.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from app.engine import notestate
from app.engine.config import RecurrentConfig
from app.engine.inputs import digits, make_input
from app.engine.notecode import training_setup
from app.engine.serve import panel as panel_service
from app.engine.trace import build, trace
from app.engine.train import (
    Budget,
    WeightsError,
    choose_task,
    fit,
    head_target,
    load_weights,
    prepare,
    read_state_dict,
    recurrent_part,
    set_use,
    status,
    train_note,
)
from app.engine.train import active as active_weights
from app.engine.train.data import make_data
from app.engine.train.report import run_model_code
from tests.conftest import FIXTURES, NOTES, REPO

SEED = sorted(NOTES.glob("20*.md"))[0]
SEED_CONFIG = RecurrentConfig("lstm", 28, 256, num_layers=3, batch_first=True)
SMALL = FIXTURES / "train" / "small_digits.md"
SMALL_CONFIG = RecurrentConfig("lstm", 8, 64, batch_first=True)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private, empty cache for this test's weights (the real user cache is never touched)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("TENSORNOTE_CACHE_DIR", str(folder))
    return folder


def _run_note(path: Path) -> None:
    """What the user does before training in the panel: run the note's model code in the kernel state."""
    run_model_code(path, "cpu")


def _saturated(f: torch.Tensor) -> float:
    """The fraction of forget-gate values within 0.1 of 0 or 1."""
    return float(((f < 0.1) | (f > 0.9)).float().mean())


# --- real digits -----------------------------------------------------------------------------------


def test_digits_have_a_fixed_split_and_are_chosen_by_index_or_class() -> None:
    train_x, train_y = digits.images("train", 28)
    test_x, test_y = digits.images("test", 8)
    assert train_x.shape == (1437, 28, 28) and test_x.shape == (360, 8, 8)
    assert len(train_y) + len(test_y) == 1797 and set(np.unique(test_y)) == set(range(10))
    assert float(train_x.max()) == pytest.approx(1.0) and float(train_x.min()) >= 0.0
    # the same image at either size: the 8×8 original is the data itself (scaled to peak 1)
    from sklearn.datasets import load_digits

    raw = load_digits()
    first = digits.choose(8, 0)
    assert np.allclose(first.image * raw.images[first.source].max(), raw.images[first.source])
    assert first.label == int(raw.target[first.source])
    sevens = [digits.choose(28, k, 7) for k in range(3)]
    assert [d.label for d in sevens] == [7, 7, 7] and len({d.index for d in sevens}) == 3
    with pytest.raises(digits.DigitError, match="0–359"):
        digits.choose(28, 360)
    with pytest.raises(digits.DigitError):
        digits.choose(28, 0, 12)
    x = make_input("digit", SEED_CONFIG, batch=2, digit_index=4, digit_label=None)  # (N, L, F)
    assert x.shape == (2, 28, 28)
    mean, std = float(digits.images("train", 28)[0].mean()), float(digits.images("train", 28)[0].std())
    assert torch.allclose(x[1], (torch.from_numpy(digits.choose(28, 5).image) - mean) / std, atol=1e-6)
    assert abs(float(x.mean())) < 1.0  # standardised like the training data, not raw [0, 1] pixels


# --- task, loss and optimiser ------------------------------------------------------------------------


def test_the_task_follows_the_shapes() -> None:
    assert choose_task(28, 10).name == "digits" and choose_task(8, None).name == "digits"
    sine = choose_task(1, 1)
    assert (sine.name, sine.objective, sine.outputs) == ("sine", "regress", 1)
    other = choose_task(5, None)
    assert (other.name, other.objective, other.outputs) == ("sum", "classify", 4)
    assert choose_task(28, 3).name == "sum" and choose_task(28, 3).outputs == 3
    data = make_data(choose_task(5, 3))
    assert data.x_train.shape == (4096, 16, 5)
    counts = torch.bincount(data.y_train, minlength=3).float() / 4096
    assert torch.all((counts > 0.28) & (counts < 0.39))  # equally likely classes by construction


def test_the_notes_loss_and_optimizer_are_read_without_running() -> None:
    setup = training_setup(SMALL.read_text(encoding="utf-8"))
    assert setup.loss is not None and setup.loss.name == "CrossEntropyLoss" and setup.loss.line == 18
    assert setup.optimizer is not None and setup.optimizer.describe() == "Adam(lr=0.01)"
    seed = training_setup(SEED.read_text(encoding="utf-8"))
    assert seed.loss is None and seed.optimizer is None
    text = (
        "```python\nopt = torch.optim.SGD(net.parameters(), 0.1, momentum=0.9)\n"
        "loss = nn.MSELoss(**kw)\n```\n"
    )
    read = training_setup(text)
    assert read.optimizer is not None and read.optimizer.kwargs == {"lr": 0.1, "momentum": 0.9}
    assert read.loss is None  # **kw cannot be read without running


# --- training ----------------------------------------------------------------------------------------


def test_a_small_note_model_reaches_90_percent_with_its_own_loss_and_optimizer(cache: Path) -> None:
    _run_note(SMALL)
    result = train_note(SMALL, notestate.STATE.text, notestate.STATE.namespace, torch.device("cpu"),
                        seconds=30, target_accuracy=0.9)  # fmt: skip
    print("small model:", result["steps"], "steps", result["seconds"], "s", result["test_accuracy"])
    assert result["task"] == "digits" and "SmallDigitReader" in result["model"]
    assert "line 18" in result["loss_fn"] or "18행" in result["loss_fn"]
    assert "0.01" in result["optimizer"]
    assert result["test_accuracy"] >= 0.9 and result["stopped"] == "target"
    assert len(result["loss"]) == result["steps"] and result["loss"][-1] < result["loss"][0]
    saved = Path(result["weights"])
    assert saved.is_file() and saved.is_relative_to(cache)
    meta = json.loads(saved.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["steps"] == result["steps"] and meta["test_accuracy"] == result["test_accuracy"]
    state = torch.load(saved, weights_only=True)
    assert set(state) >= {"rnn.weight_ih_l0", "lin.weight"}


def test_a_regressor_learns_the_next_sine_value(cache: Path) -> None:
    path = FIXTURES / "train" / "sine_regressor.md"
    _run_note(path)
    result = train_note(path, notestate.STATE.text, notestate.STATE.namespace, torch.device("cpu"),
                        seconds=20, max_steps=150)  # fmt: skip
    assert result["task"] == "sine" and result["test_accuracy"] is None
    assert "MSELoss" in result["loss_fn"] and "Adam" in result["optimizer"]
    first, last = np.mean(result["loss"][:10]), np.mean(result["loss"][-10:])
    print("sine MSE first/last 10 steps:", first, last)
    assert last < first / 3


def test_a_bare_lstm_gets_a_head_and_the_synthetic_task(cache: Path) -> None:
    path = FIXTURES / "train" / "bare_lstm.md"
    _run_note(path)
    target, task = prepare(notestate.STATE.text, notestate.STATE.namespace, torch.device("cpu"))
    assert target.origin == "head" and task.name == "sum" and task.outputs == 4
    assert target.config == RecurrentConfig("lstm", 5, 12)
    result = train_note(path, notestate.STATE.text, notestate.STATE.namespace, torch.device("cpu"),
                        seconds=20, max_steps=60)  # fmt: skip
    assert result["steps"] == 60 and result["stopped"] == "steps" and 0.0 <= result["test_accuracy"] <= 1.0
    assert "Linear(12, 4)" in result["model"]


def test_an_interrupt_stops_cleanly_and_keeps_the_weights() -> None:
    """A real SIGINT (what the kernel's interrupt sends) in the middle of training: sent to this process once
    ten steps are done, so it always lands inside the loop (never in the set-up, whatever the load)."""
    task = choose_task(8, None)
    data = make_data(task)
    target = head_target(SMALL_CONFIG, task.outputs, torch.device("cpu"))
    before = {k: v.clone() for k, v in target.module.state_dict().items()}
    optimizer = torch.optim.Adam(target.module.parameters(), lr=1e-3)
    sent: list[int] = []

    def on_progress(event: dict) -> None:
        if event.get("step", 0) >= 10 and not sent:
            sent.append(event["step"])
            os.kill(os.getpid(), signal.SIGINT)

    history = fit(target, torch.nn.CrossEntropyLoss(), optimizer, data, Budget(seconds=60), classify=True,
                  on_progress=on_progress)  # fmt: skip
    assert sent and history.stopped == "interrupted" and sent[0] <= history.steps < sent[0] + 5
    assert history.test_accuracy is not None  # scored after the interrupt, for the kept weights
    after = target.module.state_dict()
    assert any(not torch.equal(before[k], after[k]) for k in before)


# --- weights: panel switch, loading, opening ----------------------------------------------------------


def test_the_panel_traces_trained_weights_when_switched_on_and_still_verifies(cache: Path) -> None:
    _run_note(SMALL)
    notestate.STATE.reset_namespace()  # the panel traces the inferred module; the switch gives it weights
    note = str(SMALL)
    active_weights.forget(note)
    untrained = panel_service.panel_open(note, {}, {"kind": "digit"}, "cpu")
    assert untrained["origin"]["weights"]["trained"] is False and untrained["verify"]["ok"]
    assert untrained["input"]["digit"]["label"] == 3 and len(untrained["input"]["digit"]["pixels"]) == 8
    _run_note(SMALL)
    train_note(SMALL, notestate.STATE.text, notestate.STATE.namespace, torch.device("cpu"), seconds=30,
               target_accuracy=0.9)  # fmt: skip
    notestate.STATE.reset_namespace()
    trained = panel_service.panel_open(note, {}, {"kind": "digit"}, "cpu")
    assert trained["origin"]["weights"]["trained"] is True and trained["verify"]["ok"]
    assert trained["origin"]["weights"]["test_accuracy"] >= 0.9
    maps = panel_service.panel_heatmaps(note_path=note)
    other = panel_service.panel_heatmaps(note_path=note, weights="untrained")
    assert maps["weights"]["trained"] and not other["weights"]["trained"]
    assert maps["maps"]["f"]["b64"] != other["maps"]["f"]["b64"]
    set_use(note, SMALL_CONFIG, False)
    again = panel_service.panel_open(note, {}, {"kind": "digit"}, "cpu")
    assert again["origin"]["weights"]["trained"] is False and again["key"] == untrained["key"]


def test_opening_a_note_never_loads_saved_weights(cache: Path) -> None:
    _run_note(SMALL)
    train_note(SMALL, notestate.STATE.text, notestate.STATE.namespace, torch.device("cpu"), seconds=20,
               max_steps=20)  # fmt: skip
    active_weights.forget(str(SMALL))  # a new session: the kernel knows nothing yet
    notestate.STATE.reset_namespace()
    opened = panel_service.panel_open(str(SMALL), {}, {"kind": "digit"}, "cpu")
    assert opened["origin"]["weights"]["trained"] is False
    found = status(str(SMALL), SMALL_CONFIG)
    assert found["use"] is False and found["saved"] is not None and found["saved"]["steps"] == 20
    switched = set_use(str(SMALL), SMALL_CONFIG, True)  # the user flips the switch: now it loads
    assert switched["use"] and switched["weights"]["source"] == "cache"


def test_a_mismatched_pt_is_refused_by_name_and_nothing_changes(cache: Path, tmp_path: Path) -> None:
    _run_note(SMALL)
    note = str(SMALL)
    train_note(SMALL, notestate.STATE.text, notestate.STATE.namespace, torch.device("cpu"), seconds=20,
               max_steps=10)  # fmt: skip
    before = status(note, SMALL_CONFIG)
    saved = sorted(p.read_bytes() for p in cache.rglob("*") if p.is_file())
    wrong = build(RecurrentConfig("lstm", 8, 32)).state_dict()  # other hidden size
    wrong["decoder.weight"] = torch.zeros(3, 3)
    bad = tmp_path / "someone_elses.pt"
    torch.save(wrong, bad)
    with pytest.raises(WeightsError) as caught:
        load_weights(note, notestate.STATE.text, notestate.STATE.namespace, bad)
    message = str(caught.value)
    print(message)
    assert "someone_elses.pt" in message and "decoder.weight" in message
    assert "rnn.weight_hh_l0 (128, 32) ≠ (256, 64)" in message  # the shapes that differ, by name
    assert status(note, SMALL_CONFIG) == before
    assert sorted(p.read_bytes() for p in cache.rglob("*") if p.is_file()) == saved
    (tmp_path / "junk.pt").write_bytes(b"not a pickle at all")
    with pytest.raises(WeightsError, match=r"junk\.pt"):
        load_weights(note, notestate.STATE.text, notestate.STATE.namespace, tmp_path / "junk.pt")
    # the recurrent module's own state_dict is accepted: the head keeps its current weights
    good = tmp_path / "lstm_only.pt"
    torch.save(build(SMALL_CONFIG, seed=7).state_dict(), good)
    loaded = load_weights(note, notestate.STATE.text, notestate.STATE.namespace, good)
    assert loaded["use"] and loaded["weights"]["source"] == "file"


# --- the seed's own model, for real ---------------------------------------------------------------


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=600)  # fmt: skip


def test_the_cli_prints_exactly_the_issues_object_and_trace_uses_the_weights(tmp_path: Path) -> None:
    env = {**os.environ, "TENSORNOTE_CACHE_DIR": str(tmp_path / "cache"), "TENSORNOTE_LANG": "en"}
    run = _cli("train", str(SMALL), "--seconds", "30", "--target-accuracy", "0.9", "--json", env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    order = ["task", "model", "loss_fn", "optimizer", "steps", "seconds", "loss", "test_accuracy", "weights"]
    assert list(result) == order
    assert result["test_accuracy"] >= 0.9 and Path(result["weights"]).is_relative_to(tmp_path / "cache")
    traced = _cli("trace", "--note", str(SMALL), "--weights", "trained", "--input", "digit", "--seq-len", "8",
                  env=env)  # fmt: skip
    assert traced.returncode == 0 and "weights: " in traced.stdout, traced.stderr[-1500:]
    bad = tmp_path / "bad.pt"
    torch.save({"fc.weight": torch.zeros(2, 2)}, bad)
    refused = _cli("trace", "--note", str(SMALL), "--weights", str(bad), env=env)
    assert refused.returncode == 2 and "bad.pt" in refused.stderr and "fc.weight" in refused.stderr
    missing = _cli("train", str(tmp_path / "nope.md"), "--json", env=env)
    assert missing.returncode == 2 and "nope.md" in missing.stderr


@pytest.mark.slow
def test_the_seed_trains_to_90_percent_in_a_minute_and_its_gates_change(tmp_path: Path) -> None:
    env = {**os.environ, "TENSORNOTE_CACHE_DIR": str(tmp_path / "cache"), "TENSORNOTE_LANG": "en"}
    run = _cli("train", str(SEED), "--seconds", "60", "--target-accuracy", "0.9", "--json", env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    print("seed:", {k: result[k] for k in ("steps", "seconds", "test_accuracy")})
    keys = {"task", "model", "loss_fn", "optimizer", "steps", "seconds", "loss", "test_accuracy", "weights"}
    assert set(result) == keys
    assert result["task"] == "digits" and "RecurrentNeuralNetworkClass" in result["model"]
    assert "assumed" in result["loss_fn"] and "assumed" in result["optimizer"]
    assert result["seconds"] <= 62 and result["test_accuracy"] >= 0.9
    traced = _cli("trace", "--note", str(SEED), "--weights", "trained", "--input", "digit", "--batch", "1",
                  "--seq-len", "28", env=env)  # fmt: skip
    assert traced.returncode == 0, traced.stdout[-1500:] + traced.stderr[-1500:]
    grads = _cli("grad", "--note", str(SEED), "--weights", "trained", "--input", "digit", "--batch", "1",
                 "--seq-len", "28", "--json", env=env)  # fmt: skip
    assert grads.returncode == 0, grads.stderr[-1500:]
    assert json.loads(grads.stdout.strip().splitlines()[-1])["verify"]["ok"]
    # the forget gate on a test digit: untrained vs trained
    state = recurrent_part(read_state_dict(result["weights"]), "rnn")
    x = make_input("digit", SEED_CONFIG, batch=1, digit_index=0, digit_label=3)
    fractions = {}
    for name, weights in (("untrained", None), ("trained", state)):
        module = build(SEED_CONFIG)
        if weights is not None:
            module.load_state_dict(weights)
        tr = trace(module.eval(), x)
        assert tr.verify().ok
        fractions[name] = _saturated(torch.cat([tr.get("f", k) for k in range(3)]))
    print("saturated forget-gate fraction (|f−0|<0.1 or |f−1|<0.1):", fractions)
    assert fractions["trained"] != fractions["untrained"]
