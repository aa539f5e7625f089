"""Gradients through time in the equation panel (issue 13): click ∂L/∂h_t and see BPTT on the note's model.

A gradient equation (``grad.h``, ``grad.c``, ``grad.W_hh``, ``jac.h``, ``jac.c`` … from
``app.equations.gradients``) is shown by this section instead of the forward view:
- which loss L is differentiated (the note's own, or the stated default, marked as assumed) and the check
  against autograd through the module itself;
- ‖∂L/∂h_t‖ (and ‖∂L/∂c_t‖, dashed) per layer over time, on a log scale;
- the same sizes as RNN, GRU and LSTM on the same input, side by side: the vanishing and the kept gradient;
- the Jacobian norms of the chosen layer (‖∂h_T/∂h_t‖₂, ‖∂h_t/∂h_{t−1}‖₂, and the LSTM's ∂c_t/∂c_{t−1}
  as its f_t diagonal and the paths through the gates), asked for only when shown;
- the BPTT sum's terms of a weight as bars per step (each bar is the term's signed share of ‖∂L/∂W‖,
  so the bars add up to it);
- the truncation slider (k = 0: full BPTT; k: the state is detached every k steps).
Clicking a step in any plot jumps the forward panel to that step (the note's h_t equation, when it has
one). Everything numeric comes from the kernel (``grad.*`` in ``app.engine.serve.gradients``); the
plots are painted with QPainter in the panel's light or dark colours.

``install_gradients(controller)`` adds the section below the forward view; the controller asks
``claims(linked)`` for every shown equation.
"""

from __future__ import annotations

import contextlib
import math
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from app.ui.common import contain, plain
from app.ui.common import i18n as ui_language

translate = QCoreApplication.translate  # lupdate collects translate("EquationPanel", "…")

GRADIENT_PREFIXES = ("grad.", "jac.")
# The linker's whole-weight names and the module's parameter stems they stand for.
WHOLE = {"W_ih": "weight_ih", "W_hh": "weight_hh", "b_ih": "bias_ih", "b_hh": "bias_hh", "W_hr": "weight_hr"}
# series colours that keep ≥ 3:1 against the plot's background in each theme
PALETTE: dict[str, dict[str, Any]] = {
    "light": {
        "bg": "#ffffff", "axis": "#94a3b8", "text": "#334155", "marker": "#d9480f",
        "series": ["#1d4ed8", "#d9480f", "#1a7f37", "#7c3aed", "#b45309", "#0e7490"],
        "kinds": {"rnn": "#b42318", "gru": "#b45309", "lstm": "#1d4ed8"},
        "pos": "#1d4ed8", "neg": "#b42318", "cut": "#9ca3af",
    },
    "dark": {
        "bg": "#0d1117", "axis": "#484f58", "text": "#c9d1d9", "marker": "#ff8f5a",
        "series": ["#79b8ff", "#ff8f5a", "#7ee787", "#d2bfff", "#e3b341", "#56d4dd"],
        "kinds": {"rnn": "#ffa198", "gru": "#e3b341", "lstm": "#79b8ff"},
        "pos": "#79b8ff", "neg": "#ffa198", "cut": "#6e7681",
    },
}  # fmt: skip


def is_gradient(quantity: str | None) -> bool:
    return bool(quantity) and str(quantity).startswith(GRADIENT_PREFIXES)


