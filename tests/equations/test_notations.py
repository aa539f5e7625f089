"""Golden tests: the three notations (PyTorch docs, d2l, concatenated) for LSTM, GRU and RNN.

Each case is the equation as students copy it and, by hand, what every symbol means. A symbol list is
(latex, quantity, transposed) in source order.
"""

from __future__ import annotations

import pytest

from app.equations import link_equation

Case = tuple[str, str, str | None, list[tuple[str, str | None, bool]]]

PYTORCH_LSTM: list[Case] = [
    (
        r"i_t = \sigma(W_{ii} x_t + b_{ii} + W_{hi} h_{t-1} + b_{hi})",
        "lstm.i",
        "pytorch",
        [
            ("i_t", "lstm.i", False),
            ("W_{ii}", "lstm.W_ii", False),
            ("x_t", "lstm.x", False),
            ("b_{ii}", "lstm.b_ii", False),
            ("W_{hi}", "lstm.W_hi", False),
            ("h_{t-1}", "lstm.h_prev", False),
            ("b_{hi}", "lstm.b_hi", False),
        ],
    ),
    (
        r"f_t = \sigma(W_{if} x_t + b_{if} + W_{hf} h_{(t-1)} + b_{hf})",
        "lstm.f",
        "pytorch",
        [
            ("f_t", "lstm.f", False),
            ("W_{if}", "lstm.W_if", False),
            ("x_t", "lstm.x", False),
            ("b_{if}", "lstm.b_if", False),
            ("W_{hf}", "lstm.W_hf", False),
            ("h_{(t-1)}", "lstm.h_prev", False),
            ("b_{hf}", "lstm.b_hf", False),
        ],
    ),
    (
        r"g_t = \tanh(W_{ig} x_t + b_{ig} + W_{hg} h_{t-1} + b_{hg})",
        "lstm.g",
        "pytorch",
        [
            ("g_t", "lstm.g", False),
            ("W_{ig}", "lstm.W_ig", False),
            ("x_t", "lstm.x", False),
            ("b_{ig}", "lstm.b_ig", False),
            ("W_{hg}", "lstm.W_hg", False),
            ("h_{t-1}", "lstm.h_prev", False),
            ("b_{hg}", "lstm.b_hg", False),
        ],
    ),
    (
        r"o_t = \sigma(W_{io} x_t + b_{io} + W_{ho} h_{t-1} + b_{ho})",
        "lstm.o",
        "pytorch",
        [
            ("o_t", "lstm.o", False),
            ("W_{io}", "lstm.W_io", False),
            ("x_t", "lstm.x", False),
            ("b_{io}", "lstm.b_io", False),
            ("W_{ho}", "lstm.W_ho", False),
            ("h_{t-1}", "lstm.h_prev", False),
            ("b_{ho}", "lstm.b_ho", False),
        ],
    ),
    (
        r"c_t = f_t \odot c_{t-1} + i_t \odot g_t",
        "lstm.c",
        None,
        [
            ("c_t", "lstm.c", False),
            ("f_t", "lstm.f", False),
            ("c_{t-1}", "lstm.c_prev", False),
            ("i_t", "lstm.i", False),
            ("g_t", "lstm.g", False),
        ],
    ),
    (
        r"h_t = o_t \odot \tanh(c_t)",
        "lstm.h",
        None,
        [("h_t", "lstm.h", False), ("o_t", "lstm.o", False), ("c_t", "lstm.c", False)],
    ),
]

