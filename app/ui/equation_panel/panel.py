"""The live equation panel plugin: ``install(window)`` docks it and wires clicks to the note's kernel.

Flow: a click on an equation (``MainWindow.equationClicked``) is linked (``app.equations.link_note``,
pure, instant) and typeset at once; the numbers come from the note's kernel (``app.ui.kernels.handler``):
``panel.open`` traces the model once per (model, input, device), then ``panel.step`` / ``panel.heatmaps``
fetch slices. Calls use channels, so a newer click or slider move cancels the older request, and the
UI never waits on the kernel: a progress bar says what is happening (kernel start, trace).

Screenshot mode (``--equation ID [--symbol K] [--step T]``): the window's ``screenshot_requests``
says what to show; the panel holds the screenshot until that state is painted.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDockWidget

from app.ui.common import display_latex
from app.ui.equation_panel.gradients import install_gradients
from app.ui.equation_panel.kernel import KernelAccess
from app.ui.equation_panel.link import LinkIndex, chips_for
from app.ui.equation_panel.text import cold_hint, unlinked_reason
from app.ui.equation_panel.training import install_training
from app.ui.equation_panel.view import MIN_WIDTH, PREFERRED_SHARE, PREFERRED_WIDTH, EquationPanel

translate = QCoreApplication.translate  # lupdate collects translate("EquationPanel", "…")
DOCK_TITLE = QT_TRANSLATE_NOOP("EquationPanel", "Equation Panel")  # translated in install()


class EquationPanelController(KernelAccess, QObject):
    """Owns what the panel shows and what it asks the kernel; one per window (the kernel side:
    ``KernelAccess``)."""

    stepShown = Signal(float)  # ms from the click / slider move to the step painted
    opened = Signal(dict)

    def __init__(self, window: Any, panel: EquationPanel, dock: QDockWidget | None) -> None:
        super().__init__(panel)
        self.window, self.panel, self.dock = window, panel, dock
        self.links = LinkIndex()
        self.path: Path | None = None
        self.linked: Any = None
        self.chips: list[dict[str, Any]] = []
        self.selected = 0
        self.overrides: dict[str, Any] = {}
        self.module_choice: int | None = None  # a note module picked in the panel's menu (issue 9)
        self.input_spec: dict[str, Any] = {}  # the kernel fills in the defaults (digit for 28-wide rows)
        self.maps_weights: str | None = None  # the LSTMVis maps' untrained/trained toggle (training.py)
        self.device = "cpu"
        self.open_key: tuple[Any, ...] | None = None
        self.open_info: dict[str, Any] | None = None
        self.devices: list[dict[str, Any]] | None = None
        self._devices_asked: Any = None
        self.last_step: dict[str, Any] | None = None  # the payload now on screen (tests, benchmarks)
        self._handler: Any = None  # the current note's kernel handler
        self._wired: Any = None  # the handler whose stateChanged/died reach this controller
        self._started = 0.0
        self._pending_step: int | None = None
        self.gradients: Any = None  # the gradient section (app.ui.equation_panel.gradients, issue 13)
        self._screenshot_release: Any = None
        self._retrace_when_idle = False  # a restart dropped the trace on screen
        self._reopening = False  # a PanelNotOpen failure re-opens the trace once, not in a loop
        window.equationClicked.connect(self.on_equation_clicked)
        window.symbolHovered.connect(self.on_note_hover)
        window.noteOpened.connect(self.on_note_opened)
        panel.symbolClicked.connect(self.select_symbol)
        panel.symbolHovered.connect(self.on_chip_hover)
        panel.steps.stepChanged.connect(lambda _t: self.request_step())
        panel.steps.selectionChanged.connect(self.on_selection_changed)
        panel.model.configApplied.connect(self.on_config)
        panel.model.inputChanged.connect(self.on_input)
        panel.model.deviceChanged.connect(self.on_device)
        panel.moduleChosen.connect(self.on_module_chosen)

    # --- window events --------------------------------------------------------------------------

    def on_note_opened(self, path: object, _rendered: object) -> None:
        self.path = Path(str(path)) if path else None
        self.open_key, self.open_info, self.linked = None, None, None
        self.module_choice = None
        self._handler = None
        request = getattr(self.window, "screenshot_requests", {}) or {}
        wanted = request.get("equation") and self._screenshot_release is None and self.path is not None
        problem = self._refusal(request) if wanted else None
        if problem is not None:
            sys.stderr.write(f"tensornote: {problem}\n")
            QApplication.exit(2)
            return
        if self.path is not None and self.path.suffix.lower() == ".md":
            self.prewarm()
            QTimer.singleShot(200, self, self.pretypeset)
        if wanted:
            self._screenshot_release = self.window.hold_screenshot()
            self._pending_step = request.get("step")
            QTimer.singleShot(
                0,
                self,
                lambda: self.show_equation(str(request["equation"]), "", symbol=request.get("symbol")),
            )

    def _refusal(self, request: dict[str, Any]) -> str | None:
        """Why ``--screenshot --equation ID [--symbol K]`` cannot be shown, or None.

        Checked when the note opens, before a kernel is started: a refused request exits with 2 and its
        reason instead of silently showing something else.
        """
        equation, symbol = str(request["equation"]), request.get("symbol")
        linked = self.links.find(self.path, equation) if self.path is not None else None
        if linked is None:
            return translate("EquationPanel", "Equation {0} is not in this note.").format(equation)
        count = len(chips_for(linked)) if linked.quantity else 0
        if symbol is not None and not 0 <= int(symbol) < count:
            return translate(
                "EquationPanel", "--symbol {0} is out of range: equation {1} has {2} symbol(s)."
            ).format(symbol, equation, count)
        return None

    def on_equation_clicked(self, equation_id: str, piece_id: str) -> None:
        self.show_equation(equation_id, piece_id)

    def reveal(self) -> None:
        """Bring the dock to the front, whatever tab hides it (``window.bring_to_front``); when it was
        closed, docks sharing its side become tabs behind it so the panel gets full height."""
        dock = self.dock
        if dock is None:
            return
        if not dock.isHidden():
            self.window.bring_to_front(dock)
            return
        area = self.window.dockWidgetArea(dock)
        for other in self.window.findChildren(QDockWidget):
            if (
                other is not dock
                and other.isVisible()
                and not other.isFloating()
                and self.window.dockWidgetArea(other) == area
            ):
                self.window.tabifyDockWidget(other, dock)
        self.window.bring_to_front(dock)
        # its own minimum is small (every row wraps), so a narrow outline column would keep it narrow:
        # open it at a comfortable width, within the window's default share for a side column
        wanted = min(PREFERRED_WIDTH, int(self.window.width() * PREFERRED_SHARE))
        if dock.width() < wanted and not dock.isFloating():
            self.window.resizeDocks([dock], [wanted], Qt.Orientation.Horizontal)

    def show_equation(self, equation_id: str, piece_id: str = "", symbol: int | None = None) -> None:
        """Show an equation: typeset and chips now, numbers when the kernel answers."""
        self._started = time.perf_counter()
        if self.path is None:
            self.path = self.window.current_note()
        if self.path is None:
            return
        self.reveal()
        linked = self.links.find(self.path, equation_id)
        if linked is None:
            self.panel.show_unlinked(
                "", translate("EquationPanel", "Equation {0} is not in this note.").format(equation_id)
            )
            self._release_screenshot()
            return
        self.linked = linked
        latex = display_latex(linked.equation.latex)
        if not linked.quantity:
            self.panel.show_unlinked(
                latex,
                unlinked_reason(linked.reason_code, linked.reason_args, linked.reason)
                or translate("EquationPanel", "It matches no quantity of the model."),
            )
            self._release_screenshot()
            return
        self.chips = chips_for(linked)
        chips = [(c["latex"], c["quantity"], c["tip"]) for c in self.chips]
        if self.gradients is not None and self.gradients.claims(linked, latex, chips):  # ∂L/∂h_t … (#13)
            return
        self.panel.show_equation(latex, linked.quantity, chips, getattr(linked, "notation", None))
        self.selected = self._initial_chip(piece_id, symbol)
        self.panel.select_symbol(self.selected)
        self.ensure_open()

    def _initial_chip(self, piece_id: str, symbol: int | None) -> int:
        if symbol is not None and 0 <= symbol < len(self.chips):
            return symbol
        if piece_id and self.linked is not None:
            latex = self.links.piece_latex(self.linked, piece_id)
            for k, chip in enumerate(self.chips):
                if latex and chip["latex"] == latex and chip["quantity"]:
                    return k
        return 0

    def on_note_hover(self, equation_id: str, piece_id: str) -> None:
        if self.linked is None or equation_id != self.linked.equation.id:
            return
        latex = self.links.piece_latex(self.linked, piece_id) if piece_id else None
        self.panel.highlight_symbol(latex)

    def on_chip_hover(self, index: int) -> None:
        """ScholarPhi-style: the symbol hovered (its chip or its glyphs in the big equation) lights up in
        the panel and wherever the note uses it."""
        if self.linked is None:
            return
        symbol = self.chips[index]["latex"] if 0 <= index < len(self.chips) else None
        self.panel.highlight_symbol(symbol)
        ids = self.links.pieces_with_latex(self.path, symbol) if symbol and self.path else []
        view = getattr(self.window, "note_view", None)
        if view is not None:
            view.highlight(ids)

    def select_symbol(self, index: int) -> None:
        self.selected = index
        self.panel.select_symbol(index)
        self.request_step()

    # --- requests ---------------------------------------------------------------------------------

    def ensure_open(self) -> None:
        """Trace (or reuse) the model for this note, model kind, config, input and device."""
        model = self.linked.quantity.split(".")[0]
        module = self.module_choice
        if module is None:
            module = getattr(self.linked, "module", None)  # the linker's module of this equation's section
        key = (
            str(self.path),
            model,
            module,
            self.module_choice is not None,
            tuple(sorted(self.overrides.items())),
            tuple(sorted(self.input_spec.items())),
            self.device,
        )
        if key == self.open_key and self.open_info is not None:
            self.panel.live.setVisible(True)  # hidden while an unlinked equation was shown
            self.request_step()
            return
        handler = self.handler()
        if handler is None:
            return
        state = getattr(handler, "state", "idle")
        state = state() if callable(state) else state
        cold = state in ("starting", "dead", None)
        self.panel.set_busy(cold_hint() if cold else translate("EquationPanel", "Tracing the model…"))
        params = {
            "note_path": str(self.path),
            "config_overrides": self.overrides,
            "input_spec": self.input_spec,
            "device": self.device,
            "model": model,
            "module": module,
            "module_chosen": self.module_choice is not None,
        }
        self.call("panel.open", params, lambda info, k=key: self.on_open(k, info))
        if self.devices is None and self._handler is not self._devices_asked:
            self._devices_asked = self._handler
            self.call("panel.devices", {}, self.on_devices)

    def on_open(self, key: tuple[Any, ...], info: dict[str, Any]) -> None:
        self.open_key, self.open_info = key, info
        self._reopening = False
        self.panel.show_open(info)
        if self._pending_step is not None:
            self.panel.steps.blockSignals(True)
            self.panel.steps.set_step(int(self._pending_step))
            self.panel.steps.blockSignals(False)
            self._pending_step = None
        self.opened.emit(info)
        self.request_heatmaps()
        self.request_step()

    def on_devices(self, devices: list[dict[str, Any]]) -> None:
        self.devices = devices
        self.panel.model.set_devices(devices, self.device)

    def request_step(self) -> None:
        if self.linked is None or self.open_info is None:
            return
        if not self._started:
            self._started = time.perf_counter()
        chosen = self.panel.steps.values()
        symbols = [
            {"latex": c["latex"], "quantity": c["quantity"], "transposed": c["transposed"]}
            for c in self.chips
        ]
        params = {
            **chosen,
            "quantity": self.linked.quantity,
            "symbols": symbols,
            "symbol": self.selected,
            "note_path": str(self.path),
        }
        self.call("panel.step", params, self.on_step)

    def request_heatmaps(self) -> None:
        chosen = self.panel.steps.values()
        params = {k: chosen[k] for k in ("layer", "direction", "batch")} | {"note_path": str(self.path)}
        if self.maps_weights:
            params["weights"] = self.maps_weights
        self.call(
            "panel.heatmaps",
            params,
            lambda maps: self.panel.show_heatmaps(maps, self.panel.steps.values()["t"]),
        )

    def on_step(self, step: dict[str, Any]) -> None:
        self.last_step = step
        self.panel.set_busy(None)
        self.panel.message.setVisible(False)
        self.panel.show_step(step, self.selected)
        diff = step.get("step_diff")
        if diff is not None and self.open_info is not None:
            verify = self.open_info["verify"]
            self.panel.set_badge(
                bool(verify["ok"]) and diff <= step["tol"],
                max(diff, verify["max_abs_output"]),
                step["tol"],
                verify,
            )
        elapsed = (time.perf_counter() - self._started) * 1e3 if self._started else 0.0
        self._started = 0.0
        QTimer.singleShot(0, self, lambda: self._after_paint(elapsed))

    def _after_paint(self, elapsed: float) -> None:
        self.stepShown.emit(elapsed)
        self._release_screenshot()

    def on_selection_changed(self) -> None:
        self.request_heatmaps()
        self.request_step()

    def on_module_chosen(self, index: int) -> None:
        """The user picked another note module in the menu: trace that one (until another note opens)."""
        self.module_choice = index
        self.open_key = None
        if self.linked is not None and self.linked.quantity:
            self.ensure_open()

    def on_config(self, overrides: dict[str, Any]) -> None:
        self.overrides = dict(overrides)
        self.open_key = None
        if self.linked is not None and self.linked.quantity:
            self.ensure_open()

    def on_input(self, spec: dict[str, Any]) -> None:
        self.input_spec = dict(spec)
        if self.linked is not None and self.linked.quantity:
            self.ensure_open()

    def on_user_model(self, described: str) -> None:
        """The note's code built or changed a recurrent module (``model.rnn: LSTM(…)``): forget the
        traced model, so the next click (and the equation on screen, now) traces the user's object."""
        self.open_key, self.open_info = None, None
        self.window.show_status(
            translate("EquationPanel", "The equation panel now traces the object from your code: {0}").format(
                described
            ),
            8000,
        )
        shown = self.dock is not None and self.dock.isVisible()
        if shown and self.linked is not None and self.linked.quantity:
            self.ensure_open()

    def on_device(self, device: str) -> None:
        self.device = device
        handler = self.handler()
        if handler is not None:  # code runs use the same device (``device`` in the note's namespace)
            handler.call("state.set_device", {"device": device}, channel="panel:state.set_device")
        if self.linked is not None and self.linked.quantity:
            self.ensure_open()

    def _release_screenshot(self) -> None:
        if self._screenshot_release is not None:
            release, self._screenshot_release = self._screenshot_release, None
            QTimer.singleShot(300, self, release)  # let matplotlib's deferred draws land first


def install(window: Any) -> EquationPanelController:
    """Dock the panel on the right (hidden until the first click) and connect it to the window."""
    panel = EquationPanel()
    title = translate("EquationPanel", str(DOCK_TITLE))
    dock = window.add_dock(panel, title, Qt.DockWidgetArea.RightDockWidgetArea)
    dock.setMinimumWidth(MIN_WIDTH)
    dock.hide()
    controller = EquationPanelController(window, panel, dock)
    install_training(controller)
    install_gradients(controller)
    panel.compact_choosers()  # the sections added above too
    window.equation_panel = controller
    if hasattr(window, "themeChanged"):  # the sheet and the plots follow View → Theme
        window.themeChanged.connect(panel.set_theme)
    return controller
