"""Code comments checked after a run take N and L from the note's own tensors, not the panel's sample.

The fault this guards: a note runs its model on its own ``batch`` and ``steps`` (6 and 11 here), while the
panel's sample has N = 1; a comment ``# (T, N, n_feat)`` on the note's (11, 6, 5) was judged with N = 1 and
flagged ✗. The model's own sizes (num_layers, H_out) still come from the model.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any

import pytest

from app.engine import notestate
from app.engine.claims import check_run
from app.engine.run.runner import run_all
from app.equations.shapes.claims import recurrent_names
from app.i18n import set_language
from app.vault import read_note

OWN = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "shapes" / "own_batch.md"


@pytest.fixture(autouse=True)
def english() -> Any:
    set_language("en")
    yield
    set_language(None)
    notestate.set_note(None, "")
    notestate.reset()


def _checked() -> dict[str, dict[str, Any]]:
    notestate.set_note(str(OWN), read_note(OWN).text)
    with contextlib.redirect_stdout(sys.stderr):
        ran = run_all(emit=False)
    rows: dict[str, dict[str, Any]] = {}
    for block in ran["blocks"]:
        assert block["error"] is None, block["error"]
        checked = check_run(str(OWN), block["index"], block["lines"], block.get("bound"), lang="en")
        for row in checked["claims"]:
            rows[row["text"]] = row
    return rows


def test_the_notes_own_batch_and_length_decide_n_and_l() -> None:
    rows = _checked()
    x, y = rows["(T, N, n_feat)"], rows["(T, N, n_hid)"]
    # `net(X)` names no recurrent module: N comes from the tensor itself, 6, not the sample's 1
    assert x["holds"] is True and x["actual"] == [11, 6, 5] and x["evaluated"] == [11, 6, 5]
    assert "N = 6" in x["why"]
    assert y["holds"] is True and y["actual"] == [11, 6, 8]
    # second block: the call names its input xs = (7, 3, 5), so N = 3, L = 7 and a swapped comment is still ✗
    out = rows["(N, L, H_out)"]
    assert out["holds"] is False and out["evaluated"] == [3, 7, 8] and out["actual"] == [7, 3, 8]
    assert "batch_first=False" in out["why"]
    h_n = rows["(num_layers, N, n_hid)"]  # num_layers = 2 from the model, N = 3 from the run
    assert h_n["holds"] is True and h_n["evaluated"] == [2, 3, 8]


def test_a_comment_s_parentheses_and_a_construction_name_no_tensor() -> None:
    names = recurrent_names([
        "lstm = LSTM(num_inputs=vocab_size, num_hiddens=num_hiddens)",
        "outputs, (H, C) = lstm(X)  # outputs: (T, N, num_hiddens)",
    ])  # fmt: skip
    assert names == {"outputs": "output", "H": "h_n", "C": "c_n", "X": "input"}
