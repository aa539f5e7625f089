"""The whole window with every plugin installed, as ``python -m app`` builds it: the dock layout, the
note following the panels, the kernel in the status bar and menus, and code runs feeding the equations.

Real WebEngine page, real Jupyter kernel, real torch (in the kernel); nothing is mocked.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pygments.token import Token
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget

from app.equations import link_note
from app.markup.blocks import find_code_blocks
from app.ui.kernels.handler import kernel_pool
from app.ui.main import install_plugins
from app.ui.window.main_window import MainWindow
from tests.conftest import NOTES
from tests.ui.conftest import dispose, run_js, temp_settings, wait_until

pytestmark = pytest.mark.slow
SEED = sorted(NOTES.glob("20*.md"))[0]
KERNEL_TIMEOUT = 120.0


def build_window(settings_name: str, note: Path, size: tuple[int, int] = (1400, 900),
                 requests: dict[str, object] | None = None) -> MainWindow:
    """The window as app.ui.main builds it: first paint, then plugins, then the (default) layout."""
    win = MainWindow(temp_settings(settings_name), theme_choice="light")
    win.screenshot_requests = dict(requests or {})
    win.resize(*size)
    win.show()
    painted: list[object] = []
    win.pagePainted.connect(painted.append)
    win.open_vault(note.parent, note)
    wait_until(lambda: bool(painted), 30)
    install_plugins(win)
    win.restore_state()
    win.mark_plugins_installed()
    QApplication.processEvents()
    return win


def close_window(win: MainWindow) -> None:
    kernel_pool(win).shutdown_all()
    win.close()
    dispose(win)


@pytest.fixture(scope="module")
def note(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed note (the code tests may save into it)."""
    path = tmp_path_factory.mktemp("vault") / SEED.name
    shutil.copyfile(SEED, path)
    return path.resolve()


@pytest.fixture(scope="module")
def window(ui_app: QApplication, note: Path) -> Iterator[MainWindow]:
    win = build_window("integration", note)
    yield win
    close_window(win)


def dock_titled(window: MainWindow, title: str) -> QDockWidget:
    return next(d for d in window.findChildren(QDockWidget) if d.windowTitle() == title)


def in_front(window: MainWindow, dock: QDockWidget) -> bool:
    """Whether ``dock`` is the tab shown in its area (a tab behind another is not visible)."""
    QApplication.processEvents()
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def click(window: MainWindow, selector: str) -> None:
    run_js(
        window.note_view,
        f"(() => {{ const el = document.querySelector('{selector}');"
        " el.scrollIntoView({block: 'center'}); el.click(); return true; })()",
    )


