"""The trace against PyTorch: exactness, gate relations, docs-named slices, user models, bad input."""

from __future__ import annotations

from typing import Any

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from app.engine.trace.modules import capture_input, find_recurrent
from app.engine.trace.tracer import TraceError, trace


@st.composite
def configs(draw: st.DrawFn) -> tuple[nn.Module, torch.Tensor, object]:
    kind = draw(st.sampled_from(["lstm", "gru", "rnn_tanh", "rnn_relu"]))
    hidden = draw(st.integers(2, 6))
    kwargs: dict[str, Any] = {
        "input_size": draw(st.integers(1, 5)),
        "hidden_size": hidden,
        "num_layers": draw(st.integers(1, 3)),
        "bias": draw(st.booleans()),
        "batch_first": draw(st.booleans()),
        "bidirectional": draw(st.booleans()),
        "dropout": draw(st.sampled_from([0.0, 0.3])),
    }
    if kind == "lstm":
        kwargs["proj_size"] = draw(st.integers(0, hidden - 1))
    if kind.startswith("rnn"):
        kwargs["nonlinearity"] = kind[4:]
    cls = {"lstm": nn.LSTM, "gru": nn.GRU}.get(kind, nn.RNN)
    dtype = draw(st.sampled_from([torch.float32, torch.float64]))
    torch.manual_seed(draw(st.integers(0, 2**16)))
    module = cls(**kwargs).to(dtype).eval()
    seq_len, batch = draw(st.integers(1, 6)), draw(st.integers(0, 3))  # batch 0: unbatched input
    shape: list[int] = [seq_len, kwargs["input_size"]]
    if batch:
        shape.insert(0 if kwargs["batch_first"] else 1, batch)
    x = torch.randn(*shape, dtype=dtype) * draw(st.sampled_from([0.5, 1.0, 3.0]))
    state = None
    if draw(st.booleans()):
        stack = kwargs["num_layers"] * (2 if kwargs["bidirectional"] else 1)
        lead = (stack, batch) if batch else (stack,)
        out = kwargs.get("proj_size") or hidden
        h0 = torch.randn(*lead, out, dtype=dtype)
        state = (h0, torch.randn(*lead, hidden, dtype=dtype)) if kind == "lstm" else h0
    return module, x, state


@settings(max_examples=40, deadline=None)
@given(configs())
def test_trace_is_exact_and_every_relation_holds(case: tuple[nn.Module, torch.Tensor, object]) -> None:
    module, x, state = case
    result = trace(module, x, state)
    check = result.verify()
    assert check.ok, (result.config, check)
    with torch.no_grad():
        out, final = module(x, state)
    tol = check.tol
    # what the module returns (oneDNN may differ in the last bit between two calls of the same module)
    assert (result.output - out).abs().max() <= tol
    h_n = final[0] if isinstance(module, nn.LSTM) else final
    assert (
        torch.cat([result.get("h", result.num_layers - 1, d) for d in range(result.num_directions)], -1)
        - (out.unsqueeze(1) if x.dim() == 2 else out.transpose(0, 1) if module.batch_first else out)
    ).abs().max() <= tol
    assert result.h_n.shape == h_n.shape
    assert result.get("h").shape == (result.seq_len, result.batch, result.config.output_size)
    expected_relations = {"lstm": {"i", "f", "g", "o", "c", "h"}, "gru": {"r", "z", "n", "h"}, "rnn": {"h"}}
    assert expected_relations[result.kind] <= set(check.relations)


def test_relations_use_the_docs_slices_and_catch_a_wrong_one() -> None:
    torch.manual_seed(1)
    lstm = nn.LSTM(3, 4).eval()
    result = trace(lstm, torch.randn(5, 2, 3))
    params = result.params()
    assert params["W_if"].source == "weight_ih_l0[4:8]"
    assert torch.equal(params["W_if"].tensor, lstm.get_parameter("weight_ih_l0")[4:8])
    assert params["b_ho"].source == "bias_hh_l0[12:16]"
    terms = result.terms("f", t=2)
    assert [term.name for term in terms] == ["W_if x_t", "b_if", "W_hf h_{t-1}", "b_hf"]
    total = torch.stack([term.value for term in terms]).sum(0)
    assert torch.allclose(torch.sigmoid(total), result.step("f", t=2), atol=1e-6)
    c_terms = result.terms("c", t=2)
    assert torch.allclose(
        torch.stack([term.value for term in c_terms]).sum(0), result.step("c", t=2), atol=1e-6
    )
    assert result.verify().ok
    # corrupt one gate in the trace: the relation check must fail
    result.get("pre_f").add_(1e-3)
    check = result.verify()
    assert not check.ok and "pre_f" in check.failures()


def test_projection_and_reverse_weights_are_named() -> None:
    torch.manual_seed(2)
    lstm = nn.LSTM(3, 6, num_layers=2, bidirectional=True, proj_size=2).eval()
    result = trace(lstm, torch.randn(4, 1, 3))
    back = result.params(1, 1)
    assert back["W_hr"].source == "weight_hr_l1_reverse"
    assert back["W_ig"].source == "weight_ih_l1_reverse[12:18]"
    assert result.get("h", 1, 1).shape == (4, 1, 2)
    assert result.get("c", 1, 1).shape == (4, 1, 6)
    assert result.terms("h", 1, 1, 0)[0].name == "W_hr (o_t ⊙ tanh(c_t))"
    assert result.verify().ok


