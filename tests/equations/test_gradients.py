"""Gradient equations link to gradient quantities (issue 13) in every notation, display and inline."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.equations import NoteHint, link_equation, link_note

ROOT = Path(__file__).resolve().parents[2]

W_HH_SUM = (
    r"\frac{\partial L}{\partial W_{hh}} = "
    r"\sum_t \frac{\partial L}{\partial h_t} \frac{\partial h_t}{\partial W}"
)
W_XH_SUM = (
    r"\frac{\partial L}{\partial \mathbf{W}_{xh}} = "
    r"\sum_{t} \frac{\partial L}{\partial \mathbf{h}_t} \mathbf{x}_t^\top"
)
LINKED = [
    # PyTorch's letters
    (r"\frac{\partial L}{\partial h_t}", "grad.h"),
    (r"\frac{\partial L}{\partial c_t} = \frac{\partial L}{\partial h_t} \odot o_t", "grad.c"),
    (W_HH_SUM, "grad.W_hh"),
    (r"\frac{\partial L}{\partial W_{if}} = \sum_{t} \delta_{f,t} x_t^T", "grad.W_if"),
    (r"\frac{\partial L}{\partial b_{hn}}", "grad.b_hn"),
    (r"\frac{\partial h_t}{\partial h_{t-1}} = \mathrm{diag}(1 - h_t^2) W_{hh}", "jac.h"),
    (r"\frac{\partial c_t}{\partial c_{t-1}} = f_t", "jac.c"),
    (r"\frac{\partial h_t}{\partial h_k} = \prod_{j=k+1}^{t} \frac{\partial h_j}{\partial h_{j-1}}", "jac.h"),
    (r"\prod_{j} \frac{\partial h_j}{\partial h_{j-1}}", "jac.h"),
    (r"\frac{\partial L}{\partial o_t}", "grad.o"),
    # d2l: bold capitals, W_{xh}, the scalar w_h
    (r"\frac{\partial L}{\partial \mathbf{H}_t}", "grad.h"),
    (W_XH_SUM, "grad.W_ih"),
    (r"\frac{\partial L}{\partial \mathbf{W}_{qh}}", "grad.W_q"),
    (r"\frac{\partial L}{\partial w_h}", "grad.W_hh"),
    # colah's concatenated form
    (r"\frac{\partial C_t}{\partial C_{t-1}} = f_t", "jac.c"),
    (r"\frac{\partial \mathcal{L}}{\partial C_t}", "grad.c"),
    # inline forms
    (r"\partial h_t/\partial w_h", "grad.W_hh"),
    (r"\partial h_t/\partial h_{t-1}", "jac.h"),
    (r"\nabla_{h_t} L", "grad.h"),
    (r"\frac{dL}{dh_t}", "grad.h"),
]


@pytest.mark.parametrize("latex, want", LINKED)
def test_gradient_equations_link(latex: str, want: str) -> None:
    link = link_equation(latex)
    assert link.quantity == want, (latex, link.reason)
    assert link.reason is None


def test_the_notation_is_read_from_the_equation() -> None:
    assert link_equation(r"\frac{\partial L}{\partial \mathbf{W}_{xh}}").notation == "d2l"
    assert link_equation(r"\frac{\partial C_t}{\partial C_{t-1}}").notation == "concat"
    assert link_equation(r"\frac{\partial L}{\partial W_{hf}}").notation == "pytorch"
    linked = link_equation(r"\frac{\partial L}{\partial W_{if}}")
    assert linked.model == "lstm"  # the label says which cell
    assert [(s.latex, s.quantity) for s in linked.symbols] == [("L", None), ("W_{if}", "lstm.W_if")]


def test_a_gradient_of_what_the_model_lacks_stays_unlinked_with_the_reason() -> None:
    rnn, gru = NoteHint(model="rnn"), NoteHint(model="gru")
    for latex, hint in [
        (r"\frac{\partial L}{\partial c_t}", rnn),
        (r"\frac{\partial c_t}{\partial c_{t-1}} = f_t", gru),
        (r"\frac{\partial L}{\partial W_{hf}}", gru),
    ]:
        link = link_equation(latex, hint=hint)
        assert link.quantity is None and link.reason_code == "gradient-not-in-model", latex
        assert link.reason is not None and "모델에 없는 값의 기울기" in link.reason
        assert link.reason_args["model"] == hint.model.upper()


def test_derivatives_that_are_not_model_quantities_keep_the_old_reason() -> None:
    for latex in (
        r"\sigma'(x) = \sigma(x)(1 - \sigma(x))",
        r"\frac{\partial L}{\partial x_t}",
        r"\nabla_W L",
    ):
        link = link_equation(latex)
        assert link.quantity is None and link.reason_code == "gradient", latex


def test_the_bptt_note_links_its_gradient_equation() -> None:
    text = (ROOT / "notes" / "BPTT와 기울기.md").read_text(encoding="utf-8")
    linked = {e.equation.latex.strip(): e for e in link_note(text)}
    product = next(e for latex, e in linked.items() if latex.startswith(r"\frac{\partial h_t}{\partial h_k}"))
    assert product.quantity == "jac.h"
    assert product.remark_codes == ("gradient-product",)
    assert all(e.quantity is None for latex, e in linked.items() if latex.startswith(r"\sigma'"))


def test_a_chapter_of_bptt_equations_links() -> None:
    """Our fixture in d2l's scalar and matrix notation plus colah's cell path."""
    text = (ROOT / "tests" / "fixtures" / "gradients" / "bptt_chapter.md").read_text(encoding="utf-8")
    found = [
        e.quantity for e in link_note(text) if e.quantity and e.quantity.split(".")[0] in ("grad", "jac")
    ]
    assert found == [
        "grad.W_hh", "grad.W_hh", "grad.o", "grad.h", "grad.W_hh", "grad.W_ih", "grad.W_q", "grad.W_hh",
        "jac.h", "jac.c", "grad.c",
    ]  # fmt: skip
    # the gradients do not vote for the note's model: its two model equations stay as they were
    first = link_note(text)[0]
    assert first.quantity is None
