"""A long note in the real window: its first screen is painted at once, the whole note follows from the
worker process, and leaving it while that render runs does not wait for it (issue 12)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.ui.window import MainWindow
from tests.ui.conftest import dispose, open_and_wait, run_js, temp_settings, wait_until

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from huge_note import huge_note


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("long")
    (root / "긴 노트.md").write_text(huge_note(0.3), encoding="utf-8")
    (root / "짧은 노트.md").write_text("# 짧은 노트\n\n$h_t$ 는 은닉 상태", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def window(ui_app: QApplication, vault: Path) -> Iterator[MainWindow]:
    win = MainWindow(temp_settings(), theme_choice="light")
    win.resize(1000, 700)
    win.show()
    painted: list[object] = []
    win.pagePainted.connect(painted.append)
    win.open_vault(vault, vault / "짧은 노트.md")
    wait_until(lambda: bool(painted), 30)
    yield win
    win.close()
    dispose(win)


def _sections(window: MainWindow) -> int:
    """The page's h2 count; -1 while the page is too busy (loading) to answer."""
    try:
        return int(float(str(run_js(window.note_view, "document.querySelectorAll('h2').length", 20))))
    except TimeoutError:
        return -1


def test_first_screen_then_the_whole_note(window: MainWindow, vault: Path) -> None:
    opened: list[object] = []
    window.noteOpened.connect(lambda path, rendered: opened.append(rendered))
    open_and_wait(window, vault / "긴 노트.md", timeout=60)
    first = window._result
    assert first is not None and first.partial
    shown = _sections(window)
    assert 0 < shown < 20
    wait_until(lambda: window._result is not None and not window._result.partial, 120)
    whole = opened[-1]
    assert whole is not None and not whole.partial and whole.math_errors == []
    sections = len([h for h in whole.headings if h.level == 2])
    assert sections > 100
    wait_until(lambda: _sections(window) == sections, 180)
    pieces = int(float(str(run_js(window.note_view, "document.querySelectorAll('[data-piece]').length", 20))))
    assert pieces == sum(len(e.pieces) for e in whole.equations if e.kind != "row") + sum(
        len(e.latex.split("&")) for e in whole.equations if e.kind == "row")  # compact.js rebuilt them all
    # the ids of the first screen are the whole note's ids
    ids = [e.id for e in first.rendered.equations]
    assert ids == [e.id for e in whole.equations][: len(ids)]


def test_leaving_a_long_note_does_not_wait_for_its_render(window: MainWindow, vault: Path) -> None:
    open_and_wait(window, vault / "짧은 노트.md")
    open_and_wait(window, vault / "긴 노트.md", timeout=60)
    assert window._result is not None and window._result.partial
    start = time.perf_counter()
    open_and_wait(window, vault / "짧은 노트.md")
    assert time.perf_counter() - start < 5.0  # far less than the whole render it abandoned
    assert "은닉 상태" in str(run_js(window.note_view, "document.body.innerText"))
