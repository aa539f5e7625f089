"""The current note's kernel in the window: its state in the status bar and a Kernel menu.

The kernel belongs to the note (``app.ui.kernels.handler``, one per open note), not to a panel, so
its state is shown where the note is: the status bar says starting / idle / running / stopped for the note on
screen, and the Kernel menu interrupts or restarts that note's kernel whichever panel is open. A kernel
that died is reported with a Restart button next to the state, since nothing else would run until then.

A plugin (``app.ui.window.plugins``): importing the kernel client costs time the first paint should not
wait for.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QToolButton

from app.ui.kernels.handler import KernelHandler, kernel_pool, state_label

log = logging.getLogger(__name__)
translate = QCoreApplication.translate  # lupdate collects translate("KernelStatus", "…")
STATE_COLOURS = {"starting": "#bf8700", "idle": "#1a7f37", "busy": "#0969da", "dead": "#cf222e"}


class KernelStatus(QObject):
    """Follows ``window.noteOpened`` and mirrors that note's KernelHandler."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.handler: KernelHandler | None = None
        self.label = QLabel("")
        self.label.setObjectName("tensornote-kernel-state")
        self.label.setToolTip(translate("KernelStatus", "The kernel that runs this note's code and math"))
        self.restart_button = QToolButton()
        self.restart_button.setText("↻ " + translate("KernelStatus", "Restart"))
        self.restart_button.setToolTip(translate("KernelStatus", "Start a new kernel for this note"))
        self.restart_button.setAutoRaise(True)
        self.restart_button.clicked.connect(self.restart)
        self.restart_button.hide()
        bar = window.statusBar()
        bar.addPermanentWidget(self.restart_button)
        bar.addPermanentWidget(self.label)
        self.label.hide()

        menu = window.menu("kernel")
        menu.setTitle(translate("KernelStatus", "&Kernel"))
        self.interrupt_action = QAction(translate("KernelStatus", "Interrupt"), window)
        self.interrupt_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.interrupt_action.triggered.connect(self.interrupt)
        self.restart_action = QAction(translate("KernelStatus", "Restart"), window)
        self.restart_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.restart_action.triggered.connect(self.restart)
        menu.addAction(self.interrupt_action)
        menu.addAction(self.restart_action)
        self._update("none")
        window.noteOpened.connect(self.on_note_opened)

    # ---- following the note ----------------------------------------------------------------------
    def on_note_opened(self, path: object, _rendered: object) -> None:
        if not path or Path(str(path)).suffix.lower() not in (".md", ".markdown"):
            self._attach(None)
            return
        try:
            handler = kernel_pool(self.window).for_note(Path(str(path)))
        except Exception:  # no kernel support: the notes still read fine
            log.warning("no kernel for %s", path, exc_info=True)
            handler = None
        self._attach(handler)

    def _attach(self, handler: KernelHandler | None) -> None:
        if handler is self.handler:
            return
        if self.handler is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.handler.stateChanged.disconnect(self._update)
                self.handler.died.disconnect(self.on_died)
        self.handler = handler
        if handler is not None:
            handler.stateChanged.connect(self._update)
            handler.died.connect(self.on_died)
        self._update(handler.state if handler is not None else "none")

    # ---- state -----------------------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self.handler.state if self.handler is not None else "none"

    def _update(self, state: str) -> None:
        if state == "none":
            self.label.hide()
            self.restart_button.hide()
        else:
            colour = STATE_COLOURS.get(state, "#59636e")
            self.label.setText(f"<span style='color:{colour}'>●</span> {state_label(state)}")
            self.label.show()
            self.restart_button.setVisible(state == "dead")
        self.interrupt_action.setEnabled(state == "busy")
        self.restart_action.setEnabled(state in ("starting", "idle", "busy", "dead"))

    def on_died(self, reason: str) -> None:
        self._update("dead")
        first = reason.strip().splitlines()[0] if reason.strip() else ""
        text = translate("KernelStatus", "The kernel stopped: {0} — Kernel → Restart starts a new one.")
        self.window.show_status(text.format(first), 15000)

    # ---- actions ---------------------------------------------------------------------------------
    def interrupt(self) -> None:
        if self.handler is not None and self.handler.state == "busy":
            self.handler.interrupt()
            self.window.show_status(translate("KernelStatus", "Interrupt sent to the kernel."), 4000)

    def restart(self) -> None:
        """Restart the note's kernel; through the code panel when it shows this note (it clears its
        line notes and says so in its output)."""
        if self.handler is None:
            return
        code_panel = getattr(self.window, "code_panel", None)
        if code_panel is not None and getattr(code_panel, "handler", None) is self.handler:
            code_panel.restart()
        else:
            self.handler.restart()
        self.restart_button.hide()
        self.window.show_status(translate("KernelStatus", "Restarting the kernel…"), 4000)


def install(window: Any) -> KernelStatus:
    status = KernelStatus(window)
    window.kernel_status = status
    if window.current_note() is not None:  # installed after the first paint (see app.ui.main)
        status.on_note_opened(window.current_note(), None)
    return status
