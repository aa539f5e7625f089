"""Typeset LaTeX shown as a crisp, scalable widget (ziamath SVG drawn by QSvgRenderer).

Why not QWebEngineView: the panel shows one big equation and a row of small symbol chips, and a second
Chromium page per chip would cost hundreds of milliseconds and megabytes. ziamath gives plain SVG paths
(``svg2`` off, so QtSvg draws them); QSvgRenderer paints them at any device pixel ratio.

The panel's big equation is a :class:`SymbolMathView`: each symbol of it can be hovered and clicked.
Its symbols are located by typesetting the equation once with every symbol marked by a colour
(``app.ui.common.math_symbols``), which gives exact glyph boxes; hover highlighting recolours those glyphs.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from PySide6.QtCore import QByteArray, QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.ui.common.math_symbols import MarkedFormula, coloured, mark_formula
from app.ui.common.plaintext import tip

ACCENT = "#d9480f"
log = logging.getLogger(__name__)
INK = "#1f2933"  # the light theme's ink; a widget draws in its palette's text colour (see MathView.ink)
RE_ALIGN = re.compile(r"(?<!\\)&")
RE_ROW_END = re.compile(r"\\\\\s*$")


def display_latex(latex: str) -> str:
    """An align row (``f_t &= …\\\\``) as a standalone formula: drop alignment marks and row breaks."""
    text = RE_ROW_END.sub("", latex.strip())
    text = RE_ALIGN.sub("", text)
    text = text.replace("\u2212", "-")
    return text.strip()


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
    rescales the SVG text. LaTeX the typesetter refuses is shown as its source in red, drawn without any
    typesetting (``mathdraw.error_svg``). Never raises: it goes through ``app.markup.mathdraw.draw``.
    """
    from app.markup.mathdraw import draw, error_svg

    drawing = draw(latex)
    try:
        if drawing.math is not None:
            return _pixel_sized(drawing.math.svg.replace("currentColor", color), size / BASE_SIZE).encode()
    except Exception:  # a malformed drawing is shown like a refused one
        log.exception("preparing the drawing of %r failed", latex[:200])
    return error_svg(latex, size * 0.7).encode("utf-8")


def plain_label(text: object) -> str:
    """Text for a matplotlib label, never read as mathtext (``app.markup.mathdraw.plain_label``)."""
    from app.markup.mathdraw import plain_label as plain

    return plain(text)


def math_reason(latex: str) -> str | None:
    """Why ``latex`` cannot be typeset (plain text, the user's language), or None when it can."""
    from app.markup.mathdraw import draw

    return draw(latex).reason


