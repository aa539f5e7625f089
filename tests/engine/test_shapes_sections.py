"""Issue 10, the parts on a note's several modules, its code runs and its tensors in the panel.

Real torch everywhere: claims judged on the module of their own section (two models under two headings),
a code block's shape comments checked on the tensors of a real run (``run_block`` in this process, as the
kernel runs it), the CLI twin with ``--run`` in a subprocess, and the module's own tensors (output, h_n,
c_n, x) served as panel quantities with named axes and their values at step t.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.engine import notestate
from app.engine.claims import check_run, evaluate_note, module_at
from app.engine.notecode import infer_note
from app.engine.run import run_block
from app.engine.serve import panel as panel_service
from app.engine.serve.panel import panel_open, panel_step
from app.equations import Sections
from app.i18n import set_language
from app.markup import render_note
from app.vault import read_note
from app.vault.blocks import find_code_blocks

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "notes" / "2023-11-22.md"
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
TWO = FIXTURES / "two_models.md"
COMMENTS = FIXTURES / "code_comments.md"


@pytest.fixture(autouse=True)
def english() -> Any:
    set_language("en")
    yield
    set_language(None)


@pytest.fixture
def note_state() -> Any:
    """The kernel's per-note state, restored after the test (runs change its namespace)."""
    yield notestate.STATE
    notestate.set_note(None, "")
    notestate.reset()