class StepPlot(QWidget):
    """Series over the steps t = 0 … L−1: lines on a log scale, or signed bars; a click picks a step."""

    stepClicked = Signal(int)

    def __init__(self, bars: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars = bars
        self.theme = "light"
        self.series: list[tuple[str, list[float], str, bool]] = []  # (label, values, colour key, dashed)
        self.marker: int | None = None
        self.cuts: list[int] = []
        self.setMinimumHeight(150 if not bars else 120)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_series(
        self, series: list[tuple[str, list[float], str, bool]], cuts: list[int] | None = None
    ) -> None:
        self.series, self.cuts = series, cuts or []
        self.update()

    def set_theme(self, name: str) -> None:
        self.theme = "dark" if name == "dark" else "light"
        self.update()

    def steps(self) -> int:
        return max((len(values) for _, values, _, _ in self.series), default=0)

    def _area(self) -> QRectF:
        return QRectF(44, 8, max(10, self.width() - 52), max(10, self.height() - 38))

    def step_at(self, x: float) -> int | None:
        n, area = self.steps(), self._area()
        if n == 0 or not area.left() - 4 <= x <= area.right() + 4:
            return None
        return max(0, min(n - 1, round((x - area.left()) / max(area.width(), 1) * max(n - 1, 1))))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        t = self.step_at(event.position().x())
        if t is not None:
            self.marker = t
            self.update()
            self.stepClicked.emit(t)

    def _colour(self, key: str, k: int) -> QColor:
        colours = PALETTE[self.theme]
        if key in colours["kinds"]:
            return QColor(colours["kinds"][key])
        return QColor(colours["series"][k % len(colours["series"])])

    def paintEvent(self, _event: QPaintEvent) -> None:
        colours = PALETTE[self.theme]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(colours["bg"]))
        area, n = self._area(), self.steps()
        painter.setPen(QPen(QColor(colours["axis"]), 1))
        painter.drawRect(area)
        if n == 0:
            return
        if self.bars:
            self._paint_bars(painter, area, n)
        else:
            self._paint_lines(painter, area, n)
        painter.setPen(QColor(colours["text"]))
        painter.drawText(QRectF(area.left(), area.bottom() + 2, 40, 14), "t = 0")
        painter.drawText(QRectF(area.right() - 60, area.bottom() + 2, 60, 14), Qt.AlignmentFlag.AlignRight,
                         f"t = {n - 1}")  # fmt: skip
        x = area.left() + 44
        for k, (label, _values, key, dashed) in enumerate(self.series):
            if not label:
                continue
            pen = QPen(self._colour(key, k), 2, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(x, area.bottom() + 22), QPointF(x + 14, area.bottom() + 22))
            painter.setPen(QColor(colours["text"]))
            width = painter.fontMetrics().horizontalAdvance(label)
            painter.drawText(QPointF(x + 18, area.bottom() + 26), label)
            x += 30 + width
        for t in self.cuts:
            px = area.left() + area.width() * (t - 0.5) / max(n - 1, 1)
            painter.setPen(QPen(QColor(colours["cut"]), 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(px, area.top()), QPointF(px, area.bottom()))
        if self.marker is not None and self.marker < n:
            px = area.left() + area.width() * self.marker / max(n - 1, 1)
            painter.setPen(QPen(QColor(colours["marker"]), 1))
            painter.drawLine(QPointF(px, area.top()), QPointF(px, area.bottom()))

    def _paint_lines(self, painter: QPainter, area: QRectF, n: int) -> None:
        positive = [v for _, values, _, _ in self.series for v in values if v > 0 and math.isfinite(v)]
        if not positive:
            return
        low, high = math.log10(min(positive)), math.log10(max(positive))
        if high - low < 1e-9:
            low, high = low - 1, high + 1
        painter.setPen(QColor(PALETTE[self.theme]["text"]))
        right = Qt.AlignmentFlag.AlignRight
        painter.drawText(QRectF(0, area.top() - 4, 42, 14), right, f"{10**high:.0e}")  # the largest value
        painter.drawText(QRectF(0, area.bottom() - 10, 42, 14), right, f"{10**low:.0e}")  # the smallest
        for k, (_label, values, key, dashed) in enumerate(self.series):
            pen = QPen(self._colour(key, k), 2, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            last: QPointF | None = None
            for t, v in enumerate(values):
                if not (v > 0 and math.isfinite(v)):
                    last = None  # a zero (a truncated step) leaves a gap on a log scale
                    continue
                point = QPointF(
                    area.left() + area.width() * t / max(n - 1, 1),
                    area.bottom() - area.height() * (math.log10(v) - low) / (high - low),
                )
                if last is not None:
                    painter.drawLine(last, point)
                last = point

    def _paint_bars(self, painter: QPainter, area: QRectF, n: int) -> None:
        values = self.series[0][1]
        top = max((abs(v) for v in values if math.isfinite(v)), default=0.0) or 1.0
        zero = area.center().y()
        width = max(1.0, area.width() / n - 1)
        colours = PALETTE[self.theme]
        for t, v in enumerate(values):
            height = (area.height() / 2) * (v / top)
            x = area.left() + area.width() * t / n
            painter.fillRect(QRectF(x, zero - max(height, 0), width, abs(height)),
                             QColor(colours["pos"] if v >= 0 else colours["neg"]))  # fmt: skip
        painter.setPen(QPen(QColor(colours["axis"]), 1))
        painter.drawLine(QPointF(area.left(), zero), QPointF(area.right(), zero))


def _title(text: str) -> QLabel:
    label = plain(QLabel(text))
    label.setObjectName("sectionTitle")
    return contain(label)


def _muted(text: str = "") -> QLabel:
    label = plain(QLabel(text))
    label.setObjectName("muted")
    label.setWordWrap(True)
    return contain(label)


class GradientSection(QFrame):
    """The section's widgets; ``GradientLink`` fills them from the kernel's answers."""

    truncationChanged = Signal(int)  # 0: full BPTT
    weightChosen = Signal(str)
    layerChosen = Signal(int)
    stepClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gradientSection")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(_title(translate("EquationPanel", "Gradients through time (BPTT)")))
        self.loss = plain(QLabel())
        self.loss.setObjectName("notation")
        self.loss.setWordWrap(True)
        layout.addWidget(contain(self.loss))
        self.check = _muted()
        layout.addWidget(self.check)
        layout.addWidget(
            _title(translate("EquationPanel", "‖∂L/∂h_t‖ per layer (log scale; dashed: ‖∂L/∂c_t‖)"))
        )
        self.norms = StepPlot()
        layout.addWidget(self.norms)
        layout.addWidget(
            _title(translate("EquationPanel", "The same sizes as RNN, GRU and LSTM on the same input"))
        )
        self.overlay = StepPlot()
        layout.addWidget(self.overlay)
        self.overlay_note = _muted(
            translate(
                "EquationPanel", "Last layer, L = ½‖h_T‖² for all three so that they compare; seeded weights."
            )
        )
        layout.addWidget(self.overlay_note)
        row = QHBoxLayout()
        row.addWidget(plain(QLabel(translate("EquationPanel", "Jacobians of layer"))))
        self.layer = QComboBox()
        row.addWidget(self.layer, 1)
        layout.addLayout(row)
        self.jacobians = StepPlot()
        layout.addWidget(self.jacobians)
        self.jac_note = _muted(
            translate(
                "EquationPanel",
                "Spectral norm ‖·‖₂ (the largest singular value: how much a change at step t can grow or "
                "shrink on its way to step T), largest over the batch.",
            )
        )
        layout.addWidget(self.jac_note)
        row = QHBoxLayout()
        row.addWidget(plain(QLabel(translate("EquationPanel", "BPTT terms of"))))
        self.weight = QComboBox()
        row.addWidget(self.weight, 1)
        layout.addLayout(row)
        self.terms = StepPlot(bars=True)
        layout.addWidget(self.terms)
        self.terms_note = _muted()
        layout.addWidget(self.terms_note)
        row = QHBoxLayout()
        self.truncate_label = plain(QLabel())
        row.addWidget(self.truncate_label)
        self.truncate = QSlider(Qt.Orientation.Horizontal)
        self.truncate.setMinimum(0)
        self.truncate.setPageStep(1)
        row.addWidget(self.truncate, 1)
        layout.addLayout(row)
        self.set_truncation_text(0)
        self.truncate.valueChanged.connect(self.set_truncation_text)
        self.truncate.sliderReleased.connect(lambda: self.truncationChanged.emit(self.truncate.value()))
        self.truncate.valueChanged.connect(self._on_slider)
        self.weight.currentTextChanged.connect(self._on_weight)
        self.layer.currentIndexChanged.connect(self._on_layer)
        for plot in (self.norms, self.overlay, self.jacobians, self.terms):
            plot.stepClicked.connect(self.stepClicked)
        self.setVisible(False)

    def _on_slider(self, k: int) -> None:
        if not self.truncate.isSliderDown():  # a drag asks once, on release
            self.truncationChanged.emit(k)

    def _on_weight(self, name: str) -> None:
        if name:
            self.weightChosen.emit(name)

    def _on_layer(self, index: int) -> None:
        if index >= 0:
            self.layerChosen.emit(index)

    def set_truncation_text(self, k: int) -> None:
        self.truncate_label.setText(
            translate("EquationPanel", "Truncated BPTT: k = {0}").format(k)
            if k
            else translate("EquationPanel", "Truncated BPTT: off (full)")
        )

    def set_theme(self, name: str) -> None:
        for plot in (self.norms, self.overlay, self.jacobians, self.terms):
            plot.set_theme(name)


def _layer_name(entry: dict[str, Any], directions: int) -> str:
    name = translate("EquationPanel", "layer {0}").format(entry["layer"])
    if directions > 1:
        name += " " + (
            translate("EquationPanel", "reverse")
            if entry["direction"]
            else translate("EquationPanel", "forward")
        )
    return name


class GradientLink(QObject):
    """Asks the note's kernel for ``grad.*`` and shows the answers in the section."""

    shown = Signal(dict)  # grad.open's answer, once painted
    jacobiansShown = Signal(dict)
    termsShown = Signal(dict)

    def __init__(self, controller: Any) -> None:
        super().__init__(controller)
        self.controller = controller
        self.section = GradientSection()
        self.info: dict[str, Any] | None = None
        self.linked: Any = None
        self.truncate = 0
        panel = controller.panel
        body = panel.live.parentWidget().layout()
        body.insertWidget(body.indexOf(panel.live) + 1, self.section)
        self.section.truncationChanged.connect(self.on_truncation)
        self.section.weightChosen.connect(self.request_terms)
        self.section.layerChosen.connect(self.request_jacobians)
        self.section.stepClicked.connect(self.jump_to_step)
        self.section.set_theme(panel.theme)
        if hasattr(controller.window, "themeChanged"):
            controller.window.themeChanged.connect(self.section.set_theme)
        controller.window.equationClicked.connect(self.on_equation_clicked)  # runs after the controller's

    def on_equation_clicked(self, equation_id: str, _piece_id: str) -> None:
        """An unlinked or model equation was clicked: the section goes (the controller showed the rest)."""
        path = self.controller.path
        linked = self.controller.links.find(path, equation_id) if path is not None else None
        if linked is None or not is_gradient(getattr(linked, "quantity", None)):
            self.section.setVisible(False)

    # --- what the controller asks ---------------------------------------------------------------
    def claims(self, linked: Any, latex: str, chips: list[tuple[str, str | None, str]]) -> bool:
        """Show ``linked`` here when it is a gradient equation; hide the section otherwise."""
        if linked is None or not is_gradient(getattr(linked, "quantity", None)):
            self.section.setVisible(False)
            return False
        self.linked = linked
        panel = self.controller.panel
        panel.show_equation(latex, linked.quantity, chips, getattr(linked, "notation", None))
        panel.title.setText(f"{linked.quantity}  ·  " + translate("EquationPanel", "a gradient through time"))
        panel.live.setVisible(False)
        panel.badge.setVisible(False)
        remark = getattr(linked, "remark_codes", ())
        if remark:
            from app import i18n as coded

            lang = ui_language.current_language()
            panel.show_message(" ".join(coded.text(code, lang=lang) for code in remark), "info")
        self.section.setVisible(True)
        self.open()
        return True

    def open(self) -> None:
        handler = self.controller.handler()
        if handler is None:
            self.controller._release_screenshot()
            return
        self.controller.panel.set_busy(translate("EquationPanel", "Tracing the gradients…"))
        model = getattr(self.linked, "model", None)
        params = {
            "note_path": str(self.controller.path),
            "config_overrides": self.controller.overrides,
            "input_spec": self.controller.input_spec,
            "device": self.controller.device,
            "model": model,
            "truncate": self.truncate or None,
        }
        self._call("grad.open", params, self.on_open)

    def _call(self, method: str, params: dict[str, Any], done: Any) -> None:
        handler = self.controller.handler()
        if handler is None:
            return
        handle = handler.call(method, params, channel=f"grad:{method}")
        handle.done.connect(done)
        handle.failed.connect(self.on_failed)

    def on_failed(self, reason: str) -> None:
        self.controller.panel.set_busy(None)
        self.controller.panel.show_message(str(reason).splitlines()[-1] if reason else "", "error")
        self.controller._release_screenshot()

    # --- answers ----------------------------------------------------------------------------------
    def on_open(self, info: dict[str, Any]) -> None:
        self.info = info
        section = self.section
        self.controller.panel.set_busy(None)
        lang = ui_language.current_language()
        loss = info["loss"]
        text = loss["text"].get(lang) or loss["text"]["en"]
        prefix = (
            translate("EquationPanel", "Loss (assumed)")
            if loss["assumed"]
            else translate("EquationPanel", "Loss")
        )
        section.loss.setText(f"{prefix}: {text}")
        verify = info["verify"]
        verdict = (
            translate("EquationPanel", "passed") if verify["ok"] else translate("EquationPanel", "failed")
        )
        check = translate(
            "EquationPanel",
            "∂L/∂W equals autograd through the module itself: max |Δ| {0:.1e} (tolerance {1:.0e}) — {2}",
        )
        section.check.setText(check.format(verify["max_abs_diff"], verify["tol"], verdict))
        if not verify.get("checked", True):
            section.check.setText(translate(
                "EquationPanel",
                "Not checked: the note's own forward cannot be run in chunks of k steps to compare with.",
            ))  # fmt: skip
        directions = info["dims"]["directions"]
        series: list[tuple[str, list[float], str, bool]] = []
        for k, entry in enumerate(info["layers"]):
            name = _layer_name(entry, directions)
            series.append((name, entry["grad_h"], str(k), False))
            if entry.get("grad_c"):
                series.append(("", entry["grad_c"], str(k), True))
        steps = info["dims"]["L"]
        k_cut = info.get("truncate") or 0
        cuts = list(range(k_cut, steps, k_cut)) if k_cut else []
        section.norms.set_series(series, cuts)
        section.overlay.set_series(
            [(kind.upper(), values, kind, False) for kind, values in info["overlay"].items()]
        )
        with _blocked(section.truncate):
            section.truncate.setMaximum(steps)
            section.truncate.setValue(k_cut)
        section.set_truncation_text(k_cut)
        section.truncate.setEnabled(directions == 1)
        with _blocked(section.layer):
            section.layer.clear()
            section.layer.addItems([_layer_name(e, directions) for e in info["layers"]])
            section.layer.setCurrentIndex(len(info["layers"]) - 1)
        with _blocked(section.weight):
            section.weight.clear()
            section.weight.addItems(info["weights"])
            section.weight.setCurrentIndex(max(0, self._default_weight(info["weights"])))
        missing = self._missing(info)
        if missing:
            self.controller.panel.show_message(missing, "info")
        self.request_jacobians(section.layer.currentIndex())
        if section.weight.currentText():
            self.request_terms(section.weight.currentText())
        self.shown.emit(info)

    def _clicked_weight(self, names: list[str]) -> int | None:
        """The index of the clicked weight (grad.W_hf → W_hf_l0, grad.W_hh → weight_hh_l0), None if absent."""
        quantity = str(getattr(self.linked, "quantity", "") or "")
        if not (quantity.startswith("grad.W") or quantity.startswith("grad.b")):
            return None
        wanted = quantity.split(".", 1)[1]
        whole = WHOLE.get(wanted, wanted)  # LSTM/GRU: W_hh is the whole weight_hh of every gate
        for k, name in enumerate(names):
            if name in (wanted, whole) or name.startswith((wanted + "_l", whole + "_l")):
                return k
        return None

    def _default_weight(self, names: list[str]) -> int:
        """The clicked weight, else the last layer's recurrent weight."""
        clicked = self._clicked_weight(names)
        if clicked is not None:
            return clicked
        hh = [k for k, name in enumerate(names) if name.startswith("weight_hh")]
        return hh[-1] if hh else 0

    def _missing(self, info: dict[str, Any]) -> str | None:
        """Why the clicked gradient is not in this model (∂L/∂o without a head, a weight it lacks)."""
        quantity = str(getattr(self.linked, "quantity", "") or "")
        if quantity in ("grad.o", "grad.W_q") and not info.get("head"):
            return translate(
                "EquationPanel",
                "This model has no head, so {0} does not exist here; L is taken at the last hidden state.",
            ).format(quantity)
        if (quantity.startswith(("grad.W", "grad.b")) and quantity != "grad.W_q"
                and self._clicked_weight(info["weights"]) is None):  # fmt: skip
            return translate("EquationPanel", "This model has no {0}: {1} cannot be shown.").format(
                quantity.split(".", 1)[1], quantity
            )
        return None

    def request_jacobians(self, index: int) -> None:
        if self.info is None or not 0 <= index < len(self.info["layers"]):
            return
        entry = self.info["layers"][index]
        params = {
            "note_path": str(self.controller.path),
            "layer": entry["layer"],
            "direction": entry["direction"],
        }
        self._call("grad.jacobians", params, self.on_jacobians)

    def on_jacobians(self, jac: dict[str, Any]) -> None:
        series = [
            ("‖∂h_T/∂h_t‖₂", jac["hT_ht"], "0", False),
            ("‖∂h_t/∂h_t−1‖₂", jac["ht_htm1"], "1", False),
        ]
        paths = jac.get("c_paths") or {}
        names = {
            "f_diag": "f_t",
            "via_f": "via f",
            "via_i": "via i",
            "via_g": "via g",
            "total": "‖∂c_t/∂c_t−1‖₂",
        }
        for k, (key, values) in enumerate(paths.items()):
            series.append((names.get(key, key), values, str(k + 2), key != "total"))
        self.section.jacobians.set_series(series)
        self.jacobiansShown.emit(jac)
        self.controller._release_screenshot()  # screenshot mode waits for the whole section

    def request_terms(self, weight: str) -> None:
        if self.info is None:
            return
        self._call("grad.terms", {"note_path": str(self.controller.path), "weight": weight}, self.on_terms)

    def on_terms(self, terms: dict[str, Any]) -> None:
        self.section.terms.set_series([(terms["weight"], terms["along"], "0", False)])
        self.section.terms_note.setText(
            translate("EquationPanel", "{0} = {1}: each bar is step t's term along ∂L/∂W; the bars add up to "
                      "‖∂L/∂W‖ = {2:.3g} (Σ of the terms − ∂L/∂W: {3:.1e})")
            .format(terms["weight"], terms["source"], terms["total_norm"], terms["sum_error"])
        )  # fmt: skip
        self.termsShown.emit(terms)

    def on_truncation(self, k: int) -> None:
        if k == self.truncate:
            return
        self.truncate = k
        if self.section.isVisible():
            self.open()

    def jump_to_step(self, t: int) -> None:
        """Show the forward panel at step t: the note's h_t equation, when it has one."""
        controller = self.controller
        controller._pending_step = t
        controller.panel.steps.set_step(t)
        path = controller.path
        if path is None:
            return
        target = None
        for linked in controller.links.linked(path):
            quantity = getattr(linked, "quantity", None) or ""
            if quantity and not is_gradient(quantity):
                if target is None or quantity.endswith(".h"):
                    target = linked
                if quantity.endswith(".h"):
                    break
        if target is not None:
            controller.show_equation(target.equation.id)


@contextlib.contextmanager
def _blocked(widget: QWidget) -> Any:
    old = widget.blockSignals(True)
    try:
        yield
    finally:
        widget.blockSignals(old)


def install_gradients(controller: Any) -> GradientLink:
    """Add the gradient section to the controller's panel (below the forward view)."""
    link = GradientLink(controller)
    controller.gradients = link
    return link