D2L_LSTM: list[Case] = [
    (
        r"\mathbf{I}_t = \sigma(\mathbf{X}_t \mathbf{W}_{xi}"
        r" + \mathbf{H}_{t-1}\mathbf{W}_{hi} + \mathbf{b}_i)",
        "lstm.i",
        "d2l",
        [
            (r"\mathbf{I}_t", "lstm.i", False),
            (r"\mathbf{X}_t", "lstm.x", False),
            (r"\mathbf{W}_{xi}", "lstm.W_ii", True),
            (r"\mathbf{H}_{t-1}", "lstm.h_prev", False),
            (r"\mathbf{W}_{hi}", "lstm.W_hi", True),
            (r"\mathbf{b}_i", "lstm.b_i", False),
        ],
    ),
    (
        r"\mathbf{F}_t = \sigma(\mathbf{X}_t \mathbf{W}_{xf}"
        r" + \mathbf{H}_{t-1}\mathbf{W}_{hf} + \mathbf{b}_f)",
        "lstm.f",
        "d2l",
        [
            (r"\mathbf{F}_t", "lstm.f", False),
            (r"\mathbf{X}_t", "lstm.x", False),
            (r"\mathbf{W}_{xf}", "lstm.W_if", True),
            (r"\mathbf{H}_{t-1}", "lstm.h_prev", False),
            (r"\mathbf{W}_{hf}", "lstm.W_hf", True),
            (r"\mathbf{b}_f", "lstm.b_f", False),
        ],
    ),
    (
        r"\mathbf{O}_t = \sigma(\mathbf{X}_t \mathbf{W}_{xo}"
        r" + \mathbf{H}_{t-1}\mathbf{W}_{ho} + \mathbf{b}_o)",
        "lstm.o",
        "d2l",
        [
            (r"\mathbf{O}_t", "lstm.o", False),
            (r"\mathbf{X}_t", "lstm.x", False),
            (r"\mathbf{W}_{xo}", "lstm.W_io", True),
            (r"\mathbf{H}_{t-1}", "lstm.h_prev", False),
            (r"\mathbf{W}_{ho}", "lstm.W_ho", True),
            (r"\mathbf{b}_o", "lstm.b_o", False),
        ],
    ),
    (
        r"\tilde{\mathbf{C}}_t = \tanh(\mathbf{X}_t \mathbf{W}_{xc}"
        r" + \mathbf{H}_{t-1} \mathbf{W}_{hc} + \mathbf{b}_c)",
        "lstm.g",
        "d2l",
        [
            (r"\tilde{\mathbf{C}}_t", "lstm.g", False),
            (r"\mathbf{X}_t", "lstm.x", False),
            (r"\mathbf{W}_{xc}", "lstm.W_ig", True),
            (r"\mathbf{H}_{t-1}", "lstm.h_prev", False),
            (r"\mathbf{W}_{hc}", "lstm.W_hg", True),
            (r"\mathbf{b}_c", "lstm.b_g", False),
        ],
    ),
    (
        r"\mathbf{C}_t = \mathbf{F}_t \odot \mathbf{C}_{t-1} + \mathbf{I}_t \odot \tilde{\mathbf{C}}_t",
        "lstm.c",
        "d2l",
        [
            (r"\mathbf{C}_t", "lstm.c", False),
            (r"\mathbf{F}_t", "lstm.f", False),
            (r"\mathbf{C}_{t-1}", "lstm.c_prev", False),
            (r"\mathbf{I}_t", "lstm.i", False),
            (r"\tilde{\mathbf{C}}_t", "lstm.g", False),
        ],
    ),
    (
        r"\mathbf{H}_t = \mathbf{O}_t \odot \tanh(\mathbf{C}_t)",
        "lstm.h",
        "d2l",
        [
            (r"\mathbf{H}_t", "lstm.h", False),
            (r"\mathbf{O}_t", "lstm.o", False),
            (r"\mathbf{C}_t", "lstm.c", False),
        ],
    ),
]

