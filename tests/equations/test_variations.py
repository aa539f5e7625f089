"""The same equation written the many ways students write it links to the same quantities."""

from __future__ import annotations

import pytest

from app.equations import link_equation

BASE = r"f_t = \sigma(W_{if} x_t + b_{if} + W_{hf} h_{t-1} + b_{hf})"
BASE_QUANTITIES = ["lstm.f", "lstm.W_if", "lstm.x", "lstm.b_if", "lstm.W_hf", "lstm.h_prev", "lstm.b_hf"]

FORGET_GATE_VARIANTS = [
    "f_t=σ(W_{if}x_t+b_{if}+W_{hf}h_{t−1}+b_{hf})",  # the seed's split inline form, joined
    r"f_t &= \sigma(W_{if}x_t + b_{if} + W_{hf}h_{t-1} + b_{hf}) \\",  # an align row
    r"f_t = \sigma(W_{if} x_t + b_{if} + W_{hf} h_{(t-1)} + b_{hf})",  # PyTorch GRU docs' h_{(t-1)}
    r"f^{(t)} = \sigma(W_{if} x^{(t)} + b_{if} + W_{hf} h^{(t-1)} + b_{hf})",  # ^{(t)} instead of _t
    "f_t = \\sigma(W_{if} x_t + b_{if}"
    " + W_{hf} h_{t\u2212\u200b1} + b_{hf})\u200b",  # U+2212, zero-width spaces
    r"f_t = \sigma\left(W_{if}\,x_t + b_{if} + W_{hf}\,h_{t-1} + b_{hf}\right)",  # \left( \right) and \,
    r"f_{t} = \sigma \left( W_{\mathrm{if}} x_{t} + b_{\mathrm{if}}"
    r" + W_{\mathrm{hf}} h_{t - 1} + b_{\mathrm{hf}} \right)",
    r"\mathbf{f}_t = \sigma(\mathbf{W}_{if} \mathbf{x}_t + \mathbf{b}_{if}"
    r" + \mathbf{W}_{hf} \mathbf{h}_{t-1} + \mathbf{b}_{hf})",
    r"\boldsymbol{f}_t = \sigma(\boldsymbol{W}_{if} \boldsymbol{x}_t"
    r" + \boldsymbol{b}_{if} + \boldsymbol{W}_{hf}"
    r" \boldsymbol{h}_{t-1} + \boldsymbol{b}_{hf})",
    r"\bm{f}_t = \mathrm{sigmoid}(\bm{W}_{if} \bm{x}_t"
    r" + \bm{b}_{if} + \bm{W}_{hf} \bm{h}_{t-1} + \bm{b}_{hf})",
    r"f_t = \sigma(W_{if} \cdot x_t + b_{if} + W_{hf} \cdot h_{t-1} + b_{hf})",  # \cdot as the product
    r"f_t = \sigma\big(W_{if}x_t + b_{if} + W_{hf}h_{t-1} + b_{hf}\big).",  # \big and a trailing period
]


@pytest.mark.parametrize("latex", FORGET_GATE_VARIANTS)
def test_forget_gate_variants_link_like_the_base(latex: str) -> None:
    link = link_equation(latex)
    assert link.reason is None, link.reason
    assert link.quantity == "lstm.f"
    assert [s.quantity for s in link.symbols] == BASE_QUANTITIES
    assert link.notation == "pytorch"
    assert not any(s.transposed for s in link.symbols)


def test_the_base_itself() -> None:
    assert [s.quantity for s in link_equation(BASE).symbols] == BASE_QUANTITIES


CELL_VARIANTS = [
    r"c_t = f_t \odot c_{t-1} + i_t \odot g_t",
    "c_t=f_t⊙c_{t-1}+i_t⊙g_t",
    r"c_t = f_t \otimes c_{t-1} + i_t \otimes g_t",
    r"c_t = f_t \circ c_{t-1} + i_t \circ g_t",
    r"c_t = f_t * c_{t-1} + i_t * g_t",
    r"c_t = f_t \ast c_{t-1} + i_t \ast g_t",
    r"c^{(t)} = f^{(t)} \odot c^{(t-1)} + i^{(t)} \odot g^{(t)}",
    "c_t = f_t ∘ c_{t−1} + i_t ∘ g_t",
]


@pytest.mark.parametrize("latex", CELL_VARIANTS)
def test_cell_update_with_every_elementwise_product(latex: str) -> None:
    link = link_equation(latex)
    assert link.quantity == "lstm.c"
    assert [s.quantity for s in link.symbols] == ["lstm.c", "lstm.f", "lstm.c_prev", "lstm.i", "lstm.g"]


def test_symbol_latex_is_the_cleaned_source_of_each_piece() -> None:
    """The panel matches symbols to pieces by their LaTeX: minus signs are cleaned like the scanner's."""
    link = link_equation("f_t=σ($W_{if}$x_t+W_{hf}h_{t\u2212\u200b1})".replace("$", ""))
    assert [s.latex for s in link.symbols] == ["f_t", "W_{if}", "x_t", "W_{hf}", "h_{t-1}"]
