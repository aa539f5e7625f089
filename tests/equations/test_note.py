"""link_note on whole notes: the user's seed, the model decided by the note, front-matter pins."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.equations import NoteHint, code_model, link_note, pinned_hint
from app.markup.mathscan import scan_equations

NOTES = Path(__file__).resolve().parents[2] / "notes"
GATE_OF_LINE = {
    "f_t": "lstm.f",
    "i_t": "lstm.i",
    "g_t": "lstm.g",
    "o_t": "lstm.o",
    "c_t": "lstm.c",
    "h_t": "lstm.h",
}


def test_one_linked_equation_per_scanned_equation_same_order_and_ids(seed_text: str) -> None:
    linked = link_note(seed_text)
    assert [le.equation for le in linked] == scan_equations(seed_text)
    assert [le.id for le in linked] == [eq.id for eq in scan_equations(seed_text)]


def test_every_gate_line_of_the_seed_links_in_both_copies(seed_text: str) -> None:
    """The split inline form (`$f_t$=σ($W_{if}$$x_t$+…)`) and the align rows, in both pasted copies."""
    linked = link_note(seed_text)
    gates = [le for le in linked if "=" in le.equation.latex]
    inline = [le for le in gates if le.equation.kind == "inline"]
    rows = [le for le in gates if le.equation.kind == "row"]
    assert len(inline) == 12 and len(rows) == 12  # six gate lines, pasted twice, in both forms
    for le in gates:
        lhs = le.equation.latex.split("=")[0].replace("&", "").strip()
        assert le.quantity == GATE_OF_LINE[lhs], le.equation.latex
        assert le.reason is None and le.model == "lstm" and le.notation == "pytorch"
    for kind in ("inline", "row"):
        got = sorted(le.quantity or "" for le in gates if le.equation.kind == kind)
        assert got == sorted(list(GATE_OF_LINE.values()) * 2)


def test_seed_split_forget_gate_symbols(seed_text: str) -> None:
    forget = next(le for le in link_note(seed_text) if le.equation.latex.startswith("f_t=σ("))
    assert forget.equation.lines == (35, 35)
    assert [(s.latex, s.quantity) for s in forget.symbols] == [
        ("f_t", "lstm.f"),
        ("W_{if}", "lstm.W_if"),
        ("x_t", "lstm.x"),
        ("b_{if}", "lstm.b_if"),
        ("W_{hf}", "lstm.W_hf"),
        ("h_{t-1}", "lstm.h_prev"),
        ("b_{hf}", "lstm.b_hf"),
    ]
    # every piece of the inline equation is one symbol, with the same cleaned LaTeX
    assert [p.latex for p in forget.equation.pieces] == [s.latex for s in forget.symbols]


def test_seed_prose_pieces(seed_text: str) -> None:
    by_latex = {le.equation.latex: le for le in link_note(seed_text)}
    assert by_latex["c_t"].quantity == "lstm.c"  # "출력 : cell state $c_t$"
    for size in ("H_in", "h_{cell}", "H_{out}"):
        assert by_latex[size].quantity is None
        assert by_latex[size].reason == "모델 수식이 아님: 텐서 크기를 나타내는 기호"


LONE_H = "본문: $h_t$는 은닉 상태\n\n"
LSTM_ROWS = "$$\n\\begin{align}\nc_t &= f_t \\odot c_{t-1} + i_t \\odot g_t\n\\end{align}\n$$\n"
GRU_EQ = "$$z_t = \\sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz})$$\n"


def _lone_h(text: str) -> tuple[str | None, str | None]:
    le = next(le for le in link_note(text) if le.equation.latex == "h_t")
    return le.quantity, le.reason


def test_lone_h_is_decided_by_the_other_equations() -> None:
    assert _lone_h(LONE_H + LSTM_ROWS) == ("lstm.h", None)
    assert _lone_h(LONE_H + GRU_EQ) == ("gru.h", None)


def test_lone_h_is_decided_by_the_code_when_no_equation_tells() -> None:
    assert _lone_h(LONE_H + "```python\nrnn = nn.GRU(10, 20)\n```\n") == ("gru.h", None)
    assert _lone_h(LONE_H + "`self.rnn=nn.LSTM(input_size=28, hidden_size=256)`\n") == ("lstm.h", None)
    quantity, reason = _lone_h(LONE_H)
    assert quantity is None and reason is not None and reason.startswith("모델을 정할 수 없음")


def test_front_matter_pin_wins_over_code_and_equations() -> None:
    pinned = "---\ntensornote: {model: rnn, notation: d2l}\n---\n" + LONE_H + LSTM_ROWS + "nn.LSTM(1, 2)\n"
    assert _lone_h(pinned) == ("rnn.h", None)
    le = next(le for le in link_note(pinned) if le.equation.latex == "h_t")
    assert le.notation == "d2l"


def test_pin_does_not_override_what_an_equation_shows() -> None:
    """A gate's structure is evidence; the pin decides only what the equation leaves open."""
    text = "---\ntensornote: {model: gru}\n---\n" + LSTM_ROWS
    (le,) = link_note(text)
    assert le.quantity == "lstm.c"


def test_pinned_notation_applies_to_weight_free_equations() -> None:
    text = "---\ntensornote:\n  notation: concat\n---\n" + LSTM_ROWS
    (le,) = link_note(text)
    assert (le.quantity, le.notation) == ("lstm.c", "concat")


