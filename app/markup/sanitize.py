"""A note's HTML made inert: an allowlist sanitiser (nh3, the Rust ``ammonia`` crate) run on every page.

Why: a note is data. Students open vaults they did not write, and Markdown lets raw HTML through, so a
note could carry ``<script>``, ``onerror=`` handlers, ``javascript:`` links or an ``<iframe>`` onto a
local file. Obsidian strips those and so do we: :func:`sanitize` keeps what Obsidian lets through and
everything our renderer emits, and drops the rest.

What survives (the allowlist below):
- text and structure HTML (headings, lists, tables, quotes, ``details``/``summary``, ``kbd``, ``mark``,
  ruby, figures, images, audio and video without autoplaying scripts), task checkboxes (``input`` of type
  checkbox only) and our copy button (``button`` of type button only);
- inline SVG drawing elements with their geometry attributes: the typeset math and its page sprite
  (``<svg>``, ``<defs>``, ``<symbol viewBox>``, ``<use href="#…">``, ``<g>``, ``<path>``, ``<rect>``…);
- ``class``, ``id``, ``title``, ``lang``, ``dir``, ``style`` (filtered to presentational properties),
  and every ``data-*``/``aria-*`` attribute (our page hooks: ``data-eq``, ``data-piece``, ``data-code``…);
- URLs with the schemes http, https, mailto, file and tnpage (the app's vault scheme; the view serves it
  only for files inside the vault), relative URLs and ``#fragments``; ``data:`` only as an ``<img>`` or
  ``<source>``/``<video poster>`` image (``data:image/…``).

What goes: ``<script>``, ``<style>`` (with its content, except our own sprite rules, see below),
``<iframe>``/``<frame>``, ``<object>``/``<embed>``, ``<form>``/``<textarea>``/``<select>``, ``<meta>``,
``<base>``, ``<link>``, ``<template>``, ``<noscript>``, MathML, SVG ``<script>``/``<animate>``/``<set>``/
``<foreignObject>``, every ``on*`` attribute, ``srcdoc``, ``formaction``, ``xlink:href``, ``name`` on
anything but ``<a>`` (document named-property clobbering), ``target`` (no new windows), and URLs with any
other scheme (``javascript:``, ``vbscript:``, ``data:text/html``…). Comments are removed. Tags nested
deeper than 512 levels (Chromium's own limit) are dropped, their text kept (``cap_depth``).

Our own ``<style class="tn-sprite-style">`` (one CSS rule per distinct formula: ``.tn-m-<hash>{width:…;
height:…;vertical-align:…}``, see ``sprite.py``) is taken out before sanitising and put back only when
every rule matches that exact shape, so a note that forges the class gains nothing but sizes.

The page also carries a Content-Security-Policy (``csp``) that allows only our own ``note.js`` (by its
SHA-256 hash), so even a sanitiser bug would not run a script.

Cost (``benchmarks/run.py render``: ``sanitize_seed_ms``, ``sanitize_large_ms``; 2-core development
machine). The seed's body (91 KB of HTML, most of it SVG ``<use>`` placements) took 3.7 ms (median of
20) in a lighter moment; while other jobs loaded the machine (load average 6–9) it took 7.6 ms (best
of 60) against 28 ms for the warm render itself: about a quarter of a warm render, a small part of a
cold one. A 1.4 MB body (every bundled note six times) took 200 ms under the same load, 18 % of its
1.1 s render.
The fast pass runs without a Python callback; the strict pass (``_attribute``, twice the cost) runs only
when the output holds a ``data:`` URL or a ``<use>`` of another file. ammonia parses with html5ever
(the browsers' own parsing algorithm), so what it keeps is what Chromium builds: no mutation XSS from
a parser mismatch (``noscript``/``template``/MathML/``style`` tricks are in the test corpus).
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache

import nh3

# ---- the allowlist ---------------------------------------------------------------------------------
HTML_TAGS = frozenset({
    "a", "abbr", "acronym", "address", "article", "aside", "audio", "b", "bdi", "bdo", "big", "blockquote",
    "br", "button", "caption", "center", "cite", "code", "col", "colgroup", "data", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "main", "mark", "nav",
    "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "source",
    "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "tt", "u", "ul", "var", "video", "wbr",
})
SVG_TAGS = frozenset({
    "svg", "g", "defs", "symbol", "use", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "desc", "clipPath", "linearGradient", "radialGradient", "stop",
})
TAGS = HTML_TAGS | SVG_TAGS

GENERIC_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "style", "role", "hidden"})
SVG_ATTRIBUTES = frozenset({
    "viewBox", "preserveAspectRatio", "xmlns", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx",
    "ry", "width", "height", "points", "transform", "fill", "fill-opacity", "fill-rule", "stroke",
    "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-opacity", "opacity",
    "font-size", "font-family", "font-weight", "text-anchor", "dominant-baseline", "clip-path",
    "clip-rule", "offset", "stop-color", "stop-opacity", "gradientUnits",
})
TAG_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "name", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "video": {"src", "poster", "controls", "loop", "muted", "width", "height", "preload"},
    "audio": {"src", "controls", "loop", "muted", "preload"},
    "source": {"src", "type", "media", "srcset"},
    "input": {"checked", "disabled"},
    "label": {"for"},
    "button": {"disabled"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align", "valign"},
    "th": {"colspan", "rowspan", "align", "valign", "scope"},
    "col": {"span", "width"},
    "colgroup": {"span"},
    "details": {"open"},
    "time": {"datetime"},
    "data": {"value"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "font": {"color", "face", "size"},
    "table": {"align", "width"},
    "div": {"align"},
    "p": {"align"},
    **{tag: set(SVG_ATTRIBUTES) | ({"href"} if tag == "use" else set()) for tag in SVG_TAGS},
}
# Only these values are kept (the attribute is dropped otherwise).
TAG_ATTRIBUTE_VALUES = {
    "input": {"type": {"checkbox"}},
    "button": {"type": {"button"}},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "file", "tnpage", "data"})
# ``data:`` is only for pictures: an image element's source, a video's poster.
DATA_IMAGE_ATTRIBUTES = frozenset({
    ("img", "src"), ("source", "src"), ("source", "srcset"), ("video", "poster"),
})
# Presentational CSS a note may set inline (Obsidian keeps ``style``); nothing that loads a URL.
STYLE_PROPERTIES = frozenset({
    "color", "background-color", "font-weight", "font-style", "font-size", "font-family", "font-variant",
    "text-align", "text-decoration", "text-transform", "text-indent", "vertical-align", "white-space",
    "line-height", "letter-spacing", "word-spacing", "width", "height", "max-width", "max-height",
    "min-width", "min-height", "margin", "margin-top", "margin-bottom", "margin-left", "margin-right",
    "padding", "padding-top", "padding-bottom", "padding-left", "padding-right", "border", "border-top",
    "border-bottom", "border-left", "border-right", "border-color", "border-style", "border-width",
    "border-radius", "border-collapse", "display", "float", "clear", "overflow", "position", "opacity",
    "list-style-type", "columns", "column-count", "fill", "stroke",
})

RE_SPRITE_STYLE = re.compile(r'<style class="tn-sprite-style">(.*?)</style>', re.S)
RE_SPRITE_RULES = re.compile(
    r"(?:\.tn-m-[0-9a-f]{12}\{width:[-0-9.a-z%]+;height:[-0-9.a-z%]+;vertical-align:[-0-9.a-z%]+\})*"
)
RE_DATA_URL = re.compile(r"^[\x00-\x20]*data:", re.I)
RE_DATA_IMAGE = re.compile(r"^[\x00-\x20]*data:image/(?:png|jpe?g|gif|webp|bmp|avif|x-icon)[;,]", re.I)


def _attribute(tag: str, name: str, value: str) -> str | None:
    """Keep ``data:`` only where it is an image; every other attribute passes as nh3 left it."""
    if (RE_DATA_URL.match(value) and name in ("href", "src", "srcset", "poster")
            and ((tag, name) not in DATA_IMAGE_ATTRIBUTES or not RE_DATA_IMAGE.match(value))):
        return None
    if tag == "use" and name == "href" and not value.startswith("#"):
        return None  # a <use> draws one of the page's own symbols, never another document's
    return value


@cache
def _cleaner(strict: bool) -> nh3.Cleaner:
    """The nh3 cleaner; ``strict`` adds :func:`_attribute` (a Python call per attribute, about twice the
    cost), needed only when the fast pass let a ``data:`` URL or a ``<use>`` of another file through."""
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "noembed", "noframes",
                            "xmp", "title"},
        attributes={"*": set(GENERIC_ATTRIBUTES), **TAG_ATTRIBUTES},
        tag_attribute_values=TAG_ATTRIBUTE_VALUES,
        attribute_filter=_attribute if strict else None,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
        strip_comments=True,
    )


# In nh3's output every attribute is serialised as name="value" with ", < and > escaped, so these see
# exactly what the browser will see.
RE_FOREIGN_USE = re.compile(r'<use\b[^>]*?\shref="(?!#)')


def _needs_strict(clean: str) -> bool:
    return "data:" in clean.lower() or RE_FOREIGN_USE.search(clean) is not None


# Nesting: html5ever (like every HTML parser) scans the open elements for each block start tag, so
# 30,000 nested <div>s (150 KB) took 15 s and 100,000 minutes. Chromium stops nesting at 512 levels;
# so do we, before parsing, dropping the tags (not the text) below that depth. The exact walk costs a
# Python step per tag, so it runs only when the body holds enough block tags to nest that deep.
MAX_DEPTH = 512
DEEP_HINT = 2000
RE_BLOCK_TAG = re.compile(
    r"<(?:div|p|ul|ol|li|d[ldt]|blockquote|details|summary|section|article|aside|nav|header|footer|main"
    r"|figure|figcaption|address|center|table|t[dhr]|fieldset|menu|pre|hgroup|dir|form|h[1-6])\b"
)
RE_ANY_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*>")
VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    "param", "keygen", "basefont", "frame",
})


def cap_depth(body: str, limit: int = MAX_DEPTH) -> str:
    """``body`` with the start and end tags nested deeper than ``limit`` removed (their text stays)."""
    if len(RE_BLOCK_TAG.findall(body.lower())) < DEEP_HINT:
        return body
    depth = 0
    stack: list[tuple[str, bool]] = []  # (tag name, kept)
    cuts: list[tuple[int, int]] = []
    for m in RE_ANY_TAG.finditer(body):
        name = m.group(2).lower()
        if body[m.end() - 2] == "/" or name in VOID_TAGS:
            continue
        if not m.group(1):
            kept = depth < limit
            stack.append((name, kept))
            depth += kept
            if not kept:
                cuts.append(m.span())
            continue
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] == name:
                depth -= sum(was_kept for _, was_kept in stack[k:])
                if not stack[k][1]:
                    cuts.append(m.span())
                del stack[k:]
                break
    if not cuts:
        return body
    out, pos = [], 0
    for start, end in cuts:
        out.append(body[pos:start])
        pos = end
    out.append(body[pos:])
    return "".join(out)


def sanitize(body: str) -> str:
    """``body`` (an HTML fragment: a rendered note) with everything active removed; see the module doc."""
    body = cap_depth(body)
    rules: list[str] = []

    def take(m: re.Match[str]) -> str:
        if RE_SPRITE_RULES.fullmatch(m.group(1)):
            rules.append(m.group(1))
        return ""

    body = RE_SPRITE_STYLE.sub(take, body)
    clean = _cleaner(False).clean(body)
    if _needs_strict(clean):
        clean = _cleaner(True).clean(body)
    if rules:
        clean = f'<style class="tn-sprite-style">{"".join(rules)}</style>' + clean
    return clean


# ---- the page's Content-Security-Policy -------------------------------------------------------------
def script_hash(source: str) -> str:
    """The CSP source expression that allows exactly the inline script ``source``."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def csp(script: str | None, *, local_scheme: str | None = "tnpage") -> str:
    """The policy of a note page: no script but ``script`` (hashed), nothing loaded from the network.

    ``local_scheme``: the app serves fonts and the vault's pictures through it; a standalone file
    (``render -o``) passes None and embeds everything as ``data:``. Frames, plugins, forms, ``<base>``
    and fetches are all refused.
    """
    scripts = script_hash(script) if script is not None else "'none'"
    local = f" {local_scheme}:" if local_scheme else ""
    return (
        f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; "
        f"img-src data:{local}; media-src data:{local}; font-src data:{local}; "
        "connect-src 'none'; frame-src 'none'; child-src 'none'; worker-src 'none'; object-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def csp_meta(script: str | None, *, local_scheme: str | None = "tnpage") -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{csp(script, local_scheme=local_scheme)}">'
