"""The equation panel's side of the note's kernel: getting the handler, calls and their failures,
the kernel's restarts and death, and the idle-time warm-up (kernel start, pre-typesetting).

Kept apart from the controller (equation_panel.py), which decides what to show: everything here is
about reaching the kernel without the UI ever waiting on it. ``EquationPanelController`` inherits it;
the state it uses is the controller's.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from app.ui.common import display_latex
from app.ui.equation_panel.link import LinkIndex, chips_for
from app.ui.equation_panel.text import cold_hint

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget

    from app.ui.equation_panel.view import EquationPanel

log = logging.getLogger("tensornote.panel")
translate = QCoreApplication.translate  # lupdate collects translate("EquationPanel", "…")


class KernelAccess:
    """The controller's kernel access and warm-up (a mixin of ``EquationPanelController``)."""

    # The controller's state this part reads and writes (set in EquationPanelController.__init__).
    window: Any
    panel: EquationPanel
    dock: QDockWidget | None
    links: LinkIndex
    path: Path | None
    linked: Any
    open_key: tuple[Any, ...] | None
    open_info: dict[str, Any] | None
    _devices_asked: Any
    _handler: Any
    _wired: Any
    _retrace_when_idle: bool
    _reopening: bool

    if TYPE_CHECKING:  # the controller's methods this part calls

        def ensure_open(self) -> None: ...

        def on_devices(self, devices: list[dict[str, Any]]) -> None: ...

        def _release_screenshot(self) -> None: ...

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

    def prewarm(self) -> None:
        """Start the note's kernel now and load the panel's engine code in it, so the first click is fast.

        Starting a kernel runs nothing from the note (see app.ui.kernels.handler); ``panel.devices``
        only imports the panel service (torch, the trace engine) and lists the devices for the toggle.
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
        from app.ui.common import mark_formula

        path = self.path
        if path is None:
            return
        context = cast("QObject", self)  # the controller: its timers die with it

        def start(entries: list[Any]) -> None:  # on the GUI thread, once the worker has linked the note
            todo = [
                (display_latex(e.equation.latex), tuple(c["latex"] for c in chips_for(e)))
                for e in entries
                if e.quantity
            ]

            def next_one() -> None:
                if todo and self.path == path:
                    mark_formula(*todo.pop(0))
                    QTimer.singleShot(0, context, next_one)

            QTimer.singleShot(0, context, next_one)

        self.links.when_linked(path, context, start)  # linking a long note is kept off the GUI thread


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _korean_failure(method: str, reason: str) -> str:
    """A kernel error as the user should read it: the message first, the traceback's last line."""
    text = str(reason).strip()
    last = text.splitlines()[-1] if text else translate("EquationPanel", "unknown error")
    if method == "panel.open":
        return translate("EquationPanel", "Could not trace the model: {0}").format(last)
    return translate("EquationPanel", "The kernel request failed ({0}): {1}").format(method, last)
