"""Typeset LaTeX shown as a crisp, scalable widget (ziamath SVG drawn by QSvgRenderer).

Why not QWebEngineView: the panel shows one big equation and a row of small symbol chips, and a second
Chromium page per chip would cost hundreds of milliseconds and megabytes. ziamath gives plain SVG paths
(``svg2`` off, so QtSvg draws them); QSvgRenderer paints them at any device pixel ratio.

Highlighting a symbol inside the big equation (ScholarPhi-style) is done by re-typesetting the equation
with that symbol wrapped in ``\\color``: exact glyph placement for free, and cached per (latex, colour).
"""

from __future__ import annotations

import re
from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

ACCENT = "#d9480f"
INK = "#1f2933"
RE_ALIGN = re.compile(r"(?<!\\)&")
RE_ROW_END = re.compile(r"\\\\\s*$")


def display_latex(latex: str) -> str:
    """An align row (``f_t &= …\\\\``) as a standalone formula: drop alignment marks and row breaks."""
    text = RE_ROW_END.sub("", latex.strip())
    text = RE_ALIGN.sub("", text)
    text = text.replace("\u2212", "-")
    return text.strip()


def highlight_latex(latex: str, symbol: str, color: str = ACCENT) -> str:
    """``latex`` with each occurrence of the symbol's LaTeX coloured (unchanged when it is not found)."""
    symbol = symbol.strip()
    if not symbol or symbol not in latex:
        return latex
    return latex.replace(symbol, f"{{\\color{{{color}}}{{{symbol}}}}}")


RE_SIZE_ATTRS = re.compile(r'\swidth="[^"]*"\s+height="[^"]*"')
RE_VIEWBOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"')
BASE_SIZE = 20.0  # app.markup.mathsvg's default: the note view has already typeset its pieces at it


def _pixel_sized(svg: str, scale: float) -> str:
    """The renderer sizes its SVG in em for HTML; QSvgRenderer wants pixels: the viewBox, scaled."""
    box = RE_VIEWBOX.search(svg)
    if box is None:
        return svg
    width, height = float(box.group(3)) * scale, float(box.group(4)) * scale
    return RE_SIZE_ATTRS.sub(f' width="{width:.2f}" height="{height:.2f}"', svg, count=1)


@lru_cache(maxsize=1024)
def math_svg(latex: str, size: float = 24.0, color: str = INK) -> bytes:
    """SVG bytes for ``latex`` via the note renderer's typesetter (same glyphs, Hangul fallback, cache).

    It asks for exactly what the note view asked for (size 20, ``currentColor``), so a symbol the note
    shows is already typeset (memory or disk cache, ~0 ms instead of ~25 ms), then recolours and
    rescales the SVG text. LaTeX the typesetter refuses is shown as its source in red.
    """
    from app.markup.mathsvg import MathTypesetError, typeset

    try:
        svg = typeset(latex).svg.replace("currentColor", color)
        svg = _pixel_sized(svg, size / BASE_SIZE)
    except MathTypesetError:
        import ziamath

        svg = ziamath.Text(latex, size=size * 0.7, color="#b42318").svg()
    return svg.encode("utf-8")


class MathView(QWidget):
    """One formula, drawn from SVG, centred, scaled down (never up past 1×) to fit its width."""

    clicked = Signal()

    def __init__(self, latex: str = "", size: float = 24.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer = QSvgRenderer(self)
        self._size = size
        self._latex = ""
        self._align = Qt.AlignmentFlag.AlignCenter
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        if latex:
            self.set_latex(latex)

    @property
    def font_size(self) -> float:
        """The typesetting size in px (QWidget.size() is the widget's geometry)."""
        return self._size

    def latex(self) -> str:
        return self._latex

    def set_alignment(self, align: Qt.AlignmentFlag) -> None:
        self._align = align
        self.update()

    def set_latex(self, latex: str, color: str = INK) -> None:
        """Typeset ``latex`` (cached) and repaint; the widget's height follows the formula's."""
        self._latex = latex
        self._renderer.load(QByteArray(math_svg(latex, self._size, color)))
        natural = self._renderer.defaultSize()
        self.setMinimumHeight(natural.height() + 6)
        self.setMaximumHeight(natural.height() + 6)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        natural = self._renderer.defaultSize()
        return QSize(natural.width() + 8, natural.height() + 6)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._renderer.isValid():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        natural = self._renderer.defaultSize()
        scale = min(1.0, (self.width() - 8) / max(1, natural.width()))
        w, h = natural.width() * scale, natural.height() * scale
        x = 4.0 if self._align & Qt.AlignmentFlag.AlignLeft else (self.width() - w) / 2
        y = (self.height() - h) / 2
        self._renderer.render(painter, QRectF(x, y, w, h))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)
