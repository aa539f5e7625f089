"""The status bar's kernel label is contained (issue 11, F2): a remote kernel's name is the user's text,
of any length, and must never widen the window; the whole name stays in the tooltip.

A real window with the kernel status installed, the note's kernel pinned to a server that is down (a real
closed port on 127.0.0.1): its kernel dies at once, and the label still names where it was meant to run.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from app.kernel.providers import KernelHome
from app.ui.kernels import status as kernel_status
from app.ui.kernels.handler import kernel_pool
from app.ui.window.main_window import MainWindow
from tests.conftest import NOTES
from tests.remote.server import free_port
from tests.ui.conftest import dispose, temp_settings, wait_until

SEED = sorted(NOTES.glob("20*.md"))[0]
LONG_NAME = "lab-gpu-" + "very-long-remote-kernel-name-" * 40 + "end"  # about 1,200 characters


@pytest.fixture
def window(ui_app: QApplication) -> Iterator[MainWindow]:
    win = MainWindow(temp_settings("status-label"), theme_choice="light", remember=False)
    win.resize(1200, 800)
    kernel_pool(win).home_override = KernelHome.server(f"http://127.0.0.1:{free_port()}", token="t",
                                                       name=LONG_NAME)
    kernel_status.install(win)
    win.show()
    yield win
    kernel_pool(win).shutdown_all()
    win.close()
    dispose(win)


def test_a_very_long_remote_kernel_name_never_widens_the_window(window: MainWindow) -> None:
    status = window.kernel_status  # type: ignore[attr-defined]
    QApplication.processEvents()
    width, least = window.width(), window.minimumSizeHint().width()
    window.open_vault(NOTES, SEED)
    wait_until(lambda: status.handler is not None and status.where_label.isVisible(), 60)
    QApplication.processEvents()
    shown = status.where_label.text()
    assert shown.startswith("커널: lab-gpu-") and shown.endswith("(원격) · cpu")  # the UI tests run in Korean
    assert "…" in shown and len(shown) < 120
    assert status.where_label.fontMetrics().horizontalAdvance(shown) <= kernel_status.NAME_MAX_PX + 200
    assert status.where_label.sizeHint().width() <= kernel_status.NAME_MAX_PX + 220
    assert window.width() == width
    assert window.minimumSizeHint().width() <= max(least, 900)
    assert window.statusBar().minimumSizeHint().width() < 900
    assert LONG_NAME in status.where_label.toolTip()  # the whole name, on hover
    assert status.where_text() == f"커널: {LONG_NAME} (원격) · cpu"
    # a short name is shown whole, as before
    kernel_pool(window).set_home(KernelHome.server(f"http://127.0.0.1:{free_port()}", token="t",
                                                   name="off-box"))
    wait_until(lambda: status.where_label.text() == "커널: off-box (원격) · cpu", 30)
    assert window.width() == width
