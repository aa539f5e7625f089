"""The current note's kernel in the window: its state in the status bar and a Kernel menu.

The kernel belongs to the note (``app.ui.kernels.handler``, one per open note), not to a panel, so
its state is shown where the note is: the status bar says starting / idle / running / stopped for the note on
screen, and the Kernel menu interrupts or restarts that note's kernel whichever panel is open. A kernel
that died is reported with a Restart button next to the state, since nothing else would run until then.

Next to the state, where the kernel runs: ``커널: lab-gpu (원격) · cuda:0`` / ``Kernel: lab-gpu (remote) ·
cuda:0`` (or "this computer"), following the kernel's device. Kernel → Kernel location… picks the vault's
kernel home (``homes_dialog``). A remote kernel whose engine is missing or stale asks before anything of
ours is sent there (:meth:`KernelStatus.consent`, a question box; tests replace it).

A plugin (``app.ui.window.plugins``): importing the kernel client costs time the first paint should not
wait for.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMessageBox, QToolButton

from app.kernel.homes import url_warnings
from app.ui.common import i18n as ui_i18n
from app.ui.common import plain, tip
from app.ui.kernels.handler import KernelHandler, kernel_pool, state_label

log = logging.getLogger(__name__)
translate = QCoreApplication.translate  # lupdate collects translate("KernelStatus", "…")
NAME_MAX_PX = 240  # a remote kernel's name in the status bar, at most (elided in its middle beyond)
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
        self.where_label = plain(QLabel(""))  # a remote kernel's name is the user's text
        self.where_label.setObjectName("tensornote-kernel-where")
        self.where_label.setToolTip(translate("KernelStatus", "Where this note's kernel runs"))
        self.consent: Any = self.ask_consent  # (EngineStatus, where) -> bool; tests replace it
        bar = window.statusBar()
        bar.addPermanentWidget(self.restart_button)
        bar.addPermanentWidget(self.label)
        bar.addPermanentWidget(self.where_label)
        self.label.hide()
        self.where_label.hide()

        menu = window.menu("kernel")
        menu.setTitle(translate("KernelStatus", "&Kernel"))
        self.interrupt_action = QAction(translate("KernelStatus", "Interrupt"), window)
        self.interrupt_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.interrupt_action.triggered.connect(self.interrupt)
        self.restart_action = QAction(translate("KernelStatus", "Restart"), window)
        self.restart_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.restart_action.triggered.connect(self.restart)
        self.home_action = QAction(translate("KernelStatus", "Kernel location…"), window)
        self.home_action.triggered.connect(self.choose_home)
        menu.addAction(self.interrupt_action)
        menu.addAction(self.restart_action)
        menu.addSeparator()
        menu.addAction(self.home_action)
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
                self.handler.deviceChanged.disconnect(self._show_where)
                self.handler.engineMismatch.disconnect(self.on_engine_mismatch)
        self.handler = handler
        if handler is not None:
            handler.stateChanged.connect(self._update)
            handler.died.connect(self.on_died)
            handler.deviceChanged.connect(self._show_where)
            handler.engineMismatch.connect(self.on_engine_mismatch)
            if handler.home.remote:
                for warning in url_warnings(handler.home.url, lang=ui_i18n.current_language()):
                    self.window.show_status(warning, 15000)
        self._update(handler.state if handler is not None else "none")
        self._show_where()

    def where_text(self, elide: bool = False) -> str:
        """``Kernel: lab-gpu (remote) · cuda:0`` / ``Kernel: this computer · cpu`` ("" without a kernel).

        ``elide``: the server's name (the user's text, any length) shortened in its middle to
        ``NAME_MAX_PX`` of the label's font, so the status bar never widens the window (issue 11, F2);
        the tooltip keeps the whole text."""
        handler = self.handler
        if handler is None:
            return ""
        device = handler.device if ":" in handler.device or handler.device == "cpu" else f"{handler.device}:0"
        if handler.home.remote:
            name = handler.home.label
            if elide:
                metrics = self.where_label.fontMetrics()
                name = metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, NAME_MAX_PX)
            return translate("KernelStatus", "Kernel: {0} (remote) · {1}").format(name, device)
        return translate("KernelStatus", "Kernel: this computer · {0}").format(device)

    def _show_where(self, *_: object) -> None:
        words = self.where_text(elide=True)
        self.where_label.setText(words)
        about = translate("KernelStatus", "Where this note's kernel runs")
        self.where_label.setToolTip(tip(f"{self.where_text()}\n{about}" if words else about))
        self.where_label.setVisible(bool(words))

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

    # ---- a remote kernel without our engine --------------------------------------------------------
    def ask_consent(self, status: Any, where: str) -> bool:
        """Ask the user whether to send this app's engine to the remote kernel (this session only)."""
        question = status.worded(where, lang=ui_i18n.current_language())
        detail = translate("KernelStatus", "Send it now? Nothing is installed on the server.")
        box = QMessageBox(QMessageBox.Icon.Question, translate("KernelStatus", "Tensornote engine"),
                          f"{question}\n\n{detail}",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # it names the user's server: text, never HTML
        return box.exec() == QMessageBox.StandardButton.Yes

    def on_engine_mismatch(self, status: Any) -> None:
        handler = self.handler
        if handler is None:
            return
        if self.consent(status, handler.home.label):
            self.window.show_status(translate("KernelStatus", "Sending the engine to {0}…").format(
                handler.home.label), 8000)
            handler.send_engine()
        else:
            handler.decline_engine()

    def choose_home(self) -> None:
        """Kernel → Kernel location…: on OK, this window's kernels move to the vault's new home."""
        from app.ui.kernels.homes_dialog import KernelHomeDialog

        vault = self.window.vault()
        note = self.window.current_note()
        root = Path(vault.root) if vault is not None else (Path(note).parent if note else Path.cwd())
        dialog = KernelHomeDialog(root, self.window)
        if dialog.exec():
            kernel_pool(self.window).set_home(None)  # the open notes' kernels move to the new home
            self._show_where()

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
