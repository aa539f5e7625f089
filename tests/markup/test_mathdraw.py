"""The one typesetting boundary (issue 11, F4): ``draw`` never raises, whatever the LaTeX."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from app import i18n
from app.markup import render_note
from app.markup.mathdraw import draw, error_svg, plain_label

# Each kind of LaTeX that cannot be drawn, in our own words.
BROKEN = {
    "unclosed fraction": "\\frac{",
    "empty": "",
    "blank": "   ",
    "only a display fence": "$$",
    "only a dollar": "$",
    "unbalanced right": "\\left( x",
    "unknown environment": "\\begin{tikzpicture} x \\end{tikzpicture}",
    "nested too deep": "{" * 3000 + "x" + "}" * 3000,
    "double superscript": "x^2^3",
    "lone brace": "{",
    "control characters": "\x00\x01\\frac",
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_draw_never_raises_and_gives_a_plain_reason(kind: str) -> None:
    drawing = draw(BROKEN[kind])
    assert drawing.math is None and not drawing.ok
    assert isinstance(drawing.reason, str) and drawing.reason.strip()
    assert "Traceback" not in drawing.reason and "Error" not in drawing.reason.split(":")[0]
    assert drawing.error().reason == drawing.reason


def test_the_reason_speaks_the_users_language() -> None:
    try:
        i18n.set_language("ko")
        ko = draw("\\frac{").reason
        i18n.set_language("en")
        en = draw("\\frac{").reason
    finally:
        i18n.set_language(None)
    assert ko == i18n.text("math.unclosed", lang="ko") and en == i18n.text("math.unclosed", lang="en")
    assert ko != en


def test_draw_draws_what_it_can() -> None:
    drawing = draw("f_t = \\sigma(W_{if} x_t)")
    assert drawing.ok and drawing.reason is None and drawing.math is not None
    assert drawing.math.width > 0 and "<svg" in drawing.math.svg


def test_the_note_goes_through_the_same_boundary() -> None:
    note = render_note("앞 $\\frac{$ 뒤, $x^2^3$ 그리고 $a$")
    assert [e.reason for e in note.math_errors] == [draw("\\frac{").reason, draw("x^2^3").reason]
    assert note.body_html.count('class="tn-math-error"') == 2


@pytest.mark.parametrize("text", ["\\frac{", "<script>x</script> & \"q\"", "", "a" * 1000])
def test_the_red_fallback_is_plain_svg(text: str) -> None:
    root = ET.fromstring(error_svg(text))  # well-formed whatever the text
    shown = root.find("{http://www.w3.org/2000/svg}text")
    assert shown is not None and shown.text
    assert root.find(".//{http://www.w3.org/2000/svg}script") is None
    if text and len(text) < 200:
        assert shown.text == " ".join(text.split())


def test_plot_labels_are_never_mathtext() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    def draws(label: str) -> bool:
        figure = Figure()
        canvas = FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        axes.set_ylabel(label)
        try:
            canvas.draw()
        except ValueError:
            return False
        return True

    assert not draws("$\\frac{$"), "matplotlib itself refuses broken mathtext (the control)"
    for label in ("$\\frac{$", "$$", "h_t ($)", "\\$"):
        assert draws(plain_label(label)), label
