"""The forgiving LaTeX reader: symbols with their source spans, scripts normalized, never an exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.equations.latex import clean, normalize_script, parse


def _atoms(latex: str) -> list[tuple[str, str | None, str | None, str]]:
    src, nodes = parse(latex)
    return [(n.base, n.sub, n.sup, src[n.start : n.end]) for n in nodes if n.kind == "atom"]


def test_clean_removes_invisible_characters_and_unifies_minus() -> None:
    assert clean("h_{t\u2212\u200b1}\ufeff") == "h_{t-1}"
    assert clean("a\u00a0b") == "a b"


def test_pytorch_gate_symbols_and_spans() -> None:
    assert _atoms(r"f_t = \sigma(W_{if} x_t + b_{if} + W_{hf} h_{(t-1)} + b_{hf})") == [
        ("f", "t", None, "f_t"),
        ("W", "if", None, "W_{if}"),
        ("x", "t", None, "x_t"),
        ("b", "if", None, "b_{if}"),
        ("W", "hf", None, "W_{hf}"),
        ("h", "(t-1)", None, "h_{(t-1)}"),
        ("b", "hf", None, "b_{hf}"),
    ]


def test_unicode_sigma_odot_and_bare_tanh_are_not_symbols() -> None:
    _, nodes = parse("h_t=o_t⊙tanh(c_t)")
    kinds = [(n.kind, n.value if n.kind != "atom" else n.base) for n in nodes]
    assert kinds == [
        ("atom", "h"),
        ("eq", "="),
        ("atom", "o"),
        ("op", "odot"),
        ("func", "tanh"),
        ("open", "("),
        ("atom", "c"),
        ("close", ")"),
    ]
    _, nodes = parse("σ(x)")
    assert nodes[0].kind == "func" and nodes[0].value == "sigma"


def test_decorations_stack_and_keep_the_whole_span() -> None:
    src, nodes = parse(r"\tilde{\mathbf{C}}_t + \boldsymbol{h}_{t-1} + \bm{x}_t + \hat{h}_t")
    atoms = [n for n in nodes if n.kind == "atom"]
    c, h, x, hh = atoms
    assert (c.base, c.bold, c.accent, c.sub) == ("C", True, "tilde", "t")
    assert src[c.start : c.end] == r"\tilde{\mathbf{C}}_t"
    assert (h.bold, h.sub) == (True, "t-1")
    assert (x.bold, x.sub) == (True, "t")
    assert (hh.accent, hh.bold) == ("hat", False)


def test_scripts_normalize_transposes_and_time_superscripts() -> None:
    assert normalize_script(r"{\top}") == "T"
    assert normalize_script(r"{\mathrm{t - 1}}") == "t-1"
    assert _atoms(r"W_{ih}^\top x^{(t)}") == [("W", "ih", "T", r"W_{ih}^\top"), ("x", None, "(t)", "x^{(t)}")]


def test_left_right_spacing_and_alignment_are_ignored() -> None:
    _, plain = parse(r"f_t = \sigma(W_f x_t)")
    _, fancy = parse(r"f_t \,&=\, \sigma\left( W_f \; x_t \right) \\")
    assert [(n.kind, n.value, n.base, n.sub) for n in plain] == [
        (n.kind, n.value, n.base, n.sub) for n in fancy
    ]


def test_unbalanced_parentheses_of_a_split_inline_equation() -> None:
    _, nodes = parse("h_t=o_t⊙tanh(c_t))) + x_t")
    assert all(n.depth >= 0 for n in nodes)
    assert nodes[-1].base == "x" and nodes[-1].depth == 0


def test_hangul_and_text_are_words() -> None:
    _, nodes = parse(r"어텐션 = \text{input\_size}")
    assert [(n.kind, n.value) for n in nodes] == [("word", "어텐션"), ("eq", "="), ("word", "input_size")]


def test_frac_arguments_are_bracketed() -> None:
    _, nodes = parse(r"\frac{\partial L}{\partial W}")
    assert [n.kind for n in nodes] == ["op", "open", "op", "atom", "close", "open", "op", "atom", "close"]
    assert nodes[3].depth == 1 and nodes[7].depth == 1


_PIECES = [*"\\{}_^()[]=+-&|,.'abWxht1 σ⊙\u200b\u2212", "\\mathbf", "\\tilde", "\\frac", "\\left", "\\sigma"]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_never_raises_and_spans_stay_inside(text: str) -> None:
    src, nodes = parse(text)
    for n in nodes:
        assert 0 <= n.start <= n.end <= len(src)
