"""The window's own HTML pages, in the UI language: the error page, the welcome page, the binary-file page.

They share the note pages' look (same font, same colours per theme) so that a failed render looks like
part of the app, not like a crash. The bundled Korean font is referenced with @font-face because the
web view does not see fonts registered with Qt.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from app.fonts import LATIN_FAMILY, korean_font
from app.markup.page import LOCAL_SCHEME, font_css, local_urls
from app.markup.sanitize import csp_meta
from app.ui.common import i18n

translate = QCoreApplication.translate  # lupdate collects translate("Pages", "…")

_COLOURS = {
    "light": {"bg": "#ffffff", "fg": "#1f2328", "muted": "#59636e", "card": "#fff5f5", "edge": "#d1242f",
              "code": "#f6f8fa"},
    "dark": {"bg": "#1e1f22", "fg": "#dcdfe4", "muted": "#9aa1ab", "card": "#3a2326", "edge": "#f85149",
             "code": "#2b2d31"},
}


def _style(theme: str) -> str:
    c = _COLOURS.get(theme, _COLOURS["light"])
    font = korean_font()
    return f"""
{local_urls(font_css())}
html, body {{ background: {c["bg"]}; color: {c["fg"]}; }}
body {{ font-family: "{font.family}", "{LATIN_FAMILY}", "Noto Sans CJK KR", sans-serif; line-height: 1.65;
        max-width: 46em; margin: 3em auto; padding: 0 2em; font-size: 16px; }}
h1 {{ font-size: 1.5em; margin-bottom: .3em; }}
p.muted {{ color: {c["muted"]}; }}
.card {{ background: {c["card"]}; border-left: 4px solid {c["edge"]}; padding: .8em 1.2em;
         border-radius: 6px; }}
pre {{ background: {c["code"]}; padding: .8em 1em; border-radius: 6px; overflow-x: auto; font-size: 13px;
       white-space: pre-wrap; }}
"""


def _page(title: str, body: str, theme: str) -> str:
    return (
        f"<!DOCTYPE html><html lang='{i18n.current_language()}'><head><meta charset='utf-8'>"
        f"{csp_meta(None, local_scheme=LOCAL_SCHEME)}"  # no script at all on the app's own pages
        f"<title>{html.escape(title)}</title><style>{_style(theme)}</style></head>"
        f"<body>{body}</body></html>"
    )


def error_page(path: Path | None, reason: str, details: str = "", theme: str = "light") -> str:
    """Shown instead of a note that could not be read or rendered; the app itself keeps running."""
    name = html.escape(path.name if path else translate("Pages", "note"))
    where = f"<p class='muted'>{html.escape(str(path))}</p>" if path else ""
    heading = translate("Pages", "This note could not be shown: {0}").format(name)
    because = translate("Pages", "Reason:")
    hint = translate("Pages", "Fix the file and save it: it reloads by itself. Other notes open as usual.")
    more = ""
    if details:
        label = translate("Pages", "Details")
        more = f"<h2>{label}</h2><pre>{html.escape(details)}</pre>"
    body = (
        f"<h1>{heading}</h1>{where}"
        f"<div class='card'><p><b>{because}</b> {html.escape(reason)}</p></div>"
        f"<p>{hint}</p>{more}"
    )
    title = translate("Pages", "Error — {0}").format(path.name if path else translate("Pages", "note"))
    return _page(title, body, theme)


def message_page(title: str, lines: list[str], theme: str = "light") -> str:
    """A neutral page (welcome, empty vault, binary file) with a title and a few paragraphs."""
    body = f"<h1>{html.escape(title)}</h1>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return _page(title, body, theme)


def welcome_page(vault_name: str, note_count: int, theme: str = "light") -> str:
    if note_count == 0:
        lines = [
            translate("Pages", "This vault has no notes (.md) yet."),
            translate("Pages", "Use File → Open Vault… to open another folder."),
        ]
    else:
        lines = [translate("Pages", "There are %n note(s). Choose one in the list on the left.", None,
                           note_count)]
    return message_page(translate("Pages", "{0} vault").format(vault_name), lines, theme)
