"""The renderer on the seed note and on each construct of the issue and HARD-CASES.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.markup import page_html, render_note
from app.vault import Vault
from tests.markup.helpers import strip_svg


def body(text: str, **kwargs) -> str:
    return strip_svg(render_note(text, **kwargs).body_html)


def test_seed_note(seed_text: str) -> None:
    note = render_note(seed_text)
    assert len(note.equations) == 32 and note.math_count == 82
    assert note.math_errors == []
    html = note.body_html
    # every equation and piece has its hook in the HTML
    for eq in note.equations:
        assert f'data-eq="{eq.id}"' in html
        for piece in eq.pieces:
            assert f'data-piece="{piece.id}"' in html
    assert html.count('class="tn-eq tn-row"') == 12
    # the two fenced blocks and the two pasted per-line-code paragraphs are all readable code blocks
    assert html.count('<div class="tn-code" data-code=') == 2
    assert html.count('<div class="tn-code" data-lines=') == 2
    assert "RecurrentNeuralNetworkClass" in html and "``" not in html
    assert [h.text for h in note.headings][:3] == [
        "1. 오늘 마무리 지어야 할 일",
        "2. 내일 해야할 일",
        "3. 오늘 들은 강의 정리",
    ]
    assert 'data-line="2"' in html
    assert note.missing_embeds == ["Pasted image 20231122143119.png"]
    # nested list from tabs
    nested = r'<li data-line="\d+">LSTM 구조를 코드와 함께 파악<ul>\s*<li data-line="\d+">input, output'
    assert re.search(nested, html)


def test_korean_particle_is_kept() -> None:
    html = body("$h_t$는 은닉 상태")
    assert re.search(
        r'<span class="tn-eq" [^>]*><span class="tn-math" [^>]*><svg/></span></span>는 은닉 상태', html
    )


def test_underscore_in_text_survives() -> None:
    note = render_note(r"$|x_t|=(\text{batch\_size},1,\text{input\_size})$")
    assert note.math_errors == []
    assert note.equations[0].latex == r"|x_t|=(\text{batch\_size},1,\text{input\_size})"
    assert "<em>" not in note.body_html


def test_pipes_inside_math_in_tables() -> None:
    text = "| 이름 | 값 |\n|---|---|\n| $p(y_t|h_t)$ | $2.3\\times10^{19}$ |\n"
    note = render_note(text)
    html = strip_svg(note.body_html)
    assert len(re.findall(r"<td[ >]", html)) == 2 and "<table>" in html
    assert [e.latex for e in note.equations] == ["p(y_t|h_t)", r"2.3\times10^{19}"]


def test_hangul_inside_math_renders_without_error() -> None:
    note = render_note("$쿼리 q$ 그리고\n\n$$어텐션 = attention(q,k,r)$$\n")
    assert note.math_errors == [] and len(note.equations) == 2


def test_unknown_command_is_a_math_error() -> None:
    from app import i18n

    i18n.set_language("ko")
    try:
        note = render_note("앞 $\\foo x$ 뒤")
    finally:
        i18n.set_language(None)
    assert [(e.line, e.latex) for e in note.math_errors] == [(1, "\\foo x")]
    assert "\\foo" in note.math_errors[0].reason
    assert '<span class="tn-math-error" title="알 수 없는 명령: \\foo">$\\foo x$</span>' in note.body_html
    reason = render_note("$\\foo x$").math_errors[0].reason
    assert reason in ("Unknown command: \\foo", "알 수 없는 명령: \\foo")


def test_display_and_align_rows() -> None:
    text = (
        "$$\\\n\\begin{align*}\nf_t &= \\sigma(x) \\\\\n\n"
        "h_t &= o_t \\odot \\tanh(c_t)\n\\end{align*} \\ $$\n"
    )
    note = render_note(text)
    assert [e.kind for e in note.equations] == ["row", "row"]
    html = note.body_html
    for eq in note.equations:
        assert re.search(rf'<tr class="tn-eq tn-row" data-eq="{eq.id}"', html)
    assert html.count('class="tn-right"') == 2 and html.count('class="tn-left"') == 2
    single = render_note("$$\nE = mc^2 \\tag{3.1}\n$$")
    assert 'class="tn-eq tn-display"' in single.body_html and "(3.1)" in single.body_html


def test_lists_with_tabs_and_spaces() -> None:
    for indent in ("\t", "  ", "    "):
        html = body(f"- a\n{indent}- b\n{indent}{indent}- c\n- d")
        nested = r'<li data-line="1">a<ul>\s*<li data-line="2">b<ul>\s*<li data-line="3">c</li>'
        assert re.search(nested, html), indent


def test_list_right_after_paragraph() -> None:
    assert "<ul>" in body("Output : output\n- output\n- h_n")


def test_task_list_any_char_is_done() -> None:
    html = body("- [ ] 할 일\n- [x] 끝\n- [>] 미룸")
    assert html.count("checked") == 2


def test_strike_highlight_comments() -> None:
    html = body("~~취소~~ ==강조== %%숨김%% 보임 <!-- 주석 $$x$$ -->\n\n%%\n여러 줄\n주석\n%%\n끝")
    assert "<del>취소</del>" in html and "<mark>강조</mark>" in html
    assert "숨김" not in html and "주석" not in html and "여러 줄" not in html and "<svg" not in html
    assert "보임" in html and "끝" in html


def test_footnotes_including_inline() -> None:
    html = body("본문[^1] 그리고 인라인^[짧은 설명].\n\n[^1]: 각주 내용")
    assert "각주 내용" in html and "짧은 설명" in html
    assert html.count('class="footnote-ref"') == 2


def test_fences() -> None:
    text = (
        "````markdown\n```python\nx = 1\n```\n````\n\n~~~\nplain $x$\n~~~\n\n"
        "```{.python .input}\n#@tab pytorch\ny = 2\n```\n"
    )
    note = render_note(text)
    assert [b.lang for b in note.code_blocks] == ["markdown", "", "python"]
    assert note.equations == []
    html = note.body_html
    assert "```python" in html and "#@tab pytorch" in html
    assert html.count('class="tn-copy"') == 3


def test_callouts() -> None:
    text = (
        "> [!tip]+ 접을 수 있는 팁\n> 내용 $h_t$\n\n> [!faq]- 닫힌 질문\n> 답\n\n"
        "> [!warning]\n> 바깥\n> > [!bug] 안쪽\n> > 벌레\n"
    )
    html = body(text)
    assert '<details class="tn-callout tn-callout-tip" data-callout="tip" data-line="1" open>' in html
    assert '<details class="tn-callout tn-callout-question" data-callout="faq" data-line=' in html
    assert "접을 수 있는 팁" in html and "닫힌 질문" in html
    assert re.search(r"tn-callout-warning.*tn-callout-bug", html, re.S)
    assert "[!" not in html


@pytest.mark.parametrize(
    ("alias", "kind"),
    [("summary", "abstract"), ("tldr", "abstract"), ("hint", "tip"), ("important", "tip"),
     ("check", "success"), ("done", "success"), ("help", "question"), ("caution", "warning"),
     ("attention", "warning"), ("fail", "failure"), ("missing", "failure"), ("error", "danger"),
     ("cite", "quote"), ("example", "example"), ("todo", "todo"), ("info", "info"), ("note", "note")],
)  # fmt: skip
def test_callout_aliases(alias: str, kind: str) -> None:
    assert f'class="tn-callout tn-callout-{kind}"' in body(f"> [!{alias}] 제목\n> 내용")


def test_tags() -> None:
    note = render_note(
        "#딥러닝 #RNN/LSTM 그리고 #deep_learning\n\n# 제목\n\n`#코드` https://x.com/a#frag 123#456 #2023"
    )
    assert note.tags == ["딥러닝", "RNN/LSTM", "deep_learning"]
    assert note.headings[0].text == "제목"


def test_front_matter_properties() -> None:
    note = render_note("---\ntags: [rnn, lstm]\n날짜: 2023-11-22\n---\n# 본문\n")
    assert note.front_matter["tags"] == ["rnn", "lstm"]
    assert '<table class="tn-properties">' in note.body_html
    assert '<a class="tn-tag-link" data-tag="rnn" href="#">#rnn</a>' in note.body_html  # tags as tag pills
    assert "<td>2023-11-22</td>" in note.body_html
    assert note.headings[0].line == 5


def test_block_ids_and_heading_links(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "# 위\n문단 ^blk1\n\n[[#위]] [[b#^x|별칭]] [[없는 노트]]", encoding="utf-8"
    )
    (tmp_path / "b.md").write_text("b 노트 ^x", encoding="utf-8")
    vault = Vault(tmp_path)
    note = render_note((tmp_path / "a.md").read_text(encoding="utf-8"), path=tmp_path / "a.md", vault=vault)
    html = note.body_html
    assert 'id="^blk1"' in html
    assert 'data-anchor="위" data-target="a.md"' in html
    assert 'data-anchor="^x" data-target="b.md" href="#">별칭</a>' in html
    assert note.unresolved_links == ["없는 노트"] and "tn-unresolved" in html
    assert note.links == ["b.md"]  # a link to a heading of the note itself is not an outgoing link


def test_embeds_images_notes_and_loops(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "그림 1.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "a.md").write_text(
        "A ![[b]] ![[그림 1.png|300]] ![[그림 1.png|30x20]] ![[없음.png]]", encoding="utf-8"
    )
    (tmp_path / "b.md").write_text("B 본문 $x$ ![[a]]", encoding="utf-8")
    vault = Vault(tmp_path)
    note = render_note((tmp_path / "a.md").read_text(encoding="utf-8"), path=tmp_path / "a.md", vault=vault)
    html = note.body_html
    assert "B 본문" in html and 'class="tn-embed"' in html
    assert 'width="300"' in html and re.search(r'<img [^>]*height="20"[^>]*width="30"', html)
    assert note.missing_embeds == ["없음.png"]
    assert "embeds loop" in html  # b embeds a again: refused, not recursed (the tests' language: English)


def test_embed_outside_vault_is_refused(tmp_path: Path) -> None:
    vault_dir = tmp_path / "vault"
    vault_dir.mkdir()
    (tmp_path / "secret.md").write_text("비밀", encoding="utf-8")
    note = render_note(
        "![[../secret.md]] ![[../../etc/passwd]]", path=vault_dir / "n.md", vault=Vault(vault_dir)
    )
    assert "비밀" not in note.body_html
    assert note.missing_embeds == ["../secret.md", "../../etc/passwd"]
    assert any("outside the vault" in w for w in note.warnings)  # worded in the tests' language (English)


def test_markdown_images_resolve_relative_to_the_note(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n"
    (tmp_path / "sub" / "img").mkdir(parents=True)
    (tmp_path / "sub" / "img" / "셀 구조.png").write_bytes(png)
    (tmp_path / "attachments").mkdir()
    (tmp_path / "attachments" / "gate.png").write_bytes(png)
    (tmp_path / "secret.png").write_bytes(png)
    note_path = tmp_path / "sub" / "n.md"
    text = (
        "![셀](img/셀%20구조.png) ![게이트](gate.png) ![웹](https://example.org/a.png)\n\n"
        "![밖](../../secret.png) ![없음](img/none.png)"
    )
    note = render_note(text, path=note_path, vault=Vault(tmp_path / "sub"))
    html = note.body_html
    cell = (tmp_path / "sub" / "img" / "셀 구조.png").resolve().as_uri()
    assert f'<img alt="셀" src="{cell}"' in html
    assert 'src="https://example.org/a.png"' in html
    # gate.png is not next to the note and the vault is sub/: not found; secret.png is outside: refused
    assert note.missing_embeds == ["gate.png", "../../secret.png", "img/none.png"]
    assert html.count('class="tn-embed tn-unresolved"') == 3 and 'secret.png"' not in html
    assert any("outside the vault" in w for w in note.warnings)  # worded in the tests' language (English)
    # the whole vault is searched by name when the note's folder does not have the file
    vault_note = render_note("![게이트](gate.png)", path=note_path, vault=Vault(tmp_path))
    assert (tmp_path / "attachments" / "gate.png").resolve().as_uri() in vault_note.body_html
    # a standalone page carries the image itself
    page = page_html(note, title="n", standalone=True)
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in page and "file://" not in page.split("<main")[1]


def test_not_wikilinks_hard_case_8() -> None:
    html = body(
        "[[Gulcehre et al. 2015]](https://arxiv.org) 와 [[1, 2], [3, 4]] 와 <sup>[[1]](#footnote_1)</sup>"
    )
    assert '<a href="https://arxiv.org">[Gulcehre et al. 2015]</a>' in html
    assert "[[1, 2], [3, 4]]" in html
    assert "tn-wikilink" not in html


def test_d2l_roles_hard_case_10() -> None:
    html = body(
        "$$h = 1$$\n:eqlabel:`eq_lstm`\n\n식 :eqref:`eq_lstm` 과 :numref:`fig_lstm`, :cite:`Hochreiter.1997`"
    )
    assert 'id="eq_lstm"' in html and 'href="#eq_lstm"' in html and "[Hochreiter.1997]" in html
    assert ":eqref:" not in html


def test_page_html_has_hooks_and_themes() -> None:
    note = render_note("$x$")
    note.warnings.append("이 노트는 CP949로 읽었습니다.")
    page = page_html(note, title="제목", theme="dark")
    assert '<body class="tn-theme-dark">' in page and "window.tn" in page and "@font-face" in page
    assert "prefers-color-scheme: dark" in page and "CP949" in page
    standalone = page_html(note, title="제목", standalone=True)
    assert "file://" not in standalone and "data:font/ttf;base64," in standalone


def test_block_elements_carry_their_source_line() -> None:
    text = (
        "제목\n===\n\n첫 문단 $h_t$ 는\n둘째 줄\n\n- 항목 하나\n- [ ] 할 일\n\t- 중첩 항목\n\n"
        "> [!note] 콜아웃\n> 내용\n\n| 열 | $a|b$ |\n|---|---|\n| 1 | 2 |\n\n%% 주석\n# 가짜 제목 %%\n\n"
        "## 두 번째 제목\n\n$$\nx^2\n$$\n"
    )
    note = render_note(text)
    html = strip_svg(note.body_html)
    # headings by their own line (a setext heading and a commented-out "#" line do not shift them)
    assert [(h.text, h.line) for h in note.headings] == [("제목", 1), ("두 번째 제목", 21)]
    assert '<h2 data-line="21" id="두-번째-제목">' in html
    assert '<p data-line="4">첫 문단' in html and "둘째 줄</p>" in html
    assert '<li data-line="7">항목 하나' in html and '<li data-line="9">중첩 항목' in html
    assert re.search(r'<li class="task-list-item" data-line="8">', html)
    assert re.search(r'<div class="tn-callout tn-callout-note" data-callout="note" data-line="11">', html)
    assert '<p data-line="12">내용</p>' in html
    assert '<th data-line="14">열</th>' in html and '<td data-line="16">1</td>' in html
    assert 'data-lines="23-25"' in html
    assert "\ue002" not in note.body_html and "\ue003" not in note.body_html
