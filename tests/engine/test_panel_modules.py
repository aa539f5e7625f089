"""The panel traces the module of the clicked equation's own kind and section, names it, and lists the
note's other modules for its menu (issue 9). Real torch, real traces; notes written here."""

from __future__ import annotations

from pathlib import Path

import torch

from app.engine import notestate
from app.engine.serve import panel as panel_service

NOTE = """# 인코더
```python
class Encoder(nn.Module):
    def __init__(self, emb, hid):
        super().__init__()
        self.rnn = nn.GRU(emb, hid, batch_first=True)
enc = Encoder(6, 5)
```
# 디코더 셀
```python
cell = nn.LSTMCell(5, 7)
```
# 크기를 모르는 모델
```python
big = nn.LSTM(len(vocab), 4, num_layers=2)
```
"""


def open_note(tmp_path: Path, **kwargs: object) -> dict:
    note = tmp_path / "모듈들.md"
    note.write_text(NOTE, encoding="utf-8")
    notestate.STATE.module, notestate.STATE.model = None, None
    return panel_service.panel_open(str(note), {}, {"kind": "random", "seq_len": 5}, "cpu", **kwargs)


def test_the_panel_names_the_traced_module_and_lists_the_others(tmp_path: Path) -> None:
    info = open_note(tmp_path, model="gru", module=0)
    origin = info["origin"]
    assert (origin["name"], origin["line"], origin["section"], origin["module"]) == (
        "Encoder.rnn",
        6,
        "인코더",
        0,
    )
    assert origin["object"] == "GRU(6, 5, batch_first=True)"
    assert [(m["index"], m["name"], m["kind"]) for m in origin["modules"]] == [
        (0, "Encoder.rnn", "gru"),
        (1, "cell", "lstm_cell"),
        (2, "big", "lstm"),
    ]
    assert info["verify"]["ok"] and info["cell"] is None


def test_an_lstm_equation_traces_an_lstm_and_a_cell_is_traced_as_one_layer(tmp_path: Path) -> None:
    info = open_note(tmp_path, model="lstm", module=1)
    assert info["origin"]["name"] == "cell" and info["cell"] == "lstm_cell"
    assert info["kind"] == "lstm" and info["dims"]["layers"] == 1 and info["verify"]["ok"]
    step = panel_service.panel_step("lstm.f", t=2, note_path=str(tmp_path / "모듈들.md"))
    assert step["quantity"] == "lstm.f"
    # an index of another family is not traced for an LSTM equation: the first LSTM-family module is
    assert open_note(tmp_path, model="lstm", module=0)["origin"]["name"] == "cell"


def test_assumed_fields_are_named_with_their_reason(tmp_path: Path) -> None:
    info = open_note(tmp_path, model="lstm", module=2, module_chosen=True)
    origin = info["origin"]
    assert origin["name"] == "big" and origin["assumed"] == ["input_size"]
    why = origin["why"]["input_size"]
    assert why["code"] == "notecode.assumed.runtime" and why["args"]["expr"] == "len(vocab)"
    assert info["config"]["num_layers"] == 2 and info["config"]["input_size"] == why["args"]["value"]


def test_a_live_object_wins_unless_a_module_is_chosen_in_the_menu(tmp_path: Path) -> None:
    note = tmp_path / "모듈들.md"
    note.write_text(NOTE, encoding="utf-8")
    notestate.set_note(str(note), NOTE)
    try:
        notestate.STATE.namespace["mine"] = torch.nn.GRU(6, 3)
        notestate.record_user_modules()
        live = panel_service.panel_open(str(note), {}, {"kind": "random"}, "cpu", model="gru", module=0)
        assert live["origin"]["kind"] == "live"
        chosen = panel_service.panel_open(
            str(note), {}, {"kind": "random"}, "cpu", model="gru", module=0, module_chosen=True
        )
        assert chosen["origin"]["kind"] == "inferred" and chosen["origin"]["name"] == "Encoder.rnn"
    finally:
        notestate.set_note(None, "")
        notestate.STATE.module, notestate.STATE.model = None, None


def test_a_cell_the_users_code_built_is_traced_as_that_object(tmp_path: Path) -> None:
    note = tmp_path / "모듈들.md"
    note.write_text(NOTE, encoding="utf-8")
    notestate.set_note(str(note), NOTE)
    try:
        torch.manual_seed(5)
        mine = torch.nn.LSTMCell(5, 7)
        notestate.STATE.namespace["cell"] = mine
        info = panel_service.panel_open(
            str(note), {}, {"kind": "random", "seq_len": 3}, "cpu", model="lstm", module=1
        )
        assert info["origin"]["kind"] == "live" and info["origin"]["object"].startswith("cell: LSTMCell(5, 7")
        assert info["cell"] == "lstm_cell" and info["verify"]["ok"]
        session = panel_service._current(str(note))
        assert session.trace.cell is mine
    finally:
        notestate.set_note(None, "")
