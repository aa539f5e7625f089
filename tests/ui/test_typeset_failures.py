"""Typesetting failures reach the user as reasons, never as exceptions (issue 11, F4).

The math widgets and the equation panel get every kind of LaTeX the typesetter refuses; clicking a
red box in a real note view updates the panel with the reason; and the screenshot mode refuses unknown
ids at once with exit 2.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.equations import link_note
from app.markup.mathdraw import draw
from app.ui.common import MathView, SymbolMathView
from app.ui.equation_panel import panel as equation_panel
from app.ui.equation_panel.view import EquationPanel
from app.ui.kernels.handler import kernel_pool
from app.ui.window.main_window import MainWindow
from tests.conftest import NOTES, REPO
from tests.ui.conftest import dispose, run_js, temp_settings, wait_until

BROKEN = ["\\frac{", "", " ", "$$", "\\left( x", "x^2^3", "{" * 3000 + "x" + "}" * 3000]


@pytest.mark.parametrize("latex", BROKEN, ids=range(len(BROKEN)))
def test_math_widgets_show_a_reason_for_what_cannot_be_typeset(ui_app: QApplication, latex: str) -> None:
    view = MathView(size=22)
    view.set_latex(latex)
    assert view.reason == draw(latex).reason and view.reason
    assert view._renderer.isValid(), "the source is drawn in red instead"
    symbols = SymbolMathView(size=30)
    symbols.set_symbols(latex, [("x", True, "x"), ("W", True, "W")])
    assert symbols.reason == draw(latex).reason
    view.deleteLater()
    symbols.deleteLater()


@pytest.mark.parametrize("latex", BROKEN, ids=range(len(BROKEN)))
def test_the_panel_view_says_why(ui_app: QApplication, latex: str) -> None:
    panel = EquationPanel()
    reason = str(draw(latex).reason)
    shown = latex if latex.strip() else "\\frac{"  # a blank one is the "not in this note" case
    panel.show_unlinked(shown, "it matches no quantity")
    assert panel.message.isVisibleTo(panel) and str(draw(shown).reason) in panel.message.text()
    panel.show_equation(latex, "lstm.f", [("f_t", "lstm.f", "f")], None)
    assert panel.message.isVisibleTo(panel) and reason in panel.message.text()
    panel.show_equation("f_t = \\sigma(x)", "lstm.f", [("f_t", "lstm.f", "f")], None)
    assert not panel.message.isVisibleTo(panel), "a formula that typesets clears the message"
    panel.deleteLater()


@pytest.fixture(scope="module")
def red_window(ui_app: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MainWindow]:
    vault = tmp_path_factory.mktemp("red") / "vault"
    vault.mkdir()
    note = vault / "빨간 상자.md"
    note.write_text("# 못 그리는 수식\n\n앞 $\\frac{$ 뒤\n\n$$\n\\left( x\n$$\n\n그리고 $x^2^3$ 끝.\n",
                    encoding="utf-8")
    win = MainWindow(temp_settings(), theme_choice="light")
    win.resize(1400, 900)
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


@pytest.mark.parametrize(("index", "latex"), [(0, "\\frac{"), (1, "\\left( x"), (2, "x^2^3")])
def test_clicking_a_red_box_updates_the_panel(red_window: MainWindow, index: int, latex: str) -> None:
    controller = red_window.equation_panel  # type: ignore[attr-defined]
    panel = controller.panel
    panel.message.setText("")
    run_js(red_window.note_view, f"document.querySelectorAll('.tn-math-error')[{index}].click()")
    reason = str(draw(latex).reason)
    wait_until(lambda: reason in panel.message.text(), 10)
    assert panel.message.isVisibleTo(panel)
    assert panel.equation.latex() == latex and panel.equation.reason == reason


def _gui(*args: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.monotonic()
    env = {**os.environ, "TENSORNOTE_LANG": "en"}
    done = subprocess.run([sys.executable, "-m", "app", str(NOTES), *args], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout, env=env)
    return done, time.monotonic() - start


@pytest.mark.parametrize(("args", "says"), [
    (["--note", "2023-11-22.md", "--equation", "NO_SUCH_ID"], "no equation NO_SUCH_ID"),
    (["--note", "NO_SUCH_NOTE", "--equation", "eq-1"], "no such note"),
    (["--equation", "NO_SUCH_ID"], "no equation NO_SUCH_ID"),
    (["--note", "2023-11-22.md", "--symbol", "2"], "--symbol needs --equation"),
    (["--note", "2023-11-22.md", "--equation", "eq-429cde8cff", "--symbol", "-1"], "--symbol must be"),
    (["--note", "2023-11-22.md", "--code", "NO_SUCH_BLOCK"], "no code block NO_SUCH_BLOCK"),
])
def test_unknown_ids_are_clear_errors_before_qt_starts(tmp_path: Path, args: list[str], says: str) -> None:
    out = tmp_path / "shot.png"
    done, elapsed = _gui("--screenshot", str(out), *args)
    assert done.returncode == 2, done.stderr
    assert says in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
    assert elapsed < 30, "refused before the window starts, not after a 35 s wait"


def test_a_symbol_out_of_range_is_refused_before_any_kernel_starts(tmp_path: Path) -> None:
    text = (NOTES / "2023-11-22.md").read_text(encoding="utf-8")
    equation = next(e.equation.id for e in link_note(text) if e.quantity)
    out = tmp_path / "shot.png"
    done, elapsed = _gui("--note", "2023-11-22.md", "--screenshot", str(out), "--equation", equation,
                         "--symbol", "99")
    assert done.returncode == 2, done.stderr
    assert elapsed < 30 and "QRhi" not in done.stderr, "refused before Qt starts (no kernel to race)"
    assert "--symbol 99" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
