"""Hostile notes: one entry per *kind* of script-injection or file-reading trick (issue 11).

Written for Tensornote from the kinds listed in public XSS cheat sheets (event handlers, URL schemes,
parser confusion, SVG animation, frames, refresh, base, forms, CSS, mutation XSS, entity encodings) and
from Obsidian's own syntax (embeds, wikilinks, callouts, properties, footnotes, math, code fences).

Every payload tries to leave a trace the tests look for:
- ``EFFECT``: sets ``document.title`` to ``PWNED``, sets ``window.__tnx``, logs ``TN-XSS`` on the
  console and appends a ``<tnxss>`` element;
- ``BRIDGE``: calls the QWebChannel bridge with ``{"kind": "pwned"}``;
- ``{secret}``: the absolute path of a real PNG outside the vault; ``{secret_rel}``: the same, relative
  to the note; ``/etc/passwd`` for a system file.
``render(payload, secret)`` fills these in.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from urllib.parse import quote

EFFECT = ("document.title='PWNED';window.__tnx=1;console.log('TN-XSS');"
          "document.body.appendChild(document.createElement('tnxss'))")
BRIDGE = ("new QWebChannel(qt.webChannelTransport,function(c){c.objects.tnBridge.click("
          "'{\"kind\":\"pwned\"}')})")
MARKERS = ("PWNED", "TN-XSS", "__tnx", "tnxss", "pwned")


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _entities(text: str) -> str:
    return "".join(f"&#{ord(ch)};" for ch in text)


_SVG_WITH_SCRIPT = f'<svg xmlns="http://www.w3.org/2000/svg" id="x"><script>{EFFECT}</script></svg>'
_HTML_WITH_SCRIPT = f"<script>{EFFECT}</script>"

# name -> note text. Each is its own kind; several are Markdown or Obsidian syntax, not raw HTML.
PAYLOADS: dict[str, str] = {
    # --- script elements
    "script-tag": f"<script>{EFFECT}</script>",
    "script-mixed-case": f"<ScRiPt >{EFFECT}</sCrIpT>",
    "script-src-data": f'<script src="data:text/javascript;base64,{_b64(EFFECT)}"></script>',
    "script-bridge": f"<script>{BRIDGE}</script>",
    "script-fetch-file": ("<script>fetch('file:///etc/passwd').then(r=>r.text())"
                          ".then(t=>{document.title='PWNED'+t.length})</script>"),
    "script-in-paragraph": f"문단 안에 <b>굵게 <script>{EFFECT}</script></b> 끝",
    # --- event handlers
    "img-onerror": f'<img src="nothing-here.png" onerror="{EFFECT}">',
    "img-onload-data-gif": ('<img src="data:image/gif;base64,'
                            'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" '
                            f'onload="{EFFECT}">'),
    "svg-onload": f'<svg onload="{EFFECT}"><rect width="5" height="5"/></svg>',
    "body-onload": f'<body onload="{EFFECT}">본문</body>',
    "details-ontoggle": f'<details open ontoggle="{EFFECT}"><summary>열기</summary>내용</details>',
    "video-onerror": f'<video src="missing.mp4" onerror="{EFFECT}"></video>',
    "video-source-onerror": f'<video><source src="missing.webm" onerror="{EFFECT}"></video>',
    "audio-onerror": f'<audio src="missing.ogg" onerror="{EFFECT}"></audio>',
    "input-autofocus-onfocus": f'<input autofocus onfocus="{EFFECT}">',
    "div-onmouseover": f'<div style="height:200px" onmouseover="{EFFECT}">여기에 마우스</div>',
    "style-onanimationstart": (f'<style>@keyframes k{{from{{color:red}}}}</style>'
                               f'<p style="animation:k 1s" onanimationstart="{EFFECT}">애니</p>'),
    "marquee-onstart": f'<marquee onstart="{EFFECT}">흐르는 글</marquee>',
    # --- URL schemes
    "a-javascript": f'<a href="javascript:{EFFECT}">눌러 보기</a>',
    "a-javascript-entities": f'<a href="{_entities("javascript:")}{EFFECT}">엔티티</a>',
    "a-javascript-tab-newline": f'<a href="jav&#x09;ascr&#x0A;ipt:{EFFECT}">탭</a>',
    "a-javascript-leading-space": f'<a href=" &#14;  javascript:{EFFECT}">공백</a>',
    "a-vbscript": '<a href="vbscript:MsgBox(&quot;PWNED&quot;)">vb</a>',
    "a-data-html": f'<a href="data:text/html;base64,{_b64(_HTML_WITH_SCRIPT)}">데이터</a>',
    "markdown-link-javascript": f"[마크다운 링크](javascript:{quote(EFFECT, safe='')})",
    "markdown-image-javascript": f"![그림](javascript:{quote(EFFECT, safe='')})",
    "markdown-autolink-javascript": "<javascript:alert(1)>",
    "img-srcset-javascript": f'<img srcset="javascript:{EFFECT} 1x">',
    # --- frames, plugins
    "iframe-srcdoc": f'<iframe srcdoc="&lt;script&gt;parent.{EFFECT}&lt;/script&gt;"></iframe>',
    "iframe-javascript": f'<iframe src="javascript:parent.{EFFECT}"></iframe>',
    "iframe-data-html": f'<iframe src="data:text/html;base64,{_b64(_HTML_WITH_SCRIPT)}"></iframe>',
    "iframe-local-file": '<iframe src="file:///etc/passwd" width="600" height="400"></iframe>',
    "object-data-html": f'<object data="data:text/html;base64,{_b64(_HTML_WITH_SCRIPT)}"></object>',
    "object-local-file": '<object data="file:///etc/passwd" type="text/plain"></object>',
    "embed-svg-script": f'<embed src="data:image/svg+xml;base64,{_b64(_SVG_WITH_SCRIPT)}">',
    # --- page-level redirections
    "meta-refresh-web": '<meta http-equiv="refresh" content="0;url=https://evil.example/steal">',
    "meta-refresh-javascript": f'<meta http-equiv="refresh" content="0;url=javascript:{EFFECT}">',
    "base-href": '<base href="https://evil.example/">\n\n[상대 링크](steal.html)',
    "form-action": f'<form action="javascript:{EFFECT}"><button type="submit">보내기</button></form>',
    "button-formaction": f'<form><button formaction="javascript:{EFFECT}">보내기</button></form>',
    "link-stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    # --- CSS
    "style-expression": (f'<div style="width: expression({EFFECT}); '
                         f'background: url(javascript:{EFFECT})">css</div>'),
    "style-tag-file-url": ("<style>body{background:url('file:///etc/passwd')} "
                           "@import url('https://evil.example/x.css');</style>스타일"),
    # --- SVG tricks
    "svg-script": f"<svg><script>{EFFECT}</script></svg>",
    "svg-script-href-data": f'<svg><script href="data:text/javascript;base64,{_b64(EFFECT)}"></script></svg>',
    "svg-animate-onbegin": f'<svg><animate attributeName="x" dur="1s" onbegin="{EFFECT}"/></svg>',
    "svg-set-href-javascript": (f'<svg><a><set attributeName="href" to="javascript:{EFFECT}"/>'
                                '<text x="5" y="20">클릭</text></a></svg>'),
    "svg-animate-values-javascript": (f'<svg><a><animate attributeName="href" values="javascript:{EFFECT}"/>'
                                      '<text x="5" y="20">클릭</text></a></svg>'),
    "svg-xlink-href": (f'<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:{EFFECT}">'
                       '<text x="5" y="20">xlink</text></a></svg>'),
    "svg-use-data-script": f'<svg><use href="data:image/svg+xml;base64,{_b64(_SVG_WITH_SCRIPT)}#x"/></svg>',
    "svg-foreignobject-iframe": ('<svg><foreignObject width="100" height="100">'
                                 f'<iframe srcdoc="&lt;script&gt;parent.{EFFECT}&lt;/script&gt;">'
                                 "</iframe></foreignObject></svg>"),
    # --- parser confusion (mutation XSS)
    "mxss-noscript-title": f'<noscript><p title="</noscript><img src=x onerror={EFFECT}>"></noscript>',
    "mxss-template": f'<template><img src="x" onerror="{EFFECT}"></template>',
    "mxss-mathml-style": f'<math><mtext><table><mglyph><style><img src=x onerror="{EFFECT}">',
    "mxss-svg-style": f'<svg></p><style><a id="</style><img src=1 onerror={EFFECT}>">',
    "comment-breakout": f'<!--><img src=x onerror="{EFFECT}">-->',
    "cdata-in-svg": f'<svg><![CDATA[><img src=x onerror="{EFFECT}">]]></svg>',
    "unclosed-attribute": f'<img src="x" alt="닫히지 않은 onerror={EFFECT}>',
    # --- DOM clobbering of what note.js and the view use
    "dom-clobbering": ('<img name="getElementById" src="x"><form name="querySelectorAll"></form>'
                       '<a id="tn" name="tn" href="#">tn</a><img name="readyState">'),
    # --- Obsidian syntax carrying markup
    "embed-javascript": f"![[javascript:{EFFECT}]]",
    "embed-outside-vault": "![[../../../../../../etc/passwd]]",
    "wikilink-attribute-breakout": f'[[노트" onmouseover="{EFFECT}]]',
    "wikilink-html-alias": f'[[노트|<img src=x onerror="{EFFECT}">]]',
    "callout-title-html": f'> [!note] <img src=x onerror="{EFFECT}">\n> 본문',
    "footnote-html": f'각주[^1]\n\n[^1]: <img src=x onerror="{EFFECT}">',
    "properties-html": (f'---\ntitle: "<script>{EFFECT}</script>"\n'
                        'tags: ["<img src=x onerror=alert(1)>"]\n---\n본문'),
    "code-fence-language": f'```"><img src=x onerror="{EFFECT}">\nprint(1)\n```',
    "math-href-javascript": f"$\\href{{javascript:{EFFECT}}}{{x}}$ 와 $<img src=x onerror=alert(1)>$",
    "table-cell-html": f'| 열 |\n|---|\n| <img src=x onerror="{EFFECT}"> |',
    "task-list-html": f'- [ ] <svg onload="{EFFECT}"></svg> 할 일',
    # --- reading local files
    "img-local-file-absolute": '<img class="tn-secret" src="file://{secret}">',
    "img-vault-scheme-outside": '<img class="tn-secret" src="tnpage:{secret}">',
    "img-relative-escape": '<img class="tn-secret" src="{secret_rel}">',
    "markdown-image-outside": "![밖](<{secret_rel}>)",
    "video-poster-local-file": '<video class="tn-secret" poster="file://{secret}"></video>',
    "svg-image-local-file": '<svg><image href="file://{secret}" width="10" height="10"/></svg>',
}


def render(text: str, secret: Path, note: Path) -> str:
    """``text`` with ``{secret}``/``{secret_rel}`` filled in for a note at ``note``."""
    rel = os.path.relpath(secret, note.parent)
    return text.replace("{secret}", str(secret)).replace("{secret_rel}", rel)
