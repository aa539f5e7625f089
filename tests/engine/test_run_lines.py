"""The line runner in-process (no kernel): shapes per line, bound method blocks, errors that explain."""

from __future__ import annotations

import pytest

from app.engine import notestate
from app.engine.run import runner


def _note(text: str, name: str = "t.md") -> None:
    notestate.set_note(f"/tmp/{name}-{id(text)}", text)


def _tensors(result: dict) -> dict[str, list[int]]:
    return {name: info["shape"] for line in result["lines"] for name, info in line["tensors"].items()}


def test_seed_forward_block_runs_bound_after_the_tab_fix(seed_text: str) -> None:
    _note(seed_text, "seed")
    result = runner.run_block(0, emit=False)
    assert result["error"] is None, result["error"]
    shapes = _tensors(result)
    assert shapes["out"] == [1, 10]
    assert shapes["rnn_out"] == [1, 28, 256]
    assert shapes["h0"] == [3, 1, 256]
    assert result["bound"]["class"] == "RecurrentNeuralNetworkClass"
    assert result["bound"]["input"]["shape"] == [1, 28, 28]
    # the tab-indented line was repaired, visibly (worded in the language in force: tests run in English)
    assert any(c["code"] == "tab" for d in result["fix_details"] for c in d["changes"])
    assert any("tab" in fix or "탭" in fix for fix in result["fixes"])
    by_line = {line["line"]: line for line in result["lines"]}
    assert by_line[59]["stdout"] == "1\n" and by_line[60]["stdout"] == "28\n"
    assert "rnn_out" in by_line[67]["tensors"]  # the tab line is note line 67
    assert result["model"] == "model.rnn: LSTM(28, 256, num_layers=3, batch_first=True)"
    assert notestate.STATE.model is not None and notestate.STATE.model.source == "user"


def test_namespace_persists_and_in_place_changes_are_seen() -> None:
    _note("```python\na = torch.ones(2, 3)\n```\n\n```python\na.mul_(2)\nb = a.sum(0)\n```\n")
    assert runner.run_block(0, emit=False)["error"] is None
    second = runner.run_block(1, emit=False)
    assert second["error"] is None
    lines = {line["line"]: line["tensors"] for line in second["lines"]}
    assert lines[6]["a"]["shape"] == [2, 3]  # changed in place: same object, new version
    assert lines[7]["b"]["shape"] == [3]
    assert "2" in lines[6]["a"]["preview"]


def test_loop_lines_collect_their_output() -> None:
    _note("```python\nfor i in range(3):\n    print(i)\n```\n")
    result = runner.run_block(0, emit=False)
    assert {line["line"]: line["stdout"] for line in result["lines"]}[3] == "0\n1\n2\n"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "x = torch.randn(1, 28, 28)\nW = torch.randn(256, 28)\ny = x @ W",
            "matmul: x (1, 28, 28) @ W (256, 28): inner dims 28 ≠ 256",
        ),
        ("h = torch.randn(1, 64)\nlin = nn.Linear(256, 10)\ny = lin(h)",
         "linear: lin(in_features=256) ← h (1, 64)"),
        ("a = torch.randn(2, 3)\nb = torch.randn(2, 4, 1)\nc = torch.cat([a, b], dim=1)",
         "a (2, 3), b (2, 4, 1)"),
        ("x = torch.randn(1, 28, 28)\nv = x.view(-1, 10)", "view: x (1, 28, 28)"),
        ("p = torch.randn(3, 4)\nq = torch.randn(5, 4)\nr = p + q",
         "broadcast: p (3, 4) + q (5, 4): dim -2: 3 vs 5"),
    ],
)
def test_shape_errors_name_the_operands(code: str, expected: str) -> None:
    _note(f"```python\n{code}\n```\n")
    error = runner.run_block(0, emit=False)["error"]
    assert error is not None and error["type"] == "RuntimeError"
    assert expected in error["message"], error["message"]
    assert error["line"] == code.count("\n") + 2  # the last code line, as a note line


def test_memory_blow_up_is_reported_not_fatal() -> None:
    _note("```python\nbig = torch.zeros(10**7, 10**7)\n```\n")
    error = runner.run_block(0, emit=False)["error"]
    assert error is not None and error["hint"] and ("메모리" in error["hint"] or "memory" in error["hint"])
    assert error["line"] == 2


def test_user_built_module_becomes_the_notes_model() -> None:
    _note("```python\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
          "        self.rnn = nn.LSTM(28, 64, batch_first=True)\nmodel = Net()\n```\n")
    result = runner.run_block(0, emit=False)
    assert result["error"] is None
    assert result["model"] == "model.rnn: LSTM(28, 64, batch_first=True)"
    assert notestate.describe()["model"]["source"] == "user"


def test_run_all_stops_at_the_first_error_and_skips_non_python() -> None:
    _note("```bash\nrm -rf /\n```\n```python\nx = 1 / 0\n```\n```python\ny = torch.ones(1)\n```\n")
    blocks = runner.run_all(emit=False)["blocks"]
    assert [b["index"] for b in blocks] == [1]
    assert blocks[0]["error"]["type"] == "ZeroDivisionError" and blocks[0]["error"]["line"] == 5


def test_bad_block_index_is_a_clear_error() -> None:
    _note("```python\nx = 1\n```\n")
    with pytest.raises(runner.RunError, match=r"블록 5|block 5"):
        runner.run_block(5, emit=False)


def test_edited_source_runs_instead_of_the_note(seed_text: str) -> None:
    _note(seed_text, "seed-edit")
    edited = "def forward(self, x):\n    out = self.lin(self.rnn(x)[0][:, -1])\n    return out\n"
    result = runner.run_block(0, source=edited, emit=False)
    assert result["error"] is None
    assert _tensors(result)["out"] == [1, 10]
    assert notestate.STATE.text == seed_text  # the note itself is untouched
