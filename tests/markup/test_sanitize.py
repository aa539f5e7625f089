"""The sanitiser and the page's CSP on the hostile corpus, without a browser (issue 11).

The same corpus is loaded in the real WebEngine view by ``tests/ui/test_note_inert.py``; here we check
the HTML itself: what tags, attributes and URLs reach the page, and that the page allows only our script.
"""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.markup import page_html, render_note
from app.markup.sanitize import TAGS, csp, sanitize
from app.vault import Vault
from tests.conftest import NOTES, REPO
from tests.markup.xss_corpus import EFFECT, PAYLOADS, render

URL_ATTRIBUTES = {"href", "src", "srcset", "poster", "action", "formaction", "data", "xlink:href", "to",
                  "values", "background", "cite", "ping"}
FORBIDDEN_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "meta", "base",
                  "link", "form", "template", "noscript", "math", "animate", "set", "foreignobject",
                  "animatetransform", "animatemotion", "image", "textarea", "select", "marquee", "body"}


class Page(HTMLParser):
    """Every element of a page: (tag, attributes), plus the text of each <script> and <style>."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.styles: list[tuple[dict[str, str], str]] = []
        self._open: tuple[str, dict[str, str]] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag in ("script", "style"):
            self._open = (tag, attributes)

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            tag, attributes = self._open
            if tag == "script":
                self.scripts.append(data)
            else:
                self.styles.append((attributes, data))
            self._open = None


def body_of(page: str) -> str:
    return page.split('<main class="tn-note">', 1)[1].rsplit("</main>", 1)[0]


def problems(body: str) -> list[str]:
    """Everything active left in a page body (an empty list when it is inert)."""
    found: list[str] = []
    parsed = Page(body)
    for tag, attributes in parsed.elements:
        if tag in FORBIDDEN_TAGS or tag not in {t.lower() for t in TAGS} | {"style"}:
            found.append(f"<{tag}>")
        if tag == "style" and attributes != {"class": "tn-sprite-style"}:
            found.append("a <style> that is not the sprite's")
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            if name in ("srcdoc", "xlink:href", "name") and not (tag == "a" and name == "name"):
                found.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES:
                url = re.sub(r"[\x00-\x20]", "", value).lower()
                if url.startswith(("javascript:", "vbscript:", "livescript:")):
                    found.append(f"<{tag} {name}={value[:30]}>")
                if url.startswith("data:") and not ((tag, name) in {("img", "src"), ("source", "src"),
                                                                  ("video", "poster")}
                                                    and url.startswith("data:image/")):
                    found.append(f"<{tag} {name}=data:…>")
                if tag == "use" and not value.startswith("#"):
                    found.append(f"<use href={value[:30]}>")
    for _attributes, text in parsed.styles:
        if "url(" in text or "@import" in text or "expression" in text:
            found.append("CSS that loads something")
    return found


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "노트.md").write_text("# 노트\n", encoding="utf-8")
    return root


def test_the_corpus_has_forty_kinds_and_each_is_different() -> None:
    assert len(PAYLOADS) >= 40
    assert len(set(PAYLOADS.values())) == len(PAYLOADS)


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_nothing_active_survives_sanitising(name: str, vault: Path) -> None:
    note = vault / f"{name}.md"
    text = render(PAYLOADS[name], vault.parent / "secret.png", note)
    page = page_html(render_note(text, path=note, vault=Vault(vault)), title=name)
    assert problems(body_of(page)) == []
    parsed = Page(page)
    assert [tag for tag, _ in parsed.elements].count("script") == 1, "note.js is the only script"
    in_attributes = " ".join(v for _, attributes in Page(body_of(page)).elements for v in attributes.values())
    assert "javascript:" not in re.sub(r"[\x00-\x20]", "", in_attributes).lower()


def test_the_checker_itself_finds_what_it_looks_for() -> None:
    # Without sanitising, the same checks flag the payloads: they are not vacuous.
    raw = "".join(render(PAYLOADS[n], Path("/tmp/s.png"), Path("/tmp/n.md")) for n in (
        "script-tag", "img-onerror", "a-javascript", "iframe-srcdoc", "a-data-html", "svg-use-data-script"))
    found = problems(raw)
    assert {"<script>", "<img onerror>", "<iframe>", "<iframe srcdoc>", "<a href=data:…>"} <= set(found)
    assert any(p.startswith("<a href=javascript:") for p in found)
    assert any(p.startswith("<use href=data:") for p in found)


def test_the_page_allows_only_its_own_script() -> None:
    page = page_html(render_note("$x$"), title="t")
    parsed = Page(page)
    policy = next(a["content"] for t, a in parsed.elements
                  if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert page.index("Content-Security-Policy") < page.index("<body")
    (script,) = parsed.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == f"'sha256-{digest}'"
    assert directives["default-src"] == "'none'" and directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'" and directives["form-action"] == "'none'"
    assert "tnpage:" in directives["img-src"] and "http" not in policy and "file:" not in policy
    assert "window.tn" in script


def test_our_own_rendering_survives_intact() -> None:
    seed = sorted(NOTES.glob("20*.md"))[0]
    rendered = render_note(seed.read_text(encoding="utf-8"), path=seed, vault=Vault(NOTES))
    before, after = rendered.body_html, sanitize(rendered.body_html)
    for pattern in (r'data-eq="[^"]+"', r'data-piece="[^"]+"', r'data-code="[^"]+"', r'data-line="\d+"',
                    r'<use href="#[^"]+"', r"<symbol id=\"[^\"]+\" viewBox=", r'class="[^"]+"',
                    r'id="[^"]+"', r"<details", r"<table", r'<input type="checkbox"'):
        assert len(re.findall(pattern, after)) == len(re.findall(pattern, before)), pattern
    sprite = re.search(r'<style class="tn-sprite-style">(.*?)</style>', after)
    assert sprite is not None
    assert sprite.group(1).count(".tn-m-") == len(re.findall(r'<symbol id="tn-m-', after))
    assert problems(after) == []


def test_a_forged_sprite_style_gains_nothing() -> None:
    forged = ('<style class="tn-sprite-style">body{background:url(https://evil.example/x)}</style>'
              '<style class="tn-sprite-style">'
              '.tn-m-0123456789ab{width:1em;height:2em;vertical-align:-0.5em}</style>')
    clean = sanitize(forged)
    assert "evil" not in clean and "url(" not in clean
    assert clean == ('<style class="tn-sprite-style">'
                     ".tn-m-0123456789ab{width:1em;height:2em;vertical-align:-0.5em}</style>")


def test_data_urls_only_for_pictures() -> None:
    png = "data:image/png;base64,iVBORw0KGgo="
    clean = sanitize(f'<img src="{png}"><a href="{png}">a</a><img src="data:text/html,x">'
                     f'<video poster="{png}"></video><img src="DATA:image/svg+xml,&lt;svg/&gt;">')
    assert clean.count(png) == 2 and 'href="data' not in clean and "text/html" not in clean
    assert "svg+xml" not in clean  # an SVG document is not a picture we let in


def test_obsidian_html_survives() -> None:
    html = ('<details><summary>접기</summary><p><mark>형광</mark> <kbd>Ctrl</kbd> <sub>1</sub><sup>2</sup>'
            '</p></details><table><tr><td colspan="2" style="text-align:center">셀</td></tr></table>'
            '<img src="attachments/a.png" alt="그림" width="200"><a href="https://pytorch.org">링크</a>'
            '<span style="color: red">빨강</span><input type="checkbox" checked disabled>')
    clean = sanitize(html)
    for kept in ("<details>", "<summary>", "<mark>", "<kbd>", "<sub>", "<sup>", 'colspan="2"',
                 'text-align:center', 'src="attachments/a.png"', 'width="200"', 'href="https://pytorch.org"',
                 "color:red", 'type="checkbox"', "checked", "disabled"):
        assert kept in clean, kept


def test_render_o_writes_an_inert_page(vault: Path, tmp_path: Path) -> None:
    note = vault / "전부.md"
    note.write_text("\n\n".join(render(p, vault.parent / "secret.png", note) for p in PAYLOADS.values()),
                    encoding="utf-8")
    out = tmp_path / "전부.html"
    done = subprocess.run([sys.executable, "-m", "app", "render", str(note), "-o", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert problems(body_of(page)) == []
    parsed = Page(page)
    (script,) = parsed.scripts
    policy = next(a["content"] for t, a in parsed.elements
                  if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert policy == csp(script, local_scheme=None)
    assert "tnpage" not in page and EFFECT not in page.replace("&#x27;", "'").replace("&quot;", '"').split(
        '<main class="tn-note">')[0]


def test_nesting_deeper_than_chromium_allows_is_flattened() -> None:
    # 30,000 nested <div>s took html5ever 15 s (it scans the open elements per block tag); Chromium
    # itself stops nesting at 512. The tags below that depth go, the text stays.
    deep = "<div>" * 30_000 + "끝 글" + "</div>" * 30_000 + "<p>뒤</p>"
    clean = sanitize(deep)
    assert clean.count("<div>") == 512 and clean.count("</div>") == 512
    assert "끝 글" in clean and clean.endswith("<p>뒤</p>")
    mixed = "<DIV><b>x</b>" * 3_000
    flattened = sanitize(mixed)
    assert flattened.count("<div>") == 512 and flattened.count("x") == 3_000  # every word is still there
    ordinary = "".join(f"<div><p>문단 {k}</p></div>" for k in range(3_000))  # many tags, shallow
    assert sanitize(ordinary) == ordinary
