"""Turn a note into the Markdown that Python-Markdown should see (the first step of the pipeline).

Math, fenced code and the seed note's "one inline-code span per line" paste are replaced by inert
placeholders *before* Markdown parses anything, so ``\\_``, ``|`` and ``*`` inside math and ``$`` inside
code can never be touched by Markdown rules; the placeholders are swapped for the finished HTML at the
very end (``render.py``). Comments (``<!-- -->``, ``%% %%``) and front matter are dropped here.

Then Obsidian's looser block syntax is adapted to Python-Markdown's stricter one:
- list indentation (tabs, 2 spaces, anything) is rewritten as 4 spaces per nesting level;
- a list or table that follows a paragraph line gets the blank line Python-Markdown needs;
- any character in a task box (``- [>]``) counts as done;
- inline footnotes ``^[…]`` become ordinary footnotes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.markup.blocks import RE_FENCE_OPEN, CodeBlock
from app.markup.linemarks import mark_offsets

PH_OPEN, PH_CLOSE = "\ue000", "\ue001"  # private-use characters: Markdown passes them through untouched
RE_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
# Python-Markdown merges blockquotes separated by a blank line; CommonMark (and Obsidian) do not.
QUOTE_SEPARATOR = "\ue000sep\ue001"
RE_BLOCK_PLACEHOLDER = re.compile("<p>\ue000(\\d+)\ue001</p>")
RE_LIST_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
RE_TASK = re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[([^\]\sxX])\]")
RE_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
RE_INLINE_FOOTNOTE = re.compile(r"(`+)[\s\S]*?(?<!`)\1(?!`)|\^\[([^\[\]\n]+)\]")
RE_ATX = re.compile(r"^(?:>[ \t]?)*[ ]{0,3}(#{1,6})(?:[ \t]+|$)")
RE_SETEXT = re.compile(r"^[ ]{0,3}(?:=+|-+)[ \t]*$")
RE_PASTED_START = re.compile(r"^[\s\u00a0]*(`+)")
RE_QUOTE_MARKER = re.compile(r"^[ \t]*>[ \t]?")
RE_CALLOUT_HEAD = re.compile("^(?:\ue002\\d+\ue003)?\\[![A-Za-z0-9_-]+\\]")
RE_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]\s]+\]:[ \t]*")


@dataclass
class Prepared:
    markdown: str
    heading_lines: list[int]  # 1-based note lines of headings, in order
    pasted_code: int  # paragraphs of per-line inline code rendered as code blocks


def line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _indent_width(line: str) -> tuple[int, int]:
    """(visual width with tabs at 4, number of leading whitespace characters)."""
    width = n = 0
    for c in line:
        if c == "\t":
            width += 4 - width % 4
        elif c == " ":
            width += 1
        else:
            break
        n += 1
    return width, n


def _pasted_paragraphs(lines: list[str], skip: list[bool]) -> list[tuple[int, int]]:
    """0-based (first, last) line ranges of paragraphs pasted as one inline-code span per line.

    The seed note's Colab paste looks like ```\\`class X:`` / `` \\`\\`   def f():`` …: every line begins with
    backticks and most of those runs are never closed on their line. Rendered as Markdown it is an
    unreadable jumble of code spans, so such a paragraph becomes a code block.
    """
    out: list[tuple[int, int]] = []
    n = 0
    while n < len(lines):
        if skip[n] or not lines[n].strip():
            n += 1
            continue
        first = n
        while n < len(lines) and lines[n].strip() and not skip[n]:
            n += 1
        para = lines[first:n]
        starts = [RE_PASTED_START.match(line) for line in para]
        if len(para) >= 2 and all(starts):
            unclosed = sum(1 for line, m in zip(para, starts, strict=True) if m and _unclosed(line, m))
            if unclosed * 2 > len(para):
                out.append((first, n - 1))
    return out


def _unclosed(line: str, m: re.Match[str]) -> bool:
    """Whether the backtick run opening ``line`` has no run of the same length after it."""
    run = m.group(1)
    return re.search(rf"(?<!`){run}(?!`)", line[m.end() :]) is None


def pasted_code_source(lines: list[str]) -> str:
    """The code inside a pasted paragraph: backtick runs at line starts and ends removed, NBSP → space."""
    out = []
    for line in lines:
        line = line.replace("\u00a0", " ")
        m = re.match(r"^(\s*)`+", line)
        if m:
            line = m.group(1) + line[m.end() :]
        out.append(re.sub(r"`+\s*$", "", line).rstrip())
    return "\n".join(out)


def prepare(
    text: str,
    *,
    math: list[tuple[int, int, str]],
    comments: list[tuple[int, int]],
    code_blocks: list[CodeBlock],
    front_matter_end: int,
    code_mask: list[bool],
    stash: Callable[[str], str],
    code_block_html: Callable[[CodeBlock], str],
    pasted_html: Callable[[str, tuple[int, int]], str],
    anchors: Sequence[tuple[int, str]] = (),
) -> Prepared:
    """Build the Markdown source. ``math`` holds (start, end, html) for each math region; ``anchors``
    holds (offset, inline html) put at an offset of the text (dropped inside a replaced span: code)."""
    starts = line_starts(text)
    lines = text.split("\n")

    def line_end(index: int) -> int:  # offset of the end of 0-based line ``index`` (before its newline)
        return starts[index] + len(lines[index])

    spans: list[tuple[int, int, str]] = []
    if front_matter_end:
        spans.append((0, line_end(front_matter_end - 1), ""))
    for block in code_blocks:
        fence_line = lines[block.first_line - 1]
        m = RE_FENCE_OPEN.match(fence_line)
        prefix = len(fence_line) - len(fence_line.lstrip(" \t")) if not m else m.start("fence")
        spans.append(
            (
                starts[block.first_line - 1] + prefix,
                line_end(block.last_line - 1),
                stash(code_block_html(block)),
            )
        )
    skip = list(code_mask)
    for index in range(front_matter_end):
        skip[index] = True
    heading_skip = list(skip)
    for start, end in comments:
        for index in range(_line_index(starts, start), _line_index(starts, max(start, end - 1)) + 1):
            heading_skip[index] = True
    for start, end in [(s, e) for s, e, _ in math] + comments:
        for index in range(_line_index(starts, start), _line_index(starts, max(start, end - 1)) + 1):
            skip[index] = True
    pasted = _pasted_paragraphs(lines, skip)
    for first, last in pasted:
        html = pasted_html(pasted_code_source(lines[first : last + 1]), (first + 1, last + 1))
        spans.append((starts[first], line_end(last), stash(html)))
    block_starts = {start for start, _, _ in spans}  # a marker there would hide the block placeholder
    block_starts.update(s for s, _, html in math if not html.startswith("<span"))
    block_starts.update(s for s, _ in comments)
    spans += [(s, e, stash(html)) for s, e, html in math]
    spans += [(s, e, "") for s, e in comments]
    spans += [(at, at, marker) for at, marker in mark_offsets(text, starts) if at not in block_starts]
    spans += [(at, at, stash(html)) for at, html in anchors if 0 <= at <= len(text)]
    spans.sort(key=lambda span: (span[0], span[1]))

    pieces: list[str] = []
    pos = 0
    for start, end, replacement in spans:
        if start < pos:  # overlaps an earlier replacement (e.g. a comment inside a pasted paragraph)
            continue
        pieces.append(text[pos:start])
        pieces.append(replacement)
        pos = end
    pieces.append(text[pos:])
    source = "".join(pieces)
    source = _normalise_blocks(source)
    source = _markdown_in_html(source)
    source = _inline_footnotes(source)
    return Prepared(source, _heading_lines(lines, heading_skip), len(pasted))


def _line_index(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1


def _normalise_blocks(source: str) -> str:
    return "\n".join(_normalise_lines(source.split("\n"), 0))


def _ordered(body: str) -> bool:
    return body[:1].isdigit()


def _quote_run(lines: list[str], k: int) -> int:
    """The end (exclusive) of the run of quote lines starting at ``k``."""
    end = k
    while end < len(lines) and lines[end].lstrip(" \t").startswith(">"):
        end += 1
    return end


def _quoted(lines: list[str], depth: int) -> list[str]:
    """A blockquote's lines, normalised inside as a note of their own (lists, fences and display math in
    a callout keep their block structure); a callout's title line always ends its paragraph."""
    inner = [RE_QUOTE_MARKER.sub("", line, count=1) for line in lines]
    if inner and RE_CALLOUT_HEAD.match(inner[0]) and len(inner) > 1 and inner[1].strip():
        inner.insert(1, "")
    return [(">" + (" " + line if line else "")) for line in _normalise_lines(inner, depth + 1)]


