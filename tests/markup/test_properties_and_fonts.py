"""Front matter shown by type (Obsidian style) and the page's fonts that keep a backslash a backslash."""

from __future__ import annotations

import base64
import io
import re

from fontTools.ttLib import TTFont

from app.fonts import WON_LOOKALIKE, korean_font, latin_fonts
from app.markup import page_html, render_note


def _properties(front_matter: str) -> dict[str, str]:
    html = render_note(f"---\n{front_matter}\n---\n본문\n").body_html
    table = html[html.index('<table class="tn-properties">') : html.index("</table>")]
    return dict(re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', table))


def test_booleans_are_disabled_checkboxes_not_python_words() -> None:
    rows = _properties("완료: false\ndone: true")
    assert rows["완료"].startswith('<input type="checkbox"') and "disabled" in rows["완료"]
    assert "checked" not in rows["완료"] and " checked" in rows["done"]
    assert "False" not in rows["완료"] and "True" not in rows["done"]


def test_dates_are_iso_and_lists_are_pills() -> None:
    rows = _properties(
        "created: 2023-11-25\nat: 2023-11-25 09:30:00\naliases:\n  - 문법 모음\n  - Obsidian\n"
        "tags:\n  - 딥러닝/도구\n  - '#obsidian'\ntag: lstm, rnn"
    )
    assert rows["created"] == "2023-11-25"
    assert rows["at"] == "2023-11-25 09:30"
    pills = re.findall(r'<span class="tn-prop-pill">(.*?)</span>', rows["aliases"])
    assert pills == ["문법 모음", "Obsidian"]
    # tags are the same pills as #tags in the text, whatever way they were written
    assert re.findall(r'class="tn-tag-link" data-tag="(.*?)"', rows["tags"]) == ["딥러닝/도구", "obsidian"]
    assert re.findall(r'data-tag="(.*?)" href="#">#\1<', rows["tag"]) == ["lstm", "rnn"]


def test_tag_pills_never_break_inside() -> None:
    css = page_html(render_note("#딥러닝/RNN"), title="t")
    rule = re.search(r"a\.tn-tag-link \{[^}]*\}", css)
    assert rule is not None and "white-space: nowrap" in rule.group(0)


def test_nanumgothic_face_leaves_the_backslash_to_dejavu() -> None:
    page = page_html(render_note("`\\frac` 와 \\tag"), title="t")
    faces = re.findall(r"@font-face \{([^}]*)\}", page)
    nanum = [f for f in faces if '"NanumGothic"' in f]
    assert nanum and all("unicode-range: U+0-5B, U+5D-10FFFF" in f for f in nanum)
    assert any('"DejaVu Sans"' in f and "unicode-range" not in f for f in faces)
    assert any('"DejaVu Sans Mono"' in f for f in faces)
    body_rule = re.search(r"\nbody \{[^}]*\}", page)
    assert body_rule is not None and '"NanumGothic", "DejaVu Sans"' in body_rule.group(0)
    code_rule = re.search(r"\ncode \{[^}]*\}", page)
    assert code_rule is not None and 'font-family: "DejaVu Sans Mono", "NanumGothic"' in code_rule.group(0)


def test_the_bundled_fonts_really_differ_at_the_backslash() -> None:
    # Why all this exists: NanumGothic's backslash is its Won glyph; DejaVu's is a real backslash.
    nanum = TTFont(str(korean_font().regular), lazy=True)
    cmap = nanum.getBestCmap()
    assert nanum["glyf"][cmap[WON_LOOKALIKE]].coordinates == nanum["glyf"][cmap[0x20A9]].coordinates
    dejavu = TTFont(str(latin_fonts().sans), lazy=True)
    assert dejavu.getBestCmap()[WON_LOOKALIKE] == "backslash"


def test_a_standalone_page_embeds_small_latin_subsets_with_a_backslash() -> None:
    page = page_html(render_note("\\tag"), title="t", standalone=True)
    faces = re.findall(r'font-family: "(DejaVu Sans(?: Mono)?)"; font-weight: 400; '
                       r'src: url\("data:font/ttf;base64,([A-Za-z0-9+/=]+)"\)', page)
    assert {family for family, _ in faces} == {"DejaVu Sans", "DejaVu Sans Mono"}
    for _, data in faces:
        raw = base64.b64decode(data)
        assert len(raw) < 200_000  # a subset, not the 750 KB font
        assert WON_LOOKALIKE in TTFont(io.BytesIO(raw)).getBestCmap()
