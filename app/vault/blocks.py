"""Line-level structure of a note that every layer agrees on: front matter and fenced code blocks.

The index, the block saver, the renderer, the equation scanner, the code runner and the model-config
inference all need to know which lines are code. Keeping that in one small scanner means a ``$`` inside a
code block is never math anywhere, a ``#include`` in one is never a tag in the index, and code block ids
and line ranges are the same in the HTML, the CLI and the kernel. It lives in the lowest layer (vault) so
that every layer can use it; ``app.markup.blocks`` re-exports it under its historical name.

Ids depend only on a block's own content (plus an occurrence number for exact duplicates, which the
user's seed note has), so editing other parts of a note never changes them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import yaml

from app import i18n

# ``indent`` holds the quote markers of a fence inside a blockquote or callout (``> ```python``): the
# block's lines carry the same markers, which are not part of the code (the saver puts them back).
RE_FENCE_OPEN = re.compile(
    r"^(?P<indent>[ \t]*(?:>[ \t]?[ \t]*)*)(?:[-*+]\s+|\d+[.)]\s+)?(?P<fence>`{3,}|~{3,})(?P<info>.*)$"
)
RE_QUOTE_MARKERS = re.compile(r"[ \t]*>[ \t]?")
# The closing ``---``/``...`` line, searched in the whole text: a note's length, not its line count.
RE_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)
# libyaml's C loader is ~10x faster than the pure-Python one, which dominated indexing time.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class CodeBlock:
    """A fenced code block. Line numbers are 1-based note lines (the whole file, front matter included)."""

    index: int  # 0-based, in note order
    id: str
    lang: str  # first word of the info string, braces and dots stripped ("{.python .input}" -> "python")
    info: str  # the whole info string
    first_line: int  # the opening fence
    last_line: int  # the closing fence (or the last line when the fence is never closed)
    closed: bool
    source: str  # the content, without the fences, indentation of the fence removed

    @property
    def content_lines(self) -> tuple[int, int]:
        """First and last line of the content (first > last for an empty block)."""
        return self.first_line + 1, self.last_line - 1 if self.closed else self.last_line


@dataclass(frozen=True)
class FrontMatter:
    data: dict[str, object]
    end_line: int  # the 1-based line of the closing ``---`` (0 when there is no front matter)
    error: str | None = None
    notices: tuple[str, ...] = ()  # values kept as their text (impossible dates, huge numbers, binary)


i18n.messages({
    "front_matter.invalid": ("속성(front matter)이 올바른 YAML이 아닙니다: {detail}",
                             "The front matter is not valid YAML: {detail}"),
    "front_matter.not_mapping": ("속성(front matter)이 '이름: 값' 목록이 아닙니다",
                                 "The front matter is not a list of 'name: value' pairs"),
    "front_matter.as_text": ("속성 값을 글자 그대로 보여 줍니다 ({why}): {value}",
                             "A property value is shown as written ({why}): {value}"),
    "front_matter.bad_date": ("없는 날짜", "not a real date"),
    "front_matter.huge_number": ("너무 큰 수", "number too large"),
    "front_matter.binary": ("이진 데이터", "binary data"),
    "front_matter.unknown_tag": ("알 수 없는 YAML 태그", "unknown YAML tag"),
})  # fmt: skip
MAX_NUMBER_DIGITS = 60
SHOWN_VALUE = 60  # characters of a value quoted in a notice


class TolerantLoader(SAFE_LOADER):  # type: ignore[misc, valid-type]
    """YAML's safe loader, except that no single value can fail the whole front matter: a value that
    cannot become its type (2024-02-30, a 5000-digit number, ``!!binary``, an unknown ``!tag``) is kept
    as the text the user wrote, and a notice says so. Obsidian shows such values as text too."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.tn_notices: list[str] = []

    def tn_as_text(self, node: yaml.Node, why: str) -> str:
        value = str(node.value) if not isinstance(node.value, list) else ""
        shown = value if len(value) <= SHOWN_VALUE else value[:SHOWN_VALUE] + "…"
        self.tn_notices.append(i18n.text("front_matter.as_text", why=i18n.text(why), value=shown))
        return value

    def tn_timestamp(self, node: yaml.ScalarNode) -> object:
        try:
            return yaml.constructor.SafeConstructor.construct_yaml_timestamp(self, node)
        except (ValueError, OverflowError, TypeError):
            return self.tn_as_text(node, "front_matter.bad_date")

    def tn_int(self, node: yaml.ScalarNode) -> object:
        if len(str(node.value)) > MAX_NUMBER_DIGITS:
            return self.tn_as_text(node, "front_matter.huge_number")
        try:
            return yaml.constructor.SafeConstructor.construct_yaml_int(self, node)
        except (ValueError, OverflowError):
            return self.tn_as_text(node, "front_matter.huge_number")

    def tn_float(self, node: yaml.ScalarNode) -> object:
        try:
            value = yaml.constructor.SafeConstructor.construct_yaml_float(self, node)
        except (ValueError, OverflowError):
            return self.tn_as_text(node, "front_matter.huge_number")
        if value in (float("inf"), float("-inf")) and "inf" not in str(node.value).lower():
            return self.tn_as_text(node, "front_matter.huge_number")
        return value

    def tn_binary(self, node: yaml.Node) -> object:
        return self.tn_as_text(node, "front_matter.binary")

    def tn_unknown(self, node: yaml.Node) -> object:
        if isinstance(node, yaml.ScalarNode):
            return self.tn_as_text(node, "front_matter.unknown_tag")
        if isinstance(node, yaml.SequenceNode):
            return self.construct_sequence(node, deep=True)
        return self.construct_mapping(node, deep=True)