def test_gru_terms_follow_the_docs() -> None:
    torch.manual_seed(3)
    gru = nn.GRU(2, 3).eval()
    result = trace(gru, torch.randn(4, 2))
    n_terms = result.terms("n", t=1)
    assert [term.name for term in n_terms] == ["W_in x_t", "b_in", "r_t ⊙ (W_hn h_{t-1} + b_hn)"]
    assert torch.allclose(
        torch.tanh(torch.stack([term.value for term in n_terms]).sum(0)), result.step("n", t=1), atol=1e-6
    )


class RecurrentNeuralNetworkClass(nn.Module):
    """The seed note's model, as the user wrote it (initial states built inside forward)."""

    def __init__(self, name: str = "rnn", xdim: int = 28, hdim: int = 256, ydim: int = 10, n_layer: int = 3):
        super().__init__()
        self.name, self.xdim, self.hdim, self.ydim, self.n_layer = name, xdim, hdim, ydim, n_layer
        self.rnn = nn.LSTM(input_size=xdim, hidden_size=hdim, num_layers=n_layer, batch_first=True)
        self.lin = nn.Linear(hdim, ydim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h0 = torch.randn(self.n_layer, x.size(0), self.hdim) * 0.1
        c0 = torch.randn(self.n_layer, x.size(0), self.hdim) * 0.1
        rnn_out, _ = self.rnn(x, (h0, c0))
        return self.lin(rnn_out[:, -1:]).view([-1, self.ydim])


def test_user_model_wrapping_the_seed_lstm() -> None:
    torch.manual_seed(4)
    model = RecurrentNeuralNetworkClass().eval()
    assert [name for name, _ in find_recurrent(model)] == ["rnn"]
    x = torch.rand(2, 28, 28)
    result = capture_input(model, "rnn", x)
    assert result.config.describe() == "LSTM(28, 256, num_layers=3, batch_first=True)"
    assert result.state is not None and result.state[0].abs().sum() > 0  # the random h0 from forward
    assert torch.equal(result.input, x)
    check = result.verify()
    assert check.ok and check.max_abs_output <= 1e-6 and check.max_abs_c_n is not None
    with pytest.raises(TraceError, match="lin"):
        capture_input(model, "lin", x)


@pytest.mark.parametrize(
    ("module", "x", "message"),
    [
        (nn.LSTM(3, 4), torch.randn(5, 2, 7), "input_size는 3"),
        (nn.LSTM(3, 4), torch.randn(5, 2, 2, 3), "2차원"),
        (nn.LSTM(3, 4), torch.randn(0, 2, 3), "빈 시퀀스"),
        (nn.Linear(3, 4), torch.randn(5, 3), "순환 모듈이 아닙니다"),
        (nn.GRU(3, 4), torch.randn(5, 3, dtype=torch.float64), "dtype"),
        (nn.GRU(3, 4), torch.randn(5, 3).half(), "float32와 float64"),
    ],
)
def test_bad_input_gets_a_clear_error(module: nn.Module, x: torch.Tensor, message: str) -> None:
    from app.i18n import set_language

    set_language("ko")  # the wording users read first; app.i18n words the English (tests/test_i18n_codes.py)
    try:
        with pytest.raises(TraceError, match=message):
            trace(module, x)
    finally:
        set_language(None)


def test_bad_state_and_train_dropout_are_refused() -> None:
    lstm = nn.LSTM(3, 4, num_layers=2)
    with pytest.raises(TraceError, match=r"h0의 모양|h0 has shape"):
        trace(lstm.eval(), torch.randn(5, 2, 3), (torch.zeros(1, 2, 4), torch.zeros(2, 2, 4)))
    with pytest.raises(TraceError, match=r"튜플|a tuple"):
        trace(lstm, torch.randn(5, 2, 3), torch.zeros(2, 2, 4))
    with pytest.raises(TraceError, match="eval"):
        trace(nn.LSTM(3, 4, num_layers=2, dropout=0.5).train(), torch.randn(5, 2, 3))


def test_one_step_of_h_prev_and_c_prev_matches_the_whole_sequence() -> None:
    torch.manual_seed(5)
    lstm = nn.LSTM(3, 4, bidirectional=True, proj_size=2).eval()
    state = (torch.randn(2, 2, 2), torch.randn(2, 2, 4))
    result = trace(lstm, torch.randn(5, 2, 3), state)
    for d in (0, 1):
        for name in ("h_prev", "c_prev"):
            whole = result.get(name, 0, d)
            for t in range(5):
                assert torch.equal(result.step(name, 0, d, t), whole[t])
        first = 0 if d == 0 else 4  # the step that reads the given initial state
        assert torch.equal(result.step("h_prev", 0, d, first), state[0][d])
        assert torch.equal(result.step("c_prev", 0, d, first), state[1][d])


@pytest.mark.parametrize("cls", [nn.LSTM, nn.GRU, nn.RNN])
def test_a_long_sequence_stays_within_tolerance(cls: type[nn.LSTM] | type[nn.GRU] | type[nn.RNN]) -> None:
    """The trace runs its own recurrence: rounding must not drift away from the module over many steps."""
    torch.manual_seed(6)
    module = cls(8, 32, num_layers=2).eval()
    check = trace(module, torch.randn(400, 3, 8)).verify()
    assert check.ok, check
    assert check.max_abs_output <= 1e-6 and check.max_abs_h_n <= 1e-6
