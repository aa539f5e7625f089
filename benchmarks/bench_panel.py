"""Equation panel latency, measured in the real window with a real kernel (offscreen Qt).

- ``first_click_cold_s``: the seed note is opened in a fresh window (its kernel starts in the background
  on open), and the ``f_t &= …`` row is clicked as soon as the page is painted: click → step painted.
- ``click_to_panel_ms``: warm kernel, model already traced: a click on another gate row → painted
  (median over several clicks).
- ``step_repaint_ms``: the time-step slider moves by one → the new step painted (median).

"Painted" means the controller's ``stepShown`` fired and a synchronous ``repaint()`` of the panel
finished, so matplotlib's canvases and the chain strips are on screen.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SEED = sorted((REPO / "notes").glob("20*.md"))[0]
ROWS = ("f_t &=", "i_t &=", "o_t &=", "g_t &=")


def _wait(app, condition, timeout: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the panel did not answer in time")
        app.processEvents()
        time.sleep(0.001)


def run() -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("TENSORNOTE_CACHE_DIR", tempfile.mkdtemp(prefix="tensornote-bench-"))
    from app.ui.main import prepare_qt_environment

    prepare_qt_environment()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.equations import link_note
    from app.ui.common.fonts import install_app_font
    from app.ui.equation_panel import panel as equation_panel
    from app.ui.kernels.handler import kernel_pool
    from app.ui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    install_app_font(app)  # type: ignore[arg-type]
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, theme_choice="light", remember=False)
    window.resize(1500, 950)
    controller = equation_panel.install(window)
    window.show()
    text = SEED.read_text(encoding="utf-8")
    rows = {e.equation.latex[:6]: e.equation.id for e in link_note(text) if e.equation.kind == "row"}
    shown: list[float] = []
    controller.stepShown.connect(lambda _ms: shown.append(time.perf_counter()))

    def click(eq_id: str) -> float:
        before = len(shown)
        started = time.perf_counter()
        window.note_view.page().runJavaScript(f"document.querySelector('[data-eq=\"{eq_id}\"]').click()")
        _wait(app, lambda: len(shown) > before, 120)
        controller.panel.repaint()
        return time.perf_counter() - started

    def step(delta: int) -> float:
        before = len(shown)
        started = time.perf_counter()
        controller.panel.steps.step_by(delta)
        _wait(app, lambda: len(shown) > before, 30)
        controller.panel.repaint()
        return time.perf_counter() - started

    painted: list[object] = []
    window.pagePainted.connect(painted.append)
    try:
        window.open_vault(REPO / "notes", SEED)
        _wait(app, lambda: bool(painted), 60)
        cold = click(rows[ROWS[0][:6]])
        for _ in range(3):  # let deferred draws of the first open settle
            app.processEvents()
        clicks = [click(rows[r[:6]]) for r in (*ROWS[1:], *ROWS, *ROWS)]
        controller.panel.steps.set_step(0)
        _wait(app, lambda: controller.last_step is not None and controller.last_step["t"] == 0, 30)
        steps = [step(+1) for _ in range(12)] + [step(-1) for _ in range(6)]
    finally:
        kernel_pool(window).shutdown_all()
        window.close()
    return {
        "click_to_panel_ms": round(statistics.median(clicks) * 1e3, 1),
        "step_repaint_ms": round(statistics.median(steps) * 1e3, 1),
        "first_click_cold_s": round(cold, 2),
        **shapes_seed(),
    }


def shapes_seed() -> dict[str, float]:
    """``shapes_seed_ms``: ``shapes.evaluate`` on the seed in a warm kernel (torch imported, the panel's
    model traced), round trip from the UI side, median of 7; ``shapes_seed_first_ms``: the first call,
    which builds the module and runs its real and probe forwards."""
    from app.kernel.session import KernelSession

    session = KernelSession(SEED.parent)
    try:
        session.start()
        session.wait_ready()
        session.call("kernel.warm")
        session.call("state.set_note", path=str(SEED))
        session.call("panel.open", note_path=str(SEED))
        started = time.perf_counter()
        session.call("shapes.evaluate", note_path=str(SEED))
        first = time.perf_counter() - started
        times = []
        for _ in range(7):
            started = time.perf_counter()
            session.call("shapes.evaluate", note_path=str(SEED))
            times.append(time.perf_counter() - started)
    finally:
        session.shutdown()
    return {
        "shapes_seed_ms": round(statistics.median(times) * 1e3, 1),
        "shapes_seed_first_ms": round(first * 1e3, 1),
    }


if __name__ == "__main__":
    print(run())