class MathView(QWidget):
    """One formula, drawn from SVG, centred, scaled down (never up past 1×) to fit its width."""

    clicked = Signal()

    def __init__(self, latex: str = "", size: float = 24.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer = QSvgRenderer(self)
        self._size = size
        self._latex = ""
        self._color: str | None = None  # the caller's colour; None: the palette's text colour
        self.reason: str | None = None
        self._align = Qt.AlignmentFlag.AlignCenter
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        if latex:
            self.set_latex(latex)

    def latex(self) -> str:
        return self._latex

    def set_alignment(self, align: Qt.AlignmentFlag) -> None:
        self._align = align
        self.update()

    def ink(self) -> str:
        """The glyphs' colour: the palette's text colour, so that the dark theme draws light glyphs (a
        fixed dark ink made the panel's equation and chips vanish on the dark cards)."""
        return self.palette().color(QPalette.ColorRole.Text).name()

    def set_latex(self, latex: str, color: str | None = None) -> None:
        """Typeset ``latex`` (cached) and repaint; the widget's height follows the formula's.

        ``color`` (default: :meth:`ink`, followed when the theme changes). ``reason`` then says why it
        could not be typeset (None when it was).
        """
        self._latex = latex
        self._color = color
        self.reason = math_reason(latex)
        self._renderer.load(QByteArray(math_svg(latex, self._size, color or self.ink())))
        natural = self._renderer.defaultSize()
        self.setMinimumHeight(natural.height() + 6)
        self.setMaximumHeight(natural.height() + 6)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        natural = self._renderer.defaultSize()
        return QSize(natural.width() + 8, natural.height() + 6)

    def formula_rect(self) -> QRectF:
        """Where the formula is drawn in the widget (centred, scaled down to fit, never up)."""
        natural = self._renderer.defaultSize()
        scale = min(1.0, (self.width() - 8) / max(1, natural.width()))
        w, h = natural.width() * scale, natural.height() * scale
        x = 4.0 if self._align & Qt.AlignmentFlag.AlignLeft else (self.width() - w) / 2
        return QRectF(x, (self.height() - h) / 2, w, h)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._renderer.isValid():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint_under(painter)
        self._renderer.render(painter, self.formula_rect())
        painter.end()

    def paint_under(self, painter: QPainter) -> None:
        """Hook for what is drawn behind the glyphs (the symbol view's highlight boxes)."""

    def changeEvent(self, event: QEvent) -> None:
        """A theme switch changes the palette: redraw the glyphs in the new ink."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._latex and self._color is None:
            self._redraw()

    def _redraw(self) -> None:
        self._renderer.load(QByteArray(math_svg(self._latex, self._size, self.ink())))
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


HOVER_FILL, HOVER_EDGE = QColor("#fff4e6"), QColor("#f59f00")  # the chips' hover and selected look
SELECTED_FILL, SELECTED_EDGE = QColor("#fff0e0"), QColor(ACCENT)
BOX_PAD = 2.5  # px around a symbol's glyphs: the highlight breathes and small subscripts are easy to hit


def _padded(rect: QRectF, others: list[QRectF]) -> QRectF:
    """``rect`` grown by BOX_PAD, but sideways by at most half the gap to a neighbour on the same line,
    so neighbouring symbols (``W_{if}x_t``) keep separate, non-overlapping targets."""
    left = right = BOX_PAD
    for other in others:
        if other.bottom() <= rect.top() or other.top() >= rect.bottom():
            continue
        if other.right() <= rect.left():
            left = min(left, (rect.left() - other.right()) / 2)
        elif other.left() >= rect.right():
            right = min(right, (other.left() - rect.right()) / 2)
    return rect.adjusted(-left, -BOX_PAD, right, BOX_PAD)


class SymbolMathView(MathView):
    """The panel's big equation: each symbol can be hovered (highlighted, with its quantity as a tooltip)
    and clicked, like its chip. Signals carry the symbol's index (the chips' order); -1 = hover left."""

    symbolHovered = Signal(int)
    symbolClicked = Signal(int)

    def __init__(self, size: float = 30.0, parent: QWidget | None = None) -> None:
        super().__init__("", size, parent)
        self._formula: MarkedFormula | None = None
        self._symbols: list[tuple[str, bool, str]] = []
        self._hovered: int | None = None
        self._selected: int | None = None
        self.setMouseTracking(True)

    # --- what is shown -----------------------------------------------------------------------

    def set_symbols(self, latex: str, symbols: list[tuple[str, bool, str]]) -> None:
        """Show ``latex`` with ``symbols`` — (latex, clickable, tooltip) each — located in it.

        Symbols the typesetter cannot place (written differently in the equation) get no box; the chip
        row still offers them.
        """
        self._symbols = list(symbols)
        self._hovered = self._selected = None
        self._formula = mark_formula(latex, tuple(s for s, _, _ in symbols)) if symbols else None
        self._latex = latex
        self.reason = None  # a marked formula was typeset; otherwise _reload sets it
        self._reload()
        self.unsetCursor()

    def set_latex(self, latex: str, color: str | None = None) -> None:
        self._formula, self._symbols = None, []
        self._hovered = self._selected = None
        super().set_latex(latex, color)

    def _reload(self) -> None:
        if self._formula is None:
            super().set_latex(self._latex)
            return
        accents = {self._hovered: ACCENT} if self._hovered is not None else {}
        svg = _pixel_sized(coloured(self._formula, self.ink(), accents), self._size / BASE_SIZE)
        self._renderer.load(QByteArray(svg.encode("utf-8")))
        natural = self._renderer.defaultSize()
        self.setFixedHeight(natural.height() + 6)
        self.updateGeometry()
        self.update()

    def _redraw(self) -> None:
        if self._formula is None:
            super()._redraw()
        else:
            self._reload()

    @property
    def hovered(self) -> int | None:
        return self._hovered

    @property
    def selected(self) -> int | None:
        return self._selected

    def set_hovered(self, index: int | None) -> None:
        """Highlight symbol ``index`` (from the chips or the note, or the mouse here); None clears."""
        index = index if index is not None and 0 <= index < len(self._symbols) else None
        if index != self._hovered:
            self._hovered = index
            self._reload()

    def set_selected(self, index: int | None) -> None:
        self._selected = index
        self.update()

    def symbol_rects(self, index: int) -> list[QRectF]:
        """Widget-pixel boxes of every drawn occurrence of symbol ``index`` (left to right)."""
        return [rect for k, rect in self._rects() if k == index]

    def _rects(self) -> list[tuple[int, QRectF]]:
        if self._formula is None or not self._renderer.isValid():
            return []
        view, target = self._renderer.viewBoxF(), self.formula_rect()
        sx, sy = target.width() / max(view.width(), 1e-9), target.height() / max(view.height(), 1e-9)
        tight = [
            (
                box.symbol,
                QRectF(target.x() + (x - view.x()) * sx, target.y() + (y - view.y()) * sy, w * sx, h * sy),
            )
            for box in self._formula.boxes
            for x, y, w, h in (box.box,)
        ]
        return [(k, _padded(rect, [r for _, r in tight if r is not rect])) for k, rect in tight]

    def symbol_at(self, point: QPointF) -> int | None:
        """The symbol under ``point``; where padded boxes touch, the one whose centre is nearest."""
        hits = [(k, r) for k, r in self._rects() if r.contains(point)]
        if not hits:
            return None
        centre = min(hits, key=lambda kr: (kr[1].center() - point).manhattanLength())
        return centre[0]

    def paint_under(self, painter: QPainter) -> None:
        for index, fill, edge in (
            (self._selected, SELECTED_FILL, SELECTED_EDGE),
            (self._hovered, HOVER_FILL, HOVER_EDGE),
        ):
            if index is None:
                continue
            painter.setBrush(fill)
            painter.setPen(QPen(edge, 1.2))
            for rect in self.symbol_rects(index):
                painter.drawRoundedRect(rect, 5, 5)

    # --- the mouse ---------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.symbol_at(event.position())
        if index != self._hovered:
            self.set_hovered(index)
            self.symbolHovered.emit(-1 if index is None else index)
        clickable = index is not None and self._symbols[index][1]
        if clickable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.symbol_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and index is not None and self._symbols[index][1]:
            self.symbolClicked.emit(index)
            event.accept()
            return
        super().mousePressEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hovered is not None:
            self.set_hovered(None)
            self.symbolHovered.emit(-1)
        super().leaveEvent(event)

    def event(self, event: QEvent) -> bool:
        """Tooltips per symbol: the one under the mouse says what it is (the chip's text)."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.symbol_at(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
                event.ignore()
            else:
                rect = next(iter(self.symbol_rects(index)), QRectF()).toAlignedRect()
                QToolTip.showText(event.globalPos(), tip(self._symbols[index][2]), self, rect)
            return True
        return super().event(event)
