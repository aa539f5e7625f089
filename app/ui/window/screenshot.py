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
WIDTH_POLL_MS, WIDTH_TRIES = 200, 25  # then, until the page's viewport is the view's width (at most 5 s)


class Screenshot(QObject):
    """Drives one screenshot; ``exit_code`` is 0 once the PNG is saved."""

    def __init__(self, window: MainWindow, out: Path, paint_timeout_s: float, hold_timeout_s: float) -> None:
        super().__init__(window)
        self.window = window
        self.out = out
        self.exit_code = 1
        self._hold_timeout_ms = int(hold_timeout_s * 1000)
        self._done = False
        self._width_tries = 0
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
        """Grab once the page has reflowed to the view's width: on a busy machine the docks' relayout
        can outlast SETTLE_MS, and the grab showed the note laid out for the wider view, its right side
        hidden under the right dock."""
        if self._done:
            return
        view = self.window.note_view
        expected = view.width() / max(view.zoomFactor(), 0.01)

        def check(width: object) -> None:
            if self._done:
                return
            settled = not isinstance(width, int | float) or abs(float(width) - expected) <= 2
            if settled or self._width_tries >= WIDTH_TRIES:
                self._after_frames()
                return
            self._width_tries += 1
            QTimer.singleShot(WIDTH_POLL_MS, self, self._shoot)

        view.page().runJavaScript("window.innerWidth", 0, check)

    def _after_frames(self) -> None:
        """Grab after the page painted two more frames at its present width (the grab shows the last
        frame Chromium handed over; a frame from before the reflow was seen under load)."""
        view = self.window.note_view
        view.page().runJavaScript(
            "window.__tnShotFrames = 0; requestAnimationFrame(function () {"
            " requestAnimationFrame(function () { window.__tnShotFrames = 2; }); });",
            0,
        )
        tries = [0]

        def poll() -> None:
            def got(value: object) -> None:
                tries[0] += 1
                if value == 2 or tries[0] >= WIDTH_TRIES:
                    QTimer.singleShot(WIDTH_POLL_MS, self, self._grab)
                else:
                    QTimer.singleShot(50, self, poll)

            view.page().runJavaScript("window.__tnShotFrames", 0, got)

        QTimer.singleShot(50, self, poll)

    def _grab(self) -> None:
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
