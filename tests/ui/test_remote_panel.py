"""The equation panel with the note's kernel on a real Jupyter Server (127.0.0.1, started here): the panel
paints, the status bar says where the kernel runs, the GPU toggle lists that machine's devices, and a
kernel the server deleted is a worded message that Restart (one action) cures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from app.equations import link_note
from app.kernel.providers import KernelHome, ServerKernelSession
from app.ui.equation_panel import panel as equation_panel
from app.ui.kernels import status as kernel_status
from app.ui.kernels.handler import KernelHandler, kernel_pool
from app.ui.window.main_window import MainWindow
from tests.conftest import NOTES
from tests.remote.conftest import owned_server
from tests.remote.server import JupyterServer
from tests.ui.conftest import dispose, run_js, temp_settings, wait_until

pytestmark = pytest.mark.slow
SEED = sorted(NOTES.glob("20*.md"))[0]
TIMEOUT = 120.0


@pytest.fixture(scope="module")
def server() -> Iterator[JupyterServer]:
    yield from owned_server(kernelspecs={"bare": {"PYTHONPATH": "", "TENSORNOTE_NO_APP": "1"}})


@pytest.fixture(scope="module")
def window(ui_app: QApplication, server: JupyterServer) -> Iterator[MainWindow]:
    win = MainWindow(temp_settings(), theme_choice="light")
    win.resize(1500, 950)
    kernel_pool(win).home_override = KernelHome.server(server.url, token=server.token, name="lab-test")
    equation_panel.install(win)
    kernel_status.install(win)
    win.show()
    painted: list[object] = []
    win.pagePainted.connect(painted.append)
    win.open_vault(NOTES, SEED)
    wait_until(lambda: bool(painted), 30)
    yield win
    kernel_pool(win).shutdown_all()
    win.close()
    dispose(win)


def _click_row(window: MainWindow, prefix: str, qtbot) -> dict:
    controller = window.equation_panel  # type: ignore[attr-defined]
    linked = link_note(SEED.read_text(encoding="utf-8"))
    eq = next(e.equation.id for e in linked if e.equation.latex.startswith(prefix))
    with qtbot.waitSignal(controller.stepShown, timeout=int(TIMEOUT * 1000)):
        run_js(window.note_view, f"(() => {{ const el = document.querySelector('[data-eq=\"{eq}\"]');"
                                 " el.scrollIntoView({block: 'center'}); el.click(); return true; })()")
    return controller.last_step


def test_the_panel_paints_from_the_remote_kernel(window: MainWindow, server: JupyterServer, qtbot) -> None:
    step = _click_row(window, "f_t &=", qtbot)
    assert step["quantity"] == "lstm.f" and step["result"]["shape"] == [1, 256]
    handler = kernel_pool(window).for_note(SEED)
    assert isinstance(handler.session, ServerKernelSession)
    assert handler.session.kernel_id in {k["id"] for k in server.kernels()}
    where = window.kernel_status.where_label  # type: ignore[attr-defined]
    assert where.isVisible() and where.text() == "커널: lab-test (원격) · cpu"
    controller = window.equation_panel  # type: ignore[attr-defined]
    wait_until(lambda: controller.devices is not None, TIMEOUT)
    listed = {d["name"]: d["available"] for d in controller.devices}
    assert listed["cpu"] is True and listed.get("cuda") is False  # the server's machine has no GPU


def test_a_kernel_deleted_by_the_server_is_said_and_restart_cures_it(
    window: MainWindow, server: JupyterServer, qtbot
) -> None:
    handler = kernel_pool(window).for_note(SEED)
    status = window.kernel_status  # type: ignore[attr-defined]
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    with qtbot.waitSignal(handler.died, timeout=30_000) as blocker:
        assert server.rest("DELETE", f"/api/kernels/{handler.session.kernel_id}")[0] == 204
    assert "더 이상 없습니다" in blocker.args[0]  # worded in the UI's language
    assert handler.state == "dead" and status.restart_button.isVisibleTo(window)
    assert any("더 이상 없습니다" in text for text in shown)
    with qtbot.waitSignal(handler.ready, timeout=int(TIMEOUT * 1000)):
        status.restart()  # one action
    step = _click_row(window, "i_t &=", qtbot)
    assert step["quantity"] == "lstm.i"


def test_a_kernel_without_our_engine_asks_and_runs_nothing_until_yes(
    server: JupyterServer, qtbot, tmp_path, caplog
) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    note = tmp_path / "note.md"
    marker = tmp_path / "ran.txt"
    note.write_text(f"```python\nopen({str(marker)!r}, 'w').write('ran')\n```\n", encoding="utf-8")
    home = KernelHome.server(server.url, token=server.token, name="bare-box", kernel_name="bare")
    handler = KernelHandler(note, home=home)
    try:
        with qtbot.waitSignal(handler.engineMismatch, timeout=int(TIMEOUT * 1000)) as asked:
            handler.start()
        assert asked.args[0].state == "missing"
        first = handler.session.kernel_id
        with qtbot.waitSignal(handler.died, timeout=30_000) as said:
            handler.decline_engine()  # the user said no: nothing ran, and no idle kernel stays there
        assert "엔진" in said.args[0] and first not in {k["id"] for k in server.kernels()}
        with qtbot.waitSignal(handler.engineMismatch, timeout=int(TIMEOUT * 1000)):
            handler.restart()  # asks again
        refused = handler.call("kernel.ping")
        with qtbot.waitSignal(refused.failed, timeout=30_000) as failed:
            pass
        assert "엔진" in failed.args[0] or "engine" in failed.args[0]
        with qtbot.waitSignal(handler.ready, timeout=int(TIMEOUT * 1000)):
            handler.send_engine()  # the user said yes
        assert handler.engine_status.ok and not marker.exists()  # starting ran nothing of the note
        ping = handler.call("kernel.ping")
        with qtbot.waitSignal(ping.done, timeout=30_000) as done:
            pass
        assert done.args[0]["app_version"] == handler.engine_status.version
    finally:
        handler.shutdown()
    assert server.token not in caplog.text


def test_a_server_that_is_down_is_said_and_moving_back_is_one_action(
    window: MainWindow, server: JupyterServer, qtbot
) -> None:
    from tests.remote.server import free_port

    pool = kernel_pool(window)
    handler = pool.for_note(SEED)
    status = window.kernel_status  # type: ignore[attr-defined]
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    with qtbot.waitSignal(handler.died, timeout=60_000) as blocker:
        pool.set_home(KernelHome.server(f"http://127.0.0.1:{free_port()}", token="t", name="off-box"))
    assert "off-box" in blocker.args[0] and "연결할 수 없습니다" in blocker.args[0]
    assert any("연결할 수 없습니다" in text for text in shown)  # said in the status bar, in Korean
    assert status.where_label.text() == "커널: off-box (원격) · cpu"
    assert window.current_note() == SEED.resolve()  # the app keeps working: the note is still there
    with qtbot.waitSignal(handler.ready, timeout=int(TIMEOUT * 1000)):
        pool.set_home(KernelHome.server(server.url, token=server.token, name="lab-test"))
    assert kernel_pool(window).for_note(SEED) is handler  # the panels kept their handler
    step = _click_row(window, "o_t &=", qtbot)
    assert step["quantity"] == "lstm.o" and status.where_label.text() == "커널: lab-test (원격) · cpu"


def test_in_the_window_the_user_is_asked_before_the_engine_is_sent(
    window: MainWindow, server: JupyterServer, qtbot
) -> None:
    pool = kernel_pool(window)
    handler = pool.for_note(SEED)
    status = window.kernel_status  # type: ignore[attr-defined]
    asked: list[tuple[str, str]] = []
    status.consent = lambda engine, where: asked.append((engine.state, where)) or True  # the user: yes
    bare = KernelHome.server(server.url, token=server.token, name="bare-box", kernel_name="bare")
    with qtbot.waitSignal(handler.ready, timeout=int(TIMEOUT * 1000)):
        pool.set_home(bare)
    assert asked == [("missing", "bare-box")] and handler.engine_status.ok
    step = _click_row(window, "g_t &=", qtbot)
    assert step["quantity"] == "lstm.g" and status.where_label.text() == "커널: bare-box (원격) · cpu"
