"""A fenced block inside a callout or quote is a code block everywhere (renderer, index, saver): its
``>`` markers are not code, and saving it writes them back on every line, blank ones included."""

from __future__ import annotations

from pathlib import Path

from app.markup.blocks import find_code_blocks
from app.vault.links import scan
from app.vault.save import read_snapshot, save_block


def test_saving_a_block_inside_a_callout_keeps_the_callout(tmp_path: Path) -> None:
    note = tmp_path / "콜아웃.md"
    note.write_text("> [!example] 예제\n> ```python\n> x = 1\n> ```\n\n뒤 문단\n", encoding="utf-8")
    snap = read_snapshot(note)
    (block,) = find_code_blocks(snap.text)
    assert block.source == "x = 1" and (block.first_line, block.last_line) == (2, 4)
    save_block(snap, block, "x = 1\n\nif x:\n    y = 2", find_code_blocks)
    assert note.read_text(encoding="utf-8") == (
        "> [!example] 예제\n> ```python\n> x = 1\n>\n> if x:\n>     y = 2\n> ```\n\n뒤 문단\n"
    )
    (again,) = find_code_blocks(note.read_text(encoding="utf-8"))
    assert again.source == "x = 1\n\nif x:\n    y = 2"


def test_nested_quote_and_an_unclosed_block_end_with_the_quote() -> None:
    text = "> > ```\n> > a\n> > ```\n\n> ```\n> b\n밖의 줄\n"
    first, second = find_code_blocks(text)
    assert first.source == "a" and first.closed
    assert second.source == "b" and not second.closed and second.last_line == 6


def test_the_index_ignores_tags_and_links_in_quoted_code() -> None:
    facts = scan("> [!note]\n> ```python\n> #include [[가짜]]\n> ```\n\n#진짜 [[진짜]]\n")
    assert [tag for tag, _ in facts.tags] == ["진짜"]
    assert [link.target for link in facts.links] == ["진짜"]
