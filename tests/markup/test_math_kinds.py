"""Each kind of math fault, as a kind: silent loss is impossible, library errors become plain reasons,
and the constructs that used to be drawn wrong or refused are drawn with all their content.

The golden ``golden/math_kinds.md`` holds one of each in a note; these tests pin the facts that matter
(what is drawn, what is an error and why) on more instances of each kind.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
import ziamath
from ziamath.tex import tex2mml
from ziamath.zmath import denamespace

from app import i18n
from app.markup import render_note
from app.markup.mathcheck import drawn_ink, expected_ink, problems, table_rows
from app.markup.mathsvg import MathTypesetError, plain_svg, typeset
from app.markup.texmacros import MacroError, Macros

RE_USE = re.compile(r'<use href="#([^"]+)"')


def drawn(latex: str, display: bool = True) -> Counter[str]:
    """The letters/digits the typesetter really drew for ``latex`` (glyphs after layout)."""
    svg = typeset(latex, display=display).shared
    chars: Counter[str] = Counter()
    for glyph in RE_USE.findall(svg):
        chars[glyph] += 1
    return chars


def errors(text: str) -> list[str]:
    return [e.reason for e in render_note(text).math_errors]


# ---- 1. silent loss is impossible -----------------------------------------------------------------


def _raw_layout(latex: str) -> tuple[ET.Element, object]:
    """latex2mathml + ziamath with none of our repairs: what the app drew before this fix."""
    root = denamespace(ET.fromstring(tex2mml(latex)))
    rows = table_rows(root)
    return rows, ziamath.Math(root, size=20).node


@pytest.mark.parametrize(
    ("latex", "lost"),
    [
        (r"\mathop{\mathrm{softmax}}(z)", "afmostx"),  # only "(z)" was drawn
        (r"\mathop{\mathrm{KL}}(p \| q)", "KL"),
        (r"\mathop{\mathbf{E}} x", "E"),
    ],
)
def test_the_check_sees_what_the_raw_typesetter_lost(latex: str, lost: str) -> None:
    rows, node = _raw_layout(latex)
    found = problems(latex, rows, node)
    assert found is not None and found[0] == "math.lost"
    assert sorted(found[1]["chars"]) == sorted(lost)


@pytest.mark.parametrize(
    ("latex", "invented"),
    [
        (r"\begin{bmatrix} a \\[4pt] b \end{bmatrix}", "4pt"),  # the row length printed as text
        (r"\operatorname*{arg\,max}_x f", "*"),  # the star printed
    ],
)
def test_the_check_sees_what_the_raw_typesetter_invented(latex: str, invented: str) -> None:
    rows, node = _raw_layout(latex)
    found = problems(latex, rows, node)
    assert found is not None and found[0] == "math.invented"
    assert set(found[1]["chars"]) >= set(invented)


def test_rows_folded_into_one_line_are_an_error() -> None:
    latex = r"\left\{ \begin{matrix} a \\ b \\ c \end{matrix} \right."
    want, _ = expected_ink(latex)
    assert want == Counter("abc")
    rows, node = _raw_layout(latex)
    assert problems(latex, rows, node) is None  # matrix rows survive: 3 rows, 3 <mtr>
    assert problems(latex, 1, node) == ("math.rows_lost", {"expected": 3, "drawn": 1})


def test_the_check_has_no_false_alarms_on_ordinary_math() -> None:
    corpus = [
        r"\log \sigma(x) + \ell + \hbar", r"\lim_{n\to\infty} a_n", r"\sum_{i=1}^{n} x_i^2",
        r"\mathbb{R}^{n \times d}", r"\mathcal{L}(\theta)", r"\text{은닉 상태 } h_t", r"x \kern 2pt y",
        r"\color{red}{x}", r"\hspace{1em} x", r"\phantom{x} y", r"\frac{\partial L}{\partial W}",
        r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}", r"\sqrt[3]{x}", r"\tag{3} y = 2x",
        r"\binom{n}{k}", r"\xrightarrow[a]{b}", r"\overbrace{a+b}^{n}", r"\mathbf{1}",
    ]  # fmt: skip
    for latex in corpus:
        typeset(latex, display=True)  # raises MathTypesetError on any finding


def test_exceptions_become_plain_reasons_in_the_users_language() -> None:
    deep = "{" * 400 + "x" + "}" * 400
    for lang, word in (("ko", "중첩"), ("en", "nested too deeply")):
        i18n.set_language(lang)
        try:
            with pytest.raises(MathTypesetError) as info:
                typeset(deep, display=True)
        finally:
            i18n.set_language(None)
        assert word in info.value.reason and "recursion" not in info.value.reason
        assert info.value.code == "math.too_deep"
    for latex in (r"\frac{a}{}", r"\hat{}", r"x^"):
        with pytest.raises(MathTypesetError) as info:
            typeset(latex)
        reason = info.value.reason
        assert "Error" not in reason and "arg" not in reason and "sequence" not in reason, reason


# ---- 2. the constructs, drawn right ---------------------------------------------------------------


def test_mathop_draws_the_operator_name() -> None:
    assert drawn(r"\mathop{\mathrm{softmax}}(z)") == drawn(r"\operatorname{softmax}(z)")


def test_operatorname_star_puts_limits_under_in_display_and_draws_no_star() -> None:
    star = typeset(r"\operatorname*{arg\,max}_\theta L", display=True)
    side = typeset(r"\operatorname{arg\,max}_\theta L", display=True)
    assert star.height > side.height  # θ went under the operator, not beside it
    assert star.width < side.width


def test_array_rules_and_hline_are_drawn() -> None:
    svg = typeset(r"\begin{array}{c|cc} a & b & c \\ \hline d & e & f \end{array}", display=True).shared
    rects = re.findall(r'<rect [^>]*width="([\d.]+)" height="([\d.]+)"', svg)
    vertical = [r for r in rects if float(r[1]) > float(r[0])]
    horizontal = [r for r in rects if float(r[0]) > float(r[1])]
    assert len(vertical) == 1 and len(horizontal) == 1
    framed = typeset(r"\begin{array}{|c|c|} \hline a & b \\ \hline c & d \\ \hline \end{array}", display=True)
    assert framed.shared.count("<rect") == 6  # three vertical, three horizontal
    assert typeset(r"\begin{array}{cc} a & b \end{array}", display=True).shared.count("<rect") == 0


@pytest.mark.parametrize("env", ["bmatrix", "pmatrix", "cases", "aligned", "array}{cc"])
def test_row_lengths_are_spacing_not_text(env: str) -> None:
    name = env.split("}")[0]
    spaced = typeset(rf"\begin{{{env}}} a & b \\[4pt] c & d \end{{{name}}}", display=True)
    plain = typeset(rf"\begin{{{env}}} a & b \\ c & d \end{{{name}}}", display=True)
    assert Counter(RE_USE.findall(spaced.shared)) == Counter(RE_USE.findall(plain.shared))


@pytest.mark.parametrize(
    "latex",
    [
        r"\left\{ \begin{aligned} a &= b \\ c &= d \end{aligned} \right.",
        r"x = \begin{aligned} a &= b \\ &= d \end{aligned}",
        r"\begin{aligned}[t] a &= b \end{aligned} \quad \begin{aligned}[b] c &= d \end{aligned}",
        r"\begin{gathered} a \\ b \end{gathered} = \begin{split} x &= y \\ &= z \end{split}",
        r"\begin{equation} y = Wx + b \end{equation}",
        r"\begin{equation*} y = Wx \end{equation*}",
        r"\begin{multline} a + b \\ + c = d \end{multline}",
        r"\begin{equation}\begin{split} a &= b \\ &= c \end{split}\end{equation}",
    ],
)
def test_aligned_anywhere_and_equation_wrappers_draw_every_row(latex: str) -> None:
    svg = typeset(latex, display=True)
    assert svg.height > 0  # and mathcheck found every letter and row in the drawing


def test_equation_environments_in_a_note_are_not_errors() -> None:
    text = (
        "$$\n\\begin{equation}\n\\begin{split}\nc_t &= f_t \\odot c_{t-1} \\\\\n&+ i_t \\odot g_t\n"
        "\\end{split}\n\\end{equation}\n$$\n\n$$\\begin{equation*} a = b \\tag{2} \\end{equation*}$$\n"
    )
    note = render_note(text)
    assert note.math_errors == []
    assert [e.kind for e in note.equations] == ["row", "row", "display"]


def test_macros_carry_from_block_to_block_in_note_order() -> None:
    text = (
        "앞에서는 모른다: $\\R^d$\n\n$$\\newcommand{\\R}{\\mathbb{R}}$$\n\n뒤에서는 안다: $\\R^d$ 와 "
        "$\\R^{n}$\n\n$$\\def\\v#1{\\mathbf{#1}} \\DeclareMathOperator*{\\amax}{arg\\,max}$$\n\n"
        "$\\v{x} = \\amax_\\theta f$\n"
    )
    note = render_note(text)
    assert [(e.line, e.latex) for e in note.math_errors] == [(1, "\\R^d")]
    assert note.body_html.count('class="tn-math-error"') == 1
    same = render_note("$\\mathbb{R}^d$").body_html
    sym = re.search(r'<svg class="(tn-m-[0-9a-f]+)"', same)
    assert sym is not None and sym.group(1) in note.body_html  # ℝ^d drawn as written out


def test_macro_expansion_is_bounded() -> None:
    macros = Macros()
    assert macros.take(r"\def\a{\a\a} x") == " x"
    with pytest.raises(MacroError):
        macros.expand(r"\a")
    assert errors("$$\\def\\loop{\\loop x}$$\n\n$\\loop$") != []


def test_nfd_hangul_is_typeset_as_syllables() -> None:
    nfc = r"\text{은닉 상태} h_t"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    assert typeset(nfd).shared == typeset(nfc).shared


def test_qtsvg_form_keeps_every_glyph() -> None:
    svg = typeset(r"\mathop{\mathrm{softmax}}(z_i)")
    assert "<use" not in svg.svg and "<symbol" not in svg.svg
    assert svg.svg.count("<path") == len(RE_USE.findall(svg.shared))
    assert plain_svg(svg.shared) == svg.svg


def test_drawn_ink_counts_glyphs_not_markup() -> None:
    root = denamespace(ET.fromstring(tex2mml(r"\mathbb{R} + x_1")))
    node = ziamath.Math(root, size=20).node
    assert drawn_ink(node) == Counter({"R": 1, "x": 1, "1": 1})


def test_the_linear_row_draws_exactly_what_ziamath_draws() -> None:
    from ziamath.nodes.mnode import _node_classes
    from ziamath.nodes.mrow import Mrow

    from app.markup.zrow import LinearMrow

    formulas = [
        r"i_t = \sigma(W_{ii} x_t + b_{ii} + W_{hi} h_{t-1} + b_{hi})",
        r"\left( \frac{\left[ a \right]}{b} \right) + \left. \frac{df}{dx} \right|_{x=0}",
        r"\left\| \sum_i \left| x_i \right| \right\| \xrightarrow{f} \Big( x \Big)",
    ]
    fast = [ziamath.Math(tex2mml(f), size=20).svg() for f in formulas]
    _node_classes["mrow"] = Mrow
    try:
        slow = [ziamath.Math(tex2mml(f), size=20).svg() for f in formulas]
    finally:
        _node_classes["mrow"] = LinearMrow
    assert fast == slow
