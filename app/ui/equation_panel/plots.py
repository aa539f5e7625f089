"""The panel's pictures of tensors: a heatmap of one tensor, LSTMVis-style time × unit maps, vector strips.

Why these choices:
- matplotlib (QtAgg) for the two heatmaps, so axes, colour bars and the Korean labels look like the
  plots students know; artists are created once and updated with ``set_data`` so a time step costs a
  repaint, not a new figure. The time marker over the LSTMVis maps is blitted (``copy_from_bbox``):
  moving it redraws two thin lines, not six images.
- A plain QWidget + QImage for the many small per-term strips of the term-by-term chain: a dozen
  matplotlib canvases would cost far more than the 50 ms a slider step may take.
Colours say what a value is: σ gates on a fixed 0..1 scale, tanh outputs on −1..1, pre-activations,
states and weights on a diverging map centred at 0.
"""

from __future__ import annotations

import base64
import math
from functools import cache
from typing import Any

import matplotlib
import numpy as np

matplotlib.use("QtAgg")
from matplotlib import colormaps, font_manager
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.fonts import korean_font, plot_families
from app.ui.common import plain_label

translate = QCoreApplication.translate  # lupdate collects translate("EquationPanel", "…")

GATE_CMAP = "viridis"
DIVERGING_CMAP = "RdBu_r"
BACKGROUND = "#ffffff"
PLOT_COLOURS = {  # theme -> (figure background, text/ticks/spines): both pairs ≥ 4.5:1 (WCAG)
    "light": ("#ffffff", "#1f2933"),
    "dark": ("#0d1117", "#e6edf3"),
}


@cache
def setup_matplotlib() -> str:
    """Register the bundled Korean font with matplotlib once; return its family name."""
    font = korean_font()
    font_manager.fontManager.addfont(str(font.regular))
    if font.bold is not None:
        font_manager.fontManager.addfont(str(font.bold))
    family = font_manager.FontProperties(fname=str(font.regular)).get_name()
    matplotlib.rcParams.update(
        {
            "font.family": plot_families(family),  # DejaVu first: NanumGothic draws \\ as ₩
            "axes.unicode_minus": False,  # NanumGothic has no U+2212
            "font.size": 8,
            "axes.titlesize": 9,
            "axes.linewidth": 0.6,
            "xtick.major.width": 0.6,
            "ytick.major.width": 0.6,
        }
    )
    return family


def decode(payload: dict[str, Any]) -> np.ndarray:
    """The kernel's ``{"shape", "b64"}`` float32 payload as a numpy array."""
    data = base64.b64decode(payload["b64"])
    return np.frombuffer(data, dtype="<f4").reshape(payload["shape"])


def norm_for(role: str, values: np.ndarray) -> tuple[str, Normalize]:
    """Colour map and scale for a role: gates 0..1, tanh −1..1, others symmetric around 0."""
    if role == "gate":
        return GATE_CMAP, Normalize(0.0, 1.0)
    if role == "tanh":
        return DIVERGING_CMAP, Normalize(-1.0, 1.0)
    finite = values[np.isfinite(values)] if values.size else values
    bound = float(np.abs(finite).max()) if finite.size else 1.0
    bound = bound if bound > 0 else 1.0
    return DIVERGING_CMAP, Normalize(-bound, bound)


def as_grid(values: np.ndarray, width: int = 32) -> np.ndarray:
    """A vector of H units wrapped into rows of ``width`` (NaN-padded), so 256 units read as 8 × 32."""
    flat = values.reshape(-1)
    rows = max(1, math.ceil(flat.size / width))
    grid = np.full(rows * width, np.nan, dtype=np.float32)
    grid[: flat.size] = flat
    return grid.reshape(rows, width)


def fmt(value: float) -> str:
    """Compact number: 4 significant digits, scientific when tiny or huge."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    return f"{value:.3e}" if abs(value) < 1e-3 or abs(value) >= 1e4 else f"{value:.4f}"


def nice_bound(value: float) -> float:
    """Round a colour-scale bound up to 1, 2 or 5 × 10^k: the scale (and colour bar) then rarely changes."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    exp = math.floor(math.log10(value))
    for step in (1.0, 2.0, 5.0, 10.0):
        if value <= step * 10**exp:
            return step * 10**exp
    return 10.0 ** (exp + 1)


