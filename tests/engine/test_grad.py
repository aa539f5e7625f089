"""Gradients through time against PyTorch's own autograd, finite differences and the BPTT sum."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from torch import nn

from app.engine.grad import (
    bptt_terms,
    choose_loss,
    grad_trace,
    grad_trace_model,
    head_for,
    jacobians,
    last_output,
    loss_value,
    verify_grads,
)
from app.engine.grad.recurrence import run_layer
from app.engine.trace import TraceError

ROOT = Path(__file__).resolve().parents[2]
HALF_SQ = choose_loss()


def _case(kind: str, dtype: torch.dtype, seed: int = 0) -> tuple[nn.Module, torch.Tensor]:
    torch.manual_seed(seed)
    module: nn.Module
    if kind == "lstm":
        module = nn.LSTM(3, 5)
    elif kind == "lstm_bi2":
        module = nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True)
    elif kind == "lstm_proj":
        module = nn.LSTM(3, 6, proj_size=2, num_layers=2)
    elif kind == "gru":
        module = nn.GRU(3, 4, num_layers=2)
    elif kind == "rnn_relu":
        module = nn.RNN(3, 4, nonlinearity="relu", num_layers=2)
    else:
        raise AssertionError(kind)
    module = module.to(dtype).eval()
    shape = (2, 7, 3) if getattr(module, "batch_first", False) else (7, 2, 3)
    return module, torch.randn(*shape, dtype=dtype)


KINDS = ["lstm", "lstm_bi2", "lstm_proj", "gru", "rnn_relu"]


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("kind", KINDS)
def test_gradients_equal_autograd_through_the_module(kind: str, dtype: torch.dtype) -> None:
    module, x = _case(kind, dtype)
    result = grad_trace(module, x, loss=HALF_SQ)
    check = verify_grads(result)
    tol = 1e-10 if dtype == torch.float64 else 1e-5
    assert check.ok and check.tol == tol, check
    # and independently of verify(): the module's own autograd here
    out, _ = module(x)
    value = 0.5 * last_output(out, batch_first=module.batch_first, unbatched=False).pow(2).sum()
    names = [n for n, _ in module.named_parameters()]
    grads = torch.autograd.grad(value, list(module.parameters()))
    for name, grad in zip(names, grads, strict=True):
        assert (result.param_grads[name] - grad).abs().max() <= tol * max(1.0, float(grad.abs().max()))
    assert abs(result.loss_value - value.item()) <= tol * max(1.0, value.item())


@pytest.mark.parametrize("kind", KINDS)
def test_bptt_terms_add_up_to_the_gradient(kind: str) -> None:
    module, x = _case(kind, torch.float64)
    result = grad_trace(module, x, loss=HALF_SQ)
    terms = bptt_terms(result)
    assert max(t.sum_error for t in terms.values()) < 1e-12
    # step by step, the terms themselves (not the one-product sum) add up to ∂L/∂W, slices included
    names = ["weight_hh_l0", "weight_ih_l0", "bias_hh_l0"] + (["weight_ih_l1"] if kind != "lstm" else [])
    for name in names:
        one = terms[name]
        summed = sum(one.term(t) for t in range(result.seq_len))
        assert isinstance(summed, torch.Tensor)
        assert (summed - one.total).abs().max() < 1e-12
        assert torch.allclose(one.norms, torch.stack([one.term(t).norm() for t in range(result.seq_len)]))
        assert abs(float(one.along().sum()) - float(one.total.norm())) < 1e-10
    gate = "W_hf_l0" if kind.startswith("lstm") else ("W_hz_l0" if kind == "gru" else "W_hh_l0")
    assert gate in terms
    if kind.startswith("lstm"):
        size = terms[gate].total.shape[0]
        assert torch.equal(terms[gate].total, result.param_grads["weight_hh_l0"][size : 2 * size])
    if kind == "lstm_proj":
        assert terms["weight_hr_l0"].sum_error < 1e-12


def _fd(f: Any, tensor: torch.Tensor, index: tuple[int, ...], eps: float = 1e-6) -> float:
    with torch.no_grad():
        old = float(tensor[index])
        tensor[index] = old + eps
        up = float(f())
        tensor[index] = old - eps
        down = float(f())
        tensor[index] = old
    return (up - down) / (2 * eps)


@pytest.mark.parametrize("kind", ["lstm", "gru", "rnn_relu"])
def test_weight_gradients_match_finite_differences(kind: str) -> None:
    module, x = _case(kind, torch.float64, seed=3)
    result = grad_trace(module, x, loss=HALF_SQ)

    def loss() -> torch.Tensor:
        out, _ = module(x)
        return 0.5 * out[-1].pow(2).sum()

    for name in ("weight_hh_l0", "weight_ih_l0", "bias_ih_l0"):
        param = getattr(module, name)
        for index in [(0,) * param.dim(), tuple(s - 1 for s in param.shape)]:
            assert abs(_fd(loss, param.data, index) - float(result.param_grads[name][index])) < 1e-7


def test_state_gradients_match_finite_differences_from_a_restart() -> None:
    """∂L/∂h_t and ∂L/∂c_t: nudge h_t (c_t) and run the rest of the sequence from there.

    ∂L/∂c_t is the total derivative, as BPTT uses it: a nudged c_t also changes h_t = o_t ⊙ tanh(c_t).
    """
    module, x = _case("lstm", torch.float64, seed=4)
    result = grad_trace(module, x, loss=HALF_SQ)
    entry = result.layer(0, 0)
    weights = {
        "w_ih": module.weight_ih_l0, "w_hh": module.weight_hh_l0, "b_ih": module.bias_ih_l0,
        "b_hh": module.bias_hh_l0, "w_hr": None,
    }  # fmt: skip
    t = 2
    h_t, c_t = entry.h[t].clone(), entry.c[t].clone()  # type: ignore[index]

    o_t = torch.sigmoid(entry.pre[t][:, 15:20])  # type: ignore[index]

    def rest(through_h: bool = False) -> torch.Tensor:
        with torch.no_grad():
            h = o_t * torch.tanh(c_t) if through_h else h_t
            run = run_layer("lstm", x[t + 1 :], h, c_t, weights)
            return 0.5 * run.steps[-1].h.pow(2).sum()

    for index in [(0, 0), (1, 3)]:
        assert abs(_fd(rest, h_t, index) - float(entry.grad_h[t][index])) < 1e-7
        grad_c = float(entry.grad_c[t][index])  # type: ignore[index]
        assert abs(_fd(lambda: rest(through_h=True), c_t, index) - grad_c) < 1e-7


class CellLoop(nn.Module):
    """A classifier that steps an nn.LSTMCell by hand, as tutorials write it."""

    def __init__(self) -> None:
        super().__init__()
        self.cell = nn.LSTMCell(3, 4)
        self.out = nn.Linear(4, 5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x (L, N, 3)
        state = None
        for x_t in x:
            state = self.cell(x_t, state)
        assert state is not None
        return self.out(state[0])


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_a_cell_loop_through_the_users_forward(dtype: torch.dtype) -> None:
    torch.manual_seed(5)
    model = CellLoop().to(dtype)
    x = torch.randn(6, 2, 3, dtype=dtype)
    loss = choose_loss(has_head=True, label=3)
    result = grad_trace_model(model, (x,), loss=loss)
    assert result.cell_loop and result.kind == "lstm" and result.seq_len == 6
    check = verify_grads(result)
    assert check.ok, check
    value = torch.nn.functional.cross_entropy(model(x), torch.full((2,), 3))
    grads = torch.autograd.grad(value, [model.cell.weight_hh, model.out.weight])
    tol = 1e-10 if dtype == torch.float64 else 1e-5
    assert (result.param_grads["weight_hh"] - grads[0]).abs().max() < tol
    assert (result.extra_grads["out.weight"] - grads[1]).abs().max() < tol
    assert result.grad_out is not None and result.grad_out.shape == (2, 5)
    assert max(t.sum_error for t in bptt_terms(result).values()) < 1e-5
    truncated = grad_trace_model(model, (x,), loss=loss, truncate=2)
    assert verify_grads(truncated).ok
    assert not torch.allclose(truncated.param_grads["weight_hh"], result.param_grads["weight_hh"])


def test_the_users_model_with_a_head_and_its_submodule() -> None:
    class Seedlike(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.rnn = nn.LSTM(4, 6, num_layers=2, batch_first=True)
            self.lin = nn.Linear(6, 10)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            h0 = torch.zeros(2, x.size(0), 6)
            out, _ = self.rnn(x, (h0, torch.zeros(2, x.size(0), 6)))
            return self.lin(out[:, -1:]).view([-1, 10])

    torch.manual_seed(6)
    model = Seedlike().eval()
    x = torch.randn(3, 5, 4)
    result = grad_trace_model(model, (x,), loss=choose_loss(has_head=True, label=3))
    assert result.loss.name == "cross_entropy" and verify_grads(result).ok
    assert set(result.extra_grads) == {"lin.weight", "lin.bias"}


def test_truncation_detaches_every_k_steps_and_matches_chunked_runs() -> None:
    module, x = _case("lstm", torch.float64, seed=7)
    full = grad_trace(module, x, loss=HALF_SQ)
    cut = grad_trace(module, x, loss=HALF_SQ, truncate=3)
    assert verify_grads(cut).ok  # against module(x[chunk], state.detach()) chunk by chunk
    same = grad_trace(module, x, loss=HALF_SQ, truncate=x.shape[0])
    assert torch.equal(same.layer().grad_h, full.layer().grad_h)
    # the loss sits at t = 6: the cut before t = 6 leaves only steps 6.. with a gradient
    assert torch.count_nonzero(cut.layer().grad_h[:6]) == 0
    assert torch.allclose(cut.layer().grad_h[6], full.layer().grad_h[6])
    with pytest.raises(TraceError):
        grad_trace(module, x, loss=HALF_SQ, truncate=0)
    bi, xb = _case("lstm_bi2", torch.float64)
    with pytest.raises(TraceError, match=r"bidirectional|양방향"):
        grad_trace(bi, xb, loss=HALF_SQ, truncate=2)


def test_jacobian_norms_are_spectral_norms_of_the_real_jacobians() -> None:
    module, x = _case("lstm", torch.float64, seed=8)
    x = x[:, :1]  # one sample
    result = grad_trace(module, x, loss=HALF_SQ)
    jac = jacobians(result)
    entry = result.layer()
    weights = {
        "w_ih": module.weight_ih_l0, "w_hh": module.weight_hh_l0, "b_ih": module.bias_ih_l0,
        "b_hh": module.bias_hh_l0, "w_hr": None,
    }  # fmt: skip
    t = 2
    c_t = entry.c[t]  # type: ignore[index]

    def h_last(h: torch.Tensor) -> torch.Tensor:
        return run_layer("lstm", x[t + 1 :], h, c_t, weights).steps[-1].h[0]

    full = torch.autograd.functional.jacobian(h_last, entry.h[t])[:, 0, :]  # (H, H)
    assert abs(float(torch.linalg.matrix_norm(full, ord=2)) - float(jac.hT_ht[t])) < 1e-10
    assert abs(float(jac.hT_ht[-1]) - 1.0) < 1e-12

    def one_step(h: torch.Tensor) -> torch.Tensor:
        return run_layer("lstm", x[t : t + 1], h, entry.c_prev[t], weights).steps[0].h[0]  # type: ignore[index]

    local = torch.autograd.functional.jacobian(one_step, entry.h_prev[t])[:, 0, :]
    assert abs(float(torch.linalg.matrix_norm(local, ord=2)) - float(jac.ht_htm1[t])) < 1e-10

    # ∂c_t/∂c_{t−1} through the state: c_{t−1} → h_{t−1} = o_{t−1} ⊙ tanh(c_{t−1}) → c_t
    o_before = torch.sigmoid(entry.pre[t - 1][..., 15:20])  # type: ignore[index]

    def c_next(c: torch.Tensor) -> torch.Tensor:
        h = o_before * torch.tanh(c)
        return run_layer("lstm", x[t : t + 1], h, c, weights).steps[0].c[0]  # type: ignore[index]

    dc = torch.autograd.functional.jacobian(c_next, entry.c_prev[t])[:, 0, :]  # type: ignore[index]
    assert abs(float(torch.linalg.matrix_norm(dc, ord=2)) - float(jac.c_paths["total"][t])) < 1e-10
    f_t = torch.sigmoid(entry.pre[t][..., 5:10])  # type: ignore[index]
    assert abs(float(f_t.abs().max()) - float(jac.c_paths["f_diag"][t])) < 1e-12
    assert set(jac.c_paths) == {"f_diag", "via_f", "via_i", "via_g", "total"}


def _ratio(kind: str) -> float:
    torch.manual_seed(0)
    cls = {"rnn": nn.RNN, "lstm": nn.LSTM}[kind]
    module = cls(28, 256, num_layers=3, batch_first=True).eval()
    x = torch.randn(1, 100, 28, generator=torch.Generator().manual_seed(1))
    result = grad_trace(module, x, loss=HALF_SQ)
    norms = result.norms("h", 2, 0)
    return float(norms[0] / norms[-1])


def test_the_rnn_gradient_vanishes_faster_than_the_lstms_on_the_seeds_sizes() -> None:
    """The chapter's point: over L = 100 the RNN keeps less of ∂L/∂h_t at t = 0 than the LSTM."""
    assert _ratio("rnn") < _ratio("lstm")