CONCAT_LSTM: list[Case] = [
    (
        r"f_t = \sigma(W_f \cdot [h_{t-1}, x_t] + b_f)",
        "lstm.f",
        "concat",
        [
            ("f_t", "lstm.f", False),
            ("W_f", "lstm.W_f", False),
            ("h_{t-1}", "lstm.h_prev", False),
            ("x_t", "lstm.x", False),
            ("b_f", "lstm.b_f", False),
        ],
    ),
    (
        r"i_t = \sigma(W_i \cdot [h_{t-1}, x_t] + b_i)",
        "lstm.i",
        "concat",
        [
            ("i_t", "lstm.i", False),
            ("W_i", "lstm.W_i", False),
            ("h_{t-1}", "lstm.h_prev", False),
            ("x_t", "lstm.x", False),
            ("b_i", "lstm.b_i", False),
        ],
    ),
    (
        r"\tilde{C}_t = \tanh(W_C\cdot[h_{t-1},x_t]+b_C)",
        "lstm.g",
        "concat",
        [
            (r"\tilde{C}_t", "lstm.g", False),
            ("W_C", "lstm.W_g", False),
            ("h_{t-1}", "lstm.h_prev", False),
            ("x_t", "lstm.x", False),
            ("b_C", "lstm.b_g", False),
        ],
    ),
    (
        r"C_t = f_t * C_{t-1} + i_t * \tilde{C}_t",
        "lstm.c",
        "concat",
        [
            ("C_t", "lstm.c", False),
            ("f_t", "lstm.f", False),
            ("C_{t-1}", "lstm.c_prev", False),
            ("i_t", "lstm.i", False),
            (r"\tilde{C}_t", "lstm.g", False),
        ],
    ),
    (
        r"o_t = \sigma(W_o [h_{t-1}, x_t] + b_o)",
        "lstm.o",
        "concat",
        [
            ("o_t", "lstm.o", False),
            ("W_o", "lstm.W_o", False),
            ("h_{t-1}", "lstm.h_prev", False),
            ("x_t", "lstm.x", False),
            ("b_o", "lstm.b_o", False),
        ],
    ),
    (
        r"h_t = o_t * \tanh(C_t)",
        "lstm.h",
        None,
        [("h_t", "lstm.h", False), ("o_t", "lstm.o", False), ("C_t", "lstm.c", False)],
    ),
]