def row_id(prefix: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    return next(e.equation.id for e in link_note(text) if e.equation.latex.startswith(prefix))


# ---- item 1: layout --------------------------------------------------------------------------------
def test_left_side_is_one_column_with_the_tree_in_front(window: MainWindow) -> None:
    tree = window.tree_dock
    left = Qt.DockWidgetArea.LeftDockWidgetArea
    assert window.dockWidgetArea(tree) == left
    search = dock_titled(window, "검색")
    tabs = window.tabifiedDockWidgets(tree)
    assert search in tabs and dock_titled(window, "태그") in tabs
    assert in_front(window, tree) and not in_front(window, search)
    assert window.note_view.width() >= 560, window.note_view.width()
    # the tree column and the note share the window: the tree is not squeezed either
    assert 180 <= tree.width() <= 360


def test_right_side_holds_the_equation_panel_with_outline_and_links_as_tabs(
    window: MainWindow, qtbot
) -> None:
    outline = dock_titled(window, "개요")
    right = Qt.DockWidgetArea.RightDockWidgetArea
    assert window.dockWidgetArea(outline) == right
    equation_dock = window.equation_panel.dock  # type: ignore[attr-defined]
    with qtbot.waitSignal(window.equationClicked, timeout=5000):
        click(window, f'[data-eq="{row_id("f_t &=")}"]')
    wait_until(lambda: in_front(window, equation_dock), 10)
    assert window.dockWidgetArea(equation_dock) == right
    assert outline in window.tabifiedDockWidgets(equation_dock) and not in_front(window, outline)
    assert window.note_view.width() >= 560, window.note_view.width()


def test_code_click_raises_the_code_panel_below_the_note(window: MainWindow, note: Path, qtbot) -> None:
    block = find_code_blocks(note.read_text(encoding="utf-8"))[0]
    code_dock = window.code_panel.dock  # type: ignore[attr-defined]
    with qtbot.waitSignal(window.codeClicked, timeout=5000):
        click(window, f'[data-code="{block.id}"]')
    wait_until(lambda: in_front(window, code_dock), 10)
    assert window.dockWidgetArea(code_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    # the side columns keep their full height: the code panel sits under the note only
    assert code_dock.geometry().left() >= window.tree_dock.geometry().right()
    assert window.note_view.width() >= 560


def test_saved_layout_is_restored(ui_app: QApplication, note: Path) -> None:
    settings_name = "layout-restore"
    first = build_window(settings_name, note)
    try:
        search = dock_titled(first, "검색")
        search.raise_()
        first.resizeDocks([first.tree_dock], [300], Qt.Orientation.Horizontal)
        QApplication.processEvents()
        width = first.tree_dock.width()
        first.save_state()
        settings = first.settings
    finally:
        close_window(first)
    second = MainWindow(settings, theme_choice="light")
    second.resize(1400, 900)
    second.show()
    try:
        install_plugins(second)
        second.restore_state()
        QApplication.processEvents()
        assert in_front(second, dock_titled(second, "검색"))
        assert not in_front(second, second.tree_dock)
        assert abs(second.tree_dock.width() - width) <= 4
    finally:
        close_window(second)


# ---- item 2: the note follows the panels -------------------------------------------------------------
def active_ids(window: MainWindow) -> list[str]:
    found = run_js(
        window.note_view,
        "JSON.stringify(Array.from(document.querySelectorAll('.tn-active'))"
        ".map(el => el.dataset.eq || el.dataset.piece || el.dataset.code || el.dataset.block))",
    )
    assert isinstance(found, str)
    return [str(x) for x in json.loads(found)]


def in_viewport(window: MainWindow, selector: str) -> bool:
    box = run_js(
        window.note_view,
        f"(() => {{ const r = document.querySelector('{selector}').getBoundingClientRect();"
        " return JSON.stringify([r.top, r.bottom, window.innerHeight]); })()",
    )
    assert isinstance(box, str)
    top, bottom, height = (float(v) for v in json.loads(box))
    return top < height and bottom > 0


def test_clicked_equation_stays_marked_until_another_is_clicked(window: MainWindow, qtbot) -> None:
    f_row, g_row = row_id("f_t &="), row_id("g_t &=")
    with qtbot.waitSignal(window.equationClicked, timeout=5000):
        click(window, f'[data-eq="{f_row}"]')
    wait_until(lambda: active_ids(window) == [f_row], 5)
    style = run_js(window.note_view,
                   f"getComputedStyle(document.querySelector('[data-eq=\"{f_row}\"]')).outlineStyle")
    assert style == "solid"
    with qtbot.waitSignal(window.equationClicked, timeout=5000):
        click(window, f'[data-eq="{g_row}"]')
    wait_until(lambda: active_ids(window) == [g_row], 5)
    assert window.note_view.active == [g_row]


def test_mark_survives_a_live_reload(window: MainWindow, note: Path) -> None:
    marked = window.note_view.active
    assert marked, "the previous test clicked an equation"
    painted: list[object] = []
    window.pagePainted.connect(painted.append)
    try:
        window.reload()
        wait_until(lambda: bool(painted), 30)
    finally:
        window.pagePainted.disconnect(painted.append)
    wait_until(lambda: active_ids(window) == marked, 5)


@pytest.mark.parametrize("kind", ["equation", "code"])
def test_screenshot_request_scrolls_to_the_block_and_marks_it(ui_app: QApplication, note: Path,
                                                              kind: str) -> None:
    text = note.read_text(encoding="utf-8")
    if kind == "equation":
        ident = row_id("h_t &=")  # far down the note: not visible at the top
        selector = f'[data-eq="{ident}"]'
    else:
        ident = find_code_blocks(text)[-1].id
        selector = f'[data-code="{ident}"]'
    win = build_window(f"shot-{kind}", note, requests={kind: ident})
    try:
        wait_until(lambda: not win.screenshot_held, 60)
        assert active_ids(win) == [ident]
        assert in_viewport(win, selector)
        if kind == "code":
            assert win.code_panel.block is not None  # type: ignore[attr-defined]
            assert win.code_panel.block.id == ident  # type: ignore[attr-defined]
    finally:
        close_window(win)


# ---- item 3: the note's kernel in the status bar and the Kernel menu --------------------------------
def open_code(window: MainWindow, note: Path, qtbot) -> object:
    """The code panel on the note's first code block (the seed's forward method)."""
    block = find_code_blocks(note.read_text(encoding="utf-8"))[0]
    with qtbot.waitSignal(window.codeClicked, timeout=5000):
        click(window, f'[data-code="{block.id}"]')
    controller = window.code_panel  # type: ignore[attr-defined]
    wait_until(lambda: controller.block is not None and controller.block.id == block.id, 10)
    return controller


def run_code(controller: object, code: str, qtbot, *, wait: bool = True) -> None:
    controller.editor.replace_code(code)  # type: ignore[attr-defined]
    controller.last_result = None  # type: ignore[attr-defined]
    controller.panel.run_button.click()  # type: ignore[attr-defined]
    if wait:
        qtbot.waitUntil(lambda: controller.last_result is not None,  # type: ignore[attr-defined]
                        timeout=int(KERNEL_TIMEOUT * 1000))


def test_status_bar_and_kernel_menu_follow_the_note_kernel(window: MainWindow, note: Path, qtbot) -> None:
    status = window.kernel_status  # type: ignore[attr-defined]
    assert status.handler is kernel_pool(window).for_note(note)
    # the kernel goes idle, then busy a moment while it warms torch up (kernel.warm), then idle again
    wait_until(lambda: status.state == "idle" and "커널 대기" in status.label.text(), KERNEL_TIMEOUT)
    assert status.label.isVisible()
    menu = window.menu("kernel")
    assert "커널" in menu.title()
    # interrupt and restart, then (after a separator) where the kernel runs and how many may run
    assert [a.text() for a in menu.actions()] == ["중단", "재시작", "", "커널 위치…", "커널 예산…"]
    assert not status.interrupt_action.isEnabled() and status.restart_action.isEnabled()

    controller = open_code(window, note, qtbot)
    run_code(controller, "print('루프 시작', flush=True)\nwhile True:\n    pass\n", qtbot, wait=False)
    qtbot.waitUntil(lambda: "루프 시작" in controller.panel.output.toPlainText(),  # type: ignore[attr-defined]
                    timeout=int(KERNEL_TIMEOUT * 1000))
    wait_until(lambda: status.state == "busy", 5)
    assert "커널 실행 중" in status.label.text() and status.interrupt_action.isEnabled()
    status.interrupt_action.trigger()  # Kernel → Interrupt
    qtbot.waitUntil(lambda: controller.last_result is not None, timeout=2000)  # type: ignore[attr-defined]
    assert controller.last_result["error"]["type"] == "KeyboardInterrupt"  # type: ignore[attr-defined]
    wait_until(lambda: status.state == "idle", 5)


def test_a_dead_kernel_is_reported_with_a_restart_offer(window: MainWindow, note: Path, qtbot) -> None:
    status = window.kernel_status  # type: ignore[attr-defined]
    controller = open_code(window, note, qtbot)
    wait_until(lambda: status.state == "idle", KERNEL_TIMEOUT)
    run_code(controller, "import os\nos._exit(3)\n", qtbot, wait=False)
    wait_until(lambda: "커널 중지됨" in status.label.text(), 30)  # the died signal reached the UI
    assert status.state == "dead"
    assert status.restart_button.isVisibleTo(window)
    assert "커널" in window.statusBar().currentMessage()
    status.restart_button.click()
    wait_until(lambda: status.state == "idle", KERNEL_TIMEOUT)
    assert not status.restart_button.isVisibleTo(window)
    run_code(controller, "x = 1 + 1\nprint(x)\n", qtbot)
    assert controller.last_result["error"] is None  # type: ignore[attr-defined]


# ---- item 4: what the code builds is what the equations show ----------------------------------------
USER_MODEL = """\
class RecurrentNeuralNetworkClass(nn.Module):
    def __init__(self, name='rnn', xdim=28, hdim=256, ydim=10, n_layer=3):
        super().__init__()
        self.hdim, self.n_layer = hdim, n_layer
        self.rnn = nn.LSTM(input_size=xdim, hidden_size=hdim, num_layers=n_layer, batch_first=True)
        self.lin = nn.Linear(hdim, ydim)

model = RecurrentNeuralNetworkClass(hdim={hdim}, n_layer=1)
print('device =', device)
"""


def click_row_and_wait(window: MainWindow, prefix: str, qtbot) -> dict:
    controller = window.equation_panel  # type: ignore[attr-defined]
    with qtbot.waitSignal(controller.stepShown, timeout=int(KERNEL_TIMEOUT * 1000)):
        click(window, f'[data-eq="{row_id(prefix)}"]')
    step = controller.last_step
    assert step is not None
    return step


def test_a_code_run_that_builds_a_model_is_what_the_equations_trace(
    window: MainWindow, note: Path, qtbot
) -> None:
    code = open_code(window, note, qtbot)
    run_code(code, USER_MODEL.format(hdim=64), qtbot)
    result = code.last_result  # type: ignore[attr-defined]
    assert result["error"] is None, result["error"]
    assert "LSTM(28, 64" in str(result["model"]) and "model.rnn" in str(result["model"])
    assert "device = cpu" in code.panel.output.toPlainText()  # type: ignore[attr-defined]

    equations = window.equation_panel  # type: ignore[attr-defined]
    step = click_row_and_wait(window, "f_t &=", qtbot)
    assert step["quantity"] == "lstm.f" and step["result"]["shape"] == [1, 64]
    assert "<b>H</b>=64" in equations.panel.tensor.shape.text()
    origin = equations.panel.origin.text()
    assert "내 코드" in origin and "model.rnn" in origin and "LSTM(28, 64" in origin

    # a size edit shows up on the next click (the panel is on screen: it re-traces at once too)
    run_code(code, USER_MODEL.format(hdim=32), qtbot)
    step = click_row_and_wait(window, "i_t &=", qtbot)
    assert step["result"]["shape"] == [1, 32] and "LSTM(28, 32" in equations.panel.origin.text()


def test_the_panel_device_toggle_is_the_device_of_code_runs(window: MainWindow, note: Path, qtbot) -> None:
    equations = window.equation_panel  # type: ignore[attr-defined]
    wait_until(lambda: equations.devices is not None, KERNEL_TIMEOUT)
    handler = kernel_pool(window).for_note(note)
    answers: list[dict] = []
    equations.on_device("cpu")  # what the panel's CPU button does
    handler.call("state.describe").done.connect(answers.append)  # queued after the device change
    wait_until(lambda: bool(answers), 30)
    assert answers[0]["device"] == "cpu"
    code = open_code(window, note, qtbot)
    run_code(code, "print('device =', device, type(device).__name__)\n", qtbot)
    assert "device = cpu device" in code.panel.output.toPlainText()  # type: ignore[attr-defined]


# ---- item 5: the code panel follows the theme -------------------------------------------------------
def mean_lightness(widget: object) -> float:
    image = widget.grab().toImage()  # type: ignore[attr-defined]
    step = 7
    values = [image.pixelColor(x, y).lightness()
              for x in range(0, image.width(), step) for y in range(0, image.height(), step)]
    return sum(values) / len(values)


def test_code_panel_follows_the_dark_theme(window: MainWindow, note: Path, qtbot) -> None:
    code = open_code(window, note, qtbot)
    code.panel.output.clear()  # type: ignore[attr-defined]
    code.panel.output.line("출력 한 줄", "stdout")  # type: ignore[attr-defined]
    assert mean_lightness(code.editor) > 180  # type: ignore[attr-defined]
    try:
        window.set_theme("dark")
        QApplication.processEvents()
        panel = code.panel  # type: ignore[attr-defined]
        assert panel.theme == "dark"
        assert mean_lightness(code.editor) < 80 and mean_lightness(panel) < 90  # type: ignore[attr-defined]
        assert code.editor.colours["gutter_bg"] == "#1e1f22"  # type: ignore[attr-defined]
        keyword = code.editor.highlighter._format_for(Token.Keyword)  # type: ignore[attr-defined]
        assert keyword is not None and keyword.foreground().color().name() == "#ff7b72"
        # text written before the switch is recoloured: light grey on the dark background
        fragment = panel.output.document().begin().begin().fragment()
        assert fragment.charFormat().foreground().color().lightness() > 180
    finally:
        window.set_theme("light")
        QApplication.processEvents()
    assert code.panel.theme == "light" and mean_lightness(code.editor) > 180  # type: ignore[attr-defined]