TolerantLoader.add_constructor("tag:yaml.org,2002:timestamp", TolerantLoader.tn_timestamp)
TolerantLoader.add_constructor("tag:yaml.org,2002:int", TolerantLoader.tn_int)
TolerantLoader.add_constructor("tag:yaml.org,2002:float", TolerantLoader.tn_float)
TolerantLoader.add_constructor("tag:yaml.org,2002:binary", TolerantLoader.tn_binary)
TolerantLoader.add_constructor(None, TolerantLoader.tn_unknown)


def stable_id(prefix: str, content: str, seen: dict[str, int]) -> str:
    """An id from content alone: ``prefix-<hash>``, with ``-2``, ``-3`` … for exact repeats."""
    digest = hashlib.sha1(content.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    base = f"{prefix}-{digest}"
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


def front_matter_end(text: str) -> int:
    """The 1-based line of the front matter's closing ``---``/``...`` (0 when there is none).

    The line structure (code fences, math) needs only where the front matter ends, not its YAML."""
    first_end = text.find("\n")
    if first_end < 0 or text[:first_end].strip() != "---":
        return 0
    m = RE_FRONT_MATTER_END.search(text, first_end + 1)
    return 0 if m is None else text.count("\n", 0, m.start()) + 1


def parse_front_matter(text: str) -> FrontMatter:
    """YAML front matter between a first-line ``---`` and the next ``---``/``...`` line."""
    end_line = front_matter_end(text)
    if not end_line:
        return FrontMatter({}, 0)
    raw = "\n".join(text.split("\n", end_line)[1 : end_line - 1])
    if not raw.strip():
        return FrontMatter({}, end_line)
    loader = TolerantLoader(raw)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        detail = (str(getattr(exc, "problem", "") or "") or type(exc).__name__).splitlines()[0]
        return FrontMatter({}, end_line, error=i18n.text("front_matter.invalid", detail=detail))
    except Exception:  # never let one note's front matter break the note or the vault's index
        return FrontMatter({}, end_line, error=i18n.text("front_matter.invalid", detail="?"))
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return FrontMatter({}, end_line, error=i18n.text("front_matter.not_mapping"))
    return FrontMatter({str(k): v for k, v in data.items()}, end_line, notices=tuple(loader.tn_notices))


def _lang(info: str) -> str:
    words = re.findall(r"[A-Za-z0-9_+#-]+", info)
    return words[0].lower() if words else ""


# The renderer, the scanner and the line mask all ask for the same note's blocks in one render; the
# last answer is kept (one entry: a 5 MB note costs ~0.15 s per scan). CodeBlocks are frozen.
_last_blocks: tuple[str, tuple[CodeBlock, ...]] = ("", ())


def find_code_blocks(text: str) -> list[CodeBlock]:
    """Every fenced code block (``` or ~~~, three or more, closing fence at least as long)."""
    global _last_blocks
    last_text, last = _last_blocks
    if last_text is text or (len(last_text) == len(text) and last_text == text):
        return list(last)
    blocks = _find_code_blocks(text)
    _last_blocks = (text, tuple(blocks))
    return blocks


def _find_code_blocks(text: str) -> list[CodeBlock]:
    lines = text.split("\n")
    start = front_matter_end(text)
    blocks: list[CodeBlock] = []
    seen: dict[str, int] = {}
    n = start
    while n < len(lines):
        line = lines[n]
        # Most lines hold no fence; the substring test is far cheaper than the regex (index, big notes).
        m = RE_FENCE_OPEN.match(line) if "```" in line or "~~~" in line else None
        if not m or (m.group("fence")[0] == "`" and "`" in m.group("info")):
            n += 1
            continue
        fence, info = m.group("fence"), m.group("info").strip()
        indent_text = m.group("indent") or ""
        quotes = indent_text.count(">")
        after_quote = indent_text.rsplit(">", 1)[-1]
        indent = len(after_quote[1:] if after_quote[:1] in (" ", "\t") else after_quote) if quotes else len(
            indent_text
        )
        close = closing_fence(fence)
        body: list[str] = []
        end = n + 1
        closed = False
        while end < len(lines):
            line = lines[end]
            if quotes:
                inner = _unquote(line, quotes)
                if inner is None:  # the quote ended: so did the block
                    break
                line = inner
            if close.match(line):
                closed = True
                break
            body.append(_dedent(line, indent))
            end += 1
        if quotes and not closed:
            end -= 1
        last = end if closed or quotes else len(lines) - 1
        source = "\n".join(body)
        lang = _lang(info)
        blocks.append(
            CodeBlock(
                index=len(blocks),
                id=stable_id("code", lang + "\n" + source, seen),
                lang=lang,
                info=info,
                first_line=n + 1,
                last_line=last + 1,
                closed=closed,
                source=source,
            )
        )
        n = last + 1
    return blocks


def closing_fence(fence: str) -> re.Pattern[str]:
    """What closes a block opened by ``fence`` (match it against one line): the same character, at
    least as many, only whitespace around."""
    return re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")


def _unquote(line: str, quotes: int) -> str | None:
    """``line`` without its first ``quotes`` quote markers, or None when it has fewer (a blank line
    ends a quote; ``>`` alone is an empty line of it)."""
    pos = 0
    for _ in range(quotes):
        m = RE_QUOTE_MARKERS.match(line, pos)
        if m is None:
            return None
        pos = m.end()
    return line[pos:]


def _dedent(line: str, indent: int) -> str:
    """Remove up to ``indent`` leading spaces/tabs (the fence's own indentation inside a list)."""
    i = 0
    while i < indent and i < len(line) and line[i] in " \t":
        i += 1
    return line[i:]


RE_LIST_START = re.compile(r"[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def indented_code_mask(text: str, fenced: list[bool] | None = None) -> list[bool]:
    """For each note line, whether it is in an indented (4-space or tab) code block, as CommonMark
    reads one: after a blank line (it cannot interrupt a paragraph) and not inside a list item, where
    the same indentation is the item's own content. Math is never typeset there."""
    lines = text.split("\n")
    fenced = fenced if fenced is not None else code_line_mask(text)
    mask = [False] * len(lines)
    para = False  # the previous line is paragraph text (an indented line continues it)
    in_list = False  # inside a list item's content
    in_code = False
    blank_before = True
    for k in range(front_matter_end(text), len(lines)):
        line = lines[k]
        if k < len(fenced) and fenced[k]:
            para = in_code = False
            blank_before = False
            continue
        if not line.strip():
            para = False
            blank_before = True
            continue
        width = 0
        for c in line:
            if c == " ":
                width += 1
            elif c == "\t":
                width += 4 - width % 4
            else:
                break
        if width >= 4 and (in_code or (blank_before and not para and not in_list)):
            mask[k] = in_code = True
            blank_before = False
            continue
        in_code = False
        stripped = line.lstrip(" \t")
        if RE_LIST_START.match(line):
            in_list = True
        elif width == 0 and blank_before and not stripped.startswith(">"):
            in_list = False
        para = not stripped.startswith("#")
        blank_before = False
    return mask


def code_line_mask(text: str) -> list[bool]:
    """For each note line, whether it belongs to a fenced code block (fences included)."""
    mask = [False] * (text.count("\n") + 1)
    for block in find_code_blocks(text):
        mask[block.first_line - 1 : block.last_line] = [True] * (block.last_line - block.first_line + 1)
    return mask
