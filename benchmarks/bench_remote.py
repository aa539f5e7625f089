"""Remote kernels: the equation panel through a Jupyter Server on loopback, side by side with a local kernel.

A real ``jupyter server`` is started on 127.0.0.1 (free port, token; ``tests/remote/server.py``, the same
owner the tests use) and stopped at the end, with its kernels.

- ``remote_connect_s``: choosing the server → a kernel ready with the engine: start over REST, websocket,
  kernel_info, the engine check (``kernel.ping``), the note sent (``state.set_note``) and ``kernel.warm``
  (torch and the engine imported), through :func:`app.kernel.providers.open_session`.
- ``remote_click_to_panel_ms``: warm kernel, model traced: a click on a gate row → the step painted, in
  the real window whose kernel is on the server (median).
- ``local_click_to_panel_ms``: the same clicks in a second window with a local kernel, interleaved with
  the remote ones so both see the same machine load; ``remote_vs_local_click`` is their ratio (target ≤ 1.5).
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


def _connect_s(home) -> float:  # type: ignore[no-untyped-def]
    from app.kernel.providers import ensure_engine, open_session

    started = time.perf_counter()
    session = open_session(home, SEED.parent)
    try:
        session.start()
        session.wait_ready(120)
        ensure_engine(session, home)
        session.call("state.set_note", path=str(SEED), text=SEED.read_text(encoding="utf-8"))
        session.call("kernel.warm")
        return time.perf_counter() - started
    finally:
        session.shutdown()


def run() -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("TENSORNOTE_CACHE_DIR", tempfile.mkdtemp(prefix="tensornote-bench-"))
    from tests.remote.server import JupyterServer

    server = JupyterServer().start()
    try:
        return _measure(server)
    finally:
        server.stop()
        server.cleanup()


def _measure(server) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from app.kernel.providers import KernelHome

    home = KernelHome.server(server.url, token=server.token, name="bench")
    connect = statistics.median(_connect_s(home) for _ in range(3))

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
    text = SEED.read_text(encoding="utf-8")
    rows = {e.equation.latex[:6]: e.equation.id for e in link_note(text) if e.equation.kind == "row"}

    def make(kernel_home: KernelHome | None):  # type: ignore[no-untyped-def]
        settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, theme_choice="light", remember=False)
        window.resize(1500, 950)
        kernel_pool(window).home_override = kernel_home or KernelHome()
        controller = equation_panel.install(window)
        window.show()
        shown: list[float] = []
        controller.stepShown.connect(lambda _ms: shown.append(time.perf_counter()))
        painted: list[object] = []
        window.pagePainted.connect(painted.append)
        window.open_vault(REPO / "notes", SEED)
        _wait(app, lambda: bool(painted), 60)
        return window, controller, shown

    def click(window, controller, shown, eq_id: str) -> float:  # type: ignore[no-untyped-def]
        before = len(shown)
        started = time.perf_counter()
        window.note_view.page().runJavaScript(f"document.querySelector('[data-eq=\"{eq_id}\"]').click()")
        _wait(app, lambda: len(shown) > before, 180)
        controller.panel.repaint()
        return time.perf_counter() - started

    local = make(None)
    remote = make(home)
    try:
        for side in (local, remote):  # the first click traces the model: not what is measured
            click(*side, rows[ROWS[0][:6]])
            for _ in range(3):
                app.processEvents()
        near: list[float] = []
        far: list[float] = []
        for row in (*ROWS[1:], *ROWS, *ROWS):
            near.append(click(*local, rows[row[:6]]))
            far.append(click(*remote, rows[row[:6]]))
    finally:
        for window, _controller, _shown in (local, remote):
            kernel_pool(window).shutdown_all()
            window.close()
    near_ms, far_ms = statistics.median(near) * 1e3, statistics.median(far) * 1e3
    return {
        "remote_click_to_panel_ms": round(far_ms, 1),
        "local_click_to_panel_ms": round(near_ms, 1),
        "remote_vs_local_click": round(far_ms / near_ms, 2),
        "remote_connect_s": round(connect, 2),
    }


if __name__ == "__main__":
    print(run())
