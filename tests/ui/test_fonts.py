"""A backslash is a backslash everywhere, Hangul is still NanumGothic, and dock tabs show whole labels.

NanumGothic draws U+005C as a Won sign (₩); these tests look at the fonts that really draw the glyphs:
Qt's text layout for the widgets, and Chromium's layout (measured widths) for the note page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication, QTabBar

from app.fonts import FAMILY, LATIN_FAMILY
from app.ui.common import i18n
from app.ui.main import install_plugins
from app.ui.window.docks import LEFT_DOCK_WIDTH
from app.ui.window.main_window import MainWindow
from tests.ui.conftest import dispose, open_and_wait, run_js, temp_settings, wait_until


def _drawing_families(font: QFont, text: str) -> set[str]:
    """The families Qt really uses to draw ``text`` in ``font`` (after its per-character fallback)."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return {run.rawFont().familyName() for run in layout.glyphRuns()}


def test_the_ui_font_draws_a_real_backslash_and_hangul(ui_app: QApplication) -> None:
    font = ui_app.font()
    assert font.families()[0] == LATIN_FAMILY and FAMILY in font.families()
    assert _drawing_families(font, "\\tag") == {LATIN_FAMILY}
    assert _drawing_families(font, "게이트") == {FAMILY}
    # The outline's "gathered 안에 aligned, \tag": both fonts in one line, the backslash from DejaVu.
    assert _drawing_families(font, "안에 \\tag") == {LATIN_FAMILY, FAMILY}


@pytest.fixture
def window(ui_app: QApplication, tmp_path: Path) -> Iterator[MainWindow]:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text(
        "# 역슬래시\n\n본문의 \\tag 와 ₩ 기호, 코드 `\\frac{a}{b}` 와 `₩`.\n\n"
        "```python\nprint('\\\\n')  # 한글 주석\n```\n",
        encoding="utf-8",
    )
    win = MainWindow(temp_settings(), theme_choice="light", remember=False)
    win.resize(1200, 800)
    win.show()
    win.open_vault(vault, vault / "a.md")
    open_and_wait(win, vault / "a.md")
    yield win
    win.close()
    dispose(win)


def test_the_note_page_draws_backslashes_from_a_latin_font(window: MainWindow) -> None:
    # Chromium picks a font per character; the width of a lone glyph shows which one it took:
    # NanumGothic's U+005C is its ₩ glyph (0.97 em), DejaVu's backslash is narrow (about 0.34 em).
    code = """(() => {
      const width = (text, where, family) => {
        const s = document.createElement('span');
        s.textContent = text;
        if (family) s.style.fontFamily = family;
        document.querySelector(where).appendChild(s);
        const w = s.getBoundingClientRect().width; s.remove(); return w;
      };
      return JSON.stringify({
        prose: width('\\\\', 'p'), won: width('\\u20a9', 'p'), latin: width('\\\\', 'p', '"DejaVu Sans"'),
        code: width('\\\\', 'p code'), code_won: width('\\u20a9', 'p code'),
        mono: width('\\\\', 'p code', '"DejaVu Sans Mono"'),
        hangul: width('가', 'p'), nanum: width('가', 'p', 'NanumGothic'),
        fonts: [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family),
      });
    })()"""
    got = json.loads(str(run_js(window.note_view, code)))
    assert got["prose"] == pytest.approx(got["latin"], abs=0.01)
    assert got["prose"] < 0.6 * got["won"]  # not the Won glyph
    assert got["code"] == pytest.approx(got["mono"], abs=0.01)
    assert got["code"] < 0.6 * got["won"]
    assert got["hangul"] == pytest.approx(got["nanum"], abs=0.01)  # Hangul still NanumGothic
    assert {"NanumGothic", "DejaVu Sans", "DejaVu Sans Mono"} <= set(got["fonts"])


def test_dock_tabs_show_whole_english_labels(ui_app: QApplication, tmp_path: Path) -> None:
    i18n.install_translator(ui_app, "en")
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("# A\n", encoding="utf-8")
    win = MainWindow(temp_settings(), theme_choice="light", remember=False)
    try:
        win.resize(1400, 900)
        win.show()
        win.open_vault(vault, vault / "a.md")
        name = "app.ui.vault_panels.panels"
        assert install_plugins(win, (name,))[name] == "installed"
        win.restore_state()
        labels = ["Notes", "Search", "Tags", "Unresolved links"]

        def left_bar() -> QTabBar | None:
            for bar in win.findChildren(QTabBar):
                if bar.parent() is win and [bar.tabText(i) for i in range(bar.count())] == labels:
                    return bar
            return None

        wait_until(lambda: left_bar() is not None and not win._fit_left_tabs)
        bar = left_bar()
        assert bar is not None and bar.elideMode() == Qt.TextElideMode.ElideNone
        metrics = bar.fontMetrics()
        for i, label in enumerate(labels):  # each tab is wide enough for its whole label
            assert bar.tabRect(i).width() >= metrics.horizontalAdvance(label)
        # and the column was widened so that every tab is on screen (no scrolling needed)
        wait_until(lambda: bar.tabRect(bar.count() - 1).right() <= bar.width(), timeout=5)
        assert win.tree_dock.width() > LEFT_DOCK_WIDTH  # wider than the default column
    finally:
        win.close()
        dispose(win)
        i18n.install_translator(ui_app, "ko")

