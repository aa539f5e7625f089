"""Every row of the side panels fits the dock's width: nothing is clipped at the right edge.

A tester saw the equation panel cut off at 1500×950 once the right dock was capped at a share of the
window: the badge, the last chips, the batch picker and the value table ran past the visible edge with
no way to scroll to them. Here the real window docks the real panels, a real click on the seed note's
forget-gate row (and a real run of its forward block) fills them from a real kernel, and the column is
resized to several widths; then each visible widget's mapped geometry is compared with what is visible.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QDockWidget, QWidget

from app.equations import link_note
from app.markup.blocks import find_code_blocks
from app.ui.code_panel import panel as code_panel
from app.ui.equation_panel import panel as equation_panel
from app.ui.kernels.handler import kernel_pool
from app.ui.window.main_window import MainWindow
from tests.conftest import NOTES
from tests.ui.conftest import dispose, run_js, temp_settings, wait_until

pytestmark = pytest.mark.slow
SEED = sorted(NOTES.glob("20*.md"))[0]
KERNEL_TIMEOUT = 120.0  # a cold kernel imports torch; the shared machine can be busy
WIDTHS = (360, 480, 640)  # px of the dock column; the window's cap (45% of 1500) is above them all


@pytest.fixture(scope="module")
def window(ui_app: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MainWindow]:
    vault = tmp_path_factory.mktemp("vault")
    note = vault / SEED.name
    shutil.copyfile(SEED, note)
    win = MainWindow(temp_settings(), theme_choice="light")
    win.resize(1500, 950)
    equation_panel.install(win)
    code_panel.install(win)
    win.show()
    painted: list[object] = []
    win.pagePainted.connect(painted.append)
    win.open_vault(vault, note)
    wait_until(lambda: bool(painted), 30)
    yield win
    kernel_pool(win).shutdown_all()
    win.close()
    dispose(win)


def click(window: MainWindow, selector: str) -> None:
    run_js(window.note_view, f"(() => {{ const el = document.querySelector('{selector}');"
                             " el.scrollIntoView({block: 'center'}); el.click(); return true; })()")


def resize_column(window: MainWindow, dock: QDockWidget, width: int) -> None:
    window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
    try:
        wait_until(lambda: abs(dock.width() - width) <= 2, 10)
    except TimeoutError:
        content = dock.widget()
        raise AssertionError(f"the column is {dock.width()} px, not {width}: its content needs "
                             f"{content.minimumSizeHint().width()} px ({widest(content)})") from None
    for _ in range(5):  # height-for-width layouts settle over a few passes
        QApplication.processEvents()


def widest(root: QWidget) -> str:
    """The visible widgets asking for the most width (to name the culprit in a failure)."""
    sizes = sorted(((w.minimumSizeHint().width(), w.objectName() or type(w).__name__)
                    for w in root.findChildren(QWidget) if w.isVisible()), reverse=True)  # fmt: skip
    return ", ".join(f"{name} {width}" for width, name in sizes[:8])


def clipped(root: QWidget, visible: QWidget) -> list[str]:
    """Visible widgets under ``root`` reaching past ``visible``'s left or right edge (mapped into it).

    What lies inside another scroll area (a table's cells, an editor's lines) scrolls there and is not
    counted; the scroll area itself is.
    """
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow():
            continue
        parent, inner = widget.parentWidget(), False
        while parent is not None and parent is not root:
            inner = inner or isinstance(parent, QAbstractScrollArea)
            parent = parent.parentWidget()
        if inner or parent is None:
            continue
        rect = QRect(widget.mapTo(visible, QPoint(0, 0)), widget.size())
        if rect.left() < -1 or rect.right() > visible.width():
            name = widget.objectName() or type(widget).__name__
            text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
            found.append(f"{name} {str(text)[:40]!r} x={rect.left()}..{rect.right()} > {visible.width()}")
    return found


def test_the_equation_panel_fits_every_dock_width(window: MainWindow, qtbot) -> None:
    controller = window.equation_panel  # type: ignore[attr-defined]
    eq = next(e.equation.id for e in link_note(SEED.read_text(encoding="utf-8"))
              if e.equation.latex.startswith("f_t &="))  # fmt: skip
    with qtbot.waitSignal(controller.stepShown, timeout=int(KERNEL_TIMEOUT * 1000)):
        click(window, f'[data-eq="{eq}"]')
    panel, dock = controller.panel, controller.dock
    assert panel.badge.isVisible() and panel.live.isVisible() and panel.modules.isVisible()
    assert panel.minimumSizeHint().width() <= 300 and dock.minimumWidth() <= 300
    viewport = panel.scroller.viewport()
    for width in WIDTHS:
        resize_column(window, dock, width)
        body = panel.scroller.widget()
        assert body.width() <= viewport.width(), f"at {width} px the body is {body.width()} wide"
        assert not clipped(body, viewport), f"at {width} px: {clipped(body, viewport)}"
    # narrow: the badge went below the title; the table scrolls inside itself
    resize_column(window, dock, WIDTHS[0])
    assert panel.badge.y() > panel.title.y()
    assert panel.tensor.table.horizontalScrollBar().maximum() > 0


def test_the_code_panel_fits_every_dock_width(window: MainWindow, qtbot) -> None:
    ctl = window.code_panel  # type: ignore[attr-defined]
    note = window.current_note()
    text = Path(note).read_text(encoding="utf-8")
    block = next(b for b in find_code_blocks(text) if "def forward" in b.source)
    click(window, f'.tn-code[data-code="{block.id}"]')
    wait_until(lambda: ctl.block is not None and ctl.block.index == block.index, 20)
    ctl.last_result = None
    ctl.panel.run_button.click()
    qtbot.waitUntil(lambda: ctl._run is None and ctl.last_result is not None,
                    timeout=int(KERNEL_TIMEOUT * 1000))
    dock = ctl.dock
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)  # a side column, as a user may put it
    dock.show()
    for width in WIDTHS:
        resize_column(window, dock, width)
        assert not clipped(ctl.panel, ctl.panel), f"at {width} px: {clipped(ctl.panel, ctl.panel)}"
