"""Containers keep their block structure, Obsidian syntax holds where Python-Markdown differs, and math
stays out of the contexts where it is not math (goldens: containers, obsidian_syntax, contexts)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.markup import render_note
from app.markup.blocks import find_code_blocks, indented_code_mask
from tests.markup.helpers import strip_svg

REPO = Path(__file__).resolve().parents[2]
PLACEHOLDERS = ("\x02", "\x03", "\ue000", "\ue001", "\ue002", "\ue003", "klzzwxh")


def html(text: str, **kwargs: object) -> str:
    return strip_svg(render_note(text, **kwargs).body_html)  # type: ignore[arg-type]


# ---- containers -----------------------------------------------------------------------------------


def test_fence_in_a_callout_is_a_code_block_with_or_without_a_blank_line() -> None:
    for gap in ("", ">\n"):
        text = f"> [!note] 코드\n{gap}> ```python\n> x = 1\n>\n> y = 2\n> ```\n"
        blocks = find_code_blocks(text)
        assert [(b.lang, b.source) for b in blocks] == [("python", "x = 1\n\ny = 2")]
        body = html(text)
        assert body.count('<div class="tn-code"') == 1 and "<code>python" not in body


def test_list_and_display_math_right_after_a_callout_title() -> None:
    body = html("> [!tip] 요약\n> - 하나\n> - 둘\n> $$a = b$$\n")
    title = r'<span class="tn-callout-title-text">요약</span>'
    assert re.search(title + r".*?<ul>\s*<li[^>]*>하나</li>", body, re.S)
    assert "- 하나" not in body and 'class="tn-eq tn-display"' in body


def test_ordered_list_keeps_its_start_and_a_bullet_list_after_it_is_its_own() -> None:
    body = html("7. 일곱\n8. 여덟\n- 점 하나\n- 점 둘\n")
    assert '<ol start="7">' in body
    assert re.search(r"</ol>\s*<ul>\s*<li[^>]*>점 하나</li>", body)
    assert html("1. 하나\n2. 둘\n").count("<ol>") == 1  # a list from 1 has no start attribute


def test_footnote_keeps_its_list() -> None:
    body = html("본문[^a]\n\n[^a]: 설명\n    - 가\n    - 나\n")
    note = body[body.index('<div class="footnote">') :]
    assert re.search(r"<p>설명</p>\s*<ul>\s*<li[^>]*>가</li>", note)
    assert "<ul>" not in body[: body.index('<div class="footnote">')]


def test_markdown_between_blank_lines_inside_html_blocks() -> None:
    body = html(
        "<details>\n<summary>열기</summary>\n\n**굵게** $x$\n\n</details>\n\n<div>\n\n- 항목\n\n</div>\n"
    )
    assert "<strong>굵게</strong>" in body and 'class="tn-eq"' in body and "<li" in body
    assert "markdown=" not in body
    raw = html("<div>\n**그대로**\n</div>\n")  # no blank line: an HTML block, as in CommonMark
    assert "**그대로**" in raw


def test_check_counts_code_blocks_inside_callouts(tmp_path: Path) -> None:
    (tmp_path / "n.md").write_text(
        "> [!example]\n> ```python\n> x = (\n> ```\n\n| a | b |\n|---|---|\n| [[없는\\|별칭]] | c |\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "app", "check", str(tmp_path / "n.md"), "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    (entry,) = json.loads(proc.stdout.splitlines()[-1])["notes"]
    assert entry["code_blocks"] == 1 and len(entry["code_errors"]) == 1  # the syntax error inside
    assert entry["unresolved_links"] == ["없는"]
    assert not any(p in proc.stdout for p in PLACEHOLDERS)


# ---- Obsidian syntax ------------------------------------------------------------------------------


def test_escaped_pipes_in_table_cells(tmp_path: Path) -> None:
    (tmp_path / "대상.md").write_text("# 대상", encoding="utf-8")
    (tmp_path / "그림.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    text = (
        "| 링크 | 그림 |\n|---|---|\n| [[대상\\|별칭]] | ![[그림.png\\|64]] |\n"
        "| [[없음\\|x]] | ![[없는.png\\|9]] |\n"
    )
    note = render_note(text, path=tmp_path / "n.md")
    assert note.unresolved_links == ["없음"] and note.missing_embeds == ["없는.png"]
    assert '>별칭</a>' in note.body_html and 'width="64"' in note.body_html
    assert len(re.findall(r"<td[ >]", note.body_html)) == 4
    assert not any(p in note.body_html for p in PLACEHOLDERS)


def test_block_ids_after_tables_lists_and_quotes_and_their_embeds(tmp_path: Path) -> None:
    (tmp_path / "원본.md").write_text(
        "| a |\n|---|\n| 1 |\n\n^tbl\n\n- 가\n- 나\n\n^lst\n\n> 인용\n\n^q\n", encoding="utf-8"
    )
    source = render_note((tmp_path / "원본.md").read_text(encoding="utf-8"), path=tmp_path / "원본.md")
    for tag, block in (("table", "tbl"), ("ul", "lst"), ("blockquote", "q")):
        assert f'<{tag} id="^{block}">' in source.body_html
    assert "^tbl</p>" not in source.body_html
    other = render_note("![[원본#^tbl]] ![[원본#^lst]]", path=tmp_path / "다른.md")
    assert "<table" in other.body_html and "<li" in other.body_html and "인용" not in other.body_html


def test_escaped_dollar_is_a_dollar() -> None:
    note = render_note("커피는 \\$4, 책은 \\$20 이다. 진짜 수식 $x$.")
    assert "\\$" not in note.body_html and "$4" in note.body_html and "$20" in note.body_html
    assert len(note.equations) == 1


# ---- contexts -------------------------------------------------------------------------------------


def test_no_math_in_indented_code_but_in_list_continuations() -> None:
    text = "문단\n\n    $x$ = 비용\n\n- 항목\n\n    $y$ 는 항목의 내용\n"
    assert indented_code_mask(text) == [False, False, True, False, False, False, False, False]
    note = render_note(text)
    assert [e.latex for e in note.equations] == ["y"]
    assert "<pre><code>$x$ = 비용" in note.body_html


def test_heading_links_carry_plain_anchors_that_match_the_heading_id() -> None:
    note = render_note("## 게이트 $f_t$ 와 $\\sigma$\n\n[[#게이트 $f_t$ 와 $\\sigma$]]\n")
    heading_id = note.headings[0].anchor
    link = re.search(r'<a class="tn-wikilink"[^>]*>', note.body_html)
    assert link is not None
    assert f'data-anchor="{heading_id}"' in link.group(0) and f'href="#{heading_id}"' in link.group(0)
    assert "<span" not in link.group(0) and "tn-math" not in link.group(0)


# ---- fuzzing: containers never crash or leak --------------------------------------------------------

LINES = st.sampled_from([
    "> [!note] 제목", "> [!tip]- 접힘", "> - 항목", "> 1. 하나", "> ```python", "> ```", "> x = 1", ">",
    "> $$", "> a = b", "$$", "- 목록", "3. 셋", "    - 안쪽", "    들여쓴 코드 $x$", "[^n]: 각주",
    "본문[^n]", "<details>", "</details>", "<div>", "</div>", "| a | [[b\\|c]] |", "|---|---|", "^blk",
    "", "", "$f_t$ 와 \\$5", "## 제목 $h_t$", "[[#제목 $h_t$]]", "```", "~~~",
])  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(LINES, max_size=14))
def test_containers_never_crash_or_leak_placeholders(lines: list[str]) -> None:
    note = render_note("\n".join(lines))
    assert not any(p in note.body_html for p in PLACEHOLDERS)
    assert not any(p in t for t in note.unresolved_links + note.missing_embeds for p in PLACEHOLDERS)
