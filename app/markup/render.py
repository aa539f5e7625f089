"""``render_note``: a note's text → :class:`RenderedNote` (HTML body + equations, code blocks, links…).

The pipeline, in order:
1. ``mathscan.scan`` finds every math region and comment; ``blocks`` finds fenced code and front matter.
2. Math is typeset (``mathhtml``), code highlighted (``codehtml``), and both replaced by placeholders in
   the Markdown source (``source.prepare``), so Markdown never sees their insides.
3. Python-Markdown with pymdown-extensions and our Obsidian extension (``obsidian``) renders the rest.
4. The placeholders are swapped for the stashed HTML.
Everything is linear in the note size; typeset math is cached (``mathsvg``).
"""

from __future__ import annotations

import datetime
import re
import threading
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

import markdown

from app.i18n import messages
from app.i18n import text as worded
from app.markup.blocks import code_line_mask, find_code_blocks, parse_front_matter
from app.markup.codebadges import badges_by_block, with_badges
from app.markup.codehtml import block_html, code_errors, code_html
from app.markup.context import RenderContext
from app.markup.linemarks import MARK_CLOSE, MARK_OPEN, apply_marks
from app.markup.mathhtml import region_html
from app.markup.mathscan import scan
from app.markup.model import MathError, RenderedNote
from app.markup.obsidian import ObsidianExtension, unescape_text
from app.markup.source import (
    PH_CLOSE,
    PH_OPEN,
    QUOTE_SEPARATOR,
    RE_BLOCK_PLACEHOLDER,
    RE_PLACEHOLDER,
    prepare,
)
from app.markup.sprite import MathSprite
from app.markup.texmacros import Macros
from app.vault import Vault

_pool: list[markdown.Markdown] = []
_pool_lock = threading.Lock()

messages({
    "markup.backlink": ("본문으로 돌아가기", "Back to the text"),
    "markup.yes": ("예", "Yes"),
    "markup.no": ("아니요", "No"),
    "markup.properties": ("속성", "Properties"),
})


def _new_markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            ObsidianExtension(),
            "tables",
            "footnotes",
            "nl2br",
            "pymdownx.tilde",
            "pymdownx.mark",
            "pymdownx.tasklist",
            "pymdownx.magiclink",
            "md_in_html",
        ],
        extension_configs={
            "pymdownx.tilde": {"subscript": False},  # a lone ~ (``~$C_t$``) is text
            "pymdownx.tasklist": {"custom_checkbox": True},
            "footnotes": {"BACKLINK_TITLE": worded("markup.backlink")},  # set again per render (_acquire)
        },
        output_format="html",
        tab_length=4,
    )


def _acquire() -> markdown.Markdown:
    with _pool_lock:
        md = _pool.pop() if _pool else None
    md = md if md is not None else _new_markdown()
    for ext in md.registeredExtensions:  # a pooled instance words its footnote backlinks in today's language
        if ext.__class__.__name__ == "FootnoteExtension":
            ext.setConfig("BACKLINK_TITLE", worded("markup.backlink"))
    return md


def _release(md: markdown.Markdown) -> None:
    md.reset()
    with _pool_lock:
        if len(_pool) < 4:
            _pool.append(md)


def render_note(
    text: str,
    *,
    path: Path | None = None,
    vault: Vault | None = None,
    badges: Sequence[tuple[int, str]] = (),
) -> RenderedNote:
    """Render one note. Never raises on any text; problems end up in the result's lists.

    ``badges``: (note offset, claim id) of each shape claim (``app.equations.shapes``, found by the caller:
    this layer is below the equations); an empty ``<span class="tn-shape" data-claim="ID">`` goes right at
    each offset, for the page script to fill once the kernel has judged the claims. An offset inside a
    code block (a shape comment) puts the badge into the highlighted code (``codebadges``).
    """
    if vault is None and path is not None:
        vault = Vault(Path(path).resolve().parent)
    return _render(text, Path(path).resolve() if path else None, vault, 0, frozenset(), badges)


def badge_html(claim_id: str) -> str:
    """The grey badge a shape claim gets until it is judged (note.js fills it)."""
    return f'<span class="tn-shape" data-claim="{escape(claim_id)}" role="button">◌</span>'