def test_caller_hint_is_used_after_the_pin() -> None:
    assert link_note(LONE_H, hint=NoteHint(model="gru"))[0].quantity == "gru.h"
    pinned = "---\ntensornote: lstm\n---\n" + LONE_H
    assert link_note(pinned, hint=NoteHint(model="gru"))[0].quantity == "lstm.h"


def test_bad_pins_are_reported_and_ignored() -> None:
    hint, warning = pinned_hint("---\ntensornote: {model: transformer, notation: pytorch}\n---\n")
    assert hint.model is None and hint.notation == "pytorch"
    assert warning is not None and "transformer" in warning
    hint, warning = pinned_hint("---\ntensornote: [1, 2]\n---\n")
    assert hint == NoteHint() and warning is not None
    assert pinned_hint("---\ntitle: x\n---\n") == (NoteHint(), None)


def test_code_model_counts_modules() -> None:
    assert code_model("self.rnn = nn.LSTM(4, 8)\nnn.LSTM") == "lstm"
    assert code_model("torch.nn.GRU(3, 4)") == "gru"
    assert code_model("nn.RNNCell(3, 4)") == "rnn"
    assert code_model("nn.LSTM(1,2); nn.GRU(1,2)") is None
    assert code_model("LSTM은 좋다") is None


def test_notation_of_weight_free_equations_follows_the_note() -> None:
    d2l = (
        "$$\\mathbf{I}_t = \\sigma(\\mathbf{X}_t \\mathbf{W}_{xi}"
        " + \\mathbf{H}_{t-1}\\mathbf{W}_{hi} + \\mathbf{b}_i)$$\n"
    )
    text = d2l + "$$C_t = F_t \\odot C_{t-1} + I_t \\odot G_t$$\n"
    linked = link_note(text)
    assert [(le.quantity, le.notation) for le in linked] == [("lstm.i", "d2l"), ("lstm.c", "d2l")]


def test_empty_and_math_free_notes() -> None:
    assert link_note("") == []
    assert link_note("# 제목\n\n수식 없음 `$x$`\n") == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("GRU 정리.md", {"gru.r", "gru.z", "gru.n", "gru.h"}),
        ("RNN 기초.md", {"rnn.h"}),
        ("LSTM (d2l 표기).md", {"lstm.i", "lstm.f", "lstm.o", "lstm.g", "lstm.c", "lstm.h"}),
    ],
)
def test_other_notes_in_the_vault(name: str, expected: set[str]) -> None:
    path = NOTES / name
    if not path.exists():
        pytest.skip(f"{name} is not in notes/")
    linked = link_note(path.read_text(encoding="utf-8"))
    display = [le for le in linked if le.equation.kind != "inline" and "=" in le.equation.latex]
    assert expected <= {le.quantity for le in display}
    for le in linked:
        assert (le.quantity is None) != (le.reason is None)
    if name.startswith("LSTM (d2l"):
        weights = [s for le in display for s in le.symbols if s.quantity and ".W_" in s.quantity]
        assert weights and all(s.transposed for s in weights)


HARD_CASES = Path(__file__).resolve().parents[1] / "fixtures" / "hard_cases"
CASE_12 = {  # line -> (quantity, notation), from the fixture's README
    3: ("lstm.i", "pytorch"),
    4: ("lstm.f", "pytorch"),
    5: ("lstm.g", "pytorch"),
    6: ("lstm.o", "pytorch"),
    7: ("lstm.c", "pytorch"),
    8: ("lstm.h", "pytorch"),
    11: ("lstm.i", "d2l"),
    12: ("lstm.f", "d2l"),
    13: ("lstm.o", "d2l"),
    14: ("lstm.g", "d2l"),
    15: ("lstm.c", "d2l"),
    16: ("lstm.h", "d2l"),
    19: ("lstm.f", "concat"),
    20: ("lstm.i", "concat"),
    21: ("lstm.g", "concat"),
    22: ("lstm.o", "concat"),
    25: ("gru.r", "pytorch"),
    26: ("gru.z", "pytorch"),
    27: ("gru.n", "pytorch"),
    28: ("gru.h", "pytorch"),
    31: ("gru.r", "d2l"),
    32: ("gru.z", "d2l"),
    33: ("gru.n", "d2l"),
    34: ("gru.h", "d2l"),
    37: ("rnn.h", "pytorch"),
    40: (None, None),
    41: (None, None),
    42: (None, None),
    43: (None, None),
}


def test_hard_case_12_three_notations() -> None:
    path = HARD_CASES / "12-three-notations.md"
    if not path.exists():
        pytest.skip("hard-case fixture 12 is missing")
    linked = link_note(path.read_text(encoding="utf-8"))
    assert {le.equation.lines[0]: (le.quantity, le.notation) for le in linked} == CASE_12
    for le in linked:
        assert (le.reason is None) == (le.quantity is not None)
    rnn = next(le for le in linked if le.quantity == "rnn.h")
    weights = [s for s in rnn.symbols if s.quantity in ("rnn.W_ih", "rnn.W_hh")]
    assert len(weights) == 2 and all(s.transposed for s in weights)


def test_hard_case_13_seed_quirks() -> None:
    path = HARD_CASES / "13-seed-quirks.md"
    if not path.exists():
        pytest.skip("hard-case fixture 13 is missing")
    linked = link_note(path.read_text(encoding="utf-8"))
    by_line = {le.equation.lines[0]: le.quantity for le in linked}
    assert (by_line[23], by_line[25], by_line[27]) == ("gru.r", "gru.z", "gru.h")
    assert [le.quantity for le in linked if "=" in le.equation.latex] == ["gru.r", "gru.z", "gru.h"] * 2
