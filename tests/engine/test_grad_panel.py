"""The gradient panel's kernel side (grad.open, grad.jacobians, grad.terms), in-process and through rpc."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine import rpc
from app.engine.serve import gradients

ROOT = Path(__file__).resolve().parents[2]
SEED = str(ROOT / "notes" / "2023-11-22.md")
BPTT = str(ROOT / "notes" / "BPTT와 기울기.md")


@pytest.fixture(scope="module")
def seed_small() -> dict:
    # the seed's model with a smaller hidden size keeps the test quick; its head and digit stay
    return gradients.grad_open(SEED, {"hidden_size": 16, "num_layers": 2})


def test_the_seed_uses_its_head_and_the_digits_class(seed_small: dict) -> None:
    loss = seed_small["loss"]
    assert seed_small["head"] is True
    assert loss["name"] == "cross_entropy" and loss["assumed"] is True
    assert "3" in loss["text"]["en"] and "교차 엔트로피" in loss["text"]["ko"]
    assert seed_small["verify"]["ok"] is True
    assert seed_small["dims"] == {"L": 28, "layers": 2, "directions": 1}
    assert [(e["layer"], len(e["grad_h"]), len(e["grad_c"])) for e in seed_small["layers"]] == [
        (0, 28, 28),
        (1, 28, 28),
    ]
    assert set(seed_small["overlay"]) == {"rnn", "gru", "lstm"}
    assert all(len(v) == 28 for v in seed_small["overlay"].values())
    assert seed_small["grad_out_norm"] is not None and seed_small["grad_out_norm"] > 0


def test_terms_and_jacobians_of_the_open_trace(seed_small: dict) -> None:
    terms = gradients.grad_terms(SEED, "W_hf_l1")
    assert terms["source"] == "weight_hh_l1[16:32]"
    assert abs(sum(terms["along"]) - terms["total_norm"]) < 1e-4 * max(1.0, terms["total_norm"])
    assert terms["sum_error"] < 1e-6
    jac = gradients.grad_jacobians(SEED, 1, 0)
    assert jac["norm"] == "spectral" and jac["hT_ht"][-1] == pytest.approx(1.0)
    assert set(jac["c_paths"]) == {"f_diag", "via_f", "via_i", "via_g", "total"}
    with pytest.raises(ValueError):
        gradients.grad_terms(SEED, "W_nope")


def test_truncation_and_a_note_without_a_head() -> None:
    cut = gradients.grad_open(SEED, {"hidden_size": 16, "num_layers": 2}, truncate=4)
    assert cut["truncate"] == 4 and cut["verify"]["ok"] is True
    assert cut["layers"][1]["grad_h"][0] == 0.0  # the cut before t = 24 stops the gradient
    plain = gradients.grad_open(BPTT)
    assert plain["head"] is False and plain["loss"]["name"] == "half_sq_last"


def test_grad_methods_are_registered_through_rpc(seed_small: dict) -> None:
    envelope = rpc.handle({"method": "grad.terms", "params": {"note_path": SEED, "weight": "weight_ih_l0"}})
    assert envelope["ok"] is True and len(envelope["result"]["norms"]) == 28


def test_a_live_model_is_traced_through_its_own_forward_and_loss(tmp_path: Path) -> None:
    """After a run, the user's object (its head, the note's nn.CrossEntropyLoss) is what is differentiated."""
    import torch
    from torch import nn

    from app.engine import notestate

    note = tmp_path / "live.md"
    note.write_text("```python\ncriterion = nn.CrossEntropyLoss()\n```\n", encoding="utf-8")

    class Classifier(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.rnn = nn.GRU(28, 12, batch_first=True)
            self.head = nn.Linear(12, 10)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            out, _ = self.rnn(x)
            return self.head(out[:, -1])

    torch.manual_seed(2)
    model = Classifier().eval()
    state = notestate.STATE
    saved = (state.path, state.model, state.module, dict(state.namespace))
    try:
        state.path, state.module = str(note), model.rnn
        state.model = notestate.ModelRecord("model.rnn", repr(model.rnn), "user", "gru")
        state.namespace["model"] = model
        info = gradients.grad_open(str(note), input_spec={"kind": "digit"})
    finally:
        state.path, state.model, state.module = saved[:3]
        state.namespace.clear()
        state.namespace.update(saved[3])
    assert info["origin"]["kind"] == "live" and info["kind"] == "gru"
    assert info["loss"]["name"] == "cross_entropy" and info["loss"]["origin"] == "note"
    assert info["verify"]["ok"] is True
    trace = gradients._CURRENT[str(note)]
    assert trace.model is model and set(trace.extra_grads) == {"head.weight", "head.bias"}
