"""The window's own HTML pages: the Korean error page, the welcome page and the binary-file page.

They share the note pages' look (same font, same colours per theme) so that a failed render looks like
part of the app, not like a crash. The bundled Korean font is referenced with @font-face because the
web view does not see fonts registered with Qt.
"""

from __future__ import annotations

import html
from pathlib import Path

from app.fonts import korean_font

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
@font-face {{ font-family: "{font.family}"; src: url("{font.regular.as_uri()}"); }}
html, body {{ background: {c["bg"]}; color: {c["fg"]}; }}
body {{ font-family: "{font.family}", "Noto Sans CJK KR", sans-serif; line-height: 1.65;
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
        "<!DOCTYPE html><html lang='ko'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_style(theme)}</style></head>"
        f"<body>{body}</body></html>"
    )


def error_page(path: Path | None, reason: str, details: str = "", theme: str = "light") -> str:
    """Shown instead of a note that could not be read or rendered; the app itself keeps running."""
    name = html.escape(path.name if path else "노트")
    where = f"<p class='muted'>{html.escape(str(path))}</p>" if path else ""
    more = f"<h2>자세한 내용</h2><pre>{html.escape(details)}</pre>" if details else ""
    body = (
        f"<h1>이 노트를 표시하지 못했습니다: {name}</h1>{where}"
        f"<div class='card'><p><b>이유:</b> {html.escape(reason)}</p></div>"
        "<p>파일을 고친 뒤 저장하면 자동으로 다시 불러옵니다. 다른 노트는 평소처럼 열 수 있습니다.</p>"
        f"{more}"
    )
    return _page(f"오류 — {path.name if path else '노트'}", body, theme)


def message_page(title: str, lines: list[str], theme: str = "light") -> str:
    """A neutral page (welcome, empty vault, binary file) with a title and a few paragraphs."""
    body = f"<h1>{html.escape(title)}</h1>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return _page(title, body, theme)


def welcome_page(vault_name: str, note_count: int, theme: str = "light") -> str:
    if note_count == 0:
        lines = ["이 볼트에는 아직 노트(.md)가 없습니다.", "파일 → 볼트 열기…로 다른 폴더를 열 수 있습니다."]
    else:
        lines = [f"노트 {note_count}개가 있습니다. 왼쪽 목록에서 노트를 고르세요."]
    return message_page(f"{vault_name} 볼트", lines, theme)
