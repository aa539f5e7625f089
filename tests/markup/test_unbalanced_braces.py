"""A formula whose braces do not pair up is a math error with its reason (in the user's language), never
a silent drawing of something else: the MathML converter closed ``\\frac{1}{0`` and drew 1/0."""

from __future__ import annotations

import pytest

from app import i18n
from app.markup import render_note
from app.markup.mathdraw import draw


@pytest.mark.parametrize(
    ("latex", "code"),
    [
        (r"\frac{1}{0", "math.unclosed"),
        (r"W_{hh h_{t-1}", "math.unclosed"),
        (r"h_t}", "math.unopened"),
        (r"a \% b }", "math.unopened"),
    ],
)
def test_unpaired_braces_are_refused(latex: str, code: str) -> None:
    drawing = draw(latex)
    assert not drawing.ok and drawing.code == code


@pytest.mark.parametrize(
    "latex", [r"\frac{1}{2}", r"\left\{ x_t \right.", r"\{a, b\}", r"c_t = f_t \odot c_{t-1}"]
)
def test_paired_and_escaped_braces_still_draw(latex: str) -> None:
    assert draw(latex).ok


def test_the_note_reports_it_in_english() -> None:
    i18n.set_language("en")
    try:
        note = render_note("Text $\\frac{1}{0$ more.\n\n$$g_t = \\tanh(W_{ig x_t)$$\n")
        assert [e.reason for e in note.math_errors] == ["A brace or an argument is not closed"] * 2
        assert note.body_html.count("tn-math-error") >= 2
    finally:
        i18n.set_language(None)