def _footnote(lines: list[str], k: int, depth: int) -> tuple[list[str], int]:
    """A footnote definition at ``k`` with its indented continuation (lists included) kept inside it."""
    m = RE_FOOTNOTE_DEF.match(lines[k])
    assert m is not None
    inner = [lines[k][m.end() :]]
    end = k + 1
    while end < len(lines):
        line = lines[end]
        width = _indent_width(line)[0]
        if line.strip() and width < 4:
            break
        if not line.strip() and not (end + 1 < len(lines) and _indent_width(lines[end + 1])[0] >= 4):
            break
        inner.append(_strip_columns(line, 4))
        end += 1
    body = _normalise_lines(inner, depth + 1)
    out = [lines[k][: m.end()] + body[0]] + [("    " + line if line else "") for line in body[1:]]
    return out, end


def _strip_columns(line: str, columns: int) -> str:
    width = n = 0
    while n < len(line) and width < columns and line[n] in " \t":
        width += 4 - width % 4 if line[n] == "\t" else 1
        n += 1
    return line[n:]


def _normalise_lines(lines: list[str], depth: int) -> list[str]:
    out: list[str] = []
    stack: list[int] = []  # indentation widths of the open list items
    kinds: list[bool] = []  # whether each open list is ordered
    prev_blank = True
    in_list = False
    last_quote = False  # the last non-blank line was a quote line
    k = 0
    while k < len(lines):
        line = lines[k]
        k += 1
        if not line.strip():
            out.append("")
            prev_blank = True
            continue
        width, n = _indent_width(line)
        body = line[n:]
        if body.startswith(">") and depth < 8:
            if prev_blank and last_quote:
                out += [QUOTE_SEPARATOR, ""]
            end = _quote_run(lines, k - 1)
            out.extend(_quoted(lines[k - 1 : end], depth))
            k = end
            last_quote = True
            in_list, stack, kinds, prev_blank = False, [], [], False
            continue
        last_quote = False
        if width == 0 and RE_FOOTNOTE_DEF.match(line) and depth < 8:
            block, k = _footnote(lines, k - 1, depth)
            out.extend(block)
            in_list, stack, kinds, prev_blank = False, [], [], False
            continue
        if RE_LIST_ITEM.match(body):
            while stack and stack[-1] > width:
                stack.pop()
                kinds.pop()
            if stack and stack[-1] == width and kinds[-1] != _ordered(body):
                out.append("")  # "1." items then "-" items are two lists, not one (CommonMark)
                kinds[-1] = _ordered(body)
            if not stack or stack[-1] < width:
                stack.append(width)
                kinds.append(_ordered(body))
            if not stack[:-1] and not prev_blank and not in_list:
                out.append("")  # Python-Markdown needs a blank line between a paragraph and a list
            body = RE_TASK.sub(r"\1[x]", body)
            out.append("    " * (len(stack) - 1) + body)
            in_list = True
        elif stack and width > 0:
            level = sum(1 for w in stack if w < width)
            out.append("    " * level + body)
        else:
            if prev_blank:
                stack, kinds, in_list = [], [], False
            if body.startswith("|") and not prev_blank and out and not out[-1].lstrip().startswith("|"):
                out.append("")  # a table must start its own block
            out.append(line)
        prev_blank = False
    return out


