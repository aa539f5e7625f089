"""The light link/tag/heading scanner: what counts as a link or tag, and what must not."""

from __future__ import annotations

from pathlib import Path

from app.vault.links import scan
from app.vault.resolve import LinkResolver


def test_wikilinks_with_heading_alias_and_embed() -> None:
    facts = scan("앞 [[LSTM#게이트|게이트 설명]] 뒤\n![[스크린샷 2023-05-01 오후 3.12.45.png]]\n[[#위로]]")
    assert [(ln.target, ln.anchor, ln.line, ln.embed) for ln in facts.links] == [
        ("LSTM", "게이트", 1, False),
        ("스크린샷 2023-05-01 오후 3.12.45.png", "", 2, True),
        ("", "위로", 3, False),
    ]


def test_markdown_links_to_notes_but_not_urls() -> None:
    facts = scan("[a](models/GRU.md) [b](https://pytorch.org) [c](<RNN 기초.md#상태>) [d](#local)")
    assert [(ln.target, ln.anchor) for ln in facts.links] == [("models/GRU.md", ""), ("RNN 기초.md", "상태")]


def test_tags_rules() -> None:
    text = (
        "#deep_learning #RNN/LSTM 본문 #한글태그\n"
        "# 제목이지 태그가 아님\n"
        "숫자만 #123 은 태그가 아님, url http://x.org/#frag 도 아님\n"
        "`#inline_code` and\n```cpp\n#include <x>\n```\n"
        "%% #주석 %%\n(#괄호안)\n"
    )
    assert [t for t, _ in scan(text).tags] == ["deep_learning", "RNN/LSTM", "한글태그", "괄호안"]


def test_front_matter_aliases_and_tags() -> None:
    facts = scan("---\naliases: 게이트, gates\ntags:\n  - rnn/lstm\n  - '#복습'\n---\n# 제목\n")
    assert facts.aliases == ["게이트", "gates"]
    assert facts.tags == [("rnn/lstm", 1), ("복습", 1)]
    assert [(h.level, h.text, h.line) for h in facts.headings] == [(1, "제목", 7)]


def test_malformed_front_matter_is_ignored() -> None:
    facts = scan("---\naliases: [unclosed\n---\n## 본문 ##\n")
    assert facts.aliases == []
    assert [(h.level, h.text) for h in facts.headings] == [(2, "본문")]


def test_headings_outside_code_only() -> None:
    facts = scan("# 하나\n```python\n# comment\n```\n~~~\n## 안 됨\n~~~\n### 셋 `code #x`\n")
    assert [(h.level, h.text, h.line) for h in facts.headings] == [(1, "하나", 1), (3, "셋 `code #x`", 8)]


def test_the_users_seed_note_scans(seed_text: str) -> None:
    facts = scan(seed_text)
    assert facts.headings, "the seed note has headings"
    assert all(h.line >= 1 for h in facts.headings)
    lines = seed_text.split("\n")
    for h in facts.headings:
        assert h.text in lines[h.line - 1]


def test_resolver_prefers_same_folder_then_shortest_path() -> None:
    r = LinkResolver(["a/LSTM.md", "b/c/LSTM.md", "LSTM 정리.md", "img/x.png", "b/note.md"])
    assert r.resolve("LSTM", "b/c/other.md") == "b/c/LSTM.md"
    assert r.resolve("lstm", "top.md") == "a/LSTM.md"
    assert r.resolve("x.png", "b/note.md") == "img/x.png"
    assert r.resolve("c/LSTM", "top.md") == "b/c/LSTM.md"
    assert r.resolve("../a/LSTM.md", "b/note.md") == "a/LSTM.md"
    assert r.resolve("../../etc/passwd", "b/note.md") is None
    assert r.resolve("없음", "b/note.md") is None
    assert r.resolve("", "b/note.md") == "b/note.md"


def test_resolver_matches_nfd_names() -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "게이트.md")
    assert LinkResolver([nfd]).resolve("게이트", "x.md") == nfd
    assert Path(nfd).suffix == ".md"
