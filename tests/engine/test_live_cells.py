"""A cell that the note's own class builds (``self.cell = nn.LSTMCell(…)`` looped over time) becomes the live
model after a run, and the equation panel traces that very object (issue 9). In-process runner and panel
service, real torch; the notes are written here."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import numpy as np
import pytest
import torch
from torch import nn

from app.engine import notestate
from app.engine.serve import panel as panel_service
from app.engine.train import service

LOOPED = """# A {title} unrolled by hand

```python
import torch
from torch import nn

class Unrolled(nn.Module):
    def __init__(self, n_in=6, n_hid=9):
        super().__init__()
        self.cell = nn.{cls}(n_in, n_hid)
        self.head = nn.Linear(n_hid, 2)

    def forward(self, xs):  # xs: (N, L, n_in)
        h = torch.zeros(xs.size(0), self.cell.hidden_size)  # (N, H)
        state = {state}
        for t in range(xs.size(1)):
            state = self.cell(xs[:, t], state)
            h = state[0] if isinstance(state, tuple) else state
        return self.head(h)  # (N, 2)

model = Unrolled()
y = model(torch.randn(3, 5, 6))
```
"""
STATES = {"LSTMCell": "(h, torch.zeros_like(h))", "GRUCell": "h", "RNNCell": "h"}


@pytest.fixture
def fresh_state() -> Iterator[None]:
    yield
    notestate.STATE.path = None
    notestate.STATE.reset_namespace()


def _note(cls: str, path: str) -> str:
    text = LOOPED.format(title=cls, cls=cls, state=STATES[cls])
    notestate.set_note(path, text)
    notestate.STATE.reset_namespace()
    return text


@pytest.mark.parametrize(
    ("cls", "kind"), [("LSTMCell", "lstm_cell"), ("GRUCell", "gru_cell"), ("RNNCell", "rnn_cell")]
)
def test_a_cell_built_inside_the_notes_class_is_the_live_model_after_a_run(
    cls: str, kind: str, fresh_state: object
) -> None:
    from app.engine.run import runner

    path = f"/tmp/live-cell-{kind}.md"
    _note(cls, path)
    result = runner.run_block(0, emit=False)
    assert result["error"] is None, result["error"]
    live = notestate.STATE.namespace["model"].cell
    assert result["model"] == f"model.cell: {live!r}"
    assert notestate.STATE.module is live
    assert notestate.STATE.model is not None and notestate.STATE.model.kind == kind

    # The panel traces that object (origin "live"), and its weights are the cell's own.
    family = kind.removesuffix("_cell")
    info = panel_service.panel_open(path, {}, {"kind": "random", "seq_len": 5}, "cpu", model=family)
    assert info["origin"]["kind"] == "live" and info["origin"]["object"] == f"model.cell: {live!r}"
    assert info["dims"]["H"] == 9 and info["dims"]["L"] == 5
    weight = "W_hi" if family == "lstm" else ("W_hr" if family == "gru" else "W_hh")
    quantity = {"lstm": "lstm.i", "gru": "gru.r", "rnn": "rnn.h"}[family]
    symbols = [{"latex": weight, "quantity": f"{family}.{weight}"}]
    step = panel_service.panel_step(quantity, 0, 0, 0, 2, symbols, 0)
    rows = slice(0, 9)  # the first gate's rows in PyTorch's weight_hh (i for LSTM, r for GRU, all for RNN)
    got = np.frombuffer(base64.b64decode(step["symbols"][0]["values"]["b64"]), dtype="<f4")
    expected = live.weight_hh.detach()[rows].numpy()
    np.testing.assert_array_equal(got.reshape(expected.shape), expected)


def test_rebuilding_the_class_with_another_cell_size_records_the_new_cell(fresh_state: object) -> None:
    from app.engine.run import runner

    text = _note("GRUCell", "/tmp/live-cell-resize.md")
    assert runner.run_block(0, emit=False)["error"] is None
    first = notestate.STATE.module
    notestate.set_note("/tmp/live-cell-resize.md", text.replace("n_hid=9", "n_hid=4"))
    assert runner.run_block(0, emit=False)["error"] is None
    assert notestate.STATE.module is not first and isinstance(notestate.STATE.module, nn.GRUCell)
    assert notestate.STATE.module.hidden_size == 4
    assert notestate.STATE.model is not None and notestate.STATE.model.repr == "GRUCell(6, 4)"


def test_a_full_module_wins_over_a_cell_at_the_same_depth(fresh_state: object) -> None:
    from app.engine.run import runner

    both = "```python\nenc = nn.LSTM(3, 5)\ndec = nn.LSTMCell(5, 5)\n```\n"
    notestate.set_note("/tmp/live-cell-both.md", both)
    result = runner.run_block(0, emit=False)
    assert result["error"] is None and result["model"].startswith("enc: LSTM(3, 5)")
    assert set(notestate.recurrent_modules(notestate.STATE.namespace)) == {"enc", "dec"}


def test_training_reads_a_live_cell_as_the_one_layer_module_it_steps_like(fresh_state: object) -> None:
    """The train panel's config for a live cell (and for a note whose only module is a cell) is a sequence
    module of the same sizes: the head model it trains must read a whole sequence."""
    text = _note("LSTMCell", "/tmp/live-cell-train.md")
    torch.manual_seed(0)
    cell = nn.LSTMCell(6, 9)
    config = service.fallback_config(text, cell)
    assert (config.kind, config.input_size, config.hidden_size, config.num_layers) == ("lstm", 6, 9, 1)
    assert service.fallback_config(text).kind == "lstm"  # the inferred Unrolled.cell, as a sequence
    assert service.plan(text, cell)["task"]  # the task is chosen without building a cell as a sequence