def test_a_head_loss_and_the_loss_rule() -> None:
    module, x = _case("lstm", torch.float32)
    head = head_for(5, 10)
    loss = choose_loss(note_loss=("mse", 12, "nn.MSELoss()"), has_head=True)
    assert (loss.name, loss.origin, loss.line) == ("mse", "note", 12)
    result = grad_trace(module, x, loss=loss, head=head)
    assert verify_grads(result).ok and result.grad_out is not None
    assert choose_loss(has_head=True, label=3).name == "cross_entropy"
    assert choose_loss(has_head=False, label=3).name == "half_sq_last"
    # the note's cross-entropy without a label for this input: the stated default
    assert choose_loss(note_loss=("cross_entropy", 3, "nn.CrossEntropyLoss()"), has_head=True).name == (
        "half_sq_last"
    )
    out, _ = module(x)
    assert loss_value(loss, head(out[-1])).item() == pytest.approx(result.loss_value, rel=1e-6)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "grad", *args, "--lang", "en"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip


def test_cli_json_and_npz_checked_independently(tmp_path: Path) -> None:
    out = tmp_path / "g.npz"
    proc = _cli(
        "--model", "lstm", "--input-size", "3", "--hidden-size", "4", "--num-layers", "2",
        "--seq-len", "6", "--batch", "2", "--seed", "3", "--json", "--out", str(out),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert set(data) == {"model", "loss", "steps", "weights", "verify"}
    assert data["loss"] == "half_sq_last" and data["verify"]["ok"] is True
    assert len(data["steps"]) == 6 * 2
    keys = {"t", "layer", "direction", "grad_h_norm", "grad_c_norm", "jac_hT_ht_norm"}
    assert set(data["steps"][0]) == keys
    assert max(w["bptt_terms_error"] for w in data["weights"].values()) < 1e-5
    assert {"weight_hh_l1", "W_hf_l0"} <= set(data["weights"])
    z = np.load(out)
    module = nn.LSTM(3, 4, num_layers=2)
    module.load_state_dict({k[6:]: torch.from_numpy(z[k]) for k in z.files if k.startswith("state/")})
    x = torch.from_numpy(z["x"])
    assert x.shape == (6, 2, 3)
    y, _ = module(x)
    value = 0.5 * y[-1].pow(2).sum()
    value.backward()
    assert abs(float(z["loss"]) - float(value)) < 1e-6
    for name, param in module.named_parameters():
        assert np.abs(z[f"grad/param/{name}"] - param.grad.numpy()).max() < 1e-6
    assert z["grad/h/l1"].shape == (6, 2, 4) and z["grad/c/l0"].shape == (6, 2, 4)
    assert z["jac/hT_ht/l0"].shape == (6,)
    step = next(s for s in data["steps"] if s["t"] == 5 and s["layer"] == 1)
    assert step["grad_h_norm"] == pytest.approx(float(np.linalg.norm(z["grad/h/l1"][5])), rel=1e-5)


def test_cli_on_the_seed_note_uses_its_head_and_says_so() -> None:
    proc = _cli("--note", "notes/2023-11-22.md", "--input", "digit", "--seq-len", "28")
    assert proc.returncode == 0, proc.stderr
    assert "cross-entropy of the head" in proc.stdout and "label 3" in proc.stdout
    assert "passed" in proc.stdout


@pytest.mark.parametrize(
    "args, word",
    [
        (("--truncate", "0"), "truncation"),
        (("--loss", "cross_entropy"), "head"),
        (("--bidirectional", "--truncate", "2"), "bidirectional"),
    ],
)
def test_cli_bad_input_is_one_clear_line(args: tuple[str, ...], word: str) -> None:
    proc = _cli("--model", "lstm", "--input-size", "3", "--hidden-size", "4", *args)
    assert proc.returncode == 2
    assert word in proc.stderr and "Traceback" not in proc.stderr


def test_unbatched_batch_first_and_no_bias_inputs_verify() -> None:
    torch.manual_seed(9)
    cases = [
        (nn.GRU(3, 4, batch_first=True, num_layers=2), torch.randn(5, 3)),  # unbatched (L, H_in)
        (nn.LSTM(3, 4, bidirectional=True), torch.randn(6, 3)),
        (nn.RNN(3, 4, batch_first=True, bias=False), torch.randn(2, 5, 3)),
    ]
    for module, x in cases:
        module = module.double().eval()
        result = grad_trace(module, x.double(), loss=HALF_SQ)
        assert verify_grads(result).ok, module
        assert max(t.sum_error for t in bptt_terms(result).values()) < 1e-12
        assert jacobians(result, 0, result.num_directions - 1).hT_ht.shape == (x.shape[-2],)


def test_a_training_module_with_dropout_is_refused() -> None:
    module = nn.LSTM(3, 4, num_layers=2, dropout=0.5)  # training mode by default
    with pytest.raises(TraceError, match=r"eval"):
        grad_trace(module, torch.randn(4, 1, 3), loss=HALF_SQ)
