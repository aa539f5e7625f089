"""Huge notes stay fast and small: the first screen alone, the whole note in a worker process that can be
abandoned, and a page a small multiple of the note (benchmarks/huge_note.py makes the note)."""

from __future__ import annotations

import re
import sys
import threading
import time
from pathlib import Path

from app.markup import page_html, render_note
from app.markup.background import BackgroundRenderer, Request
from app.markup.compact import compact_page
from app.markup.firstscreen import LONG_NOTE_CHARS, first_screen_cut, render_first_screen
from app.markup.sanitize import sanitize

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from huge_note import huge_note

NOTE = huge_note(0.25)


def test_the_generated_note_is_varied_and_deterministic() -> None:
    assert huge_note(0.25) == NOTE and len(NOTE.encode()) >= 0.25 * 1024 * 1024
    formulas = set(re.findall(r"\$([^$\n]+)\$", NOTE))
    assert len(formulas) > 200  # not one section pasted again and again


def test_first_screen_is_a_prefix_with_the_whole_notes_ids() -> None:
    cut = first_screen_cut(NOTE)
    assert cut is not None and NOTE[cut:].startswith("## ") and cut < 20_000
    first = render_first_screen(NOTE)
    whole = render_note(NOTE)
    assert first is not None and first.partial and not whole.partial
    ids = [e.id for e in first.equations]
    assert ids and ids == [e.id for e in whole.equations][: len(ids)]
    assert [b.id for b in first.code_blocks] == [b.id for b in whole.code_blocks][: len(first.code_blocks)]
    assert first.math_errors == [] == whole.math_errors
    assert render_first_screen("짧은 노트 $x$") is None and len("짧은 노트") < LONG_NOTE_CHARS


def test_the_page_is_a_small_multiple_of_the_note() -> None:
    # What grows with the text (the benchmark's 2 MB note: html_size_ratio ≈ 4 with everything): the
    # page minus its fixed part (CSS, script) and the glyph sprite (bounded by the distinct glyphs).
    page = page_html(render_note(NOTE), title="긴 노트")
    fixed = len(page_html(render_note(""), title="긴 노트").encode())
    sprite = sum(len(m.group(0).encode()) for m in re.finditer(
        r'<svg class="tn-sprite".*?</svg>|<style class="tn-sprite-style">.*?</style>', page, re.S))
    assert (len(page.encode()) - fixed - sprite) / len(NOTE.encode()) < 3.7


def test_compact_pieces_keep_every_hook_for_the_script() -> None:
    note = render_note("가 $h_t$ 와 $x_t$=$y$\n\n$$\n\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}\n"
                       "$$\n")
    body = note.body_html
    compact = sanitize(compact_page(body))
    pieces = re.findall(r'data-piece="(eq-[0-9a-f-]+)\.(\d+)"><svg class="tn-m-([0-9a-f]+)"', body)
    assert len(pieces) == 7 and 'class="tn-math"' not in compact
    # what compact.js rebuilds: the nearest data-eq before each <i p> and its k
    rebuilt = []
    for m in re.finditer(r'<i data-p="([0-9a-f]+)"(?: data-k="(\d+)")?></i>', compact):
        owner = re.findall(r'data-eq="(eq-[0-9a-f-]+)"', compact[: m.start()])[-1]
        rebuilt.append((owner, m.group(2) or "0", m.group(1)))
    assert rebuilt == pieces


def test_a_background_render_can_be_abandoned_at_once() -> None:
    worker = BackgroundRenderer()
    try:
        small = worker.render(Request("# 제목\n\n$h_t$", None, None, "t", "light", "ko"))
        assert small is not None and small.rendered is not None and "tn-eq" in small.rendered.body_html
        assert small.html is not None and small.html.startswith("<!DOCTYPE html>")
        results: list[object] = []
        running = threading.Thread(
            target=lambda: results.append(worker.render(Request(NOTE * 4, None, None, "t", "light", "ko")))
        )
        running.start()
        time.sleep(0.5)
        start = time.perf_counter()
        assert worker.cancel()
        running.join(timeout=10)
        assert time.perf_counter() - start < 2 and results == [None]
        again = worker.render(Request("$x$", None, None, "t", "light", "ko"))  # a fresh worker
        assert again is not None and again.rendered is not None
    finally:
        worker.close()


def test_the_first_screen_never_cuts_inside_front_matter() -> None:
    yaml_comments = "".join(f"# 설정 주석 {k}\nkey{k}: {k}\n" for k in range(600))
    text = f"---\n{yaml_comments}---\n" + NOTE
    cut = first_screen_cut(text)
    assert cut is not None and cut > text.index("\n---\n") and text[cut:].startswith("#")