def _rows(result: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for c in result["claims"]:
        out.setdefault(c["line"], []).append(c)
    return out


# --- part 3: the module of the claim's section ------------------------------------------------------


def test_each_section_is_judged_on_its_own_module() -> None:
    text = TWO.read_text(encoding="utf-8")
    modules = infer_note(text).modules
    assert [m.config.describe() for m in modules] == [
        "GRU(12, 20, num_layers=2)", "LSTM(12, 9, batch_first=True, bidirectional=True)"]  # fmt: skip
    result = evaluate_note(str(TWO), lang="en")
    assert result["module"] == "GRU(12, 20, num_layers=2)"  # the panel's module: the note's first
    rows = _rows(result)
    # before any module: the panel's module
    assert rows[3][0]["module"] is None and rows[3][0]["actual"] == [28, 1, 20] and rows[3][0]["holds"]
    # the encoder's section (and its subsection without code): the GRU, not batch_first, one direction
    for line in (19, 21, 25):
        assert rows[line][0]["module"] == 0 and rows[line][0]["kind"] == "gru", line
        assert rows[line][0]["holds"] is True, rows[line]
    assert rows[19][0]["actual"] == [28, 1, 20] and rows[21][0]["actual"] == [2, 1, 20]
    # the tagger's section: the bidirectional batch_first LSTM, whose output the GRU could never make
    assert all(r["module"] == 1 and r["kind"] == "lstm" for n in (35, 36, 38, 40) for r in rows[n])
    assert rows[35][0]["holds"] is True and rows[35][0]["actual"] == [1, 28, 18]
    assert rows[36][0]["holds"] is False and rows[36][0]["why"].startswith("D is 2 only when bidirectional")
    assert rows[38][0]["actual"] == [2, 1, 9] and rows[40][0]["actual"] == [2, 1, 9]
    # a later section without code: the nearest module above (the tagger)
    assert rows[46][0]["module"] == 1 and rows[46][0]["holds"] is True and rows[46][0]["actual"] == [2, 1, 9]


def test_the_section_rule() -> None:
    text = "\n".join([
        "intro",  # 1: no module above, none in its section
        "## A",  # 2
        "(shapes first)",  # 3: the module below it in its own section
        "```python", "a = nn.GRU(3, 4)", "```",  # 4-6: module 0 at line 5
        "### A.1",  # 7
        "nothing here",  # 8: the enclosing section's module above
        "## B",  # 9
        "more",  # 10: the nearest above (A's), not B's own below it? B builds one below: its own
        "```python", "b = nn.LSTM(3, 4)", "```",  # 11-13: module 1 at line 12
        "## C",  # 14
        "end",  # 15: nearest above
    ])  # fmt: skip
    modules = infer_note(text).modules
    assert [m.line for m in modules] == [5, 12]
    sections = Sections(text)
    assert [module_at(sections, modules, n) for n in (1, 3, 8, 10, 15)] == [None, 0, 0, 1, 1]


# --- part 2: code comments checked on a run's tensors ------------------------------------------------


def test_comments_are_checked_on_the_tensors_of_the_run(note_state: Any) -> None:
    before = {c["id"]: c for c in evaluate_note(str(COMMENTS), lang="en")["claims"]}
    assert before["shape-17-0"]["holds"] is None and "when the block runs" in before["shape-17-0"]["why"]
    notestate.set_note(str(COMMENTS), read_note(COMMENTS).text)
    ran = run_block(0, emit=False)
    assert ran["error"] is None, ran["error"]
    checked = check_run(str(COMMENTS), 0, ran["lines"], ran["bound"], lang="en")
    rows = {c["id"]: c for c in checked["claims"]}
    assert list(rows) == ["shape-13-0", "shape-14-0", "shape-16-0", "shape-17-0", "shape-18-0", "shape-19-0"]
    # N = 4, L = 9 come from this run (the model's own sample has N = 1, L = 28)
    assert rows["shape-13-0"]["holds"] is True and rows["shape-13-0"]["actual"] == [4, 9, 6]
    assert rows["shape-14-0"]["holds"] is True and rows["shape-14-0"]["actual"] == [2, 4, 10]
    out = rows["shape-16-0"]
    assert out["holds"] is False and out["evaluated"] == [9, 4, 10] and out["actual"] == [4, 9, 10]
    assert "batch_first=True puts N first" in out["why"] and out["made_on"] == 15
    assert rows["shape-17-0"]["holds"] is True and rows["shape-17-0"]["actual"] == [4, 10]
    assert rows["shape-18-0"]["holds"] is True and rows["shape-18-0"]["actual"] == [4, 90]
    scores = rows["shape-19-0"]
    assert scores["holds"] is False and scores["evaluated"] == [4, 5] and scores["actual"] == [4, 3]
    assert scores["why"] == "axis 2: 5 = 5, but the tensor has 3"


def test_unsaved_code_is_checked_as_it_ran(note_state: Any) -> None:
    """The panel runs the editor's text: its comments are the ones judged, on its tensors."""
    text = read_note(COMMENTS).text
    notestate.set_note(str(COMMENTS), text)
    source = find_code_blocks(text)[0].source
    edited = source.replace("torch.randn(4, 3)  # (N, 5)", "torch.randn(3, 5)  # (N, 5)")
    edited = edited.replace("out.reshape(4, -1)", "out.reshape(3, -1)")
    edited = edited.replace("torch.randn(4, 9, 6)  # (N, L, H_in)", "torch.randn(3, 7, 6)  # (L, N, H_in)")
    edited = edited.replace("torch.zeros(2, 4, 10)", "torch.zeros(2, 3, 10)")
    ran = run_block(0, source=edited, emit=False)
    assert ran["error"] is None, ran["error"]
    rows = {c["id"]: c for c in check_run(str(COMMENTS), 0, ran["lines"], ran["bound"], source=edited,
                                          lang="en")["claims"]}  # fmt: skip
    assert rows["shape-19-0"]["holds"] is True and rows["shape-19-0"]["actual"] == [3, 5]
    x = rows["shape-13-0"]  # the batch_first model reads (3, 7, 6) as N = 3, L = 7: "(L, N, H_in)" swaps them
    assert x["holds"] is False and x["actual"] == [3, 7, 6] and "batch_first=True" in x["why"]


def test_the_seed_forward_comment_after_its_run(note_state: Any) -> None:
    notestate.set_note(str(SEED), read_note(SEED).text)
    ran = run_block(0, emit=False)
    assert ran["error"] is None, ran["error"]
    rows = {c["text"]: c for c in check_run(str(SEED), 0, ran["lines"], ran["bound"], lang="en")["claims"]}
    x, out = rows["[N x L x Q]"], rows["[N x L x D]"]
    assert x["holds"] is True and x["actual"] == [1, 28, 28] and "Q = 28" in x["why"]
    assert x["made_on"] is None  # forward's argument: the input the runner called it with
    assert out["holds"] is True and out["actual"] == [1, 28, 256] and "D here means 256" in out["why"]
    assert out["made_on"] == 67


def test_cli_run_checks_the_comments_and_keeps_the_json_clean() -> None:
    env = {**os.environ, "TENSORNOTE_LANG": "en"}
    done = subprocess.run([sys.executable, "-m", "app", "shapes", str(COMMENTS), "--run", "--json"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=240)  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)  # the whole stdout is the one object: the code's output went elsewhere
    keys = ["line", "text", "subject", "condition", "written", "evaluated", "actual", "holds", "why"]
    assert all(list(c) == keys for c in data["claims"])
    holds = {(c["line"], c["subject"]): (c["holds"], c["actual"]) for c in data["claims"]}
    assert holds[(13, "x")] == (True, [4, 9, 6])
    assert holds[(17, "last")] == (True, [4, 10])
    assert holds[(19, "scores")] == (False, [4, 3])
    plain = subprocess.run([sys.executable, "-m", "app", "shapes", str(COMMENTS), "--json"], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=240)  # fmt: skip
    unrun = {(c["line"], c["subject"]): c["holds"] for c in json.loads(plain.stdout)["claims"]}
    assert unrun[(17, "last")] is None  # without --run nothing of the note runs


def test_comment_badges_sit_after_their_shape_inside_the_code() -> None:
    from app.equations.shapes import find_claims

    text = SEED.read_text(encoding="utf-8")
    claims = find_claims(text).claims
    badges = [(c.anchor if c.anchor is not None else c.end, c.id) for c in claims]
    body = render_note(text, badges=badges).body_html
    assert body.count('class="tn-shape"') == len(claims) == 16
    code = body[body.index('data-code="'):]
    first = code.index('data-claim="shape-68-0"')
    assert code.rfind("[N x L x Q]", 0, first) > code.rfind("\n", 0, first)  # on its line, after its shape
    assert code.index("=&gt; rnn_out:[N x L x D]") > first
    assert code.index('data-claim="shape-68-1"') > code.index("rnn_out:[N x L x D]")


# --- part 1: the module's own tensors in the panel ------------------------------------------------------


def _values(item: dict[str, Any]) -> np.ndarray:
    v = item["values"]
    return np.frombuffer(base64.b64decode(v["b64"]), dtype="<f4").reshape(v["shape"])


def test_output_h_n_c_n_and_x_are_panel_quantities() -> None:
    info = panel_open(str(SEED), model="lstm")
    tr = panel_service._CURRENT[str(SEED)].trace
    step = panel_step("lstm.output", t=5, note_path=str(SEED))
    item = step["result"]
    assert step["quantity"] == "lstm.output" and step["chain"] == []
    assert item["tensor"]["shape"] == [1, 28, 256] and item["tensor"]["axes"] == ["N", "L", "D·H_out"]
    assert item["tensor"]["time_axis"] == 1 and item["tensor"]["t"] == 5
    assert item["shape"] == [1, 256] and item["axes"] == ["N", "D·H_out"] and item["per_batch"] is True
    # the module's own output at t = 5 is the last layer's h_t of the recomputed recurrence
    h_t = tr.get("h", info["dims"]["layers"] - 1, 0)[5].numpy()
    assert np.abs(_values(item) - h_t).max() < 1e-5
    h_n = panel_step("lstm.h_n", t=5, note_path=str(SEED))["result"]
    assert h_n["tensor"]["shape"] == [3, 1, 256] and h_n["tensor"]["axes"] == ["D·num_layers", "N", "H_out"]
    assert h_n["axes"] == ["D·num_layers", "H_out"] and h_n["tensor"]["t"] is None
    last = [tr.get("h", k, 0)[-1, 0].numpy() for k in range(3)]
    assert np.abs(_values(h_n) - np.stack(last)).max() < 1e-5
    c_n = panel_step("lstm.c_n", note_path=str(SEED))["result"]
    assert c_n["tensor"]["axes"] == ["D·num_layers", "N", "H_cell"]
    x = panel_step("lstm.input", t=27, note_path=str(SEED))["result"]
    assert x["name"] == "x" and x["tensor"]["shape"] == [1, 28, 28]
    assert x["tensor"]["axes"] == ["N", "L", "H_in"]
    assert x["source"] == "x[:, 27, :]"


def test_tensors_of_a_section_module_with_two_directions() -> None:
    panel_open(str(TWO), model="lstm", module=1)
    out = panel_step("lstm.output", t=0, note_path=str(TWO))["result"]
    assert out["tensor"]["shape"] == [1, 28, 18] and out["tensor"]["axes"] == ["N", "L", "D·H_out"]
    h_n = panel_step("lstm.h_n", note_path=str(TWO))["result"]
    assert h_n["tensor"]["shape"] == [2, 1, 9]
    panel_open(str(TWO), model="gru", module=0)
    out = panel_step("gru.output", t=3, note_path=str(TWO))["result"]
    assert out["tensor"]["axes"] == ["L", "N", "D·H_out"] and out["tensor"]["time_axis"] == 0
    with pytest.raises(KeyError, match="c_n"):
        panel_step("gru.c_n", note_path=str(TWO))
