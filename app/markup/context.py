"""Per-render state shared by the Obsidian processors: link resolution, embeds and what was found.

Embeds are where a note can reach other files, so the safety rules live here: a target is resolved
only through :class:`app.vault.Vault` (never outside the vault root), a note already being transcluded
is not transcluded again (loops), and nesting stops at ``MAX_EMBED_DEPTH``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from markdown import Markdown

from app.i18n import messages
from app.i18n import text as worded
from app.markup.anchors import slug
from app.markup.model import Heading
from app.markup.source import PH_OPEN, RE_PLACEHOLDER
from app.vault import Vault, read_note
from app.vault.vault import IMAGE_SUFFIXES, is_note

messages({
    "markup.embed.outside": ("볼트 밖의 파일은 포함하지 않습니다: {target}",
                             "A file outside the vault is not embedded: {target}"),
    "markup.embed.outside_short": ("볼트 밖의 파일이라 포함하지 않았습니다",
                                   "Not embedded: the file is outside the vault"),
    "markup.embed.not_found": ("파일을 찾을 수 없습니다", "File not found"),
    "markup.embed.loop": ("노트 포함이 순환합니다: {rel}", "The notes embed each other in a loop: {rel}"),
    "markup.embed.loop_short": ("순환 포함이라 다시 포함하지 않았습니다",
                                "Not embedded again: the embeds loop"),
    "markup.embed.too_deep": ("포함이 너무 깊어 여기서 멈췄습니다", "Embeds nested too deep: stopped here"),
    "markup.embed.unreadable": ("읽을 수 없습니다: {error}", "Can't read it: {error}"),
})

MAX_EMBED_DEPTH = 3
RE_URL_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//|#)")
RE_HEADING_LINE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")

# (text, path, depth, visiting) -> body HTML of the embedded note
NestedRender = Callable[[str, Path, int, frozenset[Path]], str]


@dataclass
class RenderContext:
    vault: Vault | None
    path: Path | None
    depth: int
    visiting: frozenset[Path]
    nested: NestedRender
    heading_lines: list[int] = field(default_factory=list)
    plain: dict[str, str] = field(default_factory=dict)  # placeholder -> plain text (for heading ids)
    unresolved_links: list[str] = field(default_factory=list)
    missing_embeds: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _anchors: dict[str, int] = field(default_factory=dict)

    # ---- bookkeeping --------------------------------------------------------------------------------
    def unresolved(self, target: str) -> None:
        if target not in self.unresolved_links:
            self.unresolved_links.append(target)

    def tag(self, tag: str) -> None:
        if tag not in self.tags:
            self.tags.append(tag)

    def heading(self, level: int, text: str, anchor: str, line: int) -> None:
        self.headings.append(Heading(level, text, anchor, line))

    def unique_anchor(self, anchor: str) -> str:
        self._anchors[anchor] = self._anchors.get(anchor, 0) + 1
        count = self._anchors[anchor]
        return anchor if count == 1 else f"{anchor}-{count}"

    def plain_text(self, text: str) -> str:
        """``text`` with math placeholders swapped for their LaTeX (one pass: a note has thousands)."""
        if PH_OPEN not in text:
            return text
        return RE_PLACEHOLDER.sub(lambda m: self.plain.get(m.group(0), ""), text)

    # ---- resolving ----------------------------------------------------------------------------------
    def _relative(self, path: Path) -> str:
        if self.vault is None:
            return path.name
        return self.vault.relative(path)

    def self_target(self) -> str:
        return self._relative(self.path) if self.path is not None else ""

    def _resolve(self, target: str) -> Path | None:
        if self.vault is None:
            return None
        return self.vault.resolve(target, self.path)

    def resolve_link(self, target: str) -> str | None:
        path = self._resolve(target)
        if path is None:
            return None
        rel = self._relative(path)
        if rel not in self.links:
            self.links.append(rel)
        return rel

    def _outside_vault(self, target: str) -> bool:
        """A target that names a real file outside the vault (``../../etc/passwd``): refused, loudly."""
        if self.vault is None:
            return ".." in Path(target).parts or Path(target).is_absolute()
        bases = [self.vault.root] + ([self.path.parent] if self.path is not None else [])
        for base in bases:
            try:
                candidate = (base / target).resolve()
            except (OSError, RuntimeError, ValueError):
                continue
            if not self.vault.contains(candidate) and (
                ".." in Path(target).parts or Path(target).is_absolute()
            ):
                return True
        return False

    # ---- Markdown images ----------------------------------------------------------------------------
    def image_source(self, src: str) -> tuple[str, str | None]:
        """Where ``![alt](src)`` points: (the ``src`` to write, or "" when refused/missing; the reason).

        A relative path is the note's own folder first (as Obsidian's relative links), then any file of
        that name in the vault. The result is a ``file://`` URL (``page_html`` turns it into ``data:``
        for a standalone page). Web URLs and ``data:`` stay as they are; a path that leaves the vault
        is refused, like an embed.
        """
        if RE_URL_SCHEME.match(src) and not src.lower().startswith("file:"):
            return src, None
        target = unquote(urlparse(src).path if src.lower().startswith("file:") else src.split("#")[0])
        target = target.split("?")[0].strip()
        if not target or self.vault is None:
            return src, None
        if self._outside_vault(target):
            self.warnings.append(worded("markup.embed.outside", target=target))
            self._missing_embed(target)
            return "", worded("markup.embed.outside_short")
        candidates = [self.path.parent / target] if self.path is not None else []
        candidates.append(self.vault.root / target)
        for candidate in candidates:
            try:
                resolved = candidate.resolve()
                if resolved.is_file() and self.vault.contains(resolved):
                    return resolved.as_uri(), None
            except (OSError, RuntimeError, ValueError):
                continue
        found = self._resolve(target)
        if found is not None and found.suffix.lower() in IMAGE_SUFFIXES:
            return found.as_uri(), None
        self._missing_embed(target)
        return "", worded("markup.embed.not_found")

    def _missing_embed(self, target: str) -> None:
        if target not in self.missing_embeds:
            self.missing_embeds.append(target)

    # ---- embeds -------------------------------------------------------------------------------------
    def embed(self, target: str, anchor: str, alias: str | None, md: Markdown) -> Any:
        """The element (image) or stash placeholder (note HTML) for ``![[target#anchor|alias]]``."""
        if self._outside_vault(target):
            self.warnings.append(worded("markup.embed.outside", target=target))
            if target not in self.missing_embeds:
                self.missing_embeds.append(target)
            return self._missing(target, worded("markup.embed.outside_short"))
        path = self._resolve(target)
        if path is None:
            if target not in self.missing_embeds:
                self.missing_embeds.append(target)
            return self._missing(target, worded("markup.embed.not_found"))
        rel = self._relative(path)
        if path.suffix.lower() in IMAGE_SUFFIXES:
            img = etree.Element("img")
            img.set("class", "tn-embed-image")
            img.set("src", path.as_uri())
            img.set("data-target", rel)
            size = (alias or "").strip()
            m = re.match(r"^(\d{1,5})(?:x(\d{1,5}))?$", size)
            if m:
                img.set("width", m.group(1))
                if m.group(2):
                    img.set("height", m.group(2))
                img.set("alt", target)
            else:
                img.set("alt", size or target)
            return img
        if not is_note(path):
            link = etree.Element("a")
            link.set("class", "tn-embed-file")
            link.set("href", path.as_uri())
            link.text = alias or path.name
            return link
        # a note may embed a block or section of itself (Obsidian does); only itself whole is a loop
        if path in self.visiting or (path == self.path and not anchor):
            self.warnings.append(worded("markup.embed.loop", rel=rel))
            return md.htmlStash.store(self._notice(rel, worded("markup.embed.loop_short")))
        if self.depth + 1 > MAX_EMBED_DEPTH:
            return md.htmlStash.store(self._notice(rel, worded("markup.embed.too_deep")))
        try:
            text = read_note(path).text
        except OSError as exc:
            return self._missing(target, worded("markup.embed.unreadable", error=exc.strerror or exc))
        if anchor:
            text = section(text, anchor[1:])
        visiting = self.visiting | {path} | ({self.path} if self.path else set())
        body = self.nested(text, path, self.depth + 1, frozenset(visiting))
        title = escape(path.stem + (" › " + anchor[1:] if anchor else ""))
        target_attr = escape(rel, quote=True)
        html = (
            f'<div class="tn-embed" data-target="{target_attr}"><div class="tn-embed-title">'
            f'<a class="tn-wikilink" href="#" data-target="{target_attr}">{title}</a></div>{body}</div>'
        )
        return md.htmlStash.store(html)

    @staticmethod
    def _missing(target: str, reason: str) -> etree.Element:
        el = etree.Element("span")
        el.set("class", "tn-embed tn-unresolved")
        el.set("title", reason)
        el.text = f"![[{target}]]"
        return el

    @staticmethod
    def _notice(rel: str, message: str) -> str:
        target_attr = escape(rel, quote=True)
        return (
            f'<div class="tn-embed tn-embed-notice" data-target="{target_attr}">'
            f"{escape(message)}: {escape(rel)}</div>"
        )


def section(text: str, anchor: str) -> str:
    """The part of ``text`` under the heading whose slug is ``slug(anchor)`` (or a ``^block`` line)."""
    lines = text.split("\n")
    if anchor.startswith("^"):
        for n, line in enumerate(lines):
            if line.rstrip().endswith(" " + anchor):
                return line
            if line.strip() == anchor:  # on its own line: it names the block above (table, list, quote)
                end = n
                while end > 0 and not lines[end - 1].strip():
                    end -= 1
                start = end
                while start > 0 and lines[start - 1].strip():
                    start -= 1
                return "\n".join([*lines[start:end], "", anchor]) if end > start else line
        return ""
    want = slug(anchor)
    for n, line in enumerate(lines):
        m = RE_HEADING_LINE.match(line)
        if m and slug(m.group(2)) == want:
            level = len(m.group(1))
            end = n + 1
            while end < len(lines):
                other = RE_HEADING_LINE.match(lines[end])
                if other and len(other.group(1)) <= level:
                    break
                end += 1
            return "\n".join(lines[n:end])
    return ""
