"""The kernel budget: kernels of notes not shown for a while are shut down, least recently used first.

Each note's kernel is a Python process with torch loaded, about 320 MB before the note's own model; a
student who visits ten notes used to keep ten of them (3.2 GB) until quitting. Two rules, checked when a
note is shown and once a minute:

- **cap**: at most ``kernels/max`` kernels (default :data:`DEFAULT_MAX_KERNELS` = 3, about 1 GB) run at
  once; past it, the kernel of the note shown longest ago goes first;
- **idle**: a kernel whose note has not been shown for ``kernels/idle_minutes`` (default
  :data:`DEFAULT_IDLE_MINUTES` = 10; a float, so 0.5 is half a minute; 0 turns the rule off) is shut down.
  The check runs every minute, or four times per idle period when that is shorter.

The note on screen keeps its kernel, and so does a kernel that is running something (busy) or that the
code panel is using. A shut-down kernel comes back on demand: showing its note again (or clicking one of
its equations or code blocks) starts a new one, and the status bar says that it was stopped to save
memory and is starting again. The settings live in Kernel → Kernel budget… (and in the settings file).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog

from app.ui.kernels.handler import kernel_pool

DEFAULT_MAX_KERNELS = 3
DEFAULT_IDLE_MINUTES = 10
SETTING_MAX = "kernels/max"
SETTING_IDLE = "kernels/idle_minutes"
CHECK_MS = 60_000
translate = QCoreApplication.translate  # lupdate collects translate("KernelBudget", "…")


def _setting(settings: Any, key: str, default: int, low: int, high: int) -> int:
    try:
        value = int(settings.value(key, default))
    except (TypeError, ValueError):
        return default
    return min(max(value, low), high)


def _minutes(settings: Any, key: str, default: float, high: float) -> float:
    """A float setting in minutes (a bad or negative value: the default; capped at ``high``)."""
    try:
        value = float(settings.value(key, default))
    except (TypeError, ValueError):
        return default
    return min(value, high) if value >= 0 else default


class KernelBudget(QObject):
    """Keeps a window's kernels within the budget (see the module docstring)."""

    evicted = Signal(object)  # the note whose kernel was shut down

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        settings = getattr(window, "settings", None)
        self.max_kernels = _setting(settings, SETTING_MAX, DEFAULT_MAX_KERNELS, 1, 64) if settings else \
            DEFAULT_MAX_KERNELS
        idle = _minutes(settings, SETTING_IDLE, DEFAULT_IDLE_MINUTES, 24 * 60) if settings else \
            DEFAULT_IDLE_MINUTES
        self.clock = time.monotonic  # seconds; the idle rule's time (a test may pass its own)
        self.last_shown: dict[Path, float] = {}
        self.stopped: set[Path] = set()  # notes whose kernel the budget shut down
        self.timer = QTimer(self, interval=CHECK_MS)
        self.timer.timeout.connect(self.enforce)
        self._set_idle_s(idle * 60.0)  # 0: no idle rule, only the cap
        self.timer.start()
        window.noteOpened.connect(self.on_note_opened)
        if hasattr(window, "noteMoved"):
            window.noteMoved.connect(self.on_note_moved)

    # ---- settings ------------------------------------------------------------------------------
    def set_max(self, count: int) -> None:
        self.max_kernels = max(1, int(count))
        self._save(SETTING_MAX, self.max_kernels)
        self.enforce()

    def set_idle_minutes(self, minutes: float) -> None:
        self._set_idle_s(max(0.0, float(minutes)) * 60.0)
        self._save(SETTING_IDLE, self.idle_s / 60.0)
        self.enforce()

    def _set_idle_s(self, seconds: float) -> None:
        """The idle period, and the check's interval: a minute, or a quarter of a shorter period."""
        self.idle_s = seconds
        quarter = int(seconds * 1000 / 4)
        self.timer.setInterval(max(250, min(CHECK_MS, quarter)) if seconds > 0 else CHECK_MS)

    def _save(self, key: str, value: float) -> None:
        settings = getattr(self.window, "settings", None)
        if settings is not None and getattr(self.window, "remember", True):
            settings.setValue(key, value)

    # ---- following the notes -------------------------------------------------------------------
    def on_note_opened(self, path: object, _rendered: object = None) -> None:
        if not path:
            return
        note = Path(str(path)).resolve()
        self.last_shown[note] = self.clock()
        if note in self.stopped:
            self.stopped.discard(note)
            self.window.show_status(translate(
                "KernelBudget", "This note's kernel was stopped to save memory; it is starting again."), 8000)
        self.enforce()

    def on_note_moved(self, old: object, new: object) -> None:
        old_path, new_path = Path(str(old)).resolve(), Path(str(new)).resolve()
        if old_path in self.last_shown:
            self.last_shown[new_path] = self.last_shown.pop(old_path)

    def _protected(self) -> set[Path]:
        """Kernels that must not go: the note on screen's and the code panel's."""
        keep = set()
        current = self.window.current_note()
        if current is not None:
            keep.add(Path(current).resolve())
        panel = getattr(self.window, "code_panel", None)
        handler = getattr(panel, "handler", None)
        if handler is not None:
            keep.add(Path(handler.note).resolve())
        return keep

    def enforce(self) -> list[Path]:
        """Shut down what the rules ask for; returns the notes whose kernels were stopped."""
        pool = kernel_pool(self.window)
        running = pool.running()
        keep = self._protected()
        now = self.clock()
        candidates = sorted(
            (path for path, handler in running.items() if path not in keep and handler.state != "busy"),
            key=lambda p: self.last_shown.get(p, 0.0),
        )  # least recently shown first
        stopped: list[Path] = []
        for path in candidates:
            too_many = len(running) - len(stopped) > self.max_kernels
            idle = self.idle_s > 0 and now - self.last_shown.get(path, 0.0) >= self.idle_s
            if (too_many or idle) and pool.evict(path):
                stopped.append(path)
                self.stopped.add(path)
                self.evicted.emit(path)
        return stopped

    # ---- the menu ------------------------------------------------------------------------------
    def ask(self) -> None:
        """Kernel → Kernel budget…: how many kernels may run at once."""
        count, ok = QInputDialog.getInt(
            self.window, translate("KernelBudget", "Kernel budget"),
            translate("KernelBudget", "Kernels kept running at once (each about 320 MB; the least recently "
                      "shown note's goes first):"), self.max_kernels, 1, 64)
        if ok:
            self.set_max(count)


def install(window: Any) -> KernelBudget:
    budget = KernelBudget(window)
    window.kernel_budget = budget
    action = QAction(translate("KernelBudget", "Kernel budget…"), window)
    action.triggered.connect(budget.ask)
    window.menu("kernel").addAction(action)
    if window.current_note() is not None:  # installed after the first paint (see app.ui.main)
        budget.on_note_opened(window.current_note())
    return budget