def recolour(axes: Any, background: str, foreground: str) -> None:
    """One axes (or colour bar axes) in the theme's colours."""
    axes.set_facecolor(background)
    axes.tick_params(colors=foreground, which="both")
    for spine in axes.spines.values():
        spine.set_edgecolor(foreground)
    axes.xaxis.label.set_color(foreground)
    axes.yaxis.label.set_color(foreground)
    axes.title.set_color(foreground)


class BlitCanvas(FigureCanvasQTAgg):
    """A canvas whose ``animated`` artists are redrawn over a saved background (no full figure draw).

    A full draw of a small figure with axes and a colour bar costs ~35 ms on a 2-core machine; restoring
    the background and drawing one image or two lines costs a few.
    """

    def __init__(self, figure: Figure) -> None:
        super().__init__(figure)
        self._background: Any = None
        self._animated: list[Any] = []
        self.mpl_connect("draw_event", self._on_draw)

    def _on_draw(self, _event: Any) -> None:
        # called at the end of a full draw: keep the static parts, then paint the animated ones on top
        self._background = self.copy_from_bbox(self.figure.bbox)
        for artist in self._animated:
            artist.axes.draw_artist(artist)

    theme = "light"

    def set_theme(self, theme: str) -> None:
        """Draw in the light or dark colours (:data:`PLOT_COLOURS`): the figure, every axes' ticks,
        labels, titles and spines, now and for what is drawn later (matplotlib's rcParams)."""
        self.theme = "dark" if theme == "dark" else "light"
        background, foreground = PLOT_COLOURS[self.theme]
        matplotlib.rcParams.update({
            "figure.facecolor": background, "axes.facecolor": background, "savefig.facecolor": background,
            "text.color": foreground, "axes.labelcolor": foreground, "axes.edgecolor": foreground,
            "xtick.color": foreground, "ytick.color": foreground,
        })
        self.recolour_axes()
        self._background = None
        self.draw_idle()

    def recolour_axes(self) -> None:
        """The figure and every axes in this canvas's theme (after axes were made or cleared)."""
        background, foreground = PLOT_COLOURS[self.theme]
        self.figure.set_facecolor(background)
        for axes in self.figure.axes:
            recolour(axes, background, foreground)

    def redraw_animated(self) -> None:
        if self._background is None:
            self.draw_idle()
            return
        self.restore_region(self._background)
        for artist in self._animated:
            artist.axes.draw_artist(artist)
        self.blit(self.figure.bbox)


