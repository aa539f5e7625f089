"""What the index needs from a note, found cheaply: links, tags, headings and front-matter aliases.

The full renderer (``app.markup``) is far too slow for indexing 10,000 notes, and the vault layer may
not import it anyway. This scanner runs a handful of whole-text regular expressions over a "prose" copy
of the note in which front matter, fenced code and inline code are blanked out *with the same length*
(newlines kept), so a ``#include`` in a C++ block is never a tag, ``[[x]]`` inside backticks is never a
link, and every match offset is still the offset in the real text (for line numbers and slicing).
Front matter and fences are found by :mod:`app.vault.blocks`, the scanner the renderer uses, so the
index and the rendered note agree on which lines are code.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from app.vault.blocks import find_code_blocks, parse_front_matter

RE_INLINE_CODE = re.compile(r"(`+)[^\n]*?\1")
RE_COMMENT = re.compile(r"%%.*?%%", re.DOTALL)
RE_WIKILINK = re.compile(r"\[\[(?P<target>[^\[\]|#^\n]*)(?P<anchor>[#^][^\[\]|\n]*)?(?:\|[^\]\n]*)?\]\]")
RE_MDLINK = re.compile(r"\[[^\]\n]*\]\((?P<target><[^>\n]+>|[^)\s]+)(?:[ \t]+\"[^\"\n]*\")?\)")
RE_TAG = re.compile(r"#(?P<tag>[^\s#!\"$%&'()*+,.:;<=>?@\[\]^`{|}~\\]+)", re.MULTILINE)
TAG_AFTER = " \t\n("  # a tag starts a line or follows whitespace or "("
RE_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})[ \t]+(?P<text>[^\n]*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
RE_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
RE_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    """A link from a note: ``[[target#anchor|alias]]``, ``![[embed]]`` or ``[text](target.md)``."""

    target: str  # as written, without anchor or alias ("" for a same-note ``[[#heading]]``)
    anchor: str  # "heading" or "^block" ("" when none)
    line: int  # 1-based
    embed: bool


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int  # 1-based


@dataclass
class NoteFacts:
    """Everything the index stores about one note besides its text."""

    links: list[Link] = field(default_factory=list)
    tags: list[tuple[str, int]] = field(default_factory=list)  # (tag without '#', 1-based line)
    headings: list[Heading] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


def _embedded(body: str, start: int) -> bool:
    """Whether the link starting at ``start`` is an embed (``![[…]]``, ``![…](…)``)."""
    return start > 0 and body[start - 1] == "!"


def _blank(match: re.Match[str]) -> str:
    """The match with every character but newlines turned into a space (offsets stay valid)."""
    return _blanked(match.group())


def _blanked(text: str) -> str:
    return re.sub(r"[^\n]", " ", text) if "\n" in text else " " * len(text)


def _blank_lines(text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with the lines of each 1-based inclusive range blanked (their newlines kept)."""
    lines = text.split("\n")
    for first, last in ranges:
        lines[first - 1 : last] = [" " * len(line) for line in lines[first - 1 : last]]
    return "\n".join(lines)


def _string_list(value: object) -> list[str]:
    """A front-matter field that may be a list, a comma-separated string, or absent."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple):
        return [str(item).strip() for item in value if item is not None and str(item).strip()]
    return [str(value)]


def prose(text: str) -> tuple[str, dict[str, object]]:
    """``text`` with front matter, fenced code, inline code and %%comments%% blanked; and the front matter."""
    front = parse_front_matter(text)
    ranges = [(1, front.end_line)] if front.end_line else []
    if "```" in text or "~~~" in text:
        ranges += [(block.first_line, block.last_line) for block in find_code_blocks(text)]
    if ranges:
        text = _blank_lines(text, ranges)
    if "`" in text:
        text = RE_INLINE_CODE.sub(_blank, text)
    if "%%" in text:
        text = RE_COMMENT.sub(_blank, text)
    return text, front.data


def _md_target(raw: str) -> tuple[str, str] | None:
    """A Markdown link's vault target and anchor, or None for URLs and pure anchors."""
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    if RE_URL_SCHEME.match(raw) or raw.startswith("#"):
        return None
    target, _, anchor = unquote(raw).partition("#")
    return target, anchor


def scan(text: str) -> NoteFacts:
    """Links, tags, headings and aliases of a note (text with ``\\n`` newlines)."""
    body, front = prose(text)
    starts = [0] + [m.end() for m in re.finditer("\n", text)] if "\n" in text else [0]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    facts = NoteFacts()
    facts.aliases = _string_list(front.get("aliases", front.get("alias")))
    for tag in _string_list(front.get("tags", front.get("tag"))):
        tag = tag.lstrip("#")
        if tag:
            facts.tags.append((tag, 1))
    if "[[" in body:
        for m in RE_WIKILINK.finditer(body):
            anchor = (m.group("anchor") or "").lstrip("#")
            facts.links.append(
                Link(
                    m.group("target").strip(), anchor.strip(), line_of(m.start()), _embedded(body, m.start())
                )
            )
    if "](" in body:
        for m in RE_MDLINK.finditer(body):
            found = _md_target(m.group("target"))
            if found is not None:
                facts.links.append(Link(found[0], found[1], line_of(m.start()), _embedded(body, m.start())))
    if "#" in body:
        for m in RE_HEADING.finditer(body):
            # Slice the real line (inline code was blanked in ``body``), then drop closing hashes.
            end = text.find("\n", m.start("text"))
            heading = RE_CLOSING_HASHES.sub(
                "", text[m.start("text") : end if end >= 0 else len(text)]
            ).strip()
            facts.headings.append(Heading(len(m.group("hashes")), heading, line_of(m.start())))
        for m in RE_TAG.finditer(body):
            if m.start() and body[m.start() - 1] not in TAG_AFTER:
                continue  # "a#b", "http://x/#frag": not a tag
            tag = m.group("tag").rstrip("/")
            # Obsidian: a tag needs at least one non-digit ("#1" is not a tag).
            if tag and not tag.replace("/", "").isdigit():
                facts.tags.append((tag, line_of(m.start())))
    return facts