GRU: list[Case] = [
    (
        r"r_t = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{(t-1)} + b_{hr})",
        "gru.r",
        "pytorch",
        [
            ("r_t", "gru.r", False),
            ("W_{ir}", "gru.W_ir", False),
            ("x_t", "gru.x", False),
            ("b_{ir}", "gru.b_ir", False),
            ("W_{hr}", "gru.W_hr", False),
            ("h_{(t-1)}", "gru.h_prev", False),
            ("b_{hr}", "gru.b_hr", False),
        ],
    ),
    (
        r"z_t = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{(t-1)} + b_{hz})",
        "gru.z",
        "pytorch",
        [
            ("z_t", "gru.z", False),
            ("W_{iz}", "gru.W_iz", False),
            ("x_t", "gru.x", False),
            ("b_{iz}", "gru.b_iz", False),
            ("W_{hz}", "gru.W_hz", False),
            ("h_{(t-1)}", "gru.h_prev", False),
            ("b_{hz}", "gru.b_hz", False),
        ],
    ),
    (
        r"n_t = \tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{(t-1)} + b_{hn}))",
        "gru.n",
        "pytorch",
        [
            ("n_t", "gru.n", False),
            ("W_{in}", "gru.W_in", False),
            ("x_t", "gru.x", False),
            ("b_{in}", "gru.b_in", False),
            ("r_t", "gru.r", False),
            ("W_{hn}", "gru.W_hn", False),
            ("h_{(t-1)}", "gru.h_prev", False),
            ("b_{hn}", "gru.b_hn", False),
        ],
    ),
    (
        r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{(t-1)}",
        "gru.h",
        None,
        [
            ("h_t", "gru.h", False),
            ("z_t", "gru.z", False),
            ("n_t", "gru.n", False),
            ("z_t", "gru.z", False),
            ("h_{(t-1)}", "gru.h_prev", False),
        ],
    ),
    (
        r"\mathbf{R}_t = \sigma(\mathbf{X}_t \mathbf{W}_{xr}"
        r" + \mathbf{H}_{t-1} \mathbf{W}_{hr} + \mathbf{b}_r)",
        "gru.r",
        "d2l",
        [
            (r"\mathbf{R}_t", "gru.r", False),
            (r"\mathbf{X}_t", "gru.x", False),
            (r"\mathbf{W}_{xr}", "gru.W_ir", True),
            (r"\mathbf{H}_{t-1}", "gru.h_prev", False),
            (r"\mathbf{W}_{hr}", "gru.W_hr", True),
            (r"\mathbf{b}_r", "gru.b_r", False),
        ],
    ),
    (
        r"\mathbf{Z}_t = \sigma(\mathbf{X}_t \mathbf{W}_{xz}"
        r" + \mathbf{H}_{t-1} \mathbf{W}_{hz} + \mathbf{b}_z)",
        "gru.z",
        "d2l",
        [
            (r"\mathbf{Z}_t", "gru.z", False),
            (r"\mathbf{X}_t", "gru.x", False),
            (r"\mathbf{W}_{xz}", "gru.W_iz", True),
            (r"\mathbf{H}_{t-1}", "gru.h_prev", False),
            (r"\mathbf{W}_{hz}", "gru.W_hz", True),
            (r"\mathbf{b}_z", "gru.b_z", False),
        ],
    ),
    (
        r"\tilde{\mathbf{H}}_t = \tanh(\mathbf{X}_t \mathbf{W}_{xh} + (\mathbf{R}_t \odot \mathbf{H}_{t-1})"
        r" \mathbf{W}_{hh} + \mathbf{b}_h)",
        "gru.n",
        "d2l",
        [
            (r"\tilde{\mathbf{H}}_t", "gru.n", False),
            (r"\mathbf{X}_t", "gru.x", False),
            (r"\mathbf{W}_{xh}", "gru.W_in", True),
            (r"\mathbf{R}_t", "gru.r", False),
            (r"\mathbf{H}_{t-1}", "gru.h_prev", False),
            (r"\mathbf{W}_{hh}", "gru.W_hn", True),
            (r"\mathbf{b}_h", "gru.b_n", False),
        ],
    ),
    (
        r"\mathbf{H}_t = \mathbf{Z}_t \odot \mathbf{H}_{t-1} + (1-\mathbf{Z}_t)\odot\tilde{\mathbf{H}}_t",
        "gru.h",
        "d2l",
        [
            (r"\mathbf{H}_t", "gru.h", False),
            (r"\mathbf{Z}_t", "gru.z", False),
            (r"\mathbf{H}_{t-1}", "gru.h_prev", False),
            (r"\mathbf{Z}_t", "gru.z", False),
            (r"\tilde{\mathbf{H}}_t", "gru.n", False),
        ],
    ),
    (
        r"z_t = \sigma(W_z \cdot [h_{t-1}, x_t])",
        "gru.z",
        "concat",
        [
            ("z_t", "gru.z", False),
            ("W_z", "gru.W_z", False),
            ("h_{t-1}", "gru.h_prev", False),
            ("x_t", "gru.x", False),
        ],
    ),
    (
        r"\tilde{h}_t = \tanh(W \cdot [r_t * h_{t-1}, x_t])",
        "gru.n",
        "concat",
        [
            (r"\tilde{h}_t", "gru.n", False),
            ("W", "gru.W_n", False),
            ("r_t", "gru.r", False),
            ("h_{t-1}", "gru.h_prev", False),
            ("x_t", "gru.x", False),
        ],
    ),
    (
        r"h_t = (1 - z_t) * h_{t-1} + z_t * \tilde{h}_t",
        "gru.h",
        "concat",
        [
            ("h_t", "gru.h", False),
            ("z_t", "gru.z", False),
            ("h_{t-1}", "gru.h_prev", False),
            ("z_t", "gru.z", False),
            (r"\tilde{h}_t", "gru.n", False),
        ],
    ),
]

