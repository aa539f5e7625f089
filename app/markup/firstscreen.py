"""The first screenful of a long note, rendered on its own so it can be painted at once.

Why: a 2 MB note takes seconds to render whole (Python-Markdown, Pygments and typesetting are all
linear in it), but the reader sees one screen. The view paints :func:`render_first_screen` first and
swaps in the whole note when the background render (``background.py``) is done.

The prefix is cut at a block boundary — a heading, else a blank line before an unindented paragraph —
outside fenced code and display math, so the blocks it holds render exactly as in the whole note. The
ids are the same too: equation, code-block and heading ids count repeats in note order, so a prefix
assigns its blocks the ids the whole note does (what the panels look up stays valid across the swap).
What a prefix cannot know: footnote and reference definitions further down (shown as written until
the swap).

Measured (2-core dev machine, ``bench_render``): the first screen of the 2 MB benchmark note renders in
~0.1–0.3 s warm, whatever the note's length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from app.markup.blocks import code_line_mask, front_matter_end
from app.markup.mathscan import scan
from app.markup.model import RenderedNote
from app.vault import Vault

FIRST_SCREEN_CHARS = 6_000  # more than a tall window shows (~3 kB of prose, less with math and code)
LONG_NOTE_CHARS = 3 * FIRST_SCREEN_CHARS  # below this the whole note is fast enough
RE_HEADING = re.compile(r"^#{1,6}[ \t]", re.MULTILINE)
RE_PLAIN_START = re.compile(r"[^\s>|\-*+#`~$<\[^\d]")


def first_screen_cut(text: str, budget: int = FIRST_SCREEN_CHARS) -> int | None:
    """Where to cut ``text`` for its first screen (an offset at a line start), or None when the note is
    short enough to render whole or no safe boundary is near."""
    if len(text) < LONG_NOTE_CHARS:
        return None
    window = text[: budget * 4]
    mask = code_line_mask(window)
    displays = [(r.start, r.end) for r in scan(window).regions if r.display]
    starts = [0, *(m.end() for m in re.finditer("\n", window))]

    fm_end = front_matter_end(window)

    def safe(offset: int) -> bool:
        line = window.count("\n", 0, offset)
        if line < fm_end or (line < len(mask) and (mask[line] or (line > 0 and mask[line - 1]))):
            return False
        return not any(a < offset < b for a, b in displays)

    for m in RE_HEADING.finditer(window, budget):
        if m.start() > 0 and window[m.start() - 1] == "\n" and safe(m.start()):
            return m.start()
    for k, start in enumerate(starts):
        if start < budget or k == 0:
            continue
        blank_before = not window[starts[k - 1] : start].strip()
        if blank_before and RE_PLAIN_START.match(window, start) and safe(start):
            return start
    return None


def render_first_screen(
    text: str,
    *,
    path: Path | None = None,
    vault: Vault | None = None,
    badges: Sequence[tuple[int, str]] = (),
) -> RenderedNote | None:
    """The first screen of a long note, or None when the note is short (render it whole)."""
    from app.markup.render import render_note

    cut = first_screen_cut(text)
    if cut is None:
        return None
    note = render_note(text[:cut], path=path, vault=vault, badges=[b for b in badges if b[0] < cut])
    note.partial = True
    return note
