"""Cards of the equation panel: the symbol chips, one tensor in detail, and the term-by-term chain.

Each card only displays a payload that came from the kernel (``app.engine.serve.panel``); none of
them computes anything, so what the panel shows is exactly what the kernel traced.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QEnterEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.common import MathView, contain, plain, tip
from app.ui.equation_panel.plots import TensorHeatmap, VectorStrip, decode, fmt
from app.ui.equation_panel.text import source_text

translate = QCoreApplication.translate  # lupdate collects translate("EquationPanel", "…")

TABLE_COLUMNS = 8
TABLE_ROWS = 2


class SymbolChip(QFrame):
    """One symbol of the equation, typeset; click selects it, hover highlights it everywhere."""

    clicked = Signal(int)
    hovered = Signal(int)  # index, or -1 on leave

    def __init__(
        self, index: int, latex: str, linked: bool, tooltip: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.index = index
        self.setObjectName("symbolChip")
        self.setProperty("selected", False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        self.math = MathView(size=19)
        self.math.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.math.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout.addWidget(self.math)
        if latex:
            self.set_symbol(latex, linked, tooltip)

    def set_symbol(self, latex: str, linked: bool, tooltip: str) -> None:
        if self.math.latex() != latex:
            self.math.set_latex(latex)
            self.math.setFixedWidth(self.math.sizeHint().width())
        self.setProperty("linked", linked)
        self.setCursor(Qt.CursorShape.PointingHandCursor if linked else Qt.CursorShape.ArrowCursor)
        self.setToolTip(tip(tooltip))
        self.style().unpolish(self)
        self.style().polish(self)

    def set_selected(self, selected: bool) -> None:
        self.setProperty("selected", selected)
        self.style().unpolish(self)
        self.style().polish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.property("linked"):
            self.clicked.emit(self.index)

    def enterEvent(self, event: QEnterEvent) -> None:
        self.hovered.emit(self.index)
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self.hovered.emit(-1)
        super().leaveEvent(event)


class ChipBar(QWidget):
    """The equation's symbols as chips that wrap to the panel's width (left-hand side first)."""

    clicked = Signal(int)
    hovered = Signal(int)
    SPACING = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chips: list[SymbolChip] = []
        self._count = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_symbols(self, symbols: list[tuple[str, str | None, str]]) -> None:
        """``symbols``: (latex, quantity or None, tooltip) per chip. Chip widgets are reused."""
        while len(self.chips) < len(symbols):
            chip = SymbolChip(len(self.chips), "", False, "", self)
            chip.clicked.connect(self.clicked)
            chip.hovered.connect(self.hovered)
            self.chips.append(chip)
        for k, chip in enumerate(self.chips):
            if k < len(symbols):
                latex, quantity, tooltip = symbols[k]
                chip.set_symbol(latex, quantity is not None, tooltip)
            chip.setVisible(k < len(symbols))
        self._count = len(symbols)
        self._place(self.width())

    def _place(self, width: int) -> int:
        """Greedy line wrapping; returns the height used."""
        x = y = row_h = 0
        for chip in self.chips[: self._count]:
            size = chip.sizeHint()
            if x and x + size.width() > width:
                x, y = 0, y + row_h + self.SPACING
                row_h = 0
            chip.setGeometry(x, y, size.width(), size.height())
            x += size.width() + self.SPACING
            row_h = max(row_h, size.height())
        height = y + row_h
        self.setFixedHeight(max(0, height))
        return height

    def resizeEvent(self, event: Any) -> None:
        self._place(event.size().width())
        super().resizeEvent(event)

    def select(self, index: int) -> None:
        for chip in self.chips:
            chip.set_selected(chip.index == index)


def _pill(text: str, background: str, color: str) -> str:
    return f"<span style='background-color:{background}; color:{color};'>&nbsp;{text}&nbsp;</span>"


def shape_html(item: dict[str, Any]) -> str:
    """``(N=1, H=256)`` · ``float32`` · ``cpu`` as pills; each axis is named (N, L, H, H_in…)."""
    dims = ", ".join(f"<b>{html.escape(str(a))}</b>={html.escape(str(n))}"
                     for a, n in zip(item["axes"], item["shape"], strict=False))
    return " ".join(  # plain spaces: the pills wrap onto a second line in a narrow dock
        (
            _pill(f"({dims})", "#e8eefc", "#1e3a8a"),
            _pill(html.escape(str(item["dtype"])), "#eef2f7", "#334155"),
            _pill(html.escape(str(item["device"])), "#e6f6ea" if item["device"] == "cpu" else "#fff4e6",
                  "#1f2933"),
        )
    )


def stats_text(stats: dict[str, float]) -> str:
    parts = [
        translate("EquationPanel", "min {0}").format(fmt(stats["min"])),
        translate("EquationPanel", "mean {0}").format(fmt(stats["mean"])),
        translate("EquationPanel", "max {0}").format(fmt(stats["max"])),
        translate("EquationPanel", "std {0}").format(fmt(stats["std"])),
    ]
    if "saturated" in stats:
        parts.append(
            translate("EquationPanel", "saturated {0}% (<0.05 or >0.95)").format(
                f"{stats['saturated'] * 100:.1f}"
            )
        )
    return "  ·  ".join(parts)


class TensorCard(QFrame):
    """One tensor: name, shape chip with named axes, dtype, device, source, heatmap, stats, first values."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.math = MathView(size=22)
        self.math.set_alignment(Qt.AlignmentFlag.AlignLeft)
        self.math.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.shape = QLabel()
        self.shape.setObjectName("shapeChip")
        self.shape.setTextFormat(Qt.TextFormat.RichText)
        contain(self.shape)
        top.addWidget(self.math)
        top.addWidget(self.shape, 1)
        layout.addLayout(top)
        self.source = plain(QLabel())  # names from the note's code
        self.source.setObjectName("muted")
        contain(self.source)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.source)
        self.map_title = contain(plain(QLabel()))
        self.map_title.setObjectName("muted")
        layout.addWidget(self.map_title)
        self.heatmap = TensorHeatmap()
        layout.addWidget(self.heatmap)
        self.hover = contain(plain(QLabel(" ")))
        self.hover.setObjectName("hoverValue")
        layout.addWidget(self.hover)
        self.heatmap.hovered.connect(self.hover.setText)
        self.stats = plain(QLabel())
        self.stats.setObjectName("stats")
        self.stats.setWordWrap(True)
        layout.addWidget(self.stats)
        self.table = QTableWidget(TABLE_ROWS, TABLE_COLUMNS)
        self.table.setObjectName("valuesTable")
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setRowCount(TABLE_ROWS * 2)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(40)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(22)
        # narrower than 8 columns of values: the table scrolls sideways inside itself (room kept for the bar)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setMinimumWidth(0)
        self.table.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        bar = self.table.horizontalScrollBar().sizeHint().height()
        self.table.setFixedHeight(TABLE_ROWS * 2 * 22 + 2 * self.table.frameWidth() + 2 + bar)
        layout.addWidget(self.table)
        self.values: np.ndarray | None = None

    def show_item(self, item: dict[str, Any], batch: int, note: str = "") -> None:
        """Display one tensor summary; values are decoded once and reused for the table and the map."""
        self.math.set_latex(item.get("latex") or item["name"])
        self.math.setFixedWidth(self.math.sizeHint().width())
        self.shape.setText(shape_html(item))
        source = source_text(item)  # "trace: c[t=3] (layer 0, fwd)" in the UI language
        self.source.setText(" · ".join(p for p in (source, note) if p))
        self.stats.setText(stats_text(item["stats"]))
        if "values" in item:
            values = decode(item["values"])
            self.values = values
            self.heatmap.setVisible(True)
            title = translate("EquationPanel", "{0} values").format(item["name"]) + (
                translate("EquationPanel", " (batch n={0})").format(batch) if item.get("per_batch") else ""
            )
            shown = values[batch] if item.get("per_batch") and values.ndim == 2 else values
            axes = item["axes"][1:] if item.get("per_batch") else item["axes"]
            self.map_title.setText(title)
            self.heatmap.show_tensor(shown, item["role"], axes, title)
            self._fill_table(np.asarray(shown).reshape(-1))
        else:
            self.values = None
            self.heatmap.setVisible(False)
            self.map_title.setText(
                translate(
                    "EquationPanel",
                    "Too large to send whole: the first values. Click the symbol to see it all",
                )
            )
            self._fill_table(np.asarray(item.get("head", []), dtype=np.float32))

    def _fill_table(self, flat: np.ndarray) -> None:
        """First values, two rows of 8, each under its index (items are reused between steps)."""
        for r in range(TABLE_ROWS):
            for c in range(TABLE_COLUMNS):
                k = r * TABLE_COLUMNS + c
                index, value = self.table.item(2 * r, c), self.table.item(2 * r + 1, c)
                if index is None or value is None:
                    index, value = QTableWidgetItem(), QTableWidgetItem()
                    index.setForeground(Qt.GlobalColor.gray)
                    index.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(2 * r, c, index)
                    self.table.setItem(2 * r + 1, c, value)
                index.setText(f"[{k}]" if k < flat.size else "")
                if k < flat.size:
                    value.setToolTip(fmt(float(flat[k])))
                value.setText(f"{float(flat[k]):.3f}" if k < flat.size else "")


