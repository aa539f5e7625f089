"""Inline HTML in a heading: the outline's text and the heading's ``id`` hold no Python-Markdown stash
placeholders (``\\x02wzxhzdk:4\\x03``), and a ``<script>``'s text is not shown as the heading's."""

from __future__ import annotations

import re

from app.markup import render_note

NOTE = """# 게이트 <b>정리</b> 노트

## Hostile <script>alert('x')</script> heading

## <span style="color:red">빨간</span> 제목 $h_t$

### a < b and <
"""


def test_headings_are_plain_text() -> None:
    note = render_note(NOTE)
    texts = [h.text for h in note.headings]
    assert texts == ["게이트 정리 노트", "Hostile heading", "빨간 제목 h_t", "a < b and <"]
    for heading in note.headings:
        assert not {"\x02", "\x03"} & set(heading.anchor) and "wzxhzdk" not in heading.anchor
    ids = re.findall(r'<h\d[^>]* id="([^"]*)"', note.body_html)
    assert ids == [h.anchor for h in note.headings]
    assert "alert" not in " ".join(texts)
