"""The live equation panel plugin: ``install(window)`` docks it and wires clicks to the note's kernel.

Flow: a click on an equation (``MainWindow.equationClicked``) is linked (``app.equations.link_note``,
pure, instant) and typeset at once; the numbers come from the note's kernel (``app.ui.kernels``):
``panel.open`` traces the model once per (model, input, device), then ``panel.step`` / ``panel.heatmaps``
fetch slices. Calls use channels, so a newer click or slider move cancels the older request, and the
UI never waits on the kernel: a progress bar says what is happening (kernel start, trace).

Screenshot mode (``--equation ID [--symbol K] [--step T]``): the window's ``screenshot_requests``
says what to show; the panel holds the screenshot until that state is painted.
"""

from __future__ import annotations

import contextlib
import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget

from app.ui.equation_panel_link import LinkIndex, chips_for
from app.ui.equation_panel_text import cold_hint
from app.ui.equation_panel_view import EquationPanel
from app.ui.mathview import display_latex

log = logging.getLogger("tensornote.panel")
translate = QCoreApplication.translate  # lupdate collects translate("EquationPanel", "…")
DOCK_TITLE = QT_TRANSLATE_NOOP("EquationPanel", "Equation Panel")  # translated in install()


class EquationPanelController(QObject):
    """Owns what the panel shows and what it asks the kernel; one per window."""

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
        self.input_spec: dict[str, Any] = {}  # the kernel fills in the defaults (digit for 28-wide rows)
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

    # --- kernel access --------------------------------------------------------------------------

    def handler(self) -> Any:
        """The note's KernelHandler (started on demand); None with a message when it cannot be had."""
        if self.path is None:
            return None
        if self._handler is not None:  # reset when another note opens
            return self._handler
        try:
            from app.ui.kernels import kernel_pool

            handler = kernel_pool(self.window).for_note(self.path)
        except Exception as exc:  # no kernel support at all: the note view keeps working
            log.warning("no kernel for %s", self.path, exc_info=True)
            self.fail(translate("EquationPanel", "Cannot start the kernel: {0}").format(exc))
            return None
        self._handler = handler
        if handler is not self._wired:
            # One kernel's events at a time: the previous note's kernel lives on in the pool, and its
            # restarts or death must not touch this note's panel (nor connect twice on a return visit).
            for signal, slot in self._kernel_slots():
                if self._wired is not None:
                    with contextlib.suppress(AttributeError, RuntimeError, TypeError):
                        getattr(self._wired, signal).disconnect(slot)
                if hasattr(handler, signal):
                    getattr(handler, signal).connect(slot)
            self._wired = handler
        return handler

    def _kernel_slots(self) -> tuple[tuple[str, Any], ...]:
        return (("stateChanged", self.on_kernel_state), ("died", self.on_kernel_died))

    def call(self, method: str, params: dict[str, Any], done: Any) -> None:
        handler = self.handler()
        if handler is None:
            return
        try:
            handle = handler.call(method, params, channel=f"panel:{method}")
        except Exception as exc:
            self.fail(translate("EquationPanel", "Kernel call failed ({0}): {1}").format(method, exc))
            return
        handle.done.connect(done)
        handle.failed.connect(lambda reason, m=method: self.on_call_failed(m, reason))

    def on_call_failed(self, method: str, reason: str) -> None:
        """A kernel that lost its traces (restarted, or a new kernel for the note) is asked to trace
        again, once; any other failure is shown."""
        if str(reason).startswith("PanelNotOpen") and not self._reopening and self.linked is not None:
            self._reopening = True
            self.open_key, self.open_info = None, None
            self.ensure_open()
            return
        self.fail(_korean_failure(method, reason))

    def fail(self, text: str) -> None:
        self.panel.set_busy(None)
        self.panel.show_message(_escape(text).replace("\n", "<br>"), "error")
        self.window.show_status(text.splitlines()[0] if text else "", 8000)
        self._release_screenshot()

    def on_kernel_state(self, state: str) -> None:
        """A kernel that (re)starts holds no trace: forget ours, and trace the equation on screen again
        once the new kernel is ready (Kernel → Restart must not leave the panel stale or erroring)."""
        if state == "starting":
            self._retrace_when_idle = self.open_info is not None
            self.open_key, self.open_info = None, None
            if self.linked is not None:
                self.panel.set_busy(cold_hint())
        elif state == "idle" and self._retrace_when_idle:
            self._retrace_when_idle = False
            shown = self.dock is None or self.dock.isVisible()
            if shown and self.linked is not None and self.linked.quantity:
                self.ensure_open()

    def on_kernel_died(self, reason: str) -> None:
        self.open_key = None
        self.fail(
            translate(
                "EquationPanel",
                "The note's kernel stopped: {0}\nClick an equation again to start a new kernel.",
            ).format(reason)
        )

    # --- window events --------------------------------------------------------------------------

    def on_note_opened(self, path: object, _rendered: object) -> None:
        self.path = Path(str(path)) if path else None
        self.open_key, self.open_info, self.linked = None, None, None
        self._handler = None
        if self.path is not None and self.path.suffix.lower() == ".md":
            self.prewarm()
            QTimer.singleShot(200, self, self.pretypeset)
        request = getattr(self.window, "screenshot_requests", {}) or {}
        if request.get("equation") and self._screenshot_release is None and self.path is not None:
            self._screenshot_release = self.window.hold_screenshot()
            self._pending_step = request.get("step")
            QTimer.singleShot(
                0, self,
                lambda: self.show_equation(str(request["equation"]), "", symbol=request.get("symbol")),
            )

    def prewarm(self) -> None:
        """Start the note's kernel now and load the panel's engine code in it, so the first click is fast.

        Starting a kernel runs nothing from the note (see app.ui.kernels); ``panel.devices`` only imports
        the panel service (torch, the trace engine) and lists the devices for the toggle.
        """
        handler = self.handler()
        if handler is None:
            return
        self._devices_asked = handler
        handle = handler.call("panel.devices", {}, channel="panel:panel.devices")
        handle.done.connect(self.on_devices)

    def pretypeset(self) -> None:
        """Typeset the note's linked equations for the panel in idle time, one per event-loop turn.

        The note view typesets pieces, not whole rows or inline runs; the panel's big equation is typeset
        with its symbols marked (to find their boxes). Doing that now (~25 ms each) keeps it off the
        first click's path.
        """
        from app.ui.mathview_symbols import mark_formula

        path = self.path
        if path is None:
            return
        try:
            todo = [
                (display_latex(e.equation.latex), tuple(c["latex"] for c in chips_for(e)))
                for e in self.links.linked(path)
                if e.quantity
            ]
        except (OSError, ValueError):
            return

        def next_one() -> None:
            if todo and self.path == path:
                mark_formula(*todo.pop(0))
                QTimer.singleShot(0, self, next_one)

        QTimer.singleShot(0, self, next_one)

    def on_equation_clicked(self, equation_id: str, piece_id: str) -> None:
        self.show_equation(equation_id, piece_id)

    def reveal(self) -> None:
        """Show the dock; docks sharing its side become tabs behind it so the panel gets full height."""
        dock = self.dock
        if dock is None or dock.isVisible():
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
        dock.show()
        dock.raise_()

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
                latex, linked.reason or translate("EquationPanel", "It matches no quantity of the model.")
            )
            self._release_screenshot()
            return
        self.chips = chips_for(linked)
        chips = [(c["latex"], c["quantity"], c["tip"]) for c in self.chips]
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
        key = (
            str(self.path),
            model,
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


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _korean_failure(method: str, reason: str) -> str:
    """A kernel error as the user should read it: the message first, the traceback's last line."""
    text = str(reason).strip()
    last = text.splitlines()[-1] if text else translate("EquationPanel", "unknown error")
    if method == "panel.open":
        return translate("EquationPanel", "Could not trace the model: {0}").format(last)
    return translate("EquationPanel", "The kernel request failed ({0}): {1}").format(method, last)


def install(window: Any) -> EquationPanelController:
    """Dock the panel on the right (hidden until the first click) and connect it to the window."""
    panel = EquationPanel()
    title = translate("EquationPanel", str(DOCK_TITLE))
    dock = window.add_dock(panel, title, Qt.DockWidgetArea.RightDockWidgetArea)
    dock.setMinimumWidth(500)
    dock.hide()
    controller = EquationPanelController(window, panel, dock)
    window.equation_panel = controller
    return controller
