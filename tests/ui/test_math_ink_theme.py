"""The panel's typeset math follows the theme: on the dark palette its glyphs are light (they were drawn in
a fixed dark ink and vanished on the dark cards), and a theme switch redraws them."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QRegion
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.common import theme
from app.ui.common.mathview import MathView, SymbolMathView


def _mean_glyph_lightness(widget: MathView) -> float:
    """The lightness of the drawn glyph pixels (the widget painted on a transparent image)."""
    widget.resize(widget.sizeHint())
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)
    image.fill(0)
    widget.render(image, QPoint(0, 0), QRegion(), QWidget.RenderFlag.DrawChildren)  # no background
    values = [
        QColor.fromRgba(image.pixel(x, y)).lightnessF()
        for y in range(image.height())
        for x in range(image.width())
        if QColor.fromRgba(image.pixel(x, y)).alpha() > 200
    ]
    assert values, "nothing was drawn"
    return sum(values) / len(values)


def test_glyphs_use_the_palettes_text_colour(ui_app: QApplication) -> None:
    before = ui_app.palette()
    try:
        theme.apply("dark")
        plain = MathView(r"c_t = f_t \odot c_{t-1} + i_t \odot g_t")
        marked = SymbolMathView()
        marked.set_symbols(r"h_t = o_t \odot \tanh(c_t)", [("h_t", True, "h"), ("o_t", True, "o")])
        assert _mean_glyph_lightness(plain) > 0.6 and _mean_glyph_lightness(marked) > 0.6
        theme.apply("light")
        plain.setPalette(ui_app.palette())  # what QApplication.setPalette propagates to shown widgets
        marked.setPalette(ui_app.palette())
        assert _mean_glyph_lightness(plain) < 0.4 and _mean_glyph_lightness(marked) < 0.4
    finally:
        ui_app.setPalette(before)
