"""A note is data, in the real WebEngine view (issue 11).

Every hostile note of ``tests/markup/xss_corpus.py`` is rendered by the app's own path
(``render_page``) and shown in a real :class:`NoteView`; every element then gets clicks, hovers, focus
and toggles, and the mouse moves over the page. Nothing may execute (no title change, no injected node
or global, no console line, no bridge call), nothing may navigate or open, and no local file outside
the vault may be read, while the vault's own picture (the control) still loads and ``note.js`` still runs.

Two more tests take the layers apart: the CSP alone stops the raw payloads (the sanitiser bypassed),
and without the CSP the same raw payloads do run and leave exactly the traces we look for (so the
checks can fail), while ``file:`` stays unreadable by the view's settings alone.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QObject, QPoint, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.markup.page import font_folders
from app.markup.sanitize import csp_meta
from app.ui.note_view import NoteView
from app.ui.note_view import view as view_module
from app.ui.note_view.rendering import render_page
from app.vault import Vault
from tests.markup.xss_corpus import PAYLOADS, render
from tests.ui.conftest import dispose, run_js, wait_until

CONTROL = "![[ok.png]]\n\n"  # first: an unclosed <style> in a payload swallows what follows it
OPENED_SCHEMES = ("http", "https", "mailto", "file", "javascript", "data")

INTERACT = """(() => {
  const all = [...document.querySelectorAll('body *')];
  for (const el of all) {
    for (const type of ['mouseover', 'mouseenter', 'click', 'focus', 'toggle', 'animationstart']) {
      try { el.dispatchEvent(new Event(type, {bubbles: true})); } catch (e) {}
    }
    try { if (el.click) el.click(); } catch (e) {}
    try { if (el.focus) el.focus(); } catch (e) {}
    try { if (el.submit) el.submit(); } catch (e) {}
  }
  return all.length;
})()"""

PROBE = """JSON.stringify({
  title: document.title,
  tnx: typeof window.__tnx,
  injected: document.querySelectorAll('tnxss').length,
  frames: document.querySelectorAll('iframe, frame, object, embed').length,
  scripts: document.querySelectorAll('script').length,
  tn: typeof window.tn,
  qt: typeof window.qt,
  url: location.href,
  imgs: [...document.images].map(i => [i.getAttribute('src') || '', i.complete, i.naturalWidth]),
})"""


class _Opened(QObject):
    """Stands in for the system browser and file manager: records every URL the app asks to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


class Harness:
    def __init__(self, vault: Path, secret: Path) -> None:
        self.vault, self.secret = vault, secret
        self.view = NoteView()
        self.view.resize(900, 700)
        self.view.show()
        self.view.set_roots([vault])
        self.console: list[str] = []
        self.bridge: list[dict[str, Any]] = []
        self.user_links: list[str] = []
        self.opened = _Opened()
        self.asked: list[tuple[Path, bool]] = []
        page = self.view.page()
        page.consoleMessage.connect(self.console.append)  # type: ignore[attr-defined]
        self.view.clicked.connect(self.bridge.append)
        self.view.hovered.connect(self.bridge.append)
        self.view.bridge.userClickedLink.connect(self.user_links.append)
        for name in OPENED_SCHEMES:
            QDesktopServices.setUrlHandler(name, self.opened, "open")
        handler = view_module._handler
        assert handler is not None, "the tnpage: scheme is registered (tests/ui/conftest.py)"
        allowed = handler._allowed

        def recording(path: Path) -> bool:
            ok = allowed(path)
            self.asked.append((Path(path), ok))
            return ok

        handler._allowed = recording  # type: ignore[method-assign]
        self._restore = lambda: setattr(handler, "_allowed", allowed)

    def close(self) -> None:
        for name in OPENED_SCHEMES:
            QDesktopServices.unsetUrlHandler(name)
        self._restore()
        dispose(self.view)

    def reset(self) -> None:
        for log in (self.console, self.bridge, self.user_links, self.opened.urls, self.asked):
            log.clear()

    def show(self, note: Path, html: str) -> None:
        self.view.show_page(note, html)
        wait_until(lambda: self.view.is_painted, 30)

    def poke(self) -> None:
        """Events on every element from script, then real mouse moves and a real click on empty space."""
        run_js(self.view, INTERACT)
        target = self.view.focusProxy() or self.view
        for y in range(20, 680, 60):
            QTest.mouseMove(target, QPoint(450, y))
        QTest.qWait(50)
        settle = time.monotonic() + 0.4
        while time.monotonic() < settle:
            QApplication.processEvents()
            time.sleep(0.01)

    def probe(self) -> dict[str, Any]:
        return dict(json.loads(str(run_js(self.view, PROBE))))


