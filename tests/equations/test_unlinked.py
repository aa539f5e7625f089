"""Equations that are not about the model stay unlinked, each with its reason (Korean, "<what>: <why>")."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.equations import QUANTITIES, NoteHint, link_equation
from app.equations.latex import clean
from app.equations.linker import (
    R_GRADIENT,
    R_INITIAL,
    R_LONE,
    R_LOSS,
    R_NO_EQUALS,
    R_SHAPE,
    R_SIZE,
    R_UNKNOWN_SYMBOL,
)

CASES = [
    (r"\sigma(x)=\frac{1}{1+e^{−x}}", "모델 수식이 아님: 시그모이드 함수의 정의"),
    ("σ(x) = 1/(1+e^{-x})", "모델 수식이 아님: 시그모이드 함수의 정의"),
    (r"\tanh(x) = \frac{e^x - e^{-x}}{e^x + e^{-x}}", "모델 수식이 아님: tanh 함수의 정의"),
    (r"\mathrm{ReLU}(x) = \max(0, x)", "모델 수식이 아님: ReLU 함수의 정의"),
    (r"S(x) = \frac{1}{1 + \exp(-x)}", "모델 수식이 아님: 활성화 함수의 정의"),
    (r"L = -\sum_{t} y_t \log \hat{y}_t", R_LOSS),
    (r"\mathcal{L} = \frac{1}{T}\sum_t \ell(y_t, \hat{y}_t)", R_LOSS),
    (r"H(p, q) = -\sum_i p_i \log q_i", R_LOSS),
    (r"\text{loss} = \text{CrossEntropy}(\hat{y}, y)", R_LOSS),
    (r"\frac{\partial L}{\partial x_t} = \sum_t \delta_t W_{hf}", R_GRADIENT),  # ∂L/∂W_hf links (#13)
    (r"\frac{\partial L}{\partial W}", R_GRADIENT),
    (r"\nabla_W L", R_GRADIENT),
    (r"\sigma'(x) = \sigma(x)(1 - \sigma(x))", R_GRADIENT),
    (r"|h_t| = (N, H_{out})", R_SHAPE),
    (r"|x_t|=(\text{batch\_size},1,\text{input\_size})", R_SHAPE),
    (r"x_t \in \mathbb{R}^{n}", R_SHAPE),
    (r"\mathbf{H}_{t-1} \in \mathbb{R}^{n \times h}", R_SHAPE),
    (r"(N, H_{in}) \times (H_{in}, H_{out}) = (N, H_{out})", R_SHAPE),
    (r"(N, H_{in})", R_SHAPE),
    ("H_in", R_SIZE),
    ("H_{out}", R_SIZE),
    ("h_{cell}", R_SIZE),
    ("N", R_SIZE),
    (r"H_{out} = \text{proj\_size}", R_SIZE),
    ("h_0 = 0", R_INITIAL),
    (r"y_t = W_{hy} h_t + b_y", "모델 수식이 아님: 왼쪽의 y_t은(는) 모델이 계산하는 값이 아님"),
    (
        r"\mathbf{O}_t = \mathbf{H}_t \mathbf{W}_{hq} + \mathbf{b}_q",
        "모델 수식이 아님: 오른쪽이 \\mathbf{O}_t의 계산식 형태가 아님",
    ),
    (r"h_t = h_{t-1}", "모델 수식이 아님: 오른쪽이 h_t의 계산식 형태가 아님"),
    (r"r_t \odot h_{t-1}", R_NO_EQUALS),
    ("x_t", R_LONE),
    (r"\alpha", R_UNKNOWN_SYMBOL),
    ("", "빈 수식"),
]


@pytest.mark.parametrize(("latex", "reason"), CASES, ids=[c[0][:40] for c in CASES])
def test_unlinked_with_reason(latex: str, reason: str) -> None:
    link = link_equation(latex)
    assert link.quantity is None
    assert link.model is None
    assert link.reason == reason


def test_symbols_of_unlinked_equations_are_null_without_a_note_model() -> None:
    link = link_equation(r"|h_t| = (N, H_{out})")
    assert [(s.latex, s.quantity) for s in link.symbols] == [("h_t", None), ("N", None), ("H_{out}", None)]


def test_indexed_model_symbols_of_unlinked_equations_resolve_with_the_note_model() -> None:
    """Only symbols that clearly are model symbols (a time index or a known parameter label) resolve."""
    lstm = NoteHint(model="lstm")
    shape = link_equation(r"|h_t| = (N, H_{out})", hint=lstm)
    assert [(s.latex, s.quantity) for s in shape.symbols] == [
        ("h_t", "lstm.h"),
        ("N", None),
        ("H_{out}", None),
    ]
    grad = link_equation(r"\frac{\partial L}{\partial W_{hf}}", hint=lstm)
    assert [(s.latex, s.quantity) for s in grad.symbols] == [("L", None), ("W_{hf}", "lstm.W_hf")]
    sigmoid = link_equation(r"\sigma(x) = \frac{1}{1+e^{-x}}", hint=lstm)
    assert all(s.quantity is None for s in sigmoid.symbols)


def test_a_lone_ambiguous_state_asks_for_a_pin() -> None:
    link = link_equation("h_t")
    assert link.quantity is None
    assert (
        link.reason is not None
        and link.reason.startswith("모델을 정할 수 없음")
        and "tensornote" in link.reason
    )


def test_every_reason_has_the_what_colon_why_form() -> None:
    for latex, _ in CASES[:-1]:
        reason = link_equation(latex).reason
        assert reason is not None and ": " in reason


_PIECES = [
    *"=+-(),[]|_^ {}&'",
    "h_t",
    "h_{t-1}",
    "x_t",
    "c_t",
    "c_{t-1}",
    "f_t",
    "z_t",
    "W_{if}",
    "W_f",
    "b_f",
    "\\mathbf{H}_t",
    "\\tilde{C}_t",
    "\\sigma",
    "σ",
    "\\tanh",
    "tanh",
    "\\odot",
    "⊙",
    "\\frac",
    "\\partial",
    "\\in",
    "\\mathbb{R}",
    "\\sum",
    "\\log",
    "1",
    "N",
    "H_{out}",
    "\u200b",
    "\u2212",
    "입력",
]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_any_input_gives_a_quantity_or_a_reason(latex: str) -> None:
    link = link_equation(latex)
    assert (link.quantity is None) != (link.reason is None)
    assert link.quantity is None or link.quantity in QUANTITIES
    if link.quantity:
        assert link.model == link.quantity.split(".")[0]
    for symbol in link.symbols:
        assert symbol.latex and symbol.latex in clean(latex)
