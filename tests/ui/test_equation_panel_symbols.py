"""The big equation's symbols: located in the typeset SVG, hovered and clicked like their chips.

No kernel: the seed's rows and symbols come from the real linker, typeset by the real ziamath, and the
widget is a real EquationPanel driven with real mouse events (pytest-qt).
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from app.equations import link_note
from app.ui.common.math_symbols import coloured, find_occurrences, mark_formula, symbol_boxes
from app.ui.common.mathview import ACCENT, SymbolMathView, display_latex
from app.ui.equation_panel.link import chips_for
from app.ui.equation_panel.view import EquationPanel
from tests.conftest import NOTES

SEED = sorted(NOTES.glob("20*.md"))[0]


def seed_row(prefix: str) -> tuple[str, list[dict]]:
    """The seed's align row starting with ``prefix``: its display LaTeX and its chips."""
    text = SEED.read_text(encoding="utf-8")
    linked = next(
        e for e in link_note(text) if e.equation.kind == "row" and e.equation.latex.startswith(prefix)
    )
    return display_latex(linked.equation.latex), chips_for(linked)


def chip_tuples(chips: list[dict]) -> list[tuple[str, str | None, str]]:
    return [(c["latex"], c["quantity"], c["tip"]) for c in chips]


def overlaps(a: QRectF, b: QRectF) -> bool:
    return a.intersects(b) and not a.intersected(b).isEmpty()


@pytest.fixture
def panel(qtbot) -> EquationPanel:
    widget = EquationPanel()
    qtbot.addWidget(widget)
    widget.resize(620, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_every_symbol_of_the_forget_row_gets_one_box_left_to_right() -> None:
    latex, chips = seed_row("f_t &=")
    symbols = tuple(c["latex"] for c in chips)
    formula = mark_formula(latex, symbols)
    assert formula is not None
    assert [b.symbol for b in formula.boxes] == list(range(len(symbols)))  # f_t, W_if, x_t, … in order
    for left, right in pairwise(formula.boxes):
        assert left.box[0] + left.box[2] <= right.box[0] + 0.5  # ends before the next starts (ink may kiss)
    # the boxes are real glyph extents: W_{if} is wider than x_t, and all lie inside the viewBox
    widths = {symbols[b.symbol]: b.box[2] for b in formula.boxes}
    assert widths["W_{if}"] > widths["x_t"] > 0
    assert all(b.box[3] > 0 for b in formula.boxes)


def test_boxes_follow_each_glyphs_transform() -> None:
    # MathSVG.svg places glyph outlines (font units) with transform="matrix(...)", some inside groups;
    # a box is where the glyph is drawn, not where its raw coordinates are
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 -20 100 30">'
        '<path transform="matrix(2 0 0 2 10 0)" fill="#0a0001" d="M 0 -5 L 4 -5 L 4 1 Z"/>'
        '<g transform="translate(50 2)">'
        '<path transform="scale(3)" fill="#0a0002" d="M 1 -2 L 3 -2 L 3 0 Z"/></g>'
        '<rect transform="translate(70, -4)" fill="#0a0002" x="0" y="0" width="5" height="1"/>'
        '<path transform="skewZ(3)" fill="#0a0003" d="M 0 0 L 1 1 Z"/>'
        "</svg>"
    )
    boxes = symbol_boxes(svg, [(0, 1, 0), (2, 3, 1), (4, 5, 2)])
    assert [(b.symbol, b.box) for b in boxes] == [
        (0, (10.0, -10.0, 8.0, 12.0)),
        (1, (53.0, -4.0, 22.0, 6.0)),  # the union of the scaled path in its group and the moved rule
    ]  # an unreadable transform gives no box rather than a wrong one


def test_marked_glyphs_are_recoloured_not_retypeset() -> None:
    latex, chips = seed_row("f_t &=")
    formula = mark_formula(latex, tuple(c["latex"] for c in chips))
    assert formula is not None
    plain = coloured(formula, "#1f2933")
    lit = coloured(formula, "#1f2933", {1: ACCENT})
    assert "#0a00" not in plain and ACCENT not in plain  # no marker fill reaches the screen
    assert lit.count(ACCENT) >= 3  # W, i, f
    assert len(lit) == len(plain)  # same elements, same geometry: only fills differ


def test_occurrences_respect_symbol_boundaries() -> None:
    # ``h`` inside \tanh and as the base of h_{t-1} is not the symbol h; the longer symbol wins
    spans = find_occurrences(r"h = \tanh(W h_{t-1})", ["h", "W", "h_{t-1}"])
    assert [(r"h = \tanh(W h_{t-1})"[s:e], k) for s, e, k in spans] == [("h", 0), ("W", 1), ("h_{t-1}", 2)]
    # whitespace and U+2212 differences between the linker's symbol and the equation still match
    spans = find_occurrences("f_t = W_{i f} h_{t-1}", ["W_{if}", "h_{t\u22121}"])
    assert [k for _, _, k in spans] == [0, 1]
    assert find_occurrences(r"\sigmaup(x)", [r"\sigma"]) == []


