"""``--screenshot OUT.png``: wait until the note is really on screen, grab the whole window, exit.

"Really on screen" means: the note view's page loaded, its fonts are ready, the bridge answered a
JavaScript round trip and a frame was painted (``MainWindow.pagePainted``); the plugins are installed
(``pluginsInstalled``) and the layout settled after their docks appeared; and every plugin that took a
``hold_screenshot()`` released it. ``QWidget.grab()`` then captures the window including the web view.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from app.ui.window.main_window import MainWindow

SETTLE_MS = 400  # after the plugins' docks appear: the page reflows to the new width and repaints


class Screenshot(QObject):
    """Drives one screenshot; ``exit_code`` is 0 once the PNG is saved."""

    def __init__(self, window: MainWindow, out: Path, paint_timeout_s: float, hold_timeout_s: float) -> None:
        super().__init__(window)
        self.window = window
        self.out = out
        self.exit_code = 1
        self._hold_timeout_ms = int(hold_timeout_s * 1000)
        self._done = False
        window.pluginsInstalled.connect(lambda: QTimer.singleShot(SETTLE_MS, self, self._maybe_shoot))
        window.screenshotReleased.connect(lambda: QTimer.singleShot(SETTLE_MS, self, self._maybe_shoot))
        QTimer.singleShot(int(paint_timeout_s * 1000), self, self._give_up)

    def _maybe_shoot(self) -> None:
        if self._done or not self.window.plugins_installed or not self.window.note_view.is_painted:
            return
        if self.window.screenshot_held:
            QTimer.singleShot(self._hold_timeout_ms, self, self._shoot)
            return
        self._shoot()

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
