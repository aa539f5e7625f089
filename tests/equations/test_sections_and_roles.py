"""Issue 9's linker: rows of array/eqnarray/``\\\\`` blocks, continuation rows and chains, weight roles from
their operands and side, the layer's input, peepholes, primes, lone symbols and section-scoped modules.
Every fixture is written here in our own words."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.engine.notecode import infer_note
from app.equations import NoteHint, link_equation, link_note

ROOT = Path(__file__).resolve().parents[2]


def rows_of(note: str) -> list[tuple[str, str | None]]:
    return [(le.equation.latex, le.quantity) for le in link_note(note)]


def test_an_array_of_gate_equations_splits_into_rows_each_linked() -> None:
    note = (
        "# GRU 문서 표기\n\n$$\\begin{array}{ll} \\\\\n"
        "r_t = \\sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}) \\\\\n"
        "z_t = \\sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}) \\\\\n"
        "n_t = \\tanh(W_{in} x_t + b_{in} + r_t \\odot (W_{hn} h_{t-1} + b_{hn})) \\\\\n"
        "h_t = (1 - z_t) \\odot n_t + z_t \\odot h_{t-1}\n\\end{array}$$\n"
    )
    linked = link_note(note)
    assert [le.quantity for le in linked] == ["gru.r", "gru.z", "gru.n", "gru.h"]
    assert [le.equation.kind for le in linked] == ["row"] * 4
    assert [le.equation.lines[0] for le in linked] == [4, 5, 6, 7]


def test_a_matrix_written_as_an_array_stays_one_block() -> None:
    [only] = link_note("$$\\begin{array}{cc} 1 & 0 \\\\ 0 & 1 \\end{array}$$\n")
    assert only.equation.kind == "display"


def test_eqnarray_and_a_plain_backslash_block_split_into_rows() -> None:
    eqnarray = (
        "$$\\begin{eqnarray}\ni_t &=& \\sigma(W_{ii} x_t + W_{hi} h_{t-1}) \\\\\n"
        "g_t &=& \\tanh(W_{ig} x_t + W_{hg} h_{t-1})\n\\end{eqnarray}$$\n"
    )
    assert [q for _, q in rows_of(eqnarray)] == ["lstm.i", "lstm.g"]
    plain = "$$ c_t = f_t \\odot c_{t-1} + i_t \\odot g_t \\\\ h_t = o_t \\odot \\tanh(c_t) $$\n"
    assert rows_of(plain) == [
        ("c_t = f_t \\odot c_{t-1} + i_t \\odot g_t", "lstm.c"),
        ("h_t = o_t \\odot \\tanh(c_t)", "lstm.h"),
    ]


def test_a_continuation_row_inherits_the_left_side_and_a_chain_picks_the_computed_side() -> None:
    note = (
        "RNN 출력\n\n$$\\begin{aligned}\n\\hat{y}_t = h_t &= g(x_t, h_{t-1}) \\\\\n"
        "&= \\tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})\n\\end{aligned}$$\n"
    )
    linked = link_note(note)
    assert linked[1].quantity == "rnn.h"
    assert linked[0].quantity == "rnn.h"  # the note's model decides the generic first row


def test_weight_role_comes_from_its_operand_and_side() -> None:
    left = link_equation(r"f_t = \sigma(W_{xf} x_t + W_{hf} h_{t-1} + b_f)")
    assert left.quantity == "lstm.f" and left.notation == "pytorch"
    weights = [
        (s.latex, s.quantity, s.transposed) for s in left.symbols if s.quantity and ".W_" in s.quantity
    ]
    assert weights == [("W_{xf}", "lstm.W_if", False), ("W_{hf}", "lstm.W_hf", False)]
    right = link_equation(r"o_t = \sigma(x_t W_{xo} + h_{t-1} W_{ho} + b_o)")
    assert [s.transposed for s in right.symbols if s.quantity and ".W_" in s.quantity] == [True, True]
    assert right.notation == "d2l"
    # Goodfellow's letters: W multiplies the previous state, U the input
    swapped = link_equation(r"h_t = \tanh(b + W h_{t-1} + U x_t)")
    roles = {s.latex: s.quantity for s in swapped.symbols}
    assert swapped.quantity == "rnn.h" and roles["W"] == "rnn.W_hh" and roles["U"] == "rnn.W_ih"


def test_the_layer_below_is_this_layers_input() -> None:
    link = link_equation(r"z_t = \sigma(W_{iz} h^{(l-1)}_t + b_{iz} + W_{hz} h_{t-1} + b_{hz})")
    assert link.quantity == "gru.z"
    assert ("h^{(l-1)}_t", "gru.x") in [(s.latex, s.quantity) for s in link.symbols]


def test_a_peephole_term_makes_the_gate_unlinked_with_the_reason() -> None:
    link = link_equation(r"f_t = \sigma(W_{xf} x_t + W_{hf} h_{t-1} + W_{cf} c_{t-1} + b_f)")
    assert link.quantity is None and link.reason_code == "peephole"
    assert link.reason_args == {"symbol": "W_{cf} c_{t-1}"}
    assert "W_{cf} c_{t-1}" in (link.reason or "")


def test_primes_are_the_next_state_in_the_cell_docs_notation() -> None:
    cell = link_equation(r"c' = f \odot c + i \odot g")
    assert cell.quantity == "lstm.c" and cell.reason is None
    assert [(s.latex, s.quantity) for s in cell.symbols][:3] == [
        ("c'", "lstm.c"),
        ("f", "lstm.f"),
        ("c", "lstm.c_prev"),
    ]
    gate = link_equation(r"r = \sigma(W_{ir} x + b_{ir} + W_{hr} h + b_{hr})")
    assert gate.quantity == "gru.r"
    assert link_equation(r"f'(x) = f(x)(1 - f(x))").quantity is None  # still a derivative


def test_lone_symbols_follow_the_sections_model() -> None:
    note = (
        "# RNN\n$$h_t = \\tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})$$\n"
        "여기서 $h_t$는 은닉 상태, $o_t$는 출력층의 값\n\n"
        "# GRU\n$$z_t = \\sigma(W_{iz} x_t + W_{hz} h_{t-1})$$\n"
        "$$h_t = (1 - z_t) \\odot n_t + z_t \\odot h_{t-1}$$\n"
        "GRU에는 $c_t$가 없고 $h_t$만 있다.\n"
    )
    inline = [(le.equation.lines[0], le.equation.latex, le.quantity, le.reason_code) for le in link_note(note)
              if le.equation.kind == "inline"]  # fmt: skip
    assert inline == [
        (3, "h_t", "rnn.h", None),
        (3, "o_t", None, "not-in-model"),
        (8, "c_t", None, "not-in-model"),
        (8, "h_t", "gru.h", None),
    ]
    reasons = [le.reason or "" for le in link_note(note) if le.reason_code == "not-in-model"]
    assert "(RNN)" in reasons[0] and "o_t" in reasons[0] and "(GRU)" in reasons[1]


def test_three_models_under_three_headings_each_equation_traces_its_own() -> None:
    note = (
        "# LSTM\n```python\nlstm = nn.LSTM(3, 4)\n```\n$h_t$\n"
        "# GRU\n```python\ngru = nn.GRU(3, 5)\n```\n$h_t$\n"
        "# 다시 LSTM\n$$f_t = \\sigma(W_{if} x_t + W_{hf} h_{t-1})$$\n"
        "```python\nbig = nn.LSTM(3, 9)\n```\n"
    )
    modules = infer_note(note).modules
    linked = link_note(note, modules=modules)
    assert [(le.quantity, le.module) for le in linked] == [("lstm.h", 0), ("gru.h", 1), ("lstm.f", 2)]
    assert [m.name for m in modules] == ["lstm", "gru", "big"]
    # without the engine's modules, the light code scan gives the same indices
    assert [le.module for le in link_note(note)] == [0, 1, 2]


def test_lstm_quantities_never_trace_a_gru() -> None:
    note = "```python\nnet = nn.GRU(2, 3)\n```\n$$i_t = \\sigma(W_{ii} x_t + W_{hi} h_{t-1})$$\n"
    [le] = link_note(note)
    assert le.quantity == "lstm.i" and le.module is None


def test_hint_model_does_not_override_the_letters_of_an_lstm_gate() -> None:
    assert link_equation("g_t", hint=NoteHint(model="gru")).quantity == "lstm.g"


def test_equations_cli_gains_module_and_transposed(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text(
        "# 셀\n```python\ncell = nn.LSTMCell(3, 4)\n```\n"
        "$$i_t = \\sigma(x_t W_{xi} + h_{t-1} W_{hi} + b_i)$$\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "app", "equations", str(note), "--json"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    [eq] = json.loads(out.stdout.strip().splitlines()[-1])["equations"]
    assert eq["module"] == 0 and eq["quantity"] == "lstm.i"
    weights = [s for s in eq["symbols"] if s["quantity"] and ".W_" in s["quantity"]]
    assert [(s["quantity"], s["transposed"]) for s in weights] == [("lstm.W_ii", True), ("lstm.W_hi", True)]
    assert all("transposed" not in s for s in eq["symbols"] if s not in weights)


def test_the_seed_keeps_all_its_gate_lines() -> None:
    seed = (ROOT / "notes" / "2023-11-22.md").read_text(encoding="utf-8")
    linked = link_note(seed, modules=infer_note(seed).modules)
    gates = [le for le in linked if le.quantity and "=" in le.equation.latex]
    assert len(gates) == 24 and {le.quantity for le in gates} == {f"lstm.{q}" for q in "ifgoch"}
    assert {le.module for le in gates} == {0, 1}  # the section is written twice: each half its own module


def test_andrew_ngs_notation_for_the_rnn_lstm_and_gru() -> None:
    rnn = link_equation(r"a^{<t>} = \tanh(W_{aa} a^{<t-1>} + W_{ax} x^{<t>} + b_a)")
    assert rnn.quantity == "rnn.h"
    assert [s.quantity for s in rnn.symbols] == [
        "rnn.h",
        "rnn.W_hh",
        "rnn.h_prev",
        "rnn.W_ih",
        "rnn.x",
        "rnn.b",
    ]
    lstm = [
        (r"\Gamma_u = \sigma(W_u[a^{\langle t-1 \rangle}, x^{\langle t \rangle}] + b_u)", "lstm.i"),
        (r"\Gamma_f = \sigma(W_f[a^{<t-1>}, x^{<t>}] + b_f)", "lstm.f"),
        (r"\tilde{c}^{<t>} = \tanh(W_c[a^{<t-1>}, x^{<t>}] + b_c)", "lstm.g"),
        (r"c^{<t>} = \Gamma_u * \tilde{c}^{<t>} + \Gamma_f * c^{<t-1>}", "lstm.c"),
        (r"a^{<t>} = \Gamma_o * \tanh(c^{<t>})", "lstm.h"),
    ]
    assert [link_equation(latex).quantity for latex, _ in lstm] == [q for _, q in lstm]
    gru = [
        (r"\Gamma_u = \sigma(W_u[c^{<t-1>}, x^{<t>}] + b_u)", "gru.z"),
        (r"\Gamma_r = \sigma(W_r[c^{<t-1>}, x^{<t>}] + b_r)", "gru.r"),
        (r"\tilde{c}^{<t>} = \tanh(W_c[\Gamma_r * c^{<t-1>}, x^{<t>}] + b_c)", "gru.n"),
        (r"c^{<t>} = \Gamma_u * \tilde{c}^{<t>} + (1 - \Gamma_u) * c^{<t-1>}", "gru.h"),
    ]
    links = [link_equation(latex) for latex, _ in gru]
    assert [link.quantity for link in links] == [q for _, q in gru]
    assert "gru-z-flipped" in links[3].remark_codes  # Ng's update gate is PyTorch's 1 − z
    assert ("c^{<t-1>}", "gru.h_prev") in [(s.latex, s.quantity) for s in links[2].symbols]
    # outside Ng's notation a GRU has no c: the symbol of a lone c_t stays without a quantity
    assert (
        link_note("# GRU\n$$z_t = \\sigma(W_{iz} x_t + W_{hz} h_{t-1})$$\n$c_t$\n")[1].symbols[0].quantity
        is None
    )


def test_setext_headings_are_sections_too() -> None:
    note = (
        "RNN\n===\n```python\nr = nn.RNN(2, 3)\n```\n$h_t$\n\n"
        "GRU\n---\n```python\ng = nn.GRU(2, 3)\n```\n$h_t$\n"
    )
    assert [(le.quantity, le.module) for le in link_note(note)] == [("rnn.h", 0), ("gru.h", 1)]


def test_wildmls_recurrent_s_is_the_state_but_a_lone_s_is_not() -> None:
    link = link_equation(r"s_t = \tanh(U x_t + W s_{t-1})")
    assert link.quantity == "rnn.h"
    assert [(s.latex, s.quantity) for s in link.symbols if s.latex.startswith(("U", "W"))] == [
        ("U", "rnn.W_ih"),
        ("W", "rnn.W_hh"),
    ]
    assert link_equation(r"o_t = \mathrm{softmax}(V s_t)").quantity is None


def test_a_front_matter_pin_still_wins_over_the_section() -> None:
    note = (
        "---\ntensornote: {model: gru}\n---\n# LSTM 절\n```python\na = nn.LSTM(2, 3)\nb = nn.GRU(2, 4)\n```\n"
        "$h_t$\n"
    )
    [lone] = link_note(note, modules=infer_note(note).modules)
    assert (lone.quantity, lone.module) == ("gru.h", 1)