def test_a_symbol_the_equation_does_not_contain_gets_no_box(qtbot) -> None:
    view = SymbolMathView(size=30)
    qtbot.addWidget(view)
    view.resize(500, 60)
    view.set_symbols("y = Ax", [("A", True, "A"), ("B", True, "B")])
    assert view.symbol_rects(0) and not view.symbol_rects(1)
    view.set_symbols("y = Bx", [("q", True, "q")])  # nothing to mark: a plain formula, still drawn
    assert view.symbol_rects(0) == [] and view.sizeHint().width() > 20


def test_clicking_a_symbol_in_the_big_equation_selects_it_like_its_chip(panel: EquationPanel, qtbot) -> None:
    latex, chips = seed_row("f_t &=")
    panel.show_equation(latex, "lstm.f", chip_tuples(chips))
    view = panel.equation
    k = next(i for i, c in enumerate(chips) if c["latex"] == "W_{if}")
    rects = [view.symbol_rects(i)[0] for i in range(len(chips))]
    assert [r.left() for r in rects] == sorted(r.left() for r in rects)
    assert not any(overlaps(a, b) for a, b in pairwise(rects))
    centre = rects[k].center().toPoint()
    assert view.symbol_at(QPointF(centre)) == k
    with qtbot.waitSignal(panel.symbolClicked, timeout=1000) as clicked:
        QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    assert clicked.args == [k]
    # the chip row's click reports the same thing
    with qtbot.waitSignal(panel.symbolClicked, timeout=1000) as chip_clicked:
        QTest.mouseClick(panel.chips.chips[k], Qt.MouseButton.LeftButton)
    assert chip_clicked.args == [k]


def test_a_click_between_symbols_selects_nothing(panel: EquationPanel, qtbot) -> None:
    latex, chips = seed_row("f_t &=")
    panel.show_equation(latex, "lstm.f", chip_tuples(chips))
    view = panel.equation
    first = view.symbol_rects(0)[0]  # f_t; "=" follows it, which is no symbol
    gap = QPoint(round(first.right() + 10), round(first.center().y()))
    assert view.symbol_at(QPointF(gap)) is None
    with qtbot.assertNotEmitted(panel.symbolClicked, wait=100):
        QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, gap)


def test_hovering_a_symbol_highlights_it_and_leaving_clears_it(panel: EquationPanel, qtbot) -> None:
    latex, chips = seed_row("f_t &=")
    panel.show_equation(latex, "lstm.f", chip_tuples(chips))
    view = panel.equation
    k = next(i for i, c in enumerate(chips) if c["latex"] == "h_{t-1}")
    centre = view.symbol_rects(k)[0].center().toPoint()
    rect = view.symbol_rects(k)[0]
    probe = QPoint(round(rect.center().x()), round(rect.top() + 1.6))  # in the padding, above the ink

    def colour_at_probe() -> tuple[int, int, int]:
        image = view.grab().toImage()
        ratio = image.devicePixelRatio()
        c = image.pixelColor(round(probe.x() * ratio), round(probe.y() * ratio))
        return c.red(), c.green(), c.blue()

    before = colour_at_probe()
    with qtbot.waitSignal(panel.symbolHovered, timeout=1000) as hovered:
        QTest.mouseMove(view, centre)
    assert hovered.args == [k] and view.hovered == k
    assert view.cursor().shape() == Qt.CursorShape.PointingHandCursor
    after = colour_at_probe()  # the chips' hover fill, #fff4e6, is painted behind the glyphs
    assert after != before
    assert all(abs(a - b) <= 12 for a, b in zip(after, (0xFF, 0xF4, 0xE6), strict=True))
    tip = QHelpEvent(QEvent.Type.ToolTip, centre, view.mapToGlobal(centre))
    QApplication.sendEvent(view, tip)  # the tooltip names the symbol's quantity, as its chip's does
    qtbot.waitUntil(lambda: QToolTip.isVisible(), timeout=2000)
    assert QToolTip.text() == chips[k]["tip"] and "lstm.h_prev" in QToolTip.text()
    QToolTip.hideText()
    with qtbot.waitSignal(panel.symbolHovered, timeout=1000) as left:
        QApplication.sendEvent(view, QEvent(QEvent.Type.Leave))
    assert left.args == [-1] and view.hovered is None


def test_chip_or_note_hover_lights_the_symbol_in_the_equation(panel: EquationPanel) -> None:
    latex, chips = seed_row("f_t &=")
    panel.show_equation(latex, "lstm.f", chip_tuples(chips))
    panel.highlight_symbol("W_{ if }")  # a note piece may be spaced differently
    assert panel.equation.hovered == 1
    panel.highlight_symbol(None)
    assert panel.equation.hovered is None
    panel.select_symbol(4)
    assert panel.equation.selected == 4 and panel.chips.chips[4].property("selected") is True
