"""``run`` fits the sample to the model of a method block and keeps stderr and warnings per line
(issue 9). In-process runner, real torch; each note is written here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.engine import notestate
from app.engine.run import runner

ROOT = Path(__file__).resolve().parents[2]


def _run(text: str, index: int, name: str) -> dict:
    notestate.set_note(f"/tmp/fit-{name}-{id(text)}.md", text)
    notestate.STATE.input = notestate.InputSpec()
    result = runner.run_block(index, emit=False)
    assert result["error"] is None, result["error"]
    return result


CLASSIFIER = """```python
class Tagger(nn.Module):
    def __init__(self, vocab=50, emb=12, hid=16):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.rnn = nn.GRU(emb, hid, batch_first=True)
        self.out = nn.Linear(hid, 3)
```
```python
    def forward(self, x):
        e = self.emb(x)
        y, h = self.rnn(e)
        return self.out(y[:, -1])
```
"""


def test_an_embedding_first_gets_integer_token_ids() -> None:
    result = _run(CLASSIFIER, 1, "emb")
    given = result["bound"]["input"]
    assert given["kind"] == "tokens" and given["dtype"] == "int64" and given["shape"] == [1, 28]
    assert given["args"]["vocab"] == 50 and "50" in given["text"]
    shapes = {name: info["shape"] for line in result["lines"] for name, info in line["tensors"].items()}
    assert shapes["e"] == [1, 28, 12] and shapes["y"] == [1, 28, 16]


@pytest.mark.parametrize("features", [1, 3, 40])
def test_a_recurrent_first_layer_gets_n_l_input_size_floats(features: int) -> None:
    note = (
        "```python\nclass Series(nn.Module):\n"
        f"    def __init__(self, n_in={features}, hid=5):\n"
        "        super().__init__()\n        self.lstm = nn.LSTM(n_in, hid, batch_first=True)\n```\n"
        "```python\n    def forward(self, x):\n        out, _ = self.lstm(x)\n        return out\n```\n"
    )
    given = _run(note, 1, f"seq{features}")["bound"]["input"]
    steps = 28 if features < 8 else features  # a digit has one row per step
    assert given["shape"] == [1, steps, features] and given["dtype"] == "float32"
    assert given["kind"] == ("sine" if features < 8 else "digit")
    if features < 8:
        assert given["code"] == "run.input.sine-few-features"


def test_a_conv2d_first_gets_an_image_batch() -> None:
    note = (
        "```python\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.conv = nn.Conv2d(3, 4, 3)\n        self.pool = nn.AdaptiveAvgPool2d(1)\n```\n"
        "```python\n    def forward(self, img):\n        f = self.conv(img)\n"
        "        return self.pool(f)\n```\n"
    )
    result = _run(note, 1, "conv")
    given = result["bound"]["input"]
    assert given["kind"] == "image" and given["shape"] == [1, 3, 28, 28]
    shapes = {name: info["shape"] for line in result["lines"] for name, info in line["tensors"].items()}
    assert shapes["f"] == [1, 4, 26, 26]


def test_stderr_and_pytorchs_warnings_are_kept_per_line() -> None:
    note = (
        "```python\nimport sys\nprint('보통 출력')\nprint('오류 출력', file=sys.stderr)\n"
        "m = nn.LSTM(3, 4, num_layers=1, dropout=0.5)\n```\n"
    )
    for _ in range(2):  # shown again on the second run, as a front end would
        lines = {line["line"]: line for line in _run(note, 0, "stderr")["lines"]}
        assert lines[3]["stdout"] == "보통 출력\n" and lines[3]["stderr"] == ""
        assert lines[4]["stderr"] == "오류 출력\n"
        assert "UserWarning" in lines[5]["stderr"] and "dropout" in lines[5]["stderr"]


def test_run_json_lines_carry_stderr(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text("```python\nimport warnings\nwarnings.warn('조심')\nx = 1\n```\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "app", "run", str(note), "--json"],
        capture_output=True, text=True, cwd=ROOT, timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    lines = {line["line"]: line for line in out["blocks"][0]["lines"]}
    assert "조심" in lines[3]["stderr"] and lines[4]["stderr"] == ""
