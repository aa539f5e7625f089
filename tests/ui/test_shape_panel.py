"""Shape badges end to end in the real window: a badge opens the panel on its tensor, and a code block's
shape comments are checked when it runs, in the code panel and in the note view.

Real WebEngine clicks, a real Jupyter kernel, real torch.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.equations import link_note
from app.markup.blocks import find_code_blocks
from app.ui.code_panel import panel as code_panel
from app.ui.equation_panel import panel as equation_panel
from app.ui.equation_panel import shapes as shape_badges
from app.ui.equation_panel.tensor import TensorTarget
from app.ui.kernels.handler import kernel_pool
from app.ui.window.main_window import MainWindow
from tests.conftest import NOTES
from tests.ui.conftest import dispose, run_js, temp_settings, wait_until

pytestmark = pytest.mark.slow
SEED = sorted(NOTES.glob("20*.md"))[0]
COMMENTS = Path(__file__).resolve().parents[1] / "fixtures" / "shapes" / "code_comments.md"
KERNEL_TIMEOUT = 180.0


def _window(vault: Path, note: Path) -> MainWindow:
    win = MainWindow(temp_settings(), theme_choice="light")
    win.resize(1400, 1000)
    equation_panel.install(win)
    shape_badges.install(win)
    code_panel.install(win)
    win.show()
    painted: list[object] = []
    win.pagePainted.connect(painted.append)
    win.open_vault(vault, note)
    wait_until(lambda: bool(painted), 30)
    return win


def _close(win: MainWindow) -> None:
    kernel_pool(win).shutdown_all()
    win.close()
    dispose(win)


def badge(win: MainWindow, claim_id: str) -> tuple[str, str, str]:
    script = (f"(() => {{ const e = document.querySelector('.tn-shape[data-claim=\"{claim_id}\"]');"
              " return JSON.stringify([e.className, e.textContent, e.title]); })()")
    found = run_js(win.note_view, script)
    cls, text, title = json.loads(str(found))
    return cls, text, title


def click(win: MainWindow, selector: str) -> None:
    run_js(win.note_view, f"(() => {{ const el = document.querySelector('{selector}');"
                          " el.scrollIntoView({block: 'center'}); el.click(); return true; })()")  # fmt: skip


@pytest.fixture(scope="module")
def seed_window(ui_app: QApplication) -> Iterator[MainWindow]:
    win = _window(NOTES, SEED)
    yield win
    _close(win)


def test_a_badge_opens_the_panel_on_its_tensor(seed_window: MainWindow) -> None:
    win = seed_window
    plugin = win.shape_badges  # type: ignore[attr-defined]
    controller = win.equation_panel  # type: ignore[attr-defined]
    row = next(e.equation.id for e in link_note(SEED.read_text(encoding="utf-8"))
               if e.equation.latex.startswith("f_t &="))  # fmt: skip
    click(win, f'[data-eq="{row}"]')  # the kernel traces the model: now the badges are judged
    wait_until(lambda: plugin.last is not None, KERNEL_TIMEOUT)
    wait_until(lambda: "tn-shape-bad" in badge(win, "shape-76-1")[0], 20)

    # output written (L,N,D∗Hout) under batch_first=True: the panel shows the real (N, L, D·H_out)
    click(win, '.tn-shape[data-claim="shape-76-1"]')
    wait_until(lambda: isinstance(controller.linked, TensorTarget), 10)
    assert controller.linked.quantity == "lstm.output" and controller.linked.module == 0
    wait_until(lambda: (controller.last_step or {}).get("quantity") == "lstm.output", 60)
    item = controller.last_step["result"]
    assert item["tensor"]["shape"] == [1, 28, 256] and item["tensor"]["axes"] == ["N", "L", "D·H_out"]
    wait_until(lambda: "t=0" in controller.panel.tensor.shape.text(), 10)
    chip = controller.panel.tensor.shape.text()
    assert "<b>N</b>=1" in chip and "<b>L</b>=28 · t=0" in chip and "<b>D·H_out</b>=256" in chip
    assert "batch_first" in win.statusBar().currentMessage()
    # the step slider moves t through the output
    controller.panel.steps.set_step(7)
    wait_until(lambda: (controller.last_step or {}).get("t") == 7, 30)
    assert controller.last_step["result"]["source"] == "module(x) → output[:, 7, :]"
    wait_until(lambda: "t=7" in controller.panel.tensor.shape.text(), 10)

    # h_n (no time axis) and the forward comment's x (the model's input)
    click(win, '.tn-shape[data-claim="shape-79-1"]')
    wait_until(lambda: (controller.last_step or {}).get("quantity") == "lstm.h_n", 60)
    h_n = controller.last_step["result"]
    assert h_n["tensor"]["shape"] == [3, 1, 256] and h_n["tensor"]["axes"] == ["D·num_layers", "N", "H_out"]
    click(win, '.tn-shape[data-claim="shape-68-0"]')
    wait_until(lambda: (controller.last_step or {}).get("quantity") == "lstm.input", 60)
    assert controller.last_step["result"]["tensor"]["axes"] == ["N", "L", "H_in"]
    assert controller.panel.title.text().startswith("x")


@pytest.fixture(scope="module")
def comments_window(ui_app: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MainWindow]:
    vault = tmp_path_factory.mktemp("vault")
    note = vault / COMMENTS.name
    shutil.copyfile(COMMENTS, note)
    win = _window(vault, note.resolve())
    yield win
    _close(win)


def test_code_comments_are_checked_when_the_block_runs(comments_window: MainWindow, qtbot) -> None:
    win = comments_window
    note = Path(win.current_note())
    ids = ["shape-13-0", "shape-14-0", "shape-16-0", "shape-17-0", "shape-18-0", "shape-19-0"]
    assert [badge(win, i)[1] for i in ids] == ["◌"] * 6  # opening the note ran nothing
    plugin = win.shape_badges  # type: ignore[attr-defined]
    equation = next(e.equation.id for e in link_note(note.read_text(encoding="utf-8")))
    click(win, f'[data-eq="{equation}"]')  # the model is traced: tensors of the model are judged …
    wait_until(lambda: plugin.last is not None, KERNEL_TIMEOUT)
    wait_until(lambda: "tn-shape-ok" in badge(win, "shape-13-0")[0], 20)
    assert badge(win, "shape-16-0")[1] == "✗ (1, 28, 10)"  # out on the model's own sample
    last = badge(win, "shape-17-0")  # … names of the code only: grey until the block runs
    assert last[0] == "tn-shape" and last[1] == "◌"
    assert "when the block runs" in last[2] or "블록을 실행하면" in last[2]  # the UI's language

    block = find_code_blocks(note.read_text(encoding="utf-8"))[0]
    click(win, f'.tn-code[data-code="{block.id}"]')
    code = win.code_panel  # type: ignore[attr-defined]
    wait_until(lambda: code.block is not None and code.block.index == 0, 20)
    code.last_claims = None
    code.panel.run_button.click()
    qtbot.waitUntil(lambda: code.last_claims is not None, timeout=int(KERNEL_TIMEOUT * 1000))
    assert code.last_result["error"] is None
    assert code.editor.claim_labels() == {
        13: ["✓ x (4, 9, 6)"], 14: ["✓ h0 (2, 4, 10)"], 16: ["✗ out (4, 9, 10)"], 17: ["✓ last (4, 10)"],
        18: ["✓ flat (4, 90)"], 19: ["✗ scores (4, 3)"],
    }  # fmt: skip
    tips = [n.claims[0].tooltip() for line, n in code.editor.line_notes().items() if line == 19]
    assert "axis 2" in tips[0] or "2번째 축" in tips[0]
    # the note view's badges of those comments now show the run's verdicts
    wait_until(lambda: badge(win, "shape-17-0")[1] == "✓ (4, 10)", 20)
    assert badge(win, "shape-19-0")[:2] == ("tn-shape tn-shape-bad", "✗ (4, 3)")
    assert badge(win, "shape-16-0")[1] == "✗ (4, 9, 10)"  # the run's out, not the model sample's
    # copying the block gives the code as written, without the badges' text
    copied = run_js(win.note_view, "(() => { let got = null;"
                    " document.addEventListener('tn-copy', e => { got = e.detail.text; }, {once: true});"
                    " document.querySelector('.tn-code .tn-copy').click(); return got; })()")  # fmt: skip
    assert str(copied).rstrip("\n") == block.source.rstrip("\n")
    assert "✓" not in str(copied) and "◌" not in str(copied)


TWO = COMMENTS.parent / "two_models.md"


@pytest.fixture(scope="module")
def two_window(ui_app: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MainWindow]:
    vault = tmp_path_factory.mktemp("vault2")
    note = vault / TWO.name
    shutil.copyfile(TWO, note)
    win = _window(vault, note.resolve())
    yield win
    _close(win)


def test_a_badge_opens_the_module_of_its_own_section(two_window: MainWindow) -> None:
    """Two models under two headings: each badge is judged on, and opens, its own section's module."""
    win = two_window
    plugin = win.shape_badges  # type: ignore[attr-defined]
    controller = win.equation_panel  # type: ignore[attr-defined]
    equation = next(e.equation.id for e in link_note(Path(win.current_note()).read_text(encoding="utf-8")))
    click(win, f'[data-eq="{equation}"]')
    wait_until(lambda: plugin.last is not None, KERNEL_TIMEOUT)
    wait_until(lambda: badge(win, "shape-35-0")[1] == "✓ (1, 28, 18)", 20)  # the tagger: bidirectional
    assert badge(win, "shape-19-0")[1] == "✓ (28, 1, 20)"  # the encoder: a GRU, not batch_first
    assert badge(win, "shape-36-0")[0] == "tn-shape tn-shape-bad"
    click(win, '.tn-shape[data-claim="shape-35-0"]')
    wait_until(lambda: (controller.last_step or {}).get("quantity") == "lstm.output", 60)
    assert controller.open_info["origin"]["module"] == 1
    assert controller.last_step["result"]["tensor"]["shape"] == [1, 28, 18]
    click(win, '.tn-shape[data-claim="shape-19-0"]')
    wait_until(lambda: (controller.last_step or {}).get("quantity") == "gru.output", 60)
    assert controller.open_info["origin"]["module"] == 0
    item = controller.last_step["result"]
    assert item["tensor"]["shape"] == [28, 1, 20] and item["tensor"]["axes"] == ["L", "N", "D·H_out"]
