"""Front matter never breaks a note or the vault: each odd YAML value is kept as its text with a notice,
and one note's surprise never empties the index (tests/fixtures/front_matter, our own notes)."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.markup import render_note
from app.vault.blocks import parse_front_matter
from app.vault.index import VaultIndex

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "front_matter"


def test_impossible_date_is_text_with_a_notice() -> None:
    front = parse_front_matter((FIXTURES / "없는-날짜.md").read_text(encoding="utf-8"))
    assert front.error is None
    assert front.data == {"created": "2024-02-30", "tags": ["복습", "lstm"]}
    assert len(front.notices) == 1 and "2024-02-30" in front.notices[0]


def test_huge_number_and_binary_are_text() -> None:
    big = parse_front_matter((FIXTURES / "큰-수.md").read_text(encoding="utf-8"))
    assert big.data["steps"] == "7" * 400 and big.notices
    binary = parse_front_matter((FIXTURES / "이진-태그.md").read_text(encoding="utf-8"))
    assert binary.data["thumbnail"] == "R0lGODlhAQABAAAAACw="
    assert binary.data["kind"] == "문제" and binary.data["tags"] == ["이진"]
    assert len(binary.notices) == 2


def test_every_fixture_renders_its_body_and_a_banner() -> None:
    for path in sorted(FIXTURES.glob("*.md")):
        if path.name == "README.md":
            continue
        note = render_note(path.read_text(encoding="utf-8"), path=path)
        assert '<table class="tn-properties">' in note.body_html, path.name
        assert "본문" in note.body_html or "게이트" in note.body_html or "평범한" in note.body_html
        if path.name != "정상.md":
            assert note.warnings, path.name


def test_one_odd_note_never_empties_the_index(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(FIXTURES, vault)
    ix = VaultIndex(vault, tmp_path / "db.sqlite3")
    try:
        stats = ix.update()
        assert stats.failed == 0
        assert ix.note_count() == 5  # the four notes and the README
        assert set(ix.tags()) >= {"복습", "lstm", "최적화", "이진", "정상"}
        assert [h.path for h in ix.search("게이트")] == ["없는-날짜.md"]
        assert [ref.source for ref in ix.backlinks("없는-날짜.md")] == ["정상.md"]
    finally:
        ix.close()


YAML_VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["2024-02-30", "2023-13-01", "9" * 500, "1.0e999", "!!binary QUJD", "!x y", "[a, b",
                     "{a: 1}", "&a [*a]", "? [a]\n: b", "2024-02-30 25:61:00", "~", "yes", ".nan"]),
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.from_regex(r"[a-z가-힣]{1,8}", fullmatch=True), YAML_VALUES), max_size=5))
def test_any_front_matter_renders(pairs: list[tuple[str, str]]) -> None:
    text = "---\n" + "\n".join(f"{k}: {v}" for k, v in pairs) + "\n---\n본문은 그대로 $x$\n"
    note = render_note(text)
    assert "본문은 그대로" in note.body_html
    front = parse_front_matter(text)
    assert isinstance(front.data, dict)
