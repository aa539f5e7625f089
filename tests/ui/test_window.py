"""The window on the bundled vault: the seed note is shown, and clicks in the real WebEngine page
reach Qt as signals carrying the clicked element's id.

One window is shared by the module (a WebEngine page costs about a second to start).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.ui.window.main_window import MainWindow
from tests.conftest import NOTES
from tests.ui.conftest import dispose, open_and_wait, run_js, temp_settings, user_click, wait_until

SEED = sorted(NOTES.glob("20*.md"))[0]


@pytest.fixture(scope="module")
def window(ui_app: QApplication) -> Iterator[MainWindow]:
    win = MainWindow(temp_settings(), theme_choice="light")
    win.resize(1200, 800)
    win.show()
    painted: list[object] = []
    win.pagePainted.connect(painted.append)
    win.open_vault(NOTES, SEED)
    wait_until(lambda: bool(painted), 30)
    yield win
    win.close()
    dispose(win)


def test_opens_the_bundled_vault_and_the_seed_note(window: MainWindow) -> None:
    assert window.vault is not None and window.vault.root == NOTES.resolve()
    assert window.current_note() == SEED.resolve()
    listed = window.tree.visible_notes()
    assert SEED.resolve() in listed
    assert all(p.suffix == ".md" for p in listed), "attachments are hidden by default"
    window.set_show_attachments(True)
    assert any(p.suffix == ".png" for p in window.tree.visible_notes())
    window.set_show_attachments(False)
    rendered = window.rendered
    assert rendered is not None and rendered.equations
    ids = run_js(window.note_view, "JSON.stringify([...new Set([...document.querySelectorAll('[data-eq]')]"
                                   ".map(e => e.dataset.eq))])")
    assert set(json.loads(str(ids))) == {eq.id for eq in rendered.equations}
    assert SEED.stem in window.windowTitle()


def _piece_geometry(window: MainWindow) -> dict[str, object]:
    code = """(() => {
      const el = document.querySelector('.tn-eq:not(.tn-display) .tn-math[data-piece]');
      el.scrollIntoView({block: 'center'});
      const r = el.getBoundingClientRect();
      return JSON.stringify({x: r.left + r.width / 2, y: r.top + r.height / 2, piece: el.dataset.piece,
                             eq: el.closest('[data-eq]').dataset.eq});
    })()"""
    return dict(json.loads(str(run_js(window.note_view, code))))


def test_real_mouse_click_on_an_equation_delivers_its_id(window: MainWindow, qtbot) -> None:
    geo = _piece_geometry(window)
    QTest.qWait(150)  # let the scroll paint before clicking
    zoom = window.note_view.zoomFactor()
    point = QPoint(round(float(geo["x"]) * zoom), round(float(geo["y"]) * zoom))  # type: ignore[arg-type]
    target = window.note_view.focusProxy()
    with qtbot.waitSignal(window.equationClicked, timeout=5000) as blocker:
        QTest.mouseMove(target, point)
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    eq_id, piece_id = blocker.args
    assert eq_id == geo["eq"]
    assert piece_id in (geo["piece"], "")
    assert str(geo["eq"]) in window.statusBar().currentMessage()


def test_js_click_on_an_equation_and_a_piece(window: MainWindow, qtbot) -> None:
    geo = _piece_geometry(window)
    with qtbot.waitSignal(window.equationClicked, timeout=5000) as blocker:
        run_js(window.note_view, f"document.querySelector('[data-piece=\"{geo['piece']}\"]').click()")
    assert blocker.args[0] == geo["eq"]
    eq = next(e for e in window.rendered.equations if e.id == geo["eq"])
    if blocker.args[1]:
        piece = next(p for p in eq.pieces if p.id == blocker.args[1])
        assert piece.latex[:20] in window.statusBar().currentMessage()
    else:
        assert eq.latex[:20] in window.statusBar().currentMessage()


def test_code_block_click_delivers_its_id_and_shows_source(window: MainWindow, qtbot) -> None:
    blocks = window.rendered.code_blocks
    if not blocks:
        pytest.skip("the seed note has no fenced code block")
    block = blocks[0]
    with qtbot.waitSignal(window.codeClicked, timeout=5000) as blocker:
        run_js(window.note_view, f"document.querySelector('[data-code=\"{block.id}\"]').click()")
    assert blocker.args == [block.id]
    message = window.statusBar().currentMessage()
    assert block.id in message and f"줄 {block.first_line}" in message


class _Catcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_external_links_open_in_the_system_browser(window: MainWindow) -> None:
    catcher = _Catcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    try:
        run_js(window.note_view, """(() => { const a = document.createElement('a');
            a.href = 'https://pytorch.org/docs/'; a.id = 'tn-test-ext'; a.textContent = 'pytorch docs';
            document.body.appendChild(a); a.click(); })()""")
        QTest.qWait(600)
        assert catcher.urls == [], "a script's click is not the user's: nothing opens (issue 11)"
        user_click(window.note_view, "#tn-test-ext")
        wait_until(lambda: bool(catcher.urls), 5)
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert catcher.urls == ["https://pytorch.org/docs/"]
    QTest.qWait(200)
    assert window.note_view.url().scheme() == "tnpage", "the note stays in the view"
    run_js(window.note_view, "document.getElementById('tn-test-ext').remove()")


def test_zoom_shortcuts(window: MainWindow) -> None:
    window.activateWindow()
    window.note_view.zoom_reset()
    window.actions_by_name["zoom_in"].trigger()
    assert window.note_view.zoomFactor() > 1.0
    assert window.zoom_label.text() == f"{window.note_view.zoomFactor() * 100:.0f}%"
    window.actions_by_name["zoom_out"].trigger()
    window.actions_by_name["zoom_out"].trigger()
    assert window.note_view.zoomFactor() < 1.0
    window.actions_by_name["zoom_reset"].trigger()
    assert window.note_view.zoomFactor() == 1.0
    keys = [s.toString() for s in window.actions_by_name["zoom_in"].shortcuts()]
    assert "Ctrl+=" in keys


def test_dark_theme_rerenders_the_page(window: MainWindow) -> None:
    def background() -> str:
        return str(run_js(window.note_view, "getComputedStyle(document.body).backgroundColor"))

    light = background()
    painted: list[object] = []
    window.pagePainted.connect(painted.append)
    window.set_theme("dark")
    wait_until(lambda: bool(painted), 20)
    dark = background()
    painted.clear()
    window.set_theme("light")
    wait_until(lambda: bool(painted), 20)
    window.pagePainted.disconnect(painted.append)
    assert dark != light
    assert background() == light


def test_menus_are_korean_and_reachable_by_key(window: MainWindow) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[:4] == ["파일(&F)", "보기(&V)", "이동(&G)", "도움말(&H)"]
    assert window.menu("file") is window.menu("파일")
    extra = window.menu("검색")
    assert extra.title() == "검색" and window.menu("검색") is extra
    assert [a.text() for a in window.menuBar().actions()][-1] == "도움말(&H)"


def test_window_state_is_remembered(ui_app: QApplication) -> None:
    settings = temp_settings()
    first = MainWindow(settings)
    first.resize(760, 540)
    first.show()
    first.set_show_attachments(True)
    first.close()
    second = MainWindow(settings)
    second.restore_state()
    assert (second.width(), second.height()) == (760, 540)
    assert second.tree.show_attachments
    dispose(second)
    dispose(first)


def test_open_note_twice_reuses_the_page(window: MainWindow) -> None:
    before = window.note_view.url().toString()
    window.open_note(SEED)
    QTest.qWait(100)
    assert window.note_view.url().toString() == before
    open_and_wait(window, Path(SEED), scroll_y=0.0)


def test_embedded_images_load_in_the_page(window: MainWindow) -> None:
    with_image = next(p for p in sorted(NOTES.glob("*.md")) if "![[" in p.read_text(encoding="utf-8")
                      and ".png" in p.read_text(encoding="utf-8") and p != SEED)
    open_and_wait(window, with_image)
    loaded = run_js(window.note_view, """(() => { const imgs = [...document.querySelectorAll('img')];
        return JSON.stringify(imgs.map(i => [i.complete, i.naturalWidth])); })()""")
    sizes = json.loads(str(loaded))
    assert sizes and all(done and width > 0 for done, width in sizes)
    open_and_wait(window, SEED)


def test_hovering_a_symbol_emits_symbol_hovered(window: MainWindow, qtbot) -> None:
    geo = _piece_geometry(window)
    with qtbot.waitSignal(window.symbolHovered, timeout=5000) as blocker:
        run_js(window.note_view, f"document.querySelector('[data-piece=\"{geo['piece']}\"]')"
                                 ".dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))")
    assert blocker.args[0] == geo["eq"] and blocker.args[1] in (geo["piece"], "")
    with qtbot.waitSignal(window.symbolHovered, timeout=5000) as blocker:
        run_js(window.note_view, "document.body.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))")
    assert blocker.args == ["", ""]
