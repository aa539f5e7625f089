"""``python -m app run`` end to end: a real kernel in a subprocess, the exact JSON shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "notes" / "2023-11-22.md"

pytestmark = pytest.mark.slow


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "run", *args], cwd=REPO, capture_output=True, text=True, timeout=180
    )


def test_seed_forward_block_json() -> None:
    done = _run(str(SEED), "--block", "0", "--json", "--device", "cpu")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(data) == {"note", "blocks"} and data["note"] == str(SEED)
    (block,) = data["blocks"]
    assert set(block) == {"index", "lines", "error"} and block["index"] == 0 and block["error"] is None
    for line in block["lines"]:
        assert set(line) == {"line", "text", "tensors", "stdout", "stderr"}
        for info in line["tensors"].values():
            assert set(info) == {"shape", "dtype", "device"}
    by_name = {
        name: (line["line"], info) for line in block["lines"] for name, info in line["tensors"].items()
    }
    assert by_name["out"][1]["shape"] == [1, 10]
    assert by_name["rnn_out"] == (67, {"shape": [1, 28, 256], "dtype": "float32", "device": "cpu"})
    assert by_name["h0"][1]["shape"] == [3, 1, 256]
    seed_lines = SEED.read_text(encoding="utf-8").split("\n")
    for line in block["lines"]:  # 1-based note line numbers: the text is that note line, repaired
        assert line["text"].strip() == seed_lines[line["line"] - 1].replace("\xa0", " ").strip()


def test_all_runs_both_pasted_copies_and_errors_are_reported(tmp_path: Path) -> None:
    done = _run(str(SEED), "--all", "--json")
    assert done.returncode == 0, done.stderr
    blocks = json.loads(done.stdout.strip().splitlines()[-1])["blocks"]
    assert [b["index"] for b in blocks] == [0, 1]
    note = tmp_path / "bad.md"
    note.write_text("```python\nx = torch.randn(1, 28, 28)\nW = torch.randn(256, 28)\ny = x @ W\n```\n")
    done = _run(str(note), "--json")
    assert done.returncode == 1
    error = json.loads(done.stdout.strip().splitlines()[-1])["blocks"][0]["error"]
    assert error["type"] == "RuntimeError" and error["line"] == 4
    assert "x (1, 28, 28) @ W (256, 28)" in error["message"]


def test_bad_input_gets_a_clear_message(tmp_path: Path) -> None:
    missing = _run(str(tmp_path / "nope.md"), "--lang", "ko")
    assert missing.returncode == 2 and "노트가 없습니다" in missing.stderr
    note = tmp_path / "n.md"
    note.write_text("```python\nx = 1\n```\n")
    wrong = _run(str(note), "--block", "3", "--lang", "ko")
    assert wrong.returncode == 2 and "블록 3" in wrong.stderr
    english = _run(str(note), "--block", "3", "--lang", "en")
    assert english.returncode == 2 and "There is no block 3" in english.stderr