HTML_CONTAINERS = "details|div|section|aside|article|figure|center|main|header|footer|nav|blockquote"
RE_HTML_OPEN = re.compile(rf"^<({HTML_CONTAINERS})\b(?![^>]*\bmarkdown=)([^>]*)>", re.IGNORECASE)


def _markdown_in_html(source: str) -> str:
    """``markdown="1"`` on an HTML container whose content has a blank line before its closing tag.

    In CommonMark (and Obsidian) an HTML block ends at a blank line and what follows is Markdown again,
    so ``<details>`` … blank line … ``**bold**`` … ``</details>`` shows bold text; Python-Markdown keeps
    the whole element as raw HTML unless md_in_html is told to parse it."""
    if "<" not in source:
        return source
    lines = source.split("\n")
    for k, line in enumerate(lines):
        m = RE_HTML_OPEN.match(line)
        if m is None:
            continue
        close = f"</{m.group(1).lower()}"
        for j in range(k + 1, len(lines)):
            if close in lines[j].lower() or (j == k + 1 and close in line.lower()):
                break
            if not lines[j].strip():
                lines[k] = line[: m.end(2)] + ' markdown="1"' + line[m.end(2) :]
                break
    return "\n".join(lines)


def _inline_footnotes(source: str) -> str:
    notes: list[str] = []

    def replace(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(0)
        notes.append(m.group(2))
        return f"[^tn-inline-{len(notes)}]"

    source = RE_INLINE_FOOTNOTE.sub(replace, source)
    if notes:
        source += (
            "\n\n" + "\n".join(f"[^tn-inline-{k}]: {note}" for k, note in enumerate(notes, start=1)) + "\n"
        )
    return source


def _heading_lines(lines: list[str], skip: list[bool]) -> list[int]:
    """Note lines of ATX and setext headings, in order (matched to the rendered headings by position)."""
    found: list[int] = []
    for index, line in enumerate(lines):
        if skip[index]:
            continue
        if RE_ATX.match(line):
            found.append(index + 1)
        elif (
            index > 0
            and RE_SETEXT.match(line)
            and lines[index - 1].strip()
            and not skip[index - 1]
            and not RE_ATX.match(lines[index - 1])
            and not RE_LIST_ITEM.match(lines[index - 1].lstrip())
            and not RE_SETEXT.match(lines[index - 1])
        ):
            found.append(index)
    return found
