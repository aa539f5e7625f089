"""The gradient section of the equation panel (issue 13): a real window, real WebEngine clicks, a real kernel.

A note of our own: an LSTM built in its code, its h_t equation and three gradient equations. Clicking
∂L/∂h_t shows the loss (assumed, since the note has no head), ‖∂L/∂h_t‖ per layer, the RNN/GRU/LSTM
overlay, the Jacobians and the BPTT bars; the truncation slider re-traces; a click on a step jumps the
forward panel to h_t at that step.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.equations import link_note
from app.ui.equation_panel import panel as equation_panel
from app.ui.kernels.handler import kernel_pool
from app.ui.window.main_window import MainWindow
from tests.ui.conftest import dispose, run_js, temp_settings, wait_until

pytestmark = pytest.mark.slow
TIMEOUT_MS = 180_000

NOTE = """# 기울기 실험

```python
import torch
from torch import nn
rnn = nn.LSTM(input_size=4, hidden_size=6, num_layers=2)
```

$$
h_t = o_t \\odot \\tanh(c_t)
$$

$$
\\frac{\\partial L}{\\partial h_t} =
\\frac{\\partial L}{\\partial h_{t+1}} \\frac{\\partial h_{t+1}}{\\partial h_t}
$$

$$
\\frac{\\partial c_t}{\\partial c_{t-1}} = f_t
$$

$$
\\frac{\\partial L}{\\partial W_{hf}} = \\sum_t \\delta_{f,t} h_{t-1}^\\top
$$

$$
\\frac{\\partial L}{\\partial o_t}
$$
"""


@pytest.fixture(scope="module")
def window(ui_app: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MainWindow]:
    vault = tmp_path_factory.mktemp("gradvault")
    note = vault / "grad.md"
    note.write_text(NOTE, encoding="utf-8")
    win = MainWindow(temp_settings("gradients"), theme_choice="light")
    win.resize(1500, 950)
    equation_panel.install(win)
    win.show()
    painted: list[object] = []
    win.pagePainted.connect(painted.append)
    win.open_vault(vault, note)
    wait_until(lambda: bool(painted), 30)
    yield win
    kernel_pool(win).shutdown_all()
    win.close()
    dispose(win)


def _ids(window: MainWindow) -> dict[str, str]:
    path = Path(window.current_note())
    return {e.quantity or "": e.equation.id for e in link_note(path.read_text(encoding="utf-8"))}


def _click(window: MainWindow, equation_id: str) -> None:
    run_js(
        window.note_view,
        f"(() => {{ const el = document.querySelector('[data-eq=\"{equation_id}\"]');"
        " el.scrollIntoView({block: 'center'}); el.click(); return true; })()",
    )


def test_clicking_a_gradient_shows_bptt_on_the_notes_model(window: MainWindow, qtbot) -> None:
    controller = window.equation_panel  # type: ignore[attr-defined]
    link = controller.gradients
    ids = _ids(window)
    assert {"grad.h", "jac.c", "grad.W_hf", "lstm.h"} <= set(ids)
    answers: list[dict] = []
    link.shown.connect(answers.append)
    with qtbot.waitSignals([link.shown, link.jacobiansShown, link.termsShown], timeout=TIMEOUT_MS):
        _click(window, ids["grad.h"])
    link.shown.disconnect(answers.append)
    info = answers[-1]
    section = link.section
    assert section.isVisible() and not controller.panel.live.isVisible()
    assert info["loss"]["name"] == "half_sq_last" and info["loss"]["assumed"] is True
    assert "가정" in section.loss.text()  # the Korean UI says the loss is assumed
    assert info["verify"]["ok"] is True and "통과" in section.check.text()
    assert [len(s[1]) for s in section.norms.series] == [28, 28, 28, 28]  # h and c of two layers, L = 28
    assert {s[0] for s in section.overlay.series} == {"RNN", "GRU", "LSTM"}
    assert section.layer.count() == 2 and section.weight.count() > 10
    assert len(section.jacobians.series) == 2 + 5  # ‖∂h_T/∂h_t‖, ‖∂h_t/∂h_t−1‖ and the five c paths
    assert section.terms.series and len(section.terms.series[0][1]) == 28


def test_a_weight_gradient_picks_its_weight_and_the_bars_add_up(window: MainWindow, qtbot) -> None:
    link = window.equation_panel.gradients  # type: ignore[attr-defined]
    with qtbot.waitSignal(link.termsShown, timeout=TIMEOUT_MS) as blocker:
        _click(window, _ids(window)["grad.W_hf"])
    terms = blocker.args[0]
    assert link.section.weight.currentText() == "W_hf_l0" == terms["weight"]
    assert abs(sum(terms["along"]) - terms["total_norm"]) < 1e-4 * max(1.0, terms["total_norm"])


def test_a_gradient_the_model_lacks_says_why(window: MainWindow, qtbot) -> None:
    controller = window.equation_panel  # type: ignore[attr-defined]
    with qtbot.waitSignal(controller.gradients.shown, timeout=TIMEOUT_MS):
        _click(window, _ids(window)["grad.o"])
    message = controller.panel.message
    assert message.isVisible() and "출력 층(head)이 없어" in message.text()


def test_truncation_slider_retraces(window: MainWindow, qtbot) -> None:
    link = window.equation_panel.gradients  # type: ignore[attr-defined]
    with qtbot.waitSignal(link.shown, timeout=TIMEOUT_MS) as blocker:
        link.section.truncate.setValue(3)
    info = blocker.args[0]
    assert info["truncate"] == 3 and info["verify"]["ok"] is True
    assert info["layers"][-1]["grad_h"][0] == 0.0  # cut before t = 27: nothing reaches t = 0 … 26
    assert link.section.norms.cuts == list(range(3, 28, 3))
    assert "k = 3" in link.section.truncate_label.text()


def test_clicking_a_step_jumps_the_forward_panel(window: MainWindow, qtbot) -> None:
    controller = window.equation_panel  # type: ignore[attr-defined]
    plot = controller.gradients.section.norms
    area = plot._area()
    x = int(area.left() + area.width() * 5 / 27)
    with qtbot.waitSignal(controller.stepShown, timeout=TIMEOUT_MS):
        QTest.mouseClick(plot, Qt.MouseButton.LeftButton, pos=QPoint(x, int(area.center().y())))
    assert controller.last_step["quantity"] == "lstm.h" and controller.last_step["t"] == 5
    assert controller.panel.live.isVisible() and not controller.gradients.section.isVisible()


def test_dark_theme_repaints_the_plots(window: MainWindow) -> None:
    section = window.equation_panel.gradients.section  # type: ignore[attr-defined]
    plot = section.norms
    section.set_theme("light")
    light = plot.grab().toImage().pixelColor(2, 2).lightness()
    section.set_theme("dark")
    dark = plot.grab().toImage().pixelColor(2, 2).lightness()
    section.set_theme("light")
    assert light > 200 and dark < 60