RNN: list[Case] = [
    (
        r"h_t = \tanh(x_t W_{ih}^T + b_{ih} + h_{t-1} W_{hh}^T + b_{hh})",
        "rnn.h",
        "pytorch",
        [
            ("h_t", "rnn.h", False),
            ("x_t", "rnn.x", False),
            ("W_{ih}^T", "rnn.W_ih", True),
            ("b_{ih}", "rnn.b_ih", False),
            ("h_{t-1}", "rnn.h_prev", False),
            ("W_{hh}^T", "rnn.W_hh", True),
            ("b_{hh}", "rnn.b_hh", False),
        ],
    ),
    (
        r"\mathbf{H}_t = \phi(\mathbf{X}_t \mathbf{W}_{xh} + \mathbf{H}_{t-1}\mathbf{W}_{hh} + \mathbf{b}_h)",
        "rnn.h",
        "d2l",
        [
            (r"\mathbf{H}_t", "rnn.h", False),
            (r"\mathbf{X}_t", "rnn.x", False),
            (r"\mathbf{W}_{xh}", "rnn.W_ih", True),
            (r"\mathbf{H}_{t-1}", "rnn.h_prev", False),
            (r"\mathbf{W}_{hh}", "rnn.W_hh", True),
            (r"\mathbf{b}_h", "rnn.b", False),
        ],
    ),
    (
        r"h_t = \tanh(W_h \cdot [h_{t-1}, x_t] + b_h)",
        "rnn.h",
        "concat",
        [
            ("h_t", "rnn.h", False),
            ("W_h", "rnn.W", False),
            ("h_{t-1}", "rnn.h_prev", False),
            ("x_t", "rnn.x", False),
            ("b_h", "rnn.b", False),
        ],
    ),
]

ALL = PYTORCH_LSTM + D2L_LSTM + CONCAT_LSTM + GRU + RNN


@pytest.mark.parametrize(
    ("latex", "quantity", "notation", "symbols"), ALL, ids=[c[1] + ":" + c[0][:30] for c in ALL]
)
def test_golden(
    latex: str, quantity: str, notation: str | None, symbols: list[tuple[str, str | None, bool]]
) -> None:
    link = link_equation(latex)
    assert link.reason is None
    assert link.quantity == quantity
    assert link.model == quantity.split(".")[0]
    assert link.notation == notation
    assert [(s.latex, s.quantity, s.transposed) for s in link.symbols] == symbols


def test_d2l_says_weights_are_transposed() -> None:
    link = link_equation(D2L_LSTM[0][0])
    assert link.remark is not None and "전치" in link.remark


def test_concat_says_the_weight_is_two_slices_side_by_side() -> None:
    link = link_equation(CONCAT_LSTM[0][0])
    assert link.remark is not None and "이어 붙인" in link.remark


def test_colah_gru_update_says_z_is_flipped_but_pytorch_form_does_not() -> None:
    colah = link_equation(r"h_t = (1 - z_t) * h_{t-1} + z_t * \tilde{h}_t")
    pytorch = link_equation(r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{(t-1)}")
    assert colah.remark is not None and "1 − z_t" in colah.remark
    assert pytorch.remark is None


def test_reset_before_the_weight_is_flagged_for_d2l_gru_candidate_only() -> None:
    d2l = link_equation(GRU[6][0])
    pytorch = link_equation(GRU[2][0])
    assert d2l.remark is not None and "리셋" in d2l.remark
    assert pytorch.remark is None


def test_wikipedia_w_and_u_form_maps_to_pytorch_weights() -> None:
    link = link_equation(r"f_t = \sigma(W_f x_t + U_f h_{t-1} + b_f)")
    assert link.quantity == "lstm.f"
    assert [(s.latex, s.quantity) for s in link.symbols] == [
        ("f_t", "lstm.f"),
        ("W_f", "lstm.W_if"),
        ("x_t", "lstm.x"),
        ("U_f", "lstm.W_hf"),
        ("h_{t-1}", "lstm.h_prev"),
        ("b_f", "lstm.b_f"),
    ]


def test_generic_recurrence_takes_the_model_named_in_it() -> None:
    link = link_equation(r"h_t = \mathrm{GRU}(x_t, h_{t-1})")
    assert (link.quantity, link.model) == ("gru.h", "gru")
