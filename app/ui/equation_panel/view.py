"""The equation panel's widget tree: header and badge, the big equation, symbol chips, controls and cards.

Each symbol can be picked two ways that behave the same: in the big equation itself (hover, click) and
in the chip row under it (which also lists symbols the equation draws too small to aim at comfortably).

It is a view: ``show_*`` methods take payloads (from the linker and the kernel) and signals report what
the user did. ``app.ui.equation_panel.panel`` owns the logic of what to fetch when.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.ui.common import FlowLayout, SymbolMathView, compact, contain, plain, theme, tip
from app.ui.equation_panel.cards import ChainView, ChipBar, TensorCard
from app.ui.equation_panel.controls import ModelControls, StepControls
from app.ui.equation_panel.plots import TimeHeatmaps, decode, fmt
from app.ui.equation_panel.style import style_for
from app.ui.equation_panel.text import assumed_reasons, module_label, module_lines, origin_label

translate = QCoreApplication.translate  # lupdate collects translate("EquationPanel", "…")
MEANING = {
    "lstm.i": QT_TRANSLATE_NOOP("EquationPanel", "input gate"),
    "lstm.f": QT_TRANSLATE_NOOP("EquationPanel", "forget gate"),
    "lstm.g": QT_TRANSLATE_NOOP("EquationPanel", "cell candidate"),
    "lstm.o": QT_TRANSLATE_NOOP("EquationPanel", "output gate"),
    "lstm.c": QT_TRANSLATE_NOOP("EquationPanel", "cell state"),
    "lstm.h": QT_TRANSLATE_NOOP("EquationPanel", "hidden state"),
    "gru.r": QT_TRANSLATE_NOOP("EquationPanel", "reset gate"),
    "gru.z": QT_TRANSLATE_NOOP("EquationPanel", "update gate"),
    "gru.n": QT_TRANSLATE_NOOP("EquationPanel", "new gate (candidate state)"),
    "gru.h": QT_TRANSLATE_NOOP("EquationPanel", "hidden state"),
    "rnn.h": QT_TRANSLATE_NOOP("EquationPanel", "hidden state"),
}
NOTATION_HINTS = {
    "d2l": QT_TRANSLATE_NOOP(
        "EquationPanel",
        "d2l notation: row vectors, X_t W_xi. Weights are shown as the transpose of PyTorch's (W_xi = W_ii^T, shape (H_in, H)).",  # noqa: E501
    ),
    "concat": QT_TRANSLATE_NOOP(
        "EquationPanel",
        "Concatenated notation: W_f·[h_{t−1}, x_t]. W_f is PyTorch's two slices joined, [W_hf | W_if], and b_f = b_if + b_hf.",  # noqa: E501
    ),
}
INPUT_NAMES = {
    "random": QT_TRANSLATE_NOOP("EquationPanel", "random"),
    "sine": QT_TRANSLATE_NOOP("EquationPanel", "sine wave"),
    "digit": QT_TRANSLATE_NOOP("EquationPanel", "handwritten digit"),
    "file": QT_TRANSLATE_NOOP("EquationPanel", "file"),
}
PREFERRED_WIDTH, PREFERRED_SHARE = 500, 0.36  # px and share of the window: the column's width when opened
MIN_WIDTH = 280  # px: every row wraps or scales down to this (the dock is capped at a share of the window)
HEATMAP_ROLES = {"i": "gate", "f": "gate", "o": "gate", "r": "gate", "z": "gate", "g": "tanh", "n": "tanh"}


def section(title: str) -> QLabel:
    label = QLabel(title)
    label.setObjectName("sectionTitle")
    return label


class EquationPanel(QWidget):
    """The dock's content. Signals: a symbol clicked/hovered (in the big equation or its chip; -1 = hover
    left), a step or selection changed."""

    symbolClicked = Signal(int)
    symbolHovered = Signal(int)
    moduleChosen = Signal(int)  # the index of a note module picked in the module menu

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("equationPanel")
        self.theme = ""
        self.set_theme(theme.current())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroller)
        body = QWidget()
        body.setObjectName("panelBody")
        self.scroller.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(14, 12, 14, 14)
        layout.setSpacing(8)

        head = FlowLayout(spacing=10)  # the badge goes below the title when the dock is narrow
        self.title = plain(QLabel(translate("EquationPanel", "Click an equation")))
        self.title.setObjectName("panelTitle")
        contain(self.title)
        self.badge = QLabel()
        self.badge.setObjectName("badge")
        self.badge.setVisible(False)
        head.add(self.title, self.badge)
        layout.addLayout(head)
        self.origin = QLabel()
        self.origin.setObjectName("origin")
        contain(self.origin)
        layout.addWidget(self.origin)
        self.modules = compact(QComboBox(), 16)  # the note's other modules (issue 9); hidden with one or none
        self.modules.setObjectName("moduleMenu")
        self.modules.setVisible(False)
        self.modules.activated.connect(lambda k: self.moduleChosen.emit(int(self.modules.itemData(k))))
        layout.addWidget(self.modules)
        self.progress = QProgressBar()
        self.progress.setObjectName("busy")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(4)
        self.progress.setVisible(False)
        self.busy_label = contain(plain(QLabel()))
        self.busy_label.setObjectName("muted")
        self.busy_label.setVisible(False)
        layout.addWidget(self.progress)
        layout.addWidget(self.busy_label)

        self.equation_card = QFrame()
        self.equation_card.setObjectName("equationCard")
        eq_layout = QVBoxLayout(self.equation_card)
        eq_layout.setContentsMargins(10, 14, 10, 10)
        self.equation = SymbolMathView(size=30)
        eq_layout.addWidget(self.equation)
        self.chips = ChipBar()
        eq_layout.addWidget(self.chips)
        self.notation = QLabel()
        self.notation.setObjectName("notation")
        contain(self.notation)
        self.notation.setVisible(False)
        eq_layout.addWidget(self.notation)
        layout.addWidget(self.equation_card)
        self.message = QLabel()
        self.message.setObjectName("message")
        contain(self.message)
        self.message.setVisible(False)
        layout.addWidget(self.message)

        self.live = QWidget()
        live = QVBoxLayout(self.live)
        live.setContentsMargins(0, 0, 0, 0)
        live.setSpacing(8)
        self.steps = StepControls()
        live.addWidget(self.steps)
        live.addWidget(section(translate("EquationPanel", "Selected tensor")))
        self.tensor = TensorCard()
        live.addWidget(self.tensor)
        live.addWidget(section(translate("EquationPanel", "Term by term (this step t, batch n)")))
        self.chain = ChainView()
        live.addWidget(self.chain)
        live.addWidget(section(translate("EquationPanel", "Gates and states over time (LSTMVis)")))
        self.timemaps = TimeHeatmaps()
        live.addWidget(self.timemaps)
        self.timemaps_hover = contain(plain(QLabel(" ")))
        self.timemaps_hover.setObjectName("hoverValue")
        live.addWidget(self.timemaps_hover)
        self.timemaps.hovered.connect(self.timemaps_hover.setText)
        self.timemaps.stepClicked.connect(self.steps.set_step)
        layout.addWidget(self.live)
        layout.addWidget(section(translate("EquationPanel", "Model and input")))
        self.model = ModelControls()
        model_card = QFrame()
        model_card.setObjectName("card")
        QVBoxLayout(model_card).addWidget(self.model)
        layout.addWidget(model_card)
        layout.addStretch(1)
        self.live.setVisible(False)

        self.chips.clicked.connect(self.symbolClicked)
        self.chips.hovered.connect(self.symbolHovered)
        self.equation.symbolClicked.connect(self.symbolClicked)
        self.equation.symbolHovered.connect(self.symbolHovered)
        for key, delta in ((Qt.Key.Key_Left, -1), (Qt.Key.Key_Right, 1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=delta: self.steps.step_by(d))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setMinimumWidth(MIN_WIDTH)
        self._chip_latex: list[str] = []  # each chip's LaTeX without spaces, to find it by a note piece
        self.set_theme(self.theme)  # again, now that the plots exist

    def compact_choosers(self) -> None:
        """Let every combo box in the panel be narrower than its longest entry (it elides): a long
        entry (a module's source line, an input kind) must not widen the panel past the dock."""
        for combo in self.findChildren(QComboBox):
            if combo.sizeAdjustPolicy() == QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow:
                compact(combo)

    def set_theme(self, name: str) -> None:
        """Restyle for "light" or "dark": the sheet, and the plots (matplotlib draws its own colours)."""
        self.theme = "dark" if name == "dark" else "light"
        self.setStyleSheet(style_for(self.theme))
        tensor = getattr(self, "tensor", None)
        for canvas in (getattr(self, "timemaps", None), getattr(tensor, "heatmap", None)):
            if canvas is not None:
                canvas.set_theme(self.theme)

    # --- what the linker knows (no kernel needed) ---------------------------------------------
    def show_equation(
        self,
        latex: str,
        quantity: str | None,
        chips: list[tuple[str, str | None, str]],
        notation: str | None = None,
    ) -> None:
        self._chip_latex = ["".join(c[0].split()) for c in chips]
        self.equation.set_symbols(latex, [(c[0], c[1] is not None, c[2]) for c in chips])
        hint_source = NOTATION_HINTS.get(notation or "")
        hint = translate("EquationPanel", str(hint_source)) if hint_source else ""
        self.notation.setText(hint or "")
        self.notation.setVisible(bool(hint))
        self.chips.set_symbols(chips)
        self.chips.setVisible(bool(chips))
        if quantity:
            meaning = translate("EquationPanel", str(MEANING[quantity])) if quantity in MEANING else ""
            self.title.setText(f"{quantity}  ·  {meaning}")
        self.message.setVisible(False)
        self._show_typeset_failure()

    def _show_typeset_failure(self) -> None:
        """A formula the typesetter refused (the red box in the note) is shown with the reason."""
        reason = self.equation.reason
        if reason:
            self.show_message(html.escape(
                translate("EquationPanel", "This equation cannot be typeset: {0}").format(reason)), "error")

    def show_unlinked(self, latex: str, reason: str) -> None:
        """An equation that is not about the model: say why, kindly, and hide the live parts."""
        self._chip_latex = []
        self.equation.set_latex(latex)
        self.chips.set_symbols([])
        self.title.setText(translate("EquationPanel", "An equation not linked to the model"))
        self.badge.setVisible(False)
        self.live.setVisible(False)
        self.show_message(
            html.escape(translate("EquationPanel", "This equation cannot be linked to the model's tensors."))
            + f"<br><span class='why'>{html.escape(reason)}</span>",
            "info",
        )
        if latex.strip():
            self._show_typeset_failure()

    def show_message(self, html: str, kind: str = "error") -> None:
        self.message.setProperty("kind", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(html)
        self.message.setVisible(True)

    def set_busy(self, text: str | None) -> None:
        """Progress state: an indeterminate bar and what is happening (kernel start, tracing)."""
        self.progress.setVisible(text is not None)
        self.busy_label.setVisible(text is not None)
        self.busy_label.setText(text or "")

    def highlight_symbol(self, symbol: str | None) -> None:
        """Light up the symbol written ``symbol`` in the big equation (None: none); a hover on its chip,
        on the equation itself, or on its piece in the note all come through here."""
        wanted = "".join((symbol or "").split())
        index = self._chip_latex.index(wanted) if wanted in self._chip_latex else None
        self.equation.set_hovered(index)

    def select_symbol(self, index: int) -> None:
        """Mark symbol ``index`` as the one shown in the tensor card, in the chips and the equation."""
        self.chips.select(index)
        self.equation.set_selected(index if 0 <= index < len(self._chip_latex) else None)

    # --- what the kernel computed ---------------------------------------------------------------

    def show_open(self, info: dict[str, Any]) -> None:
        origin = info["origin"]
        kind_name = INPUT_NAMES.get(info["input"]["kind"])
        kind = translate("EquationPanel", str(kind_name)) if kind_name else info["input"]["kind"]
        shape = " × ".join(str(n) for n in info["input"]["shape"])
        source_input = translate("EquationPanel", "Input x: {0} (seed {1}), ({2})")
        self.origin.setText(
            f"<b style='color:#1d4ed8'>{html.escape(origin_label(origin))}</b>&nbsp; "
            f"<code>{html.escape(str(origin['object']))}</code>{module_lines(origin)}"
            "<br><span style='color:#6b7280'>"
            + html.escape(f"{source_input.format(kind, info['input']['seed'], shape)}"
                          f" · {info['dtype']} · {info['device']}") + "</span>"
        )
        self.show_modules(origin)
        self.steps.set_dims(info["dims"])
        self.model.set_config(info["config"])
        self.model.set_assumed(assumed_reasons(origin))
        self.model.set_input(info["input"])
        verify = info["verify"]
        self.set_badge(bool(verify["ok"]), verify["max_abs_output"], verify["tol"], verify)
        self.live.setVisible(True)

    def show_modules(self, origin: dict[str, Any]) -> None:
        """Fill the module menu with the note's modules, the traced one selected."""
        entries = origin.get("modules") or []
        self.modules.blockSignals(True)
        self.modules.clear()
        for entry in entries:
            self.modules.addItem(module_label(entry), int(entry["index"]))
        current = origin.get("module")
        if current is not None and origin.get("kind") != "live":
            self.modules.setCurrentIndex(self.modules.findData(int(current)))
        else:
            self.modules.setCurrentIndex(-1)
        self.modules.blockSignals(False)
        self.modules.setVisible(len(entries) > 1)

    def set_badge(self, ok: bool, diff: float, tol: float, detail: dict[str, Any] | None = None) -> None:
        self.badge.setVisible(True)
        self.badge.setProperty("ok", ok)
        self.badge.style().unpolish(self.badge)
        self.badge.style().polish(self.badge)
        mark = (
            translate("EquationPanel", "✓ matches PyTorch")
            if ok
            else translate("EquationPanel", "✗ differs from PyTorch")
        )
        self.badge.setText(f"{mark}  max|Δ| {fmt(diff)}")
        lines = [
            translate("EquationPanel", "tolerance {0}").format(fmt(tol)),
            translate("EquationPanel", "output max|Δ| {0}").format(fmt(diff)),
        ]
        for key in ("max_abs_h_n", "max_abs_c_n"):
            if detail and detail.get(key) is not None:
                lines.append(f"{key[8:]} max|Δ| {fmt(detail[key])}")
        for name, value in ((detail or {}).get("relations") or {}).items():
            lines.append(f"{name}: {fmt(value)}")
        self.badge.setToolTip(tip(
            translate("EquationPanel", "Compared with the nn module's own outputs") + "\n" + "\n".join(lines)
        ))

    def show_step(self, step: dict[str, Any], selected: int, note: str = "") -> None:
        """Show chip ``selected`` (the payload's symbols follow the chips); the result when it has none."""
        item = step["result"]
        symbols = step.get("symbols") or []
        candidate = symbols[selected] if 0 <= selected < len(symbols) else None
        if candidate and "error" not in candidate:
            item = candidate
        elif candidate and "error" in candidate:
            note = candidate["error"]
        if item.get("transposed"):
            base = str(item["name"]).removesuffix("^T")
            note = (note + " · " if note else "") + translate(
                "EquationPanel", "d2l notation: the transpose of PyTorch's {0} ({0}^T)"
            ).format(base)
        self.tensor.show_item(item, step["batch"], note)
        self.chain.show_chain(step.get("chain") or [])
        self.timemaps.set_step(step["t"])

    def show_heatmaps(self, payload: dict[str, Any], t: int) -> None:
        maps = {name: decode(entry) for name, entry in payload["maps"].items()}
        roles = {name: HEATMAP_ROLES.get(name, "pre") for name in maps}
        self.timemaps.show_maps(maps, roles, t)
