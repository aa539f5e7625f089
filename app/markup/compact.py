"""The page's math pieces and code tokens in a compact form (the page script expands the pieces on load).

Why: a long note repeats small formulas tens of thousands of times, and each piece's hooks (the
``span.tn-math`` with its ``data-piece``, the sizing ``<svg class>``, the ``<use>``) cost ~150 bytes of
HTML, against ~10 bytes of Markdown: they made the 2 MB benchmark note's page ~6.5x its size. In the
page, each piece is written as ``<i data-p="HASH"></i>`` (``data-k="1"`` for the second piece of an
equation ...): its equation id is already on the nearest ``[data-eq]`` ancestor. ``compact.js`` (run
before ``note.js``) turns every ``i[data-p]`` back into exactly the hooks of docs/CONTRACTS.md, so the
page's DOM, the UI and the tests see the same elements as before; :attr:`RenderedNote.body_html` is not
changed. Compacting runs before the sanitiser, which then has 40 % less HTML to read (it is the slowest
step of a huge page). A note could write such an ``<i>`` itself: ``compact.js`` accepts only a 12-hex
hash and a number, and the result is an ordinary piece of that note pointing at the page's own sprite.
Only the exact shape the renderer writes is compacted; anything else is left as it is.

Highlighted code loses the spans of the token classes that neither Pygments theme
colours differently from the code's own text (names ``n``, punctuation ``p``, whitespace ``w``: no rule
in "friendly", the text colour in "monokai"), which are a third of a code block's HTML.

Measured on the 2 MB benchmark note: the page went from 6.5x to 3.96x the note (``html_size_ratio``).
"""

from __future__ import annotations

import re

RE_PIECE = re.compile(
    r'<span class="tn-math" data-piece="(eq-[0-9a-f]{10}(?:-\d+)?)\.(\d+)">'
    r'<svg class="tn-m-([0-9a-f]{12})" role="img"><use href="#tn-m-\3"(?:></use>|\s*/>)</svg></span>'
)
RE_PLAIN_TOKEN = re.compile(r'<span class="[npw]">([^<]*)</span>')
RE_EQ = re.compile(r'data-eq="(eq-[0-9a-f]{10}(?:-\d+)?)"')


def compact_page(body: str) -> str:
    """``body`` as the page writes it (before sanitising): compact math pieces, plain-text code tokens."""
    body = compact_pieces(body)
    return RE_PLAIN_TOKEN.sub(r"\1", body) if 'class="highlight"' in body else body


def compact_pieces(body: str) -> str:
    """``body`` with each math piece written as ``<i data-p>`` (see the module docstring).

    A piece is compacted only when the last ``data-eq`` before it names its own equation (so the
    script, which looks up the nearest ``[data-eq]`` ancestor, rebuilds the same id)."""
    if 'class="tn-math"' not in body:
        return body
    out: list[str] = []
    pos = 0
    for m in RE_PIECE.finditer(body):
        owner = body.rfind('data-eq="', pos if pos else 0, m.start())
        if owner < 0:
            owner = body.rfind('data-eq="', 0, m.start())
        found = RE_EQ.match(body, owner) if owner >= 0 else None
        if found is None or found.group(1) != m.group(1):
            continue
        out.append(body[pos : m.start()])
        k = m.group(2)
        extra = "" if k == "0" else f' data-k="{k}"'
        out.append(f'<i data-p="{m.group(3)}"{extra}></i>')
        pos = m.end()
    out.append(body[pos:])
    return "".join(out)
