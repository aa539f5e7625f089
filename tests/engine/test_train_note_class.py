"""Training uses the note's own class built with the note's own instantiation arguments, and its own head.

The fault this guards: a class whose constructor needs arguments (``Net(input_size, 64, num_layers=2)``) was
given up on ("arguments have no defaults"), and the traced GRU got an added ``Linear(64, 4)`` head and a
4-class task, though the note's class has its own ``nn.Linear(hidden_size, n_class)``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from app.engine import notestate
from app.engine.config import RecurrentConfig
from app.engine.train import prepare, train_note
from app.engine.train.report import run_model_code
from tests.conftest import FIXTURES

ARGS = FIXTURES / "train" / "class_with_arguments.md"
DIGITS = FIXTURES / "train" / "class_ten_digits.md"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TENSORNOTE_CACHE_DIR", str(folder))
    yield folder
    notestate.set_note(None, "")
    notestate.reset()


def test_the_class_is_built_with_the_notes_arguments_and_trained_with_its_head(cache: Path) -> None:
    run_model_code(ARGS, "cpu")
    target, task = prepare(notestate.STATE.text, notestate.STATE.namespace, torch.device("cpu"))
    assert target.origin == "note-class" and target.outputs == 3
    assert target.config == RecurrentConfig("gru", 6, 24, num_layers=2, batch_first=True)
    assert type(target.module).__name__ == "Classifier"
    assert task.name == "sum" and task.outputs == 3  # the class's own 3 outputs, not an added 4-class head
    result = train_note(ARGS, notestate.STATE.text, notestate.STATE.namespace, torch.device("cpu"),
                        seconds=20, max_steps=30)  # fmt: skip
    assert "Classifier(n_feat, 24, depth=2, n_out=3)" in result["model"] and "added" not in result["model"]
    assert result["steps"] == 30 and 0.0 <= result["test_accuracy"] <= 1.0
    assert result["why_not_class"] is None


def test_ten_classes_on_eight_rows_read_digits(cache: Path) -> None:
    run_model_code(DIGITS, "cpu")
    target, task = prepare(notestate.STATE.text, notestate.STATE.namespace, torch.device("cpu"))
    assert target.origin == "note-class" and target.outputs == 10 and task.name == "digits"
    assert target.config == RecurrentConfig("rnn", 8, 16, batch_first=True)
    # built right after the panel's weight seed: two builds give the same untrained weights
    again, _ = prepare(notestate.STATE.text, notestate.STATE.namespace, torch.device("cpu"))
    first, second = target.module.state_dict(), again.module.state_dict()
    assert all(torch.equal(first[k], second[k]) for k in first)


def test_pressing_train_runs_the_defining_blocks_the_user_has_not_run(cache: Path) -> None:
    from app.engine.train.methods import train_start

    notestate.set_note(str(ARGS))
    notestate.STATE.reset_namespace()
    assert "Classifier" not in notestate.STATE.namespace  # nothing of the note has run
    result = train_start(str(ARGS), seconds=20, device="cpu", max_steps=5)
    assert "Classifier(n_feat, 24, depth=2, n_out=3)" in result["model"] and result["task"] == "sum"
    assert result["steps"] == 5
