"""The live equation panel in the real window: real WebEngine clicks, a real Jupyter kernel, real torch.

The expected numbers are computed in this test process with the engine (the UI code under test never
imports torch; the kernel does): the seed note's LSTM rebuilt from the documented recipe
(``torch.manual_seed(0)`` then ``nn.LSTM(28, 256, num_layers=3, batch_first=True)``) on the digit input.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtWidgets import QApplication

from app.equations import link_note
from app.ui.equation_panel import panel as equation_panel
from app.ui.kernels.handler import kernel_pool
from app.ui.window.main_window import MainWindow
from tests.conftest import NOTES
from tests.ui.conftest import dispose, open_and_wait, run_js, temp_settings, wait_until

pytestmark = pytest.mark.slow
SEED = sorted(NOTES.glob("20*.md"))[0]
KERNEL_TIMEOUT = 120.0  # a cold kernel imports torch; the shared 2-core machine can be busy


@pytest.fixture(scope="module")
def window(ui_app: QApplication) -> Iterator[MainWindow]:
    win = MainWindow(temp_settings(), theme_choice="light")
    win.resize(1500, 950)
    controller = equation_panel.install(win)
    win.show()
    painted: list[object] = []
    win.pagePainted.connect(painted.append)
    win.open_vault(NOTES, SEED)
    wait_until(lambda: bool(painted), 30)
    assert controller.path == SEED.resolve() or controller.path == SEED
    yield win
    kernel_pool(win).shutdown_all()
    win.close()
    dispose(win)


@pytest.fixture(scope="module")
def expected() -> dict[str, torch.Tensor]:
    """f, W_if of layer 0 for the seed config and digit input, by the engine in this process."""
    from app.engine.config import RecurrentConfig
    from app.engine.inputs.samples import make_input
    from app.engine.trace.tracer import trace

    config = RecurrentConfig("lstm", 28, 256, num_layers=3, batch_first=True)
    torch.manual_seed(0)
    module = torch.nn.LSTM(**config.kwargs()).eval()
    x = make_input("digit", config, batch=1, seq_len=28, seed=0)
    result = trace(module, x)
    w_ih = module.get_parameter("weight_ih_l0")  # (4H, H_in): rows H:2H are W_if
    return {"f": result.get("f", 0, 0).detach(), "W_if": w_ih[256:512].detach()}


def panel_of(window: MainWindow) -> equation_panel.EquationPanelController:
    controller = window.equation_panel  # type: ignore[attr-defined]
    assert isinstance(controller, equation_panel.EquationPanelController)
    return controller


def row_id(prefix: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    return next(e.equation.id for e in link_note(text) if e.equation.latex.startswith(prefix))


def click_and_wait(window: MainWindow, selector: str, qtbot, timeout: float = KERNEL_TIMEOUT) -> dict:
    controller = panel_of(window)
    with qtbot.waitSignal(controller.stepShown, timeout=int(timeout * 1000)):
        run_js(
            window.note_view,
            f"(() => {{ const el = document.querySelector('{selector}');"
            " el.scrollIntoView({block: 'center'}); el.click(); return true; })()",
        )
    step = controller.last_step
    assert step is not None
    return step


def test_clicking_the_forget_gate_row_shows_its_tensor(window: MainWindow, expected, qtbot) -> None:
    controller = panel_of(window)
    eq = row_id("f_t &=")
    step = click_and_wait(window, f'[data-eq="{eq}"]', qtbot)
    panel = controller.panel
    assert controller.dock is not None and controller.dock.isVisible()
    assert step["quantity"] == "lstm.f" and panel.title.text().startswith("lstm.f")
    assert step["result"]["shape"] == [1, 256]
    shape = panel.tensor.shape.text()
    assert "<b>N</b>=1" in shape and "<b>H</b>=256" in shape and "float32" in shape and "cpu" in shape
    t = step["t"]
    shown = panel.tensor.values
    assert shown is not None and shown.shape == (1, 256)
    np.testing.assert_allclose(shown[0], expected["f"][t, 0].numpy(), atol=1e-6)
    assert panel.badge.isVisible() and panel.badge.property("ok") is True
    assert "노트 코드에서 추론" in panel.origin.text()
    assert [c["quantity"] for c in controller.chips][:3] == ["lstm.f", "lstm.W_if", "lstm.x"]


def test_slider_changes_the_step_and_the_values(window: MainWindow, expected, qtbot) -> None:
    controller = panel_of(window)
    slider = controller.panel.steps.slider
    before = np.array(controller.panel.tensor.values)
    target = 11 if slider.value() != 11 else 12
    with qtbot.waitSignal(controller.stepShown, timeout=30000):
        slider.setValue(target)
    assert controller.last_step is not None and controller.last_step["t"] == target
    after = controller.panel.tensor.values
    assert after is not None and not np.array_equal(before, after)
    np.testing.assert_allclose(after[0], expected["f"][target, 0].numpy(), atol=1e-6)
    assert controller.panel.steps.step_label.text() == f"t = {target} / 27"
    with qtbot.waitSignal(controller.stepShown, timeout=30000):
        controller.panel.steps.step_by(-1)  # what ← does
    assert controller.last_step["t"] == target - 1


def test_clicking_a_symbol_piece_selects_it(window: MainWindow, expected, qtbot) -> None:
    controller = panel_of(window)
    text = SEED.read_text(encoding="utf-8")
    inline = next(e for e in link_note(text) if e.equation.kind == "inline" and e.quantity == "lstm.f")
    piece = next(p for p in inline.equation.pieces if p.latex == "W_{if}")
    click_and_wait(window, f'[data-piece="{piece.id}"]', qtbot)
    assert controller.chips[controller.selected]["latex"] == "W_{if}"
    shape = controller.panel.tensor.shape.text()
    assert "<b>H</b>=256" in shape and "<b>H_in</b>=28" in shape
    np.testing.assert_array_equal(controller.panel.tensor.values, expected["W_if"].numpy())


def test_gpu_toggle_is_disabled_with_its_reason(window: MainWindow) -> None:
    controller = panel_of(window)
    wait_until(lambda: controller.devices is not None, KERNEL_TIMEOUT)
    buttons = controller.panel.model.device_buttons
    assert buttons["cpu"].isEnabled() and buttons["cpu"].isChecked()
    if not torch.cuda.is_available():
        assert not buttons["cuda"].isEnabled()
        assert "CUDA" in buttons["cuda"].toolTip() and "사용 불가" in buttons["cuda"].toolTip()
    if sys.platform != "darwin":
        assert not buttons["mps"].isEnabled() and "macOS" in buttons["mps"].toolTip()


def test_an_unlinked_equation_says_why(window: MainWindow, qtbot) -> None:
    controller = panel_of(window)
    text = SEED.read_text(encoding="utf-8")
    unlinked = next(e for e in link_note(text) if e.quantity is None and e.reason)
    with qtbot.waitSignal(window.equationClicked, timeout=5000):
        run_js(window.note_view, f"document.querySelector('[data-eq=\"{unlinked.equation.id}\"]').click()")
    wait_until(lambda: controller.panel.message.isVisible(), 5)
    assert str(unlinked.reason) in controller.panel.message.text()
    assert not controller.panel.live.isVisible()


def test_a_kernel_that_cannot_start_gives_a_message(
    ui_app: QApplication, tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = tmp_path / "lstm.md"
    shutil.copy(SEED, note)
    win = MainWindow(temp_settings("broken"), theme_choice="light")
    controller = equation_panel.install(win)
    win.show()
    try:
        with monkeypatch.context() as patch:  # the note's kernel is launched (on open) with this interpreter
            patch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
            open_and_wait(win, note)
        assert kernel_pool(win).handlers(), "opening the note starts its kernel in the background"
        eq = row_id("f_t &=")
        run_js(win.note_view, f"document.querySelector('[data-eq=\"{eq}\"]').click()")
        wait_until(lambda: controller.panel.message.isVisible(), 60)
        message = controller.panel.message.text()
        assert "커널" in message or "모델" in message
        assert controller.panel.message.property("kind") == "error"
        assert not controller.panel.progress.isVisible()
        # the rest of the app keeps working: another note opens and renders
        other = tmp_path / "other.md"
        other.write_text("# 다른 노트\n\n$x$\n", encoding="utf-8")
        open_and_wait(win, other)
        assert win.current_note() == other.resolve()
    finally:
        kernel_pool(win).shutdown_all()
        win.close()
        dispose(win)


def test_clicking_the_lstmvis_map_jumps_to_that_step(window: MainWindow, qtbot) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    controller = panel_of(window)
    click_and_wait(window, f'[data-eq="{row_id("f_t &=")}"]', qtbot)
    maps = controller.panel.timemaps
    wait_until(lambda: "f" in maps._axes and maps.isVisible(), 30)
    QTest.qWait(100)
    controller.panel.scroller.ensureWidgetVisible(maps)
    x, y = maps._axes["f"].transData.transform((3, 10))  # display pixels, origin bottom-left
    ratio = maps.device_pixel_ratio or 1.0
    point = QPoint(round(x / ratio), round(maps.height() - y / ratio))
    with qtbot.waitSignal(controller.stepShown, timeout=30000):
        QTest.mouseClick(maps, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    step = controller.last_step
    assert controller.panel.steps.slider.value() == 3 and step is not None and step["t"] == 3


def test_config_editor_retraces_with_the_new_size(window: MainWindow, qtbot) -> None:
    controller = panel_of(window)
    model = controller.panel.model
    model.hidden_size.setValue(32)
    with qtbot.waitSignal(controller.stepShown, timeout=60000):
        model.apply_button.click()
    step = controller.last_step
    assert step is not None and step["result"]["shape"][-1] in (32, 28)  # the chosen symbol's last axis
    assert controller.open_info is not None and controller.open_info["dims"]["H"] == 32
    assert "설정 편집됨" in controller.panel.origin.text()
    with qtbot.waitSignal(controller.stepShown, timeout=60000):
        model.reset_button.click()
    assert controller.open_info["dims"]["H"] == 256


def test_hovering_a_symbol_chip_highlights_its_uses_in_the_note(window: MainWindow, qtbot) -> None:
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QEnterEvent

    controller = panel_of(window)
    click_and_wait(window, f'[data-eq="{row_id("f_t &=")}"]', qtbot)
    k = next(i for i, c in enumerate(controller.chips) if c["latex"] == "W_{if}")
    chip = controller.panel.chips.chips[k]
    QApplication.sendEvent(chip, QEnterEvent(QPointF(2, 2), QPointF(2, 2), QPointF(2, 2)))
    text = SEED.read_text(encoding="utf-8")
    uses = {p.id for e in link_note(text) for p in e.equation.pieces if p.latex == "W_{if}"}
    assert len(uses) >= 2  # the seed pastes its section twice

    def lit() -> set[str]:
        found = run_js(
            window.note_view,
            "JSON.stringify([...document.querySelectorAll('.tn-highlight')]"
            ".map(e => e.dataset.piece || e.dataset.eq))",
        )
        return set(json.loads(str(found)))

    wait_until(lambda: lit() == uses, 10)
    assert controller.panel.equation.hovered == k  # and in the panel's own equation
    QApplication.sendEvent(chip, QEvent(QEvent.Type.Leave))
    wait_until(lambda: lit() == set(), 10)
    assert controller.panel.equation.hovered is None


def lit_pieces(window: MainWindow) -> set[str]:
    found = run_js(
        window.note_view,
        "JSON.stringify([...document.querySelectorAll('.tn-highlight')]"
        ".map(e => e.dataset.piece || e.dataset.eq))",
    )
    return set(json.loads(str(found)))


def test_the_big_equation_selects_and_highlights_like_the_chips(window: MainWindow, expected, qtbot) -> None:
    """Hovering W_if's glyphs in the panel's big equation lights its uses in the note (the chips' path);
    clicking them shows W_if's tensor: (H=256, H_in=28), PyTorch's weight_ih_l0[256:512]."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtTest import QTest

    controller = panel_of(window)
    click_and_wait(window, f'[data-eq="{row_id("f_t &=")}"]', qtbot)
    assert controller.selected == 0  # the row opens on its result, f_t
    view = controller.panel.equation
    k = next(i for i, c in enumerate(controller.chips) if c["latex"] == "W_{if}")
    controller.panel.scroller.ensureWidgetVisible(view)
    boxes = view.symbol_rects(k)
    assert len(boxes) == 1
    centre = boxes[0].center().toPoint()

    QTest.mouseMove(view, centre)
    text = SEED.read_text(encoding="utf-8")
    uses = {p.id for e in link_note(text) for p in e.equation.pieces if p.latex == "W_{if}"}
    wait_until(lambda: lit_pieces(window) == uses, 10)
    assert view.hovered == k and "lstm.W_if" in controller.chips[k]["tip"]
    QApplication.sendEvent(view, QEvent(QEvent.Type.Leave))
    wait_until(lambda: lit_pieces(window) == set(), 10)

    with qtbot.waitSignal(controller.stepShown, timeout=30000):
        QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    assert controller.selected == k and view.selected == k
    assert controller.panel.chips.chips[k].property("selected") is True
    shape = controller.panel.tensor.shape.text()
    assert "<b>H</b>=256" in shape and "<b>H_in</b>=28" in shape
    np.testing.assert_array_equal(controller.panel.tensor.values, expected["W_if"].numpy())


def test_a_kernel_menu_restart_retraces_instead_of_failing(window: MainWindow, expected, qtbot) -> None:
    """Kernel → Restart empties the kernel (its traces too): the next click must trace again, not ask the
    new kernel for a step of a panel session it never opened."""
    from app.ui.kernels import status as kernel_status

    controller = panel_of(window)
    step = click_and_wait(window, f'[data-eq="{row_id("f_t &=")}"]', qtbot)
    assert controller.open_info is not None
    status = getattr(window, "kernel_status", None) or kernel_status.install(window)
    handler = kernel_pool(window).for_note(SEED.resolve())
    assert status.handler is handler and handler.state == "idle"
    with qtbot.waitSignal(controller.stepShown, timeout=int(KERNEL_TIMEOUT * 1000)):
        status.restart_action.trigger()  # Kernel → Restart: the equation on screen is traced again
    assert handler.state == "idle" and controller.open_info is not None
    assert not controller.panel.progress.isVisible()
    shown = controller.panel.tensor.values
    assert shown is not None
    np.testing.assert_allclose(shown[0], expected["f"][step["t"], 0].numpy(), atol=1e-6)
    step = click_and_wait(window, f'[data-eq="{row_id("f_t &=")}"]', qtbot)
    assert not controller.panel.message.isVisible()
    assert step["quantity"] == "lstm.f" and step["result"]["shape"] == [1, 256]
    shown = controller.panel.tensor.values
    assert shown is not None
    np.testing.assert_allclose(shown[0], expected["f"][step["t"], 0].numpy(), atol=1e-6)
    assert controller.panel.badge.isVisible() and controller.panel.badge.property("ok") is True
