"""``grad --note`` scores the note's own head (and its own loss) even when the sample has no label.

The fault this guards: a note whose class ends in ``self.fc = nn.Linear(hidden_size, n_class)`` on a model
that does not read digits (input 30 or 12 wide: the sample is noise, without a label) was traced with
L = ½‖output_{T−1}‖², as if the note had no head. Now the head is scored against class 0, stated as
assumed, with the note's own loss when its code makes one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from app.engine.grad import choose_loss, grad_trace, head_for, verify_grads

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "gradients"


def _grad(note: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", "grad", "--note", str(note), "--lang", "en", *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)  # fmt: skip


def test_a_head_without_a_loss_is_scored_by_cross_entropy_on_an_assumed_label() -> None:
    proc = _grad(FIXTURES / "own_head_no_loss.md", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert data["model"] == "GRU(30, 16, num_layers=2)" and data["loss"] == "cross_entropy"
    assert data["verify"]["ok"] is True
    text = _grad(FIXTURES / "own_head_no_loss.md").stdout
    assert "cross-entropy of the head (assumed: label 0, this input has none)" in text


def test_the_notes_own_loss_scores_its_head() -> None:
    proc = _grad(FIXTURES / "own_head_and_loss.md")
    assert proc.returncode == 0, proc.stderr
    assert "the note's own loss nn.NLLLoss() (line 20), target: label 0 (assumed" in proc.stdout
    data = json.loads(_grad(FIXTURES / "own_head_and_loss.md", "--json").stdout.strip().splitlines()[-1])
    assert data["loss"] == "nll" and data["verify"]["ok"] is True


def test_the_assumed_label_loss_is_pytorchs_cross_entropy() -> None:
    torch.manual_seed(0)
    module, x = nn.GRU(7, 6, num_layers=2), torch.randn(9, 3, 7)  # (L, N, H_in), noise: no label
    head = head_for(6, 5)
    loss = choose_loss(has_head=True, classes=5)
    assert (loss.name, loss.label, loss.label_assumed, loss.assumed) == ("cross_entropy", 0, True, True)
    result = grad_trace(module, x, loss=loss, head=head)
    assert verify_grads(result).ok
    out, _ = module(x)
    expected = F.cross_entropy(head(out[-1]), torch.zeros(3, dtype=torch.long))
    assert result.loss_value == pytest.approx(expected.item(), rel=1e-6)
    # the digit's own label still wins, and without a head nothing is assumed
    assert choose_loss(has_head=True, classes=10, label=3).label_assumed is False
    assert choose_loss(has_head=False, classes=None).name == "half_sq_last"