class ChainView(QFrame):
    """W_if x_t → + b_if → + W_hf h_{t−1} → + b_hf → pre-activation → σ → f_t, a strip per term."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(12, 10, 12, 10)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(4)
        self._grid.setColumnStretch(2, 1)
        self._rows: list[tuple[QLabel, MathView, VectorStrip, QLabel]] = []
        self.empty = QLabel(translate("EquationPanel", "This equation cannot be split into terms."))
        self.empty.setObjectName("muted")
        self._grid.addWidget(self.empty, 0, 0, 1, 4)

    def show_chain(self, chain: list[dict[str, Any]]) -> None:
        """Reuse row widgets (a slider step only changes the strips' colours and the small text)."""
        self.empty.setVisible(not chain)
        while len(self._rows) < len(chain):
            k = len(self._rows)
            op, math, strip, info = plain(QLabel()), MathView(size=17), VectorStrip(), plain(QLabel())
            op.setObjectName("chainOp")
            op.setAlignment(Qt.AlignmentFlag.AlignCenter)
            op.setFixedWidth(36)
            math.set_alignment(Qt.AlignmentFlag.AlignLeft)
            math.setMinimumWidth(40)  # scales its formula down in a narrow dock
            math.setMaximumWidth(130)
            info.setObjectName("muted")
            info.setWordWrap(True)  # its minimum is then its longest word, not its whole text
            for col, widget in enumerate((op, math, strip, info)):
                self._grid.addWidget(widget, k + 1, col)
            self._rows.append((op, math, strip, info))
        for k, row in enumerate(self._rows):
            visible = k < len(chain)
            for widget in row:
                widget.setVisible(visible)
            if not visible:
                continue
            item = chain[k]
            op, math, strip, info = row
            op.setText({"": "", "+": "+", "=": "="}.get(item["op"], item["op"]))
            if math.latex() != item["latex"]:
                math.set_latex(item["latex"])
            values = decode(item["values"])
            strip.set_values(values, item["role"])
            strip.setToolTip(tip(source_text(item)))
            norm = float(np.linalg.norm(values))
            extra = (
                translate("EquationPanel", " · Σ gap {0}").format(fmt(item["sum_gap"]))
                if item.get("sum_gap") is not None
                else ""
            )
            info.setText(f"‖·‖ {fmt(norm)}{extra}")
            info.setToolTip(tip(source_text(item)))


class HoverFilter(QObject):
    """Calls ``callback(True/False)`` when the mouse enters/leaves a widget (for note highlighting)."""

    def __init__(self, callback: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Enter:
            self._callback(True)
        elif event.type() == QEvent.Type.Leave:
            self._callback(False)
        return False
