"""Source lines for block elements: ``data-line`` on paragraphs, list items, table cells, callouts…

Python-Markdown keeps no source positions, and ``source.prepare`` rewrites the note before it sees it
(code, display math and comments become one-line placeholders). So each note line that carries text
gets an invisible marker ``\\ue002<line>\\ue003`` right after its block syntax (``> ``, ``- [ ] ``,
``## ``), inserted into the ORIGINAL text offsets, so every rewrite keeps it with its line. After
rendering, :func:`apply_marks` gives the innermost block element opened before a marker that marker's
line (the first marker wins: a paragraph's first line) and deletes every marker. ``window.tn
.scrollToLine(n)`` then finds the nearest element at or before line ``n``.

Lines are skipped where a marker would change the Markdown: reference and footnote definitions
(``[x]: …``), raw HTML, table separators, setext underlines and thematic breaks.
"""

from __future__ import annotations

import re

MARK_OPEN, MARK_CLOSE = "\ue002", "\ue003"  # private-use: Markdown passes them through untouched
RE_MARK = re.compile("\ue002(\\d+)\ue003")
RE_LEADING_MARK = re.compile("^\ue002(\\d+)\ue003")
# block syntax a marker goes after: indentation, quote arrows, a list marker and task box, or hashes
RE_BLOCK_PREFIX = re.compile(
    r"[ \t\u00a0]*(?:>[ \t]?)*[ \t\u00a0]*"
    r"(?:(?:[-*+]|\d{1,9}[.)])[ \t\u00a0]+(?:\[[^\]\n]\][ \t]+)?|#{1,6}[ \t]+|\|[ \t]*)?"
)
# what a line may not start with once marked: definitions, raw HTML, table rows/separators, rules
RE_UNSAFE_REST = re.compile(r"(?:\[(?![\[!])|<|\||[-=*_:+~`]{3}|[-=:](?:[-=: |]*)$|[ \t]*$)", re.M)
BLOCK_TAGS = r"p|li|h[1-6]|th|td|blockquote|dt|dd"
RE_TAG_OR_MARK = re.compile(rf"<(?:{BLOCK_TAGS})\b([^>]*)>|\ue002(\d+)\ue003")


def mark(line: int) -> str:
    return f"{MARK_OPEN}{line}{MARK_CLOSE}"


def mark_offsets(text: str, starts: list[int]) -> list[tuple[int, str]]:
    """(offset in ``text``, marker) for every line a marker can go on."""
    out: list[tuple[int, str]] = []
    for index, start in enumerate(starts):
        prefix = RE_BLOCK_PREFIX.match(text, start)
        at = prefix.end() if prefix else start
        if at >= len(text) or text[at] == "\n" or RE_UNSAFE_REST.match(text, at):
            continue
        out.append((at, mark(index + 1)))
    return out


def leading_line(text: str | None) -> tuple[int | None, str | None]:
    """(line of a marker at the start of ``text``, the text without it) for the tree processors."""
    if not text:
        return None, text
    m = RE_LEADING_MARK.match(text)
    if m is None:
        return None, text
    return int(m.group(1)), text[m.end() :]


def strip_marks(text: str) -> str:
    return RE_MARK.sub("", text) if MARK_OPEN in text else text


def apply_marks(html: str) -> str:
    """Turn markers into ``data-line`` on the block element each one sits in; remove them all."""
    if MARK_OPEN not in html:
        return html
    out: list[str] = []
    pos = 0
    open_tag = -1  # index in ``out`` of the last opened block tag that has no data-line yet
    for m in RE_TAG_OR_MARK.finditer(html):
        out.append(html[pos : m.start()])
        pos = m.end()
        if m.group(2) is None:
            out.append(m.group(0))
            open_tag = -1 if "data-line=" in m.group(1) else len(out) - 1
        elif open_tag >= 0:
            tag = out[open_tag]
            out[open_tag] = f'{tag[:-1]} data-line="{m.group(2)}">'
            open_tag = -1
    out.append(html[pos:])
    return "".join(out)
