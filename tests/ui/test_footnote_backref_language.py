"""A footnote's "back to the text" link is titled in the UI's language, like the copy button
(Python-Markdown writes one fixed title, Korean, into every page)."""

from __future__ import annotations

import pytest
from PySide6.QtWebEngineWidgets import QWebEngineView

from app.markup import page_html, render_note

NOTE = "본문에 각주를 단다[^a].\n\n[^a]: 각주의 내용\n"


@pytest.mark.parametrize(("lang", "title"), [("en", "Back to the text"), ("ko", "본문으로 돌아가기")])
def test_backref_title_follows_the_page_language(qtbot, lang: str, title: str) -> None:  # type: ignore[no-untyped-def]
    view = QWebEngineView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loadFinished, timeout=20_000):
        view.setHtml(page_html(render_note(NOTE), title="t", lang=lang))
    seen: list[object] = []
    view.page().runJavaScript("document.querySelector('a.footnote-backref').title", 0, seen.append)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen[0] == title
