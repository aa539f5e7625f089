"""``page_html``: a rendered note as a complete HTML page (CSS, the Korean font, the page script).

In app mode the font and images are ``tnpage:`` URLs, which the UI's view serves only for files inside the
vault and the bundled fonts (``LOCAL_SCHEME``; the view may not read ``file://`` at all); a standalone page
(``render -o``) embeds them as ``data:`` URIs so the file opens offline anywhere. Either way the note's
HTML is sanitised (``sanitize``) and the page carries a Content-Security-Policy that lets only our own
``note.js`` run.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlparse

from app.fonts import KOREAN_UNICODE_RANGE, LATIN_FAMILY, MONO_FAMILY, korean_font, latin_fonts
from app.markup.codehtml import pygments_css
from app.markup.compact import compact_page
from app.markup.model import RenderedNote
from app.markup.sanitize import csp_meta, sanitize
from app.paths import cache_dir

THEMES = {"light": "tn-theme-light", "dark": "tn-theme-dark", "auto": "", "system": ""}
RE_FILE_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")(file://[^"]+)(")')
MAX_EMBED_BYTES = 20 * 1024 * 1024
# The app's scheme for local files (``app/ui/note_view/scheme.py`` serves it, inside allowed roots only).
LOCAL_SCHEME = "tnpage"


@cache
def asset(name: str) -> str:
    """A file from ``app/markup/assets`` (shipped as package data)."""
    return resources.files("app.markup").joinpath("assets", name).read_text(encoding="utf-8")


def _data_uri(path: Path) -> str | None:
    try:
        if path.stat().st_size > MAX_EMBED_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


@cache
def web_font(path: Path) -> Path:
    """A copy of ``path`` that Chromium accepts as a web font.

    The bundled NanumGothic carries VTT source tables (TSI0…TSI5) with a zero-length TSI3, and Chromium's
    font sanitizer (OTS) then rejects the whole font, so the page would fall back to boxes. The tables
    only matter to font designers; we drop them once and keep the copy in the cache dir.
    """
    try:
        stat = path.stat()
        out = cache_dir("fonts") / f"{path.stem}-{stat.st_size}-{int(stat.st_mtime)}-web.ttf"
        if out.exists():
            return out
        from fontTools.ttLib import TTFont

        font = TTFont(str(path))
        for tag in [tag for tag in font.keys() if tag.startswith("TSI")]:  # noqa: SIM118 (TTFont is not a dict)
            del font[tag]
        tmp = out.with_suffix(".tmp")
        font.save(str(tmp))
        tmp.replace(out)
        return out
    except Exception:  # fontTools errors or a read-only cache: the original is better than nothing
        return path


# Latin fallback faces: a standalone file embeds only what a note's Latin text needs (subset).
LATIN_SUBSET = "U+20-7E, U+A0-17F, U+370-3FF, U+2000-206F, U+2190-22FF, U+2300-23FF, U+25A0-25FF"


@cache
def latin_subset(path: Path) -> Path:
    """``path`` cut down to ``LATIN_SUBSET`` (about 60 KB instead of 750 KB) for standalone files."""
    try:
        stat = path.stat()
        out = cache_dir("fonts") / f"{path.stem}-{stat.st_size}-{int(stat.st_mtime)}-latin.ttf"
        if out.exists():
            return out
        import logging

        from fontTools import subset

        # fontTools logs a warning per table it can't subset (e.g. FFTM); it is harmless noise on the CLI.
        logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
        options = subset.Options()
        options.layout_features = ["*"]
        font = subset.load_font(str(path), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(LATIN_SUBSET.replace(" ", "")))
        subsetter.subset(font)
        tmp = out.with_suffix(".tmp")
        subset.save_font(font, str(tmp), options)
        tmp.replace(out)
        return out
    except Exception:  # fontTools errors or a read-only cache: the whole font still works
        return path


def _face(family: str, weight: str, url: str, unicode_range: str = "") -> str:
    extra = f" unicode-range: {unicode_range};" if unicode_range else ""
    return (f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
            f'src: url("{url}") format("truetype");{extra} }}')


@cache
def font_css(standalone: bool = False) -> str:
    """@font-face rules: NanumGothic for everything but the backslash (its U+005C is a Won sign),
    DejaVu Sans / DejaVu Sans Mono (matplotlib's copies) for the backslash, Latin text in code, and
    whatever NanumGothic lacks; note.css lists them in that order."""
    font = korean_font()
    latin = latin_fonts()
    faces = []
    # A standalone file embeds only the regular faces (NanumGothic is 4.7 MB); browsers synthesise bold.
    korean = ((("400", font.regular),) if standalone else (("400", font.regular), ("700", font.bold)))
    for weight, path in korean:
        if path is None:
            continue
        path = web_font(path)
        url = _data_uri(path) if standalone else path.as_uri()
        if url:
            faces.append(_face(font.family, weight, url, KOREAN_UNICODE_RANGE))
    fallbacks = [(LATIN_FAMILY, "400", latin.sans), (MONO_FAMILY, "400", latin.mono)]
    if not standalone:
        fallbacks += [(LATIN_FAMILY, "700", latin.sans_bold), (MONO_FAMILY, "700", latin.mono_bold)]
    for family, weight, path in fallbacks:
        url = _data_uri(latin_subset(path)) if standalone else path.as_uri()
        if url:
            faces.append(_face(family, weight, url))
    return "\n".join(faces)


def local_urls(html: str) -> str:
    """``file://`` URLs (attribute values and CSS ``url("…")``) as ``tnpage:`` URLs of the same path.

    In sanitised HTML a ``"`` inside an attribute is ``&quot;``, so ``"file://`` only ever starts a URL.
    """
    return html.replace('"file://', f'"{LOCAL_SCHEME}:')


def font_folders() -> list[Path]:
    """The folders of the font files the app-mode pages use: the view must serve them (``set_roots``)."""
    font = korean_font()
    latin = latin_fonts()
    files = [web_font(p) for p in (font.regular, font.bold) if p is not None]
    files += [p for p in (latin.sans, latin.mono, latin.sans_bold, latin.mono_bold) if p is not None]
    return sorted({p.resolve().parent for p in files})


def _inline_images(body: str) -> str:
    def replace(m: re.Match[str]) -> str:
        path = Path(unquote(urlparse(m.group(2)).path))
        uri = _data_uri(path)
        return f"{m.group(1)}{uri}{m.group(3)}" if uri else m.group(0)

    return RE_FILE_SRC.sub(replace, body)


def page_html(
    note: RenderedNote, *, title: str, theme: str = "light", standalone: bool = False, lang: str = "ko"
) -> str:
    """The full page. ``theme``: "light", "dark", or "auto" (follow the system's colour scheme).

    ``lang`` is the UI's language: note.js labels the page's own controls (the copy button) in it.
    """
    body = sanitize(compact_page(note.body_html))  # compact.js expands the math pieces first
    body = _inline_images(body) if standalone else local_urls(body)
    fonts = font_css(standalone) if standalone else local_urls(font_css())
    banners = "".join(f'<div class="tn-banner" role="status">{escape(w)}</div>' for w in note.warnings)
    theme_class = THEMES.get(theme, "")
    script = f"\n{asset('compact.js')}\n{asset('note.js')}"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}"><head><meta charset="utf-8">\n'
        f"{csp_meta(script, local_scheme=None if standalone else LOCAL_SCHEME)}\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>\n{fonts}\n{asset('note.css')}\n{pygments_css()}</style>\n"
        f'</head><body class="{theme_class}">\n<main class="tn-note">\n{banners}{body}\n</main>\n'
        f"<script>{script}</script>\n</body></html>\n"
    )
