"""nn.LSTMCell / GRUCell / RNNCell traced as one layer, one direction, over a sample sequence (issue 9),
checked against calling the cell step by step as a note's loop does."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from app.engine.config import RecurrentConfig
from app.engine.trace import build, trace

GATES = {"lstm": ("i", "f", "g", "o", "c", "h"), "gru": ("r", "z", "n", "h"), "rnn": ("h",)}


@pytest.mark.parametrize("kind", ["lstm_cell", "gru_cell", "rnn_cell"])
def test_a_cell_is_traced_with_the_full_modules_quantities(kind: str) -> None:
    cell = build(RecurrentConfig(kind, 4, 6))
    x = torch.randn(9, 3, 4)  # (L, N, H_in)
    tr = trace(cell, x)
    assert tr.cell is cell and tr.kind == kind.removesuffix("_cell")
    assert (tr.num_layers, tr.num_directions, tr.seq_len, tr.batch) == (1, 1, 9, 3)
    check = tr.verify()
    assert check.ok, check.failures()
    for name in GATES[tr.kind]:
        assert tr.get(name).shape == (9, 3, 6)
    # the cell itself, stepped by hand
    h = torch.zeros(3, 6)
    c = torch.zeros(3, 6)
    with torch.no_grad():
        for t in range(9):
            if isinstance(cell, nn.LSTMCell):
                h, c = cell(x[t], (h, c))
                assert torch.allclose(tr.get("c")[t], c, atol=1e-6)
            else:
                h = cell(x[t], h)
            assert torch.allclose(tr.get("h")[t], h, atol=1e-6)


def test_a_cell_with_a_given_state_and_unbatched_input() -> None:
    torch.manual_seed(3)
    cell = nn.GRUCell(2, 5)
    tr = trace(cell, torch.randn(6, 2), torch.randn(5))
    assert tr.unbatched and tr.verify().ok
    relu = nn.RNNCell(2, 3, nonlinearity="relu")
    assert trace(relu, torch.randn(4, 1, 2)).config.nonlinearity == "relu"


def test_the_trace_shares_the_cells_weights_and_a_wrong_reference_fails() -> None:
    cell = nn.LSTMCell(3, 4)
    tr = trace(cell, torch.randn(5, 2, 3))
    assert tr.module.weight_hh_l0 is cell.weight_hh
    # a reference from another cell must not verify: the check really compares with the cell's steps
    other = nn.LSTMCell(3, 4)
    from app.engine.trace.cellmods import step_by_step

    tr.returned = step_by_step(other, tr.input)
    assert not tr.verify().ok


def test_a_cell_config_builds_the_cell_and_rejects_sequence_options() -> None:
    assert isinstance(build(RecurrentConfig("rnn_cell", 2, 3, nonlinearity="relu")), nn.RNNCell)
    assert RecurrentConfig("lstm_cell", 2, 3).describe() == "LSTMCell(2, 3)"
    with pytest.raises(ValueError):
        RecurrentConfig("gru_cell", 2, 3, num_layers=2)
