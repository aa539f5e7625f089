"""Training from the equation panel, for real: the window, a real Jupyter kernel, real torch and data.

A small digit-reading note (``tests/fixtures/train/small_digits.md``, LSTM(8, 64) + Linear) keeps the kernel's
training to a second or two. The flow a user follows: click the forget-gate equation (untrained, verified),
press Train (progress bar, live loss curve, "trained: … · test accuracy …"), the equation is traced again
with the trained weights and still verifies; the maps' toggle shows the untrained ones; a .pt that does not
fit is refused by name and nothing changes; the switch goes back to untrained.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
from PySide6.QtWidgets import QApplication

from app.equations import link_note
from app.ui.equation_panel import panel as equation_panel
from app.ui.kernels.handler import kernel_pool
from app.ui.window.main_window import MainWindow
from tests.conftest import FIXTURES
from tests.ui.conftest import dispose, run_js, temp_settings, wait_until

pytestmark = pytest.mark.slow
KERNEL_TIMEOUT = 180.0  # a cold kernel imports torch; the shared 2-core machine can be busy


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("train-vault")
    shutil.copy(FIXTURES / "train" / "small_digits.md", folder / "small_digits.md")
    return folder


@pytest.fixture(scope="module")
def window(ui_app: QApplication, vault: Path) -> Iterator[MainWindow]:
    win = MainWindow(temp_settings(), theme_choice="light")
    win.resize(1500, 950)
    controller = equation_panel.install(win)
    win.show()
    painted: list[object] = []
    win.pagePainted.connect(painted.append)
    win.open_vault(vault, vault / "small_digits.md")
    wait_until(lambda: bool(painted), 30)
    assert controller.path is not None
    yield win
    kernel_pool(win).shutdown_all()
    win.close()
    dispose(win)


def _controller(window: MainWindow) -> equation_panel.EquationPanelController:
    controller = window.equation_panel  # type: ignore[attr-defined]
    assert isinstance(controller, equation_panel.EquationPanelController)
    return controller


def _click_forget_gate(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = (FIXTURES / "train" / "small_digits.md").read_text(encoding="utf-8")
    eq = next(e.equation.id for e in link_note(text) if e.quantity == "lstm.f")
    with qtbot.waitSignal(_controller(window).stepShown, timeout=int(KERNEL_TIMEOUT * 1000)):
        run_js(
            window.note_view,
            f"(() => {{ const el = document.querySelector('[data-eq=\"{eq}\"]');"
            " el.scrollIntoView({block: 'center'}); el.click(); return true; })()",
        )


def test_train_in_the_panel_then_switch_and_refuse_a_foreign_pt(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    controller = _controller(window)
    link = controller.training  # type: ignore[attr-defined]
    _click_forget_gate(window, qtbot)
    panel = controller.panel
    assert controller.open_info is not None
    assert controller.open_info["origin"]["weights"]["trained"] is False
    assert panel.badge.property("ok") is True
    wait_until(lambda: "학습 전" in link.box.status.text(), 30)
    assert "시드 0" in link.box.status.text() and not link.box.use.isEnabled()
    assert "digits" in link.box.task.text() and link.status["plan"]["task"] == "digits"
    digit = controller.open_info["input"]["digit"]
    assert digit["label"] == 3 and panel.model.digit_image.pixmap() is not None
    assert not panel.model.digit_image.pixmap().isNull()

    # Train: events stream while the kernel trains; then the equation is traced again with the weights
    events: list[dict] = []
    handler = controller.handler()
    handler.progress.connect(lambda e: events.append(e) if isinstance(e, dict) else None)
    link.box.target.setValue(90)
    with qtbot.waitSignal(controller.stepShown, timeout=int(KERNEL_TIMEOUT * 1000)):
        link.box.train.click()
        wait_until(lambda: not link.running, KERNEL_TIMEOUT)
    assert any(e.get("event") == "train" and e.get("loss") is not None for e in events)
    assert link.box.progress.value() == 1000 and len(link.box.curve.losses) > 5
    status = link.box.status.text()
    print("panel:", status, "|", link.box.line.text())
    assert status.startswith("학습됨: ") and "테스트 정확도" in status
    assert link.box.use.isChecked()
    info = controller.open_info
    assert info is not None and info["origin"]["weights"]["trained"] is True
    assert info["origin"]["weights"]["test_accuracy"] >= 0.9
    assert info["verify"]["ok"] and panel.badge.property("ok") is True
    wait_until(lambda: link.toggle.isVisible(), 10)
    assert link.toggle.buttons["trained"].isChecked()

    # the maps with the untrained weights: same input, other numbers
    shown: list[dict] = []
    original = panel.show_heatmaps

    def spy(payload: dict, t: int) -> None:
        shown.append(payload)
        original(payload, t)

    panel.show_heatmaps = spy  # type: ignore[method-assign]
    try:
        link.toggle.buttons["untrained"].click()
        wait_until(lambda: bool(shown), 60)
    finally:
        panel.show_heatmaps = original  # type: ignore[method-assign]
    assert shown[-1]["weights"]["trained"] is False

    # a .pt of another model: refused by name, the trained weights stay on
    wrong = tmp_path / "other_model.pt"
    torch.save({"encoder.weight": torch.zeros(4, 4)}, wrong)
    before = dict(link.status)
    link.load(str(wrong))
    wait_until(lambda: "other_model.pt" in link.box.status.text(), 60)
    assert "encoder.weight" in link.box.status.text()
    assert link.status == before and link.box.use.isChecked()

    # the switch back to untrained traces the random init again
    with qtbot.waitSignal(controller.stepShown, timeout=int(KERNEL_TIMEOUT * 1000)):
        link.box.use.click()
    assert controller.open_info is not None and controller.open_info["origin"]["weights"]["trained"] is False
    assert link.box.status.text().startswith("학습 전")


def test_stop_ends_training_and_keeps_the_weights(window: MainWindow, qtbot) -> None:
    """Stop is the kernel's interrupt: the kernel answers with the weights learned so far, saved and on."""
    controller = _controller(window)
    link = controller.training  # type: ignore[attr-defined]
    if controller.open_info is None:
        _click_forget_gate(window, qtbot)
    steps: list[int] = []
    handler = controller.handler()
    handler.progress.connect(lambda e: steps.append(int(e.get("step", 0))) if isinstance(e, dict) else None)
    link.box.target.setValue(0)  # no target: only the budget (60 s) or Stop ends it
    link.box.seconds.setValue(60)
    link.box.train.click()
    wait_until(lambda: len(steps) >= 3, KERNEL_TIMEOUT)
    assert link.box.stop.isEnabled()
    link.box.stop.click()
    wait_until(lambda: not link.running, 60)
    print("stopped:", link.box.line.text())
    assert "멈춤" in link.box.line.text()  # "stopped by you (weights so far kept)"
    wait_until(lambda: link.box.use.isChecked(), 30)
    assert link.status["weights"]["stopped"] == "interrupted" and link.status["weights"]["steps"] >= 3