class TensorHeatmap(BlitCanvas):
    """Values of one tensor as a heatmap; a vector is wrapped into a grid of units. Hover reports values."""

    hovered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        setup_matplotlib()
        super().__init__(Figure(figsize=(4.6, 2.2), dpi=100, facecolor=BACKGROUND))
        self.setParent(parent)
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.axes = self.figure.add_axes((0.08, 0.2, 0.78, 0.74))
        self.cax = self.figure.add_axes((0.885, 0.2, 0.025, 0.74))
        self._image: Any = None
        self._layout: tuple[Any, ...] = ()
        self._scale: tuple[Any, ...] = ()
        self.title = ""
        self._values = np.zeros((1, 1), np.float32)
        self._axes_names: list[str] = []
        self._grid_width = 0
        self.mpl_connect("motion_notify_event", self._on_move)

    def resizeEvent(self, event: Any) -> None:
        """Keep the tick labels' room in pixels, not in shares of the width: in a narrow dock a fixed
        share left the colour bar's labels too little room and they were cut at the right edge."""
        width = max(1, event.size().width())
        left, gap, bar, labels = 56 / width, 12 / width, 10 / width, 46 / width  # px → figure fractions
        main = max(0.1, 1.0 - left - gap - bar - labels)
        self.axes.set_position((left, 0.2, main, 0.74))
        self.cax.set_position((left + main + gap, 0.2, bar, 0.74))
        self._background = None
        super().resizeEvent(event)

    def show_tensor(self, values: np.ndarray, role: str, axes: list[str], title: str) -> None:
        """Draw ``values``; same layout and scale as last time → only the image is blitted (fast path)."""
        self._axes_names = axes
        if values.ndim <= 1 or (values.ndim == 2 and values.shape[0] == 1):
            self._grid_width = min(32, max(1, values.size))
            grid = as_grid(values, self._grid_width)
        else:
            self._grid_width = 0
            grid = values.reshape(values.shape[0], -1)
        cmap, norm = norm_for(role, grid)
        if role not in ("gate", "tanh"):
            bound = nice_bound(float(norm.vmax or 1.0))
            norm = Normalize(-bound, bound)
        self._values = values
        self.title = title
        layout = (grid.shape, self._grid_width, tuple(axes))
        scale = (cmap, norm.vmin, norm.vmax)
        if self._image is not None and layout == self._layout:
            self._image.set_data(grid)
            if scale == self._scale:
                self.redraw_animated()  # the common case (a step): blit the image only
                return
            self._scale = scale  # another colour scale: recolour, redraw the colour bar
            self._image.set_cmap(cmap)
            self._image.set_norm(norm)
            self._background = None
            self.draw_idle()
            return
        self._layout, self._scale = layout, scale
        self.axes.clear()
        self.cax.clear()
        self._image = self.axes.imshow(
            grid, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest", animated=True
        )
        self._animated = [self._image]
        colorbar = self.figure.colorbar(self._image, cax=self.cax)
        colorbar.outline.set_linewidth(0.5)
        if self._grid_width:
            self.axes.set_xlabel(
                translate("EquationPanel", "units ({0} per row, top to bottom)").format(self._grid_width)
            )
            rows = grid.shape[0]
            self.axes.set_yticks(range(rows), [str(r * self._grid_width) for r in range(rows)], fontsize=6)
            self.axes.xaxis.set_major_locator(MaxNLocator(integer=True))
            if rows == 1:
                self.axes.set_yticks([])
        else:
            self.axes.xaxis.set_major_locator(MaxNLocator(integer=True))
            self.axes.yaxis.set_major_locator(MaxNLocator(integer=True))
            self.axes.set_ylabel(plain_label(axes[0] if axes else ""))
            self.axes.set_xlabel(plain_label(axes[1] if len(axes) > 1 else ""))
        self.recolour_axes()
        self._background = None
        self.draw_idle()

    def _on_move(self, event: Any) -> None:
        if event.inaxes is not self.axes or event.xdata is None or self._image is None:
            return
        col, row = round(event.xdata), round(event.ydata)
        if self._grid_width:
            k = row * self._grid_width + col
            flat = self._values.reshape(-1)
            if 0 <= k < flat.size:
                self.hovered.emit(translate("EquationPanel", "unit {0}: {1}").format(k, fmt(float(flat[k]))))
            return
        grid = self._values.reshape(self._values.shape[0], -1)
        if 0 <= row < grid.shape[0] and 0 <= col < grid.shape[1]:
            names = [*self._axes_names, "", ""]
            self.hovered.emit(f"[{names[0]}={row}, {names[1]}={col}] = {fmt(float(grid[row, col]))}")


