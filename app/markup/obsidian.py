"""Obsidian syntax as Python-Markdown extension pieces: wikilinks and embeds, tags, block ids, d2l
labels, callouts, heading anchors, and ATX headings that need a space (``#tag`` is not a heading).

Every processor reads the per-render state from ``md.tn`` (a :class:`app.markup.context.RenderContext`):
the vault, the note's path, and the lists that end up in :class:`RenderedNote`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING, Any

from markdown import Markdown
from markdown.blockprocessors import HashHeaderProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, AtomicString

from app.markup.anchors import slug
from app.markup.fastinline import FastInlineProcessor
from app.markup.linemarks import leading_line, strip_marks

if TYPE_CHECKING:
    from app.markup.context import RenderContext

# [[target#heading|alias]] / ![[target|300x200]]; not followed by "(" (then it is a link whose text has
# brackets: [[Gulcehre et al. 2015]](url)); no brackets inside (so [[1, 2], [3, 4]] stays text).
RE_WIKILINK = r"(!?)\[\[([^\[\]\n|#^]*)((?:#\^?[^\[\]\n|]*)?)(?:\|([^\[\]\n]*))?\]\](?!\()"
RE_WIKILINK_C = re.compile(RE_WIKILINK)
RE_TAG = r"(?<![\w#/&\\`])#((?:[\w\-/]*[^\W\d_][\w\-/]*))"
RE_BLOCK_ID = r"(?<=\s)\^([A-Za-z0-9-]+)(?=\s*(?:\n|$))"
RE_D2L = r":(eqlabel|label|eqref|numref|ref|cite):`([^`\n]+)`"
RE_CALLOUT = re.compile(r"^\[!([A-Za-z0-9_-]+)\]([+-]?)[ \t]*(.*)$")
RE_SIZE = re.compile(r"^(\d{1,5})(?:x(\d{1,5}))?$")

CALLOUT_TYPES = {
    "note": "note",
    "abstract": "abstract", "summary": "abstract", "tldr": "abstract",
    "info": "info",
    "todo": "todo",
    "tip": "tip", "hint": "tip", "important": "tip",
    "success": "success", "check": "success", "done": "success",
    "question": "question", "help": "question", "faq": "question",
    "warning": "warning", "caution": "warning", "attention": "warning",
    "failure": "failure", "fail": "failure", "missing": "failure",
    "danger": "danger", "error": "danger",
    "bug": "bug",
    "example": "example",
    "quote": "quote", "cite": "quote",
}  # fmt: skip
CALLOUT_ICONS = {
    "note": "✎", "abstract": "☰", "info": "ℹ", "todo": "☑", "tip": "★", "success": "✓", "question": "?",
    "warning": "⚠", "failure": "✗", "danger": "⚡", "bug": "※", "example": "☷", "quote": "❝",
}  # fmt: skip


RE_ESCAPED = re.compile("\x02(\\d+)\x03")
RE_STASHED = re.compile("\x02[^\x02\x03]*\x03")


def unescape_text(text: str) -> str:
    """Python-Markdown's escape placeholders (STX + code point + ETX) back to their characters, and any
    other STX…ETX placeholder removed: they must never reach a link target, the page or ``check``."""
    if "\x02" not in text and "\x03" not in text:
        return text
    text = RE_ESCAPED.sub(lambda m: chr(int(m.group(1))) if int(m.group(1)) < 0x110000 else "", text)
    return RE_STASHED.sub("", text).replace("\x02", "").replace("\x03", "")


def _state(md: Markdown) -> RenderContext:
    return md.tn  # type: ignore[attr-defined, no-any-return]


class WikilinkProcessor(InlineProcessor):
    """``[[note#heading|alias]]`` → ``a.tn-wikilink``; ``![[…]]`` → image or transcluded note."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # type: ignore[override]
        # Inside a table cell the alias pipe is written ``\|``: Python-Markdown has by now replaced the
        # escape by an inline placeholder (STX…ETX), which must never reach a target or the page.
        whole = unescape_text(self.unescape(m.group(0))).replace("\\|", "|")
        if whole != m.group(0):
            again = RE_WIKILINK_C.fullmatch(whole)
            if again is None:
                return None, None, None  # type: ignore[return-value]  # Python-Markdown's "no match"
            m_groups = again.groups()
        else:
            m_groups = m.groups()
        embed, target, anchor, alias = m_groups[0], (m_groups[1] or "").strip(), m_groups[2], m_groups[3]
        ctx = _state(self.md)
        if embed:
            return ctx.embed(target, anchor, alias, self.md), m.start(0), m.end(0)
        el = etree.Element("a")
        # math in a heading link: the anchor is the heading's plain text, as the heading's own id
        anchor_text = strip_marks(ctx.plain_text(anchor[1:])).strip() if anchor else ""
        resolved = ctx.resolve_link(target) if target else ctx.self_target()
        classes = ["tn-wikilink"]
        if resolved is None:
            classes.append("tn-unresolved")
            ctx.unresolved(target)
        el.set("class", " ".join(classes))
        fragment = anchor_text if anchor_text.startswith("^") else slug(anchor_text) if anchor_text else ""
        el.set("href", "#" + (fragment if not target else ""))
        el.set("data-target", resolved or target)
        if anchor_text:
            el.set("data-anchor", fragment)
        shown = anchor[1:] if anchor else ""  # keeps its math placeholders: the label shows the math
        label = alias if alias is not None else (target + (" › " + shown if shown else ""))
        el.text = AtomicString(label.strip() or shown or target)
        return el, m.start(0), m.end(0)


class TagProcessor(InlineProcessor):
    """``#tag``, ``#a/b``, ``#딥러닝`` (at least one non-digit, not after a word character)."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # type: ignore[override]
        tag = m.group(1).rstrip("/")
        _state(self.md).tag(tag)
        el = etree.Element("a")
        el.set("class", "tn-tag-link")
        el.set("data-tag", tag)
        el.set("href", "#")
        el.text = AtomicString("#" + tag)
        return el, m.start(0), m.start(0) + 1 + len(tag)


class BlockIdProcessor(InlineProcessor):
    """A trailing ``^id`` names its block: hidden, but an anchor for ``[[note#^id]]``."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # type: ignore[override]
        el = etree.Element("span")
        el.set("class", "tn-block-id")
        el.set("id", "^" + m.group(1))
        return el, m.start(0), m.end(0)


class D2LProcessor(InlineProcessor):
    """d2l's reST-style roles: labels become anchors, references become links, citations are marked."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # type: ignore[override]
        role, name = m.group(1), m.group(2)
        if role in ("eqlabel", "label"):
            el = etree.Element("span")
            el.set("class", f"tn-d2l-{role}")
            el.set("id", name)
            el.text = AtomicString(f"({name})" if role == "eqlabel" else "")
        elif role == "cite":
            el = etree.Element("cite")
            el.set("class", "tn-d2l-cite")
            el.text = AtomicString("[" + ", ".join(part.strip() for part in name.split(",")) + "]")
        else:
            el = etree.Element("a")
            el.set("class", f"tn-d2l-{role}")
            el.set("href", "#" + name)
            el.text = AtomicString(f"({name})" if role == "eqref" else name)
        return el, m.start(0), m.end(0)


class StrictHashHeaderProcessor(HashHeaderProcessor):
    """ATX headings need a space after the hashes in Obsidian (``#태그`` on its own line is a tag)."""

    RE = re.compile(r"(?:^|\n)(?P<level>#{1,6})(?:[ \t]+(?P<header>(?:\\.|[^\\])*?))?#*(?:\n|$)")

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks[0]
        m = self.RE.search(block)
        if m and m.group("header") is None:
            # "###" alone: an empty heading, as in CommonMark.
            blocks[0] = block[: m.start()] + "\n" + m.group("level") + " \n" + block[m.end() :]
        super().run(parent, blocks)


class CalloutProcessor(Treeprocessor):
    """``> [!type]± Title`` blockquotes → callout ``div`` (or ``details`` when foldable); nests."""

    def run(self, root: etree.Element) -> None:
        for quote in list(root.iter("blockquote")):
            self._convert(quote)

    def _convert(self, quote: etree.Element) -> None:
        if len(quote) == 0 or quote[0].tag != "p":
            return
        first = quote[0]
        line, first_text = leading_line(first.text)
        head_text = first_text or ""
        m = RE_CALLOUT.match(head_text.split("\n", 1)[0])
        if not m:
            return
        kind_raw, fold, title = m.group(1).lower(), m.group(2), m.group(3).strip()
        kind = CALLOUT_TYPES.get(kind_raw, "note")
        rest = head_text.split("\n", 1)[1] if "\n" in head_text else ""
        # The title runs to the first line break; inline elements on the title line belong to it.
        title_el = etree.Element("span")
        title_el.set("class", "tn-callout-title-text")
        title_el.text = title if title else kind_raw.capitalize()
        moved: list[etree.Element] = []
        if not rest:
            for child in list(first):
                if child.tag == "br":
                    rest = (child.tail or "").lstrip("\n")
                    first.remove(child)
                    break
                moved.append(child)
                first.remove(child)
        for child in moved:
            title_el.append(child)
        first.text = rest
        if not first.text and len(first) == 0:
            quote.remove(first)
        quote.tag = "details" if fold else "div"
        quote.attrib.clear()
        quote.set("class", f"tn-callout tn-callout-{kind}")
        quote.set("data-callout", kind_raw)
        if line is not None:
            quote.set("data-line", str(line))
        if fold == "+":
            quote.set("open", "open")
        head = etree.Element("summary" if fold else "div")
        head.set("class", "tn-callout-title")
        icon = etree.SubElement(head, "span")
        icon.set("class", "tn-callout-icon")
        icon.text = CALLOUT_ICONS[kind]
        head.append(title_el)
        body = etree.Element("div")
        body.set("class", "tn-callout-content")
        for child in list(quote):
            quote.remove(child)
            body.append(child)
        quote.append(head)
        if len(body):
            quote.append(body)


class ImageProcessor(Treeprocessor):
    """Markdown images ``![alt](relative.png)`` resolve against the note (see ``image_source``);
    a refused or missing target becomes the same visibly unresolved box as a missing embed."""

    def run(self, root: etree.Element) -> None:
        ctx = _state(self.md)
        for parent in list(root.iter()):
            for k, img in enumerate(list(parent)):
                if img.tag != "img" or "tn-embed-image" in img.get("class", ""):
                    continue
                src, reason = ctx.image_source(img.get("src", ""))
                if reason is None:
                    img.set("src", src)
                    continue
                box = etree.Element("span")
                box.set("class", "tn-embed tn-unresolved")
                box.set("title", reason)
                box.text = f"![{img.get('alt', '')}]({img.get('src', '')})"
                box.tail = img.tail
                parent.remove(img)
                parent.insert(k, box)


class HeadingProcessor(Treeprocessor):
    """Give each heading a stable ``id`` (for ``[[#heading]]`` links) and its note ``data-line``."""

    def run(self, root: etree.Element) -> None:
        ctx = _state(self.md)
        lines = ctx.heading_lines
        k = 0
        for el in root.iter():
            if el.tag not in ("h1", "h2", "h3", "h4", "h5", "h6"):
                continue
            marked, el.text = leading_line(el.text)
            text = _without_raw_html(strip_marks(ctx.plain_text("".join(el.itertext()))), self.md).strip()
            anchor = ctx.unique_anchor(slug(text))
            el.set("id", anchor)
            # the heading's own line marker; the k-th heading line only when it has none (``#`` alone)
            line = marked if marked is not None else (lines[k] if k < len(lines) else 0)
            if line:
                el.set("data-line", str(line))
            ctx.heading(int(el.tag[1]), text, anchor, line)
            k += 1


RE_HIDDEN_ELEMENT = re.compile(r"<\s*(script|style)\b", re.IGNORECASE)


def _without_raw_html(text: str, md: Markdown) -> str:
    """A heading's text without its inline HTML: Python-Markdown leaves stash placeholders
    (``\x02wzxhzdk:4\x03``) where ``<b>``, ``<span>`` or ``<script>`` stood; the outline and the ``id``
    would show them. The tags go; so does a ``<script>``/``<style>`` element's content (never shown)."""
    if "\x02" not in text:
        return text
    stash = md.htmlStash.rawHtmlBlocks
    out: list[str] = []
    hidden = False
    at = 0
    for m in HTML_PLACEHOLDER_RE.finditer(text):
        if not hidden:
            out.append(text[at : m.start()])
        index = int(m.group(1))
        raw = str(stash[index]) if index < len(stash) else ""
        opening = RE_HIDDEN_ELEMENT.match(raw.strip())
        if opening:
            hidden = not re.search(rf"</\s*{opening.group(1)}\s*>", raw, re.IGNORECASE)
        elif hidden and re.match(r"</\s*(script|style)\s*>", raw.strip(), re.IGNORECASE):
            hidden = False
        at = m.end()
    if not hidden:
        out.append(text[at:])
    return re.sub(r"[ \t]{2,}", " ", "".join(out))


RE_LONE_BLOCK_ID = re.compile(r"\^([A-Za-z0-9-]+)")
BLOCK_ID_TARGETS = frozenset({"table", "ul", "ol", "blockquote", "div", "details", "pre"})


class BlockIdAfterProcessor(Treeprocessor):
    """A ``^id`` paragraph right after a table, list, quote or callout names that block (Obsidian's
    rule for blocks that cannot hold the id on their last line); ``![[note#^id]]`` embeds the block."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            children = list(parent)
            for k, child in enumerate(children):
                if k == 0 or child.tag != "p" or len(child):
                    continue
                m = RE_LONE_BLOCK_ID.fullmatch(strip_marks(child.text or "").strip())
                before = children[k - 1]
                if m is None or before.tag not in BLOCK_ID_TARGETS or before.get("id"):
                    continue
                before.set("id", "^" + m.group(1))
                before.tail = (before.tail or "") + (child.tail or "")
                parent.remove(child)


class TableCodePipeProcessor(Treeprocessor):
    """A code span in a table cell shows ``\\|`` as ``|``: the backslash only kept the pipe from ending
    the cell (GFM's rule; Python-Markdown's table splitter leaves it in the code)."""

    def run(self, root: etree.Element) -> None:
        for cell in root.iter():
            if cell.tag not in ("td", "th"):
                continue
            for code in cell.iter("code"):
                if code.text and "\\|" in code.text:
                    code.text = type(code.text)(code.text.replace("\\|", "|"))


class AttributeTextProcessor(Treeprocessor):
    """No attribute may hold markup: math placeholders in an attribute (a heading link's anchor, an
    alias) become the math's LaTeX, and Python-Markdown's STX/ETX placeholders are resolved."""

    def run(self, root: etree.Element) -> None:
        ctx = _state(self.md)
        for el in root.iter():
            for key, value in list(el.attrib.items()):
                if "\ue000" in value or "\x02" in value or "\ue002" in value:
                    el.set(key, unescape_text(strip_marks(ctx.plain_text(value))))


class ObsidianExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # CommonMark lists: "3." starts at 3, and a "-" list after a "1." list is a new list.
        olist = md.parser.blockprocessors["olist"]
        olist.LAZY_OL = False  # type: ignore[attr-defined]
        olist.SIBLING_TAGS = ["ol"]  # type: ignore[attr-defined]
        md.parser.blockprocessors["ulist"].SIBLING_TAGS = ["ul"]  # type: ignore[attr-defined]
        md.ESCAPED_CHARS.append("$")  # "\$20" is a dollar sign, as in Obsidian
        md.treeprocessors.register(FastInlineProcessor(md), "inline", 20)
        md.parser.blockprocessors.register(StrictHashHeaderProcessor(md.parser), "hashheader", 70)
        md.inlinePatterns.register(D2LProcessor(RE_D2L, md), "tn-d2l", 195)
        md.inlinePatterns.register(WikilinkProcessor(RE_WIKILINK, md), "tn-wikilink", 176)
        md.inlinePatterns.register(BlockIdProcessor(RE_BLOCK_ID, md), "tn-block-id", 174)
        md.inlinePatterns.register(TagProcessor(RE_TAG, md), "tn-tag", 7)
        md.treeprocessors.register(CalloutProcessor(md), "tn-callout", 15)
        md.treeprocessors.register(HeadingProcessor(md), "tn-heading", 14)
        md.treeprocessors.register(ImageProcessor(md), "tn-image", 13)
        md.treeprocessors.register(BlockIdAfterProcessor(md), "tn-block-id-after", 12)
        md.treeprocessors.register(TableCodePipeProcessor(md), "tn-table-code-pipe", 11)
        md.treeprocessors.register(AttributeTextProcessor(md), "tn-attribute-text", 1)