@pytest.fixture(scope="module")
def harness(ui_app: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    base = tmp_path_factory.mktemp("inert")
    vault = base / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "attachments").mkdir()
    Image.new("RGB", (8, 8), "red").save(vault / "attachments" / "ok.png")
    (vault / "노트.md").write_text("# 노트\n", encoding="utf-8")
    secret = base / "secret.png"  # a real picture outside the vault: loading it would give 8×8 pixels
    Image.new("RGB", (8, 8), "blue").save(secret)
    h = Harness(vault, secret)
    yield h
    h.close()


def _served_outside(harness: Harness) -> list[Path]:
    roots = [harness.vault.resolve(), *font_folders()]
    return [p for p, ok in harness.asked if ok and not any(p.resolve().is_relative_to(r) for r in roots)]


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_a_hostile_note_does_nothing_in_the_real_view(harness: Harness, name: str) -> None:
    note = harness.vault / f"{name}.md"
    note.write_text(CONTROL + render(PAYLOADS[name], harness.secret, note), encoding="utf-8")
    result = render_page(note, Vault(harness.vault), "light")
    assert result.error is None
    harness.reset()
    harness.show(note, result.html)
    harness.poke()
    state = harness.probe()

    assert state["title"] == name, "no script changed the title"
    assert state["tnx"] == "undefined" and state["injected"] == 0, "no script ran in the page"
    assert state["tn"] == "object", "our own note.js ran (the CSP lets it, and only it, through)"
    assert state["qt"] == "undefined", "the page's world has no way to the bridge"
    assert state["frames"] == 0 and state["scripts"] == 1
    assert not any(line == "TN-XSS" for line in harness.console), harness.console
    assert not any(d.get("kind") == "pwned" for d in harness.bridge)
    assert harness.user_links == [], "scripted clicks are not the user's"
    assert harness.opened.urls == [], "nothing opened outside the app"
    assert state["url"].startswith("tnpage:") and state["url"].split("?")[0].endswith(f"{name}.md.tn.html")
    control = [img for img in state["imgs"] if img[0].endswith("/attachments/ok.png")]
    assert control and all(w == 8 for _, _, w in control), "the vault's own picture still loads"
    files = [img for img in state["imgs"]
             if not img[0].endswith("/attachments/ok.png") and not img[0].startswith("data:image/")]
    assert all(w == 0 for _, _, w in files), f"no other picture was read: {files}"
    assert _served_outside(harness) == []


def test_files_outside_the_vault_are_refused_by_the_scheme(harness: Harness) -> None:
    note = harness.vault / "밖의 파일.md"
    note.write_text(render(PAYLOADS["img-vault-scheme-outside"] + PAYLOADS["img-relative-escape"],
                           harness.secret, note) + "\n\n" + CONTROL, encoding="utf-8")
    harness.reset()
    harness.show(note, render_page(note, Vault(harness.vault), "light").html)
    state = harness.probe()
    asked = {p.resolve(): ok for p, ok in harness.asked}
    assert asked.get(harness.secret.resolve()) is False, "the secret was asked for, and refused"
    assert asked.get((harness.vault / "attachments" / "ok.png").resolve()) is True
    assert [w for src, _, w in state["imgs"] if "secret" in src] == [0, 0]