def _clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text[1:] if text.startswith("\ufeff") else text
    # Our placeholders use these private-use characters; a note must not be able to forge one.
    for forged in (PH_OPEN, PH_CLOSE, MARK_OPEN, MARK_CLOSE, "\x00"):
        if forged in text:
            text = text.replace(forged, "\ufffd")
    return text


def _render(
    text: str,
    path: Path | None,
    vault: Vault | None,
    depth: int,
    visiting: frozenset[Path],
    badges: Sequence[tuple[int, str]] = (),
) -> RenderedNote:
    text = _clean_text(text)
    front = parse_front_matter(text)
    result = scan(text)
    blocks = find_code_blocks(text)
    errors: list[MathError] = [MathError(line, "$$", message) for line, message in result.problems]
    stash: list[str] = []

    def store(html: str) -> str:
        stash.append(html)
        return f"{PH_OPEN}{len(stash) - 1}{PH_CLOSE}"

    in_code = badges_by_block(text, blocks, [(at, badge_html(claim_id)) for at, claim_id in badges])
    math = []
    sprite = MathSprite()
    macros = Macros()
    math_text: dict[str, str] = {}  # typeset HTML -> its LaTeX (heading ids use the LaTeX)
    for region in result.regions:
        html = region_html(region, errors, sprite, macros)
        math_text[html] = region.equation.latex if region.equation else ""
        math.append((region.start, region.end, html))
    prepared = prepare(
        text,
        math=math,
        comments=result.comments,
        code_blocks=blocks,
        front_matter_end=front.end_line,
        code_mask=code_line_mask(text),
        stash=store,
        code_block_html=lambda block: with_badges(block_html(block), in_code.get(block.index)),
        pasted_html=lambda source, lines: code_html(source, "", code_id=None, lines=lines),
        anchors=[(at, badge_html(claim_id)) for at, claim_id in badges],
    )
    plain = {f"{PH_OPEN}{k}{PH_CLOSE}": math_text.get(html, "") for k, html in enumerate(stash)}

    def nested(sub_text: str, sub_path: Path, sub_depth: int, sub_visiting: frozenset[Path]) -> str:
        return _render(sub_text, sub_path, vault, sub_depth, sub_visiting).body_html

    ctx = RenderContext(
        vault, path, depth, visiting, nested, heading_lines=prepared.heading_lines, plain=plain
    )
    md = _acquire()
    try:
        md.tn = ctx  # type: ignore[attr-defined]
        body = md.convert(prepared.markdown)
    finally:
        _release(md)
    body = apply_marks(body)
    body = body.replace(f"<p>{QUOTE_SEPARATOR}</p>", "").replace(QUOTE_SEPARATOR, "")
    body = RE_BLOCK_PLACEHOLDER.sub(lambda m: stash[int(m.group(1))], body)
    body = _lift_blocks(body, stash)
    body = RE_PLACEHOLDER.sub(lambda m: stash[int(m.group(1))], body)
    body = unescape_text(body)  # no Python-Markdown placeholder (STX/ETX) ever reaches the page
    warnings = [unescape_text(w) for w in ctx.warnings]
    if front.error:
        warnings.append(front.error)
    warnings += front.notices
    body = sprite.html() + _properties_html(front.data) + body
    return RenderedNote(
        body_html=body,
        equations=result.equations,
        code_blocks=blocks,
        math_count=result.math_count,
        math_errors=errors,
        unresolved_links=[unescape_text(t) for t in ctx.unresolved_links],
        missing_embeds=[unescape_text(t) for t in ctx.missing_embeds],
        links=ctx.links,
        tags=[unescape_text(t) for t in ctx.tags],
        headings=ctx.headings,
        front_matter=front.data,
        warnings=warnings,
        code_errors=[message for block in blocks for message in code_errors(block)],
    )


RE_BREAKS = re.compile(r"^(?:\s|<br\s*/?>)+|(?:\s|<br\s*/?>)+$")