class TimeHeatmaps(BlitCanvas):
    """LSTMVis-style: one row per quantity (i f g o c h), time on x, hidden units on y, step marked.

    Clicking a cell emits ``stepClicked(t)``; the marker is blitted so a slider step stays cheap.
    """

    stepClicked = Signal(int)
    hovered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        setup_matplotlib()
        super().__init__(Figure(figsize=(4.6, 4.0), dpi=100, facecolor=BACKGROUND))
        self.setParent(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._axes: dict[str, Any] = {}
        self._maps: dict[str, np.ndarray] = {}
        self._step = 0
        self.mpl_connect("button_press_event", self._on_click)
        self.mpl_connect("motion_notify_event", self._on_move)

    def show_maps(self, maps: dict[str, np.ndarray], roles: dict[str, str], step: int) -> None:
        """Rebuild the rows (only when the layer, direction, batch or trace changed)."""
        self._maps = maps
        self.figure.clear()
        self._axes.clear()
        self._animated = []
        names = list(maps)
        height = 0.62 + 0.72 * len(names)
        self.figure.set_size_inches(4.6, height)
        self.setFixedHeight(int(height * self.figure.dpi))
        top, bottom = 1 - 0.22 / height, 0.42 / height
        row_h = (top - bottom) / max(1, len(names))
        for k, name in enumerate(names):
            values = maps[name]  # (L, H)
            ax = self.figure.add_axes(
                (0.07, top - (k + 1) * row_h + 0.08 / height, 0.9, row_h - 0.1 / height)
            )
            cmap, norm = norm_for(roles.get(name, "pre"), values)
            ax.imshow(values.T, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
            ax.set_yticks([])
            ax.set_ylabel(plain_label(name), rotation=0, ha="right", va="center", fontsize=10)
            if k < len(names) - 1:
                ax.set_xticks([])
            else:
                ax.set_xlabel(translate("EquationPanel", "time t  (click to go to that step)"))
            marker = ax.axvline(step, color="#ff6b00", linewidth=1.6, animated=True)
            self._axes[name] = ax
            self._animated.append(marker)
        self._step = step
        self.recolour_axes()
        self._background = None
        self.draw_idle()

    def set_step(self, step: int) -> None:
        """Move the marker: restore the saved background and blit the lines (no full redraw)."""
        self._step = step
        for marker in self._animated:
            marker.set_xdata([step, step])
        self.redraw_animated()

    def _on_click(self, event: Any) -> None:
        if event.inaxes in self._axes.values() and event.xdata is not None:
            self.stepClicked.emit(round(event.xdata))

    def _on_move(self, event: Any) -> None:
        for name, ax in self._axes.items():
            if event.inaxes is ax and event.xdata is not None:
                t, unit = round(event.xdata), round(event.ydata)
                values = self._maps[name]
                if 0 <= t < values.shape[0] and 0 <= unit < values.shape[1]:
                    self.hovered.emit(
                        translate("EquationPanel", "{0}: t={1}, unit {2} = {3}").format(
                            name, t, unit, fmt(float(values[t, unit]))
                        )
                    )


@cache
def _lut(cmap: str) -> np.ndarray:
    """256 RGBA colours of a matplotlib colour map as uint8, for fast vector strips."""
    return (colormaps[cmap](np.linspace(0, 1, 256)) * 255).astype(np.uint8)


class VectorStrip(QWidget):
    """A vector as a one-row colour strip (one cell per unit), with the value under the mouse as tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values = np.zeros(0, np.float32)
        self._image = QImage()
        self.setMouseTracking(True)
        self.setMinimumHeight(16)
        self.setMaximumHeight(16)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(240, 16)

    def set_values(self, values: np.ndarray, role: str) -> None:
        flat = np.asarray(values, dtype=np.float32).reshape(-1)
        self._values = flat
        cmap, norm = norm_for(role, flat)
        scaled = np.ma.filled(norm(flat), 0.5)  # (H,) in 0..1
        index = np.clip(np.nan_to_num(scaled, nan=0.5) * 255, 0, 255).astype(np.uint8)
        rgba = np.ascontiguousarray(_lut(cmap)[index][None, :, :])  # (1, H, 4)
        self._rgba = rgba  # QImage does not own the buffer
        self._image = QImage(rgba.data, rgba.shape[1], 1, rgba.shape[1] * 4, QImage.Format.Format_RGBA8888)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = QRect(0, 0, self.width(), self.height())
        if not self._image.isNull():
            painter.drawImage(rect, self._image)
        painter.setPen(Qt.GlobalColor.lightGray)
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._values.size:
            k = min(
                self._values.size - 1,
                max(0, int(event.position().x() / max(1, self.width()) * self._values.size)),
            )
            QToolTip.showText(
                event.globalPosition().toPoint() + QPoint(8, 8),
                translate("EquationPanel", "unit {0}: {1}").format(k, fmt(float(self._values[k]))),
                self,
            )
        super().mouseMoveEvent(event)
