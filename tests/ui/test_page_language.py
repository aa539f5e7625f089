"""The note page's own controls (the code block's copy button) speak the UI's language; the note does not."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWebEngineWidgets import QWebEngineView

from app.markup import page_html, render_note

NOTE = "# 코드\n\n```python\nx = 1  # 한국어 주석\n```\n"


@pytest.mark.parametrize(
    ("lang", "label", "title"), [("en", "Copy", "Copy code"), ("ko", "복사", "코드 복사")]
)
def test_copy_button_follows_the_page_language(qtbot, lang: str, label: str, title: str) -> None:
    view = QWebEngineView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loadFinished, timeout=20_000):
        view.setHtml(page_html(render_note(NOTE), title="t", lang=lang))
    seen: list[object] = []
    view.page().runJavaScript(
        "(() => { const b = document.querySelector('.tn-copy');"
        " return JSON.stringify([document.documentElement.lang, b.textContent, b.title,"
        " document.querySelector('pre').textContent.includes('한국어 주석')]); })()",
        0,
        seen.append,
    )
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert json.loads(str(seen[0])) == [lang, label, title, True]
