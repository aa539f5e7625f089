"""Shape claims judged on the note's own module with real torch forwards (``app.engine.claims``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.engine.claims import evaluate_note
from app.i18n import set_language

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "notes" / "2023-11-22.md"
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"


@pytest.fixture(autouse=True)
def english() -> Any:
    set_language("en")
    yield
    set_language(None)


def _by_text(result: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for c in result["claims"]:
        out.setdefault(c["text"], []).append(c)
    return out


def test_seed_output_claims_and_the_forward_comment() -> None:
    result = evaluate_note(str(SEED), lang="en")
    assert result["module"] == "LSTM(28, 256, num_layers=3, batch_first=True)"
    symbols = result["symbols"]
    assert {k: symbols[k] for k in ("N", "L", "D", "num_layers", "H_in", "H_cell", "H_out", "Q")} == {
        "N": 1, "L": 28, "D": 1, "num_layers": 3, "H_in": 28, "H_cell": 256, "H_out": 256, "Q": 28,
    }  # fmt: skip
    prose = [c for c in result["claims"] if c["where"] == "text"]
    assert len(prose) == 12
    flagged = [c for c in prose if c["holds"] is False]
    assert [c["text"] for c in flagged] == ["(L,N,D∗Hout)", "(L,N,D∗Hout)"]
    for c in flagged:
        assert "batch_first" in c["why"]
        assert c["evaluated"] == [28, 1, 256] and c["actual"] == [1, 28, 256]
    assert all(c["holds"] is True for c in prose if c not in flagged)
    by_text = _by_text(result)
    assert by_text["(L,D∗Hout)"][0]["actual"] == [28, 256]
    assert by_text["(D∗num_layers,N,Hcell)"][0]["actual"] == [3, 1, 256]
    x, out = by_text["[N x L x Q]"][0], by_text["[N x L x D]"][0]
    assert x["holds"] is True and x["actual"] == [1, 28, 28] and "Q = 28" in x["why"]
    assert out["holds"] is True and out["evaluated"] == [1, 28, 256] and "D here means 256" in out["why"]
    assert [c["line"] for c in result["claims"]][:4] == [68, 68, 76, 76]


def test_korean_reasons() -> None:
    result = evaluate_note(str(SEED), lang="ko")
    flagged = [c for c in result["claims"] if c["holds"] is False]
    assert flagged and "batch_first=True라서 N이 맨 앞에" in flagged[0]["why"]


def _verdicts(name: str, **kw: Any) -> dict[str, list[tuple[bool | None, str | None]]]:
    result = evaluate_note(str(FIXTURES / name), lang="en", **kw)
    return {t: [(c["holds"], c["why"]) for c in cs] for t, cs in _by_text(result).items()}


def test_bidirectional() -> None:
    v = _verdicts("bidirectional.md")
    assert v["(L, N, D*H_out)"] == [(True, None)]
    assert v["(D * num_layers, N, H_out)"] == [(True, None)]
    assert v["(L, N, 2*H_out)"] == [(True, None)]
    holds, why = v["(L, N, H_out)"][0]
    assert holds is False and why is not None and why.startswith("D is 2 only when bidirectional")


def test_proj_size_changes_h_n_but_not_c_n() -> None:
    v = _verdicts("proj_size.md")
    assert v["(num_layers, N, proj_size)"] == [(True, None)]
    assert v["(num_layers, N, H_cell)"] == [(True, None)]
    h_holds, h_why = v["(num_layers, N, hidden_size)"][0]
    c_holds, c_why = v["(num_layers, N, H_out)"][0]
    assert h_holds is False and "proj_size changes h_n's last axis" in str(h_why)
    assert c_holds is False and "c_n's last axis is hidden_size = 64" in str(c_why)


def test_unbatched() -> None:
    # random rows of L = 28 (an 8-wide model's default sample is now an 8×8 digit, L = 8 = H_in)
    spec = {"kind": "random", "seq_len": 28}
    result = evaluate_note(str(FIXTURES / "unbatched.md"), lang="en", input_spec=spec)
    rows = {c["text"]: c for c in result["claims"]}
    assert rows["(L, H_in)"]["holds"] is True and rows["(L, H_in)"]["actual"] == [28, 8]
    assert rows["(L, D*H_out)"]["holds"] is True and rows["(L, D*H_out)"]["condition"] == "unbatched"
    assert rows["(num_layers, H_out)"]["holds"] is True and rows["(num_layers, H_cell)"]["actual"] == [1, 12]
    assert rows["(H_in, L)"]["holds"] is False and rows["(H_in, L)"]["evaluated"] == [8, 28]


def test_swapped_axes_are_caught_even_when_n_equals_l() -> None:
    result = evaluate_note(str(FIXTURES / "swapped.md"), lang="en",
                           input_spec={"kind": "random", "batch": 9, "seq_len": 9})  # fmt: skip
    rows = {c["text"]: c for c in result["claims"]}
    right, wrong = rows["(N, L, H_out)"], rows["(L, N, H_out)"]
    assert right["holds"] is True and right["actual"] == [9, 9, 7]
    # the same numbers, the wrong axes
    assert wrong["evaluated"] == wrong["actual"] == [9, 9, 7]
    assert wrong["holds"] is False and "batch_first=True puts N first" in wrong["why"]


def test_a_legend_that_redefines_a_standard_name() -> None:
    result = evaluate_note(str(FIXTURES / "legend.md"), lang="en")
    rows = {c["text"]: c for c in result["claims"]}
    assert result["symbols"]["N"] == 28 and result["symbols"]["B"] == 1  # N is the sequence length here
    assert rows["(B, N, H)"]["holds"] is True
    assert rows["B×N×6"]["holds"] is True
    assert rows["(N, B, H)"]["holds"] is False and "batch_first" in rows["(N, B, H)"]["why"]


@pytest.mark.parametrize(
    "ctor",
    [
        None,  # the note has no code: the default LSTM(4, 3), GRU/RNN for their sections
        "nn.LSTM(10, 20, num_layers=2, bidirectional=True, proj_size=5, batch_first=True)",
        "nn.GRU(7, 7, num_layers=2, bidirectional=True)",
        "nn.RNN(28, 28, num_layers=2)",
    ],
)
def test_pytorch_style_docs_get_no_false_cross(ctor: str | None, tmp_path: Path) -> None:
    """Our own paraphrase of PyTorch's RNN/LSTM/GRU shape docs: every shape there is right, so none is ✗,
    whatever the note's model (those that are not its case are 'not this model')."""
    text = (FIXTURES / "pytorch_style.md").read_text(encoding="utf-8")
    if ctor:
        text = f"```python\nimport torch.nn as nn\nm = {ctor}\n```\n\n{text}"
    note = tmp_path / "docs.md"
    note.write_text(text, encoding="utf-8")
    result = evaluate_note(str(note), lang="en", input_spec={"kind": "random", "batch": 28, "seq_len": 28})
    holds = [c["holds"] for c in result["claims"]]
    assert len(holds) >= 50
    assert [c for c in result["claims"] if c["holds"] is False] == []
    assert holds.count(True) >= 40


def test_cli_prints_exactly_the_documented_keys() -> None:
    env = {**os.environ, "TENSORNOTE_LANG": "en"}
    done = subprocess.run([sys.executable, "-m", "app", "shapes", str(SEED), "--json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout.strip().splitlines()[-1])
    assert list(data) == ["note", "module", "symbols", "claims"]
    keys = ["line", "text", "subject", "condition", "written", "evaluated", "actual", "holds", "why"]
    assert all(list(c) == keys for c in data["claims"])
    assert sum(1 for c in data["claims"] if c["holds"] is False) == 2


def test_cli_on_a_missing_note_fails_clearly(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "app", "shapes", str(tmp_path / "none.md")], cwd=ROOT,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "TENSORNOTE_LANG": "ko"})  # fmt: skip
    assert done.returncode == 2 and "노트가 없습니다" in done.stderr
