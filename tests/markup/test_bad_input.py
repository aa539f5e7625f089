"""Bad input never crashes the renderer or ``check``; each case gets a clear, visible result."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.markup import page_html, render_note
from app.vault import read_note
from tests.fixtures.make_bad import big_note

REPO = Path(__file__).resolve().parents[2]
RE_SYMBOL_ID = re.compile(r'<symbol id="([^"]+)"')


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "check", *args], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def test_cp949_note_gets_a_banner(tmp_path: Path) -> None:
    path = tmp_path / "옛노트.md"
    path.write_bytes("# 제목\n$h_t$는 은닉 상태".encode("cp949"))
    decoded = read_note(path)
    note = render_note(decoded.text, path=path)
    assert decoded.warning and "CP949" in decoded.warning
    assert len(note.equations) == 1 and "은닉 상태" in note.body_html


def test_bom_and_crlf() -> None:
    note = render_note("\ufeff# 제목\r\n\r\n- $a$\r\n\t- $b$\r\n")
    assert note.headings[0].text == "제목" and note.headings[0].line == 1
    assert [e.latex for e in note.equations] == ["a", "b"]
    assert "\r" not in note.body_html and "\ufeff" not in note.body_html


def test_five_megabyte_note_renders_in_linear_time_and_size() -> None:
    text = big_note(5)
    size = len(text.encode("utf-8"))
    assert size >= 5_000_000
    start = time.perf_counter()
    note = render_note(text)
    elapsed = time.perf_counter() - start
    assert note.math_count > 100_000 and note.math_errors == []
    assert elapsed < 90, f"5 MB note took {elapsed:.1f} s"
    page = page_html(note, title="큰 노트")
    # Each distinct formula's outlines are written once (the note has 8 distinct ones), so the page
    # grows with the text, not with (occurrences x SVG size): it used to be ~140x the input.
    symbols = RE_SYMBOL_ID.findall(page)
    assert len(symbols) == len(set(symbols))  # each formula and each glyph once
    assert len([s for s in symbols if s.startswith("tn-m-")]) <= 10
    assert page.count("<path ") <= len([s for s in symbols if s.startswith("tn-g")]) < 200
    assert len(page.encode("utf-8")) < 12 * size, f"{len(page) / size:.1f}x the input"


def test_binary_md_in_check(tmp_path: Path) -> None:
    (tmp_path / "이미지.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "좋은.md").write_text("$x$", encoding="utf-8")
    proc = run_check(str(tmp_path), "--json", "--strict")
    assert proc.returncode == 1, proc.stderr
    report = {n["path"]: n for n in json.loads(proc.stdout.splitlines()[-1])["notes"]}
    assert report["이미지.md"]["code_errors"]
    assert any(w in report["이미지.md"]["code_errors"][0] for w in ("바이너리", "binary"))
    assert report["좋은.md"]["math"] == 1 and report["좋은.md"]["code_errors"] == []


def test_unclosed_dollar_and_fence() -> None:
    note = render_note("가격은 $5 이고\n\n```python\nprint('x')\n")
    assert note.equations == [] and "$5" in note.body_html
    assert note.code_blocks[0].closed is False
    assert any("닫히지 않았습니다" in e or "never closed" in e for e in note.code_errors)  # either language
    unclosed_display = render_note("$$\nx = 1\n\n본문")
    assert unclosed_display.math_errors and unclosed_display.math_errors[0].line == 1


def test_python_syntax_error_reported_without_running(tmp_path: Path) -> None:
    note = render_note(
        "```python\ndef f(:\n    pass\n```\n\n```python\nimport os\nos.remove('/nonexistent')\n```"
    )
    assert len(note.code_errors) == 1 and ("2행" in note.code_errors[0] or "line 2" in note.code_errors[0])


def test_wikilink_and_embed_loop(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("A [[b]] ![[b]]", encoding="utf-8")
    (tmp_path / "b.md").write_text("B [[a]] ![[a]]", encoding="utf-8")
    note = render_note((tmp_path / "a.md").read_text(encoding="utf-8"), path=tmp_path / "a.md")
    assert note.body_html.count("B [[a]]") == 0 and "embeds loop" in note.body_html  # tests run in English


def test_self_embed() -> None:
    note = render_note("자기 자신 ![[self]]", path=Path("/nonexistent-dir/self.md"))
    assert note.missing_embeds == ["self"]


def test_check_cli_json_shape(tmp_path: Path) -> None:
    (tmp_path / "n.md").write_text(
        "$\\foo$ [[없음]] ![[그림.png]]\n```python\nx = (\n```\n", encoding="utf-8"
    )
    proc = run_check(str(tmp_path / "n.md"), "--json")
    assert proc.returncode == 0
    (entry,) = json.loads(proc.stdout.splitlines()[-1])["notes"]
    assert set(entry) == {
        "path", "equations", "math", "code_blocks", "math_errors", "unresolved_links", "missing_embeds",
        "code_errors",
    }  # fmt: skip
    assert entry["math_errors"][0]["line"] == 1 and entry["math_errors"][0]["latex"] == "\\foo"
    assert entry["unresolved_links"] == ["없음"] and entry["missing_embeds"] == ["그림.png"]
    assert len(entry["code_errors"]) == 1
    assert run_check(str(tmp_path / "n.md"), "--strict").returncode == 1


def test_render_cli_writes_standalone_page(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text("# 제목\n$h_t$", encoding="utf-8")
    out = tmp_path / "out.html"
    proc = subprocess.run(
        [sys.executable, "-m", "app", "render", str(note), "-o", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "data:font/ttf;base64," in page and "<svg" in page


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("$`\\{}[]!#|>*_~=%^-\n\t 가a1&<:()")), max_size=200))
def test_render_never_raises_on_markup_soup(text: str) -> None:
    note = render_note(text)
    assert isinstance(note.body_html, str)


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=300))
def test_render_never_raises_on_any_text(text: str) -> None:
    render_note(text)
