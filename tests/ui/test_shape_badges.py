"""Shape badges in the real window: grey on open (nothing runs), judged after the model is traced.

Real WebEngine, a real Jupyter kernel and real torch: opening the seed shows a grey badge after each of
its 16 written shapes (4 in its code comments); once a click on an equation has made the kernel trace the
model, the badges turn into ✓ with the real shape or ✗ with the reason (batch_first) on hover.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from app.equations import link_note
from app.ui.equation_panel import panel as equation_panel
from app.ui.equation_panel import shapes as shape_badges
from app.ui.kernels.handler import kernel_pool
from app.ui.window.main_window import MainWindow
from tests.conftest import NOTES
from tests.ui.conftest import dispose, run_js, temp_settings, wait_until

pytestmark = pytest.mark.slow
SEED = sorted(NOTES.glob("20*.md"))[0]
BADGES = (
    "JSON.stringify([...document.querySelectorAll('.tn-shape')]"
    ".map(e => [e.className, e.textContent, e.title]))"
)


@pytest.fixture(scope="module")
def window(ui_app: QApplication) -> Iterator[MainWindow]:
    win = MainWindow(temp_settings(), theme_choice="light")
    win.resize(1400, 900)
    equation_panel.install(win)
    shape_badges.install(win)
    win.show()
    painted: list[object] = []
    win.pagePainted.connect(painted.append)
    win.open_vault(NOTES, SEED)
    wait_until(lambda: bool(painted), 30)
    yield win
    kernel_pool(win).shutdown_all()
    win.close()
    dispose(win)


def test_badges_are_grey_until_the_model_runs_then_judged(window: MainWindow) -> None:
    badges = json.loads(str(run_js(window.note_view, BADGES)))
    assert len(badges) == 16  # 12 in the prose, 4 in the forward's comments (two copies of the block)
    assert all(cls == "tn-shape" and text == "◌" for cls, text, _ in badges)
    in_code = "document.querySelectorAll('.tn-code .tn-shape').length"
    assert run_js(window.note_view, in_code) == 4
    plugin = window.shape_badges  # type: ignore[attr-defined]
    assert plugin.last is None  # opening the note asked the kernel nothing about shapes
    row = next(e.equation.id for e in link_note(SEED.read_text(encoding="utf-8"))
               if e.equation.latex.startswith("f_t &="))  # fmt: skip
    run_js(window.note_view, f"document.querySelector('[data-eq=\"{row}\"]').click(); true")
    wait_until(lambda: plugin.last is not None, 180)
    wait_until(lambda: "tn-shape-ok" in str(run_js(window.note_view, BADGES)), 20)
    badges = json.loads(str(run_js(window.note_view, BADGES)))
    classes = [cls for cls, _, _ in badges]
    # the comments' x and rnn_out are the model's input and output: judged on it like the prose
    assert classes.count("tn-shape tn-shape-ok") == 14 and classes.count("tn-shape tn-shape-bad") == 2
    bad = [b for b in badges if "bad" in b[0]]
    assert all(text == "✗ (1, 28, 256)" and "batch_first" in title for _, text, title in bad)
    assert badges[0][1] == "✓ (1, 28, 28)" and badges[2][1] == "✓ (28, 256)"  # x in the code, then (L,D∗Hout)
