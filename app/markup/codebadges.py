"""Shape badges inside highlighted code: a code comment's claim gets its badge right after the shape.

``# x:[N x L x Q] => rnn_out:[N x L x D]`` holds two claims (``app.equations.shapes``). Badges in prose are
placed in the Markdown source (``source.prepare``'s anchors), but a code block is replaced whole by its
highlighted HTML, so its badges are put into that HTML instead: after the claim's column on its line,
counting the characters the reader sees (tags skipped, an entity ``&lt;`` is one character), else at the
end of the line. Pygments keeps the source's newlines, so line k of the highlighted HTML is line k of the
block. The badge is the same ``<span class="tn-shape" data-claim>`` as in prose; note.js fills both, and its
copy button leaves badges out of the copied code.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from app.markup.blocks import CodeBlock

RE_CODE = re.compile(r"(<pre><code>)(.*?)(</code></pre>)", re.DOTALL)


def badges_by_block(
    text: str, blocks: Sequence[CodeBlock], badges: Sequence[tuple[int, str]]
) -> dict[int, list[tuple[int, int | None, str]]]:
    """The badges (note offset, html) that fall inside a block's content, per block index, as
    (line index in the block, column in the block's source line or None for the line's end, html)."""
    if not badges or not blocks:
        return {}
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    spans = [(b, *b.content_lines) for b in blocks]
    found: dict[int, list[tuple[int, int | None, str]]] = {}
    for offset, html in badges:
        n = bisect.bisect_right(starts, offset)  # 1-based note line
        block = next((b for b, first, last in spans if first <= n <= last), None)
        if block is None:
            continue
        k = n - block.content_lines[0]
        source_lines = block.source.split("\n")
        if k >= len(source_lines):
            continue
        note_line, source_line = lines[n - 1], source_lines[k]
        column: int | None = None
        if note_line.endswith(source_line):  # the fence's indentation or quote marks removed
            column = offset - starts[n - 1] - (len(note_line) - len(source_line))
            column = column if 0 <= column <= len(source_line) else None
        found.setdefault(block.index, []).append((k, column, html))
    return found


def _insert(line: str, column: int | None, html: str) -> str:
    """``html`` after ``column`` visible characters of one line of highlighted HTML (None: at its end)."""
    if column is None:
        return line + html
    seen, pos = 0, 0
    while pos < len(line) and seen < column:
        if line[pos] == "<":
            pos = line.index(">", pos) + 1 if ">" in line[pos:] else len(line)
            continue
        if line[pos] == "&" and ";" in line[pos : pos + 10]:
            pos = line.index(";", pos) + 1
        else:
            pos += 1
        seen += 1
    while line.startswith("</", pos):  # after the closing tags of the token the claim ends in
        pos = line.index(">", pos) + 1
    return line[:pos] + html + line[pos:]


def with_badges(block_html: str, badges: Sequence[tuple[int, int | None, str]] | None) -> str:
    """``block_html`` (``codehtml.block_html``) with each badge put at its line and column."""
    if not badges:
        return block_html
    m = RE_CODE.search(block_html)
    if m is None:
        return block_html
    lines = m.group(2).split("\n")
    for k, column, html in sorted(badges, key=lambda b: (b[0], -(b[1] if b[1] is not None else 10**9))):
        if k < len(lines):  # right to left on a line, so earlier columns stay where they were
            lines[k] = _insert(lines[k], column, html)
    return block_html[: m.start(2)] + "\n".join(lines) + block_html[m.end(2) :]