def test_the_page_never_reaches_the_network(harness: Harness) -> None:
    """A remote picture, font or style is refused by the page's policy before any request is made."""
    note = harness.vault / "원격.md"
    note.write_text('![원격 그림](https://example.org/track.png)\n\n<img src="http://example.org/t.gif">\n'
                    '<span style="background-color:red">배경</span>\n', encoding="utf-8")
    harness.reset()
    harness.show(note, render_page(note, Vault(harness.vault), "light").html)
    QTest.qWait(300)
    refused = [line for line in harness.console
               if "Content Security Policy" in line and "example.org" in line]
    assert len(refused) == 2, harness.console


def test_a_users_click_opens_attachments_but_never_programs(harness: Harness) -> None:
    (harness.vault / "attachments" / "논문.pdf").write_bytes(b"%PDF-1.4\n")
    launcher = harness.vault / "attachments" / "열기.desktop"
    launcher.write_text("[Desktop Entry]\nExec=sh -c 'echo PWNED'\n", encoding="utf-8")
    script = harness.vault / "attachments" / "run-me"
    script.write_text("#!/bin/sh\necho PWNED\n", encoding="utf-8")
    script.chmod(0o755)
    outside = harness.secret.parent / "밖.pdf"
    outside.write_bytes(b"%PDF-1.4\n")
    note = harness.vault / "첨부.md"
    note.write_text("[논문](attachments/논문.pdf)\n\n[바로가기](attachments/열기.desktop)\n\n"
                    "[스크립트](attachments/run-me)\n\n[밖](../밖.pdf)\n", encoding="utf-8")
    harness.reset()
    harness.show(note, render_page(note, Vault(harness.vault), "light").html)
    from tests.ui.conftest import user_click

    for href in ("attachments/열기.desktop", "attachments/run-me", "../밖.pdf", "attachments/논문.pdf"):
        user_click(harness.view, f'a[href="{href}"]')
        QTest.qWait(300)
    wait_until(lambda: bool(harness.opened.urls), 5)
    QTest.qWait(300)
    assert [Path(QUrl(u).toLocalFile()).name for u in harness.opened.urls] == ["논문.pdf"]


RAW = ("<p>원본 그대로</p>"
       '<img src="nothing.png" onerror="{e}">'
       "<script>{e}</script>"
       '<svg onload="{e}"></svg>'
       '<img class="tn-secret" src="file://{secret}">')


def _raw_page(harness: Harness, *, with_csp: bool) -> str:
    effect = "document.title='PWNED';window.__tnx=1;console.log('TN-XSS')"
    body = RAW.replace("{e}", effect).replace("{secret}", str(harness.secret))
    head = csp_meta(None) if with_csp else ""
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}<title>raw</title></head>"
            f"<body>{body}</body></html>")


def test_the_csp_alone_stops_raw_payloads(harness: Harness) -> None:
    note = harness.vault / "raw-csp.md"
    harness.reset()
    harness.show(note, _raw_page(harness, with_csp=True))
    harness.poke()
    state = harness.probe()
    assert state["title"] == "raw" and state["tnx"] == "undefined"
    assert "TN-XSS" not in harness.console
    assert any("Content Security Policy" in line for line in harness.console), "Chromium reported it"


def test_without_the_csp_the_raw_payloads_do_run_but_file_urls_stay_closed(harness: Harness) -> None:
    # The control: the traces we look for are real ones. And the view's settings alone keep file: shut.
    note = harness.vault / "raw-open.md"
    harness.reset()
    harness.show(note, _raw_page(harness, with_csp=False))
    harness.poke()
    state = harness.probe()
    assert state["title"] == "PWNED" and state["tnx"] == "number"
    assert "TN-XSS" in harness.console
    secret = [img for img in state["imgs"] if img[0].startswith("file://")]
    assert secret and all(w == 0 for _, _, w in secret), "LocalContentCanAccessFileUrls is off"