def _lift_blocks(body: str, stash: list[str]) -> str:
    """Move display math and code blocks out of the paragraphs they were glued into.

    ``> $$…$$`` followed by a text line in a callout, or text right above a ``$$`` line, puts the
    block's placeholder inside a ``<p>``; a ``<div>`` in a ``<p>`` makes the browser split it and leave
    a blank gap. Each such paragraph becomes paragraph / block / paragraph, like Obsidian shows it.
    """
    out: list[str] = []
    pos = 0
    for m in RE_PLACEHOLDER.finditer(body):
        if m.start() < pos or not stash[int(m.group(1))].startswith("<div"):
            continue
        p_open = body.rfind("<p", pos, m.start())
        p_close = body.find("</p>", m.end())
        if p_open < 0 or p_close < 0 or body[p_open + 2] not in "> " or "</p>" in body[p_open : m.start()]:
            continue
        tag_end = body.find(">", p_open)
        attrs, inner = body[p_open + 2 : tag_end], body[tag_end + 1 : p_close]
        out.append(body[pos:p_open])
        text: list[str] = []
        last = 0
        for piece in RE_PLACEHOLDER.finditer(inner):
            if not stash[int(piece.group(1))].startswith("<div"):
                continue
            text.append(inner[last : piece.start()])
            text.append(piece.group(0))
            last = piece.end()
        text.append(inner[last:])
        for k, part in enumerate(text):
            if k % 2 == 1:
                out.append(f"{part}\n")
                continue
            part = RE_BREAKS.sub("", part)
            if part:
                out.append(f"<p{attrs}>{part}</p>\n")
                attrs = ""
        pos = p_close + len("</p>")
    out.append(body[pos:])
    return "".join(out)


TAG_KEYS = frozenset({"tags", "tag"})


def _scalar_html(value: Any) -> str:
    """One property value, shown the way Obsidian shows its type (not Python's ``str``)."""
    if isinstance(value, bool):  # before int: bool is an int
        checked = " checked" if value else ""
        label = worded("markup.yes") if value else worded("markup.no")
        return f'<input type="checkbox" class="tn-prop-check" disabled{checked} aria-label="{label}">'
    if isinstance(value, datetime.datetime):
        return escape(value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes"))
    if isinstance(value, datetime.date):
        return escape(value.isoformat())
    return escape("" if value is None else str(value))


def _tag_pill(tag: Any) -> str:
    name = str(tag).strip().lstrip("#")
    return f'<a class="tn-tag-link" data-tag="{escape(name)}" href="#">#{escape(name)}</a>'


def _value_html(key: str, value: Any) -> str:
    """A property's cell: lists as pills (tags as the same pills as ``#tags`` in the text)."""
    if key.lower() in TAG_KEYS:
        tags = value if isinstance(value, list) else str(value or "").replace(",", " ").split()
        pills = "".join(_tag_pill(t) for t in tags if t is not None and str(t).strip().lstrip("#"))
        return f'<span class="tn-prop-list">{pills}</span>'
    if isinstance(value, list):
        items = "".join(f'<span class="tn-prop-pill">{_scalar_html(v)}</span>' for v in value
                        if v is not None)
        return f'<span class="tn-prop-list">{items}</span>'
    if isinstance(value, dict):
        return escape(", ".join(f"{k}: {v}" for k, v in value.items()))
    return _scalar_html(value)


def _safe_value_html(key: str, value: Any) -> str:
    """``_value_html``, or the value's text when it cannot be shown by type (a value YAML made that we
    did not expect must not cost the note its body)."""
    try:
        return _value_html(key, value)
    except Exception:
        try:
            shown = repr(value)
        except Exception:
            shown = type(value).__name__
        return escape(shown[:200])


def _properties_html(data: dict[str, Any]) -> str:
    """YAML front matter as Obsidian's properties table."""
    if not data:
        return ""
    rows = "".join(
        f'<tr><th scope="row">{escape(str(key))}</th><td>{_safe_value_html(str(key), value)}</td></tr>'
        for key, value in data.items()
    )
    caption = escape(worded("markup.properties"))
    return f'<table class="tn-properties"><caption>{caption}</caption><tbody>{rows}</tbody></table>\n'
