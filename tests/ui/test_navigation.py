"""Navigation and robustness on a small temporary vault: wiki-links, back/forward, live reload keeping
the scroll position, error pages, warning banners and a 5 MB note."""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import app.markup
from app.ui.window.main_window import MainWindow
from tests.ui.conftest import dispose, open_and_wait, run_js, temp_settings, wait_until

LONG = "\n\n".join(f"문단 {n}: 긴 노트의 내용입니다. LSTM의 게이트를 하나씩 정리합니다." for n in range(150))


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("vault")
    start = "# 시작\n\n[[다음#둘째 절]]로 가 봅니다.\n\n$h_t$ 는 은닉 상태.\n"
    (root / "시작.md").write_text(start, encoding="utf-8")
    (root / "다음.md").write_text(f"# 다음\n\n{LONG}\n\n## 둘째 절\n\n끝.\n", encoding="utf-8")
    (root / "긴 노트.md").write_text(f"# 긴 노트\n\n{LONG}\n", encoding="utf-8")
    (root / "옛 인코딩.md").write_bytes("# 옛 노트\n\n한글 CP949 노트".encode("cp949"))
    (root / "바이너리.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    (root / "폴더인데.md").mkdir()
    (root / "BOM.md").write_bytes(codecs.BOM_UTF8 + "# BOM 노트\r\n\r\n줄바꿈 CRLF\r\n".encode())
    return root


@pytest.fixture(scope="module")
def window(ui_app: QApplication, vault: Path) -> Iterator[MainWindow]:
    win = MainWindow(temp_settings(), theme_choice="light")
    win.resize(1000, 700)
    win.show()
    painted: list[object] = []
    win.pagePainted.connect(painted.append)
    win.open_vault(vault, vault / "시작.md")
    wait_until(lambda: bool(painted), 30)
    yield win
    win.close()
    dispose(win)


def _text(window: MainWindow) -> str:
    return str(run_js(window.note_view, "document.body.innerText"))


def _follow_first_wikilink(window: MainWindow, qtbot) -> None:
    with qtbot.waitSignal(window.pagePainted, timeout=20000):
        run_js(window.note_view, "document.querySelector('a.tn-wikilink').click()")


def test_wikilink_navigation_then_back_and_forward(window: MainWindow, vault: Path, qtbot) -> None:
    open_and_wait(window, vault / "시작.md")
    _follow_first_wikilink(window, qtbot)
    assert window.current_note() == (vault / "다음.md").resolve()
    assert float(str(run_js(window.note_view, "window.scrollY"))) > 100, "scrolled to the #heading anchor"
    assert window.actions_by_name["back"].isEnabled()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    with qtbot.waitSignal(window.pagePainted, timeout=20000):
        QTest.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_note() == (vault / "시작.md").resolve()
    assert window.actions_by_name["forward"].isEnabled()
    with qtbot.waitSignal(window.pagePainted, timeout=20000):
        window.actions_by_name["forward"].trigger()
    assert window.current_note() == (vault / "다음.md").resolve()
    assert "끝." in _text(window)


def test_live_reload_keeps_the_scroll_position(window: MainWindow, vault: Path, qtbot) -> None:
    note = vault / "긴 노트.md"
    open_and_wait(window, note)
    run_js(window.note_view, "window.scrollTo(0, 900)")
    QTest.qWait(100)
    before = float(str(run_js(window.note_view, "window.scrollY")))
    assert before > 800
    with qtbot.waitSignal(window.pagePainted, timeout=20000):
        note.write_text(note.read_text(encoding="utf-8") + "\n\n새로 추가한 문단\n", encoding="utf-8")
    assert "새로 추가한 문단" in _text(window)
    after = float(str(run_js(window.note_view, "window.scrollY")))
    assert abs(after - before) < 2


def test_an_unreadable_note_shows_a_korean_error_page(window: MainWindow, vault: Path) -> None:
    open_and_wait(window, vault / "폴더인데.md")
    text = _text(window)
    assert "이 노트를 표시하지 못했습니다" in text and "파일을 읽을 수 없습니다" in text
    assert window.rendered is None


def test_a_renderer_exception_shows_the_reason_and_the_app_goes_on(
        window: MainWindow, vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("렌더러 고장 재현")

    monkeypatch.setattr(app.markup, "render_note", broken)  # fault injection: the renderer never fails here
    open_and_wait(window, vault / "긴 노트.md", scroll_y=0.0)
    text = _text(window)
    assert "RuntimeError: 렌더러 고장 재현" in text
    monkeypatch.undo()
    open_and_wait(window, vault / "시작.md")
    assert window.rendered is not None and "시작" in _text(window)


def test_encoding_fallback_and_binary_files_show_a_banner(window: MainWindow, vault: Path) -> None:
    open_and_wait(window, vault / "옛 인코딩.md")
    assert "CP949" in window.banner.text and "한글 CP949 노트" in _text(window)
    open_and_wait(window, vault / "바이너리.md")
    assert "바이너리" in window.banner.text and "바이너리 파일" in _text(window)
    open_and_wait(window, vault / "BOM.md")
    assert not window.banner.isVisible() and "줄바꿈 CRLF" in _text(window)


@pytest.mark.slow  # the renderer needs about 15 s for 5 MB of Markdown on this machine
def test_a_5_mb_note_opens(window: MainWindow, tmp_path: Path) -> None:
    note = window.vault.root / "큰 노트.md"  # type: ignore[union-attr]
    line = "큰 노트의 한 줄입니다. The quick brown fox jumps over the lazy dog 0123456789.\n\n"
    repeat = 5 * 1024 * 1024 // len(line.encode()) + 1
    note.write_text(line * repeat + "마지막 줄 표시\n", encoding="utf-8")
    try:
        assert note.stat().st_size > 5 * 1024 * 1024
        open_and_wait(window, note, timeout=120)  # its first screen (issue 12); the whole follows

        def tail() -> str:
            return str(run_js(window.note_view, "document.body.innerText.slice(-200)")).strip()

        wait_until(lambda: tail().endswith("마지막 줄 표시"), 180)
    finally:
        os.remove(note)