def test_external_links_open_only_on_the_users_click(harness: Harness) -> None:
    note = harness.vault / "링크.md"
    note.write_text("[파이토치](https://pytorch.org/docs/)\n\n<a id='second' href='https://example.org/'>둘째</a>\n",
                    encoding="utf-8")
    harness.reset()
    harness.show(note, render_page(note, Vault(harness.vault), "light").html)
    run_js(harness.view, "document.querySelector('a[href^=\"https://pytorch\"]').click()")
    run_js(harness.view, "location.href = 'https://example.org/by-script'")
    run_js(harness.view, "window.open('https://example.org/popup')")
    QTest.qWait(500)
    assert harness.opened.urls == [], "script clicks, location changes and window.open open nothing"
    from tests.ui.conftest import user_click

    user_click(harness.view, 'a[href^="https://pytorch"]')
    wait_until(lambda: bool(harness.opened.urls), 5)
    assert harness.opened.urls == ["https://pytorch.org/docs/"]
    assert harness.user_links == ["https://pytorch.org/docs/"]
    # right after a real click, a script's navigation still opens nothing (user activation is not enough)
    run_js(harness.view, "location.href = 'https://example.org/right-after'")
    QTest.qWait(500)
    assert harness.opened.urls == ["https://pytorch.org/docs/"]
    assert harness.view.url().scheme() == "tnpage"
    assert harness.view.url().path().endswith("링크.md.tn.html"), "the note stays in the view"


def test_a_render_o_page_is_inert_in_a_plain_browser_view(ui_app: QApplication, tmp_path: Path) -> None:
    """``render -o``'s standalone file, opened from disk in a default web view (as a browser would)."""
    import subprocess
    import sys

    from PySide6.QtWebEngineWidgets import QWebEngineView

    from tests.conftest import REPO

    vault = tmp_path / "vault"
    vault.mkdir()
    note = vault / "전부.md"
    secret = tmp_path / "secret.png"
    Image.new("RGB", (8, 8), "blue").save(secret)
    note.write_text("\n\n".join(render(p, secret, note) for p in PAYLOADS.values()), encoding="utf-8")
    out = tmp_path / "전부.html"
    done = subprocess.run([sys.executable, "-m", "app", "render", str(note), "-o", str(out)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    view = QWebEngineView()
    console: list[str] = []

    asked: list[str] = []

    class Page(view.page().__class__):  # type: ignore[misc]
        def javaScriptConsoleMessage(self, level: Any, message: str, line: int, source: str) -> None:
            console.append(message)

        def acceptNavigationRequest(self, url: QUrl | str, nav_type: Any, is_main_frame: bool) -> bool:
            asked.append(QUrl(url).toString())
            return len(asked) == 1  # the file itself; afterwards we only record where clicks would go

    page = Page(view)
    view.setPage(page)
    loaded: list[bool] = []
    view.loadFinished.connect(loaded.append)
    view.load(QUrl.fromLocalFile(str(out)))
    wait_until(lambda: bool(loaded), 60)
    run_js(view, INTERACT)
    QTest.qWait(400)
    state = dict(json.loads(str(run_js(view, PROBE))))
    assert state["title"] == "전부" and state["tnx"] == "undefined" and state["injected"] == 0
    assert state["tn"] == "object" and state["frames"] == 0 and state["scripts"] == 1
    assert "TN-XSS" not in console
    elsewhere = [u for u in asked[1:] if not u.startswith(("file://", "about:"))]
    assert elsewhere == [], "no javascript:, data: or web navigation (the <base> and the refresh are gone)"
    files = [img for img in state["imgs"] if not img[0].startswith("data:image/")]
    assert all(w == 0 for _, _, w in files), files
    view.setPage(None)  # type: ignore[arg-type]
    page.deleteLater()
    dispose(view)
