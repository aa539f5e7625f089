"""``--screenshot OUT.png``: wait until the note is really on screen, grab the whole window, exit.

"Really on screen" means: the note view's page loaded, its fonts are ready, the bridge answered a
JavaScript round trip and a frame was painted (``MainWindow.pagePainted``), and every plugin that took
a ``hold_screenshot()`` released it. ``QWidget.grab()`` then captures the window including the web view.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from app.ui.window import MainWindow


class Screenshot(QObject):
    """Drives one screenshot; ``exit_code`` is 0 once the PNG is saved."""

    def __init__(self, window: MainWindow, out: Path, paint_timeout_s: float, hold_timeout_s: float,
                 grace_ms: int) -> None:
        super().__init__(window)
        self.window = window
        self.out = out
        self.exit_code = 1
        self._grace_ms = grace_ms
        self._hold_timeout_ms = int(hold_timeout_s * 1000)
        self._done = False
        window.pagePainted.connect(self._on_painted)
        window.screenshotReleased.connect(self._shoot_soon)
        QTimer.singleShot(int(paint_timeout_s * 1000), self._give_up)

    def _on_painted(self, _path: object) -> None:
        # Give plugins reacting to noteOpened a moment to take a hold before deciding.
        QTimer.singleShot(self._grace_ms, self._maybe_shoot)

    def _maybe_shoot(self) -> None:
        if self.window.screenshot_held:
            QTimer.singleShot(self._hold_timeout_ms, self._shoot)
            return
        self._shoot()

    def _shoot_soon(self) -> None:
        if self.window.note_view.is_painted:
            QTimer.singleShot(150, self._shoot)

    def _shoot(self) -> None:
        if self._done:
            return
        self._done = True
        if self.window.screenshot_held:
            sys.stderr.write("tensornote: a panel did not finish in time; saving the screenshot anyway\n")
        QApplication.processEvents()
        image = self.window.grab()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        if image.save(str(self.out), "PNG"):
            self.exit_code = 0
        else:
            sys.stderr.write(f"tensornote: could not write {self.out}\n")
        QApplication.quit()

    def _give_up(self) -> None:
        if not self._done:
            self._done = True
            sys.stderr.write("tensornote: the note did not finish drawing in time; no screenshot saved\n")
            QApplication.exit(1)
