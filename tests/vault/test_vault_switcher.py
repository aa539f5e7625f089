"""Quick switcher matching: choseong, partial syllables, aliases, English fuzzy typing, ranking."""

from __future__ import annotations

from app.vault.index import NoteEntry
from app.vault.korean import choseong, is_choseong_query, to_jamo
from app.vault.switcher import QuickSwitcher

NOTES = [
    NoteEntry("게이트 정리.md", "게이트 정리", ("LSTM 게이트",)),
    NoteEntry("RNN 기초.md", "RNN 기초", ()),
    NoteEntry("models/GRU.md", "GRU", ("게이트 순환 유닛",)),
    NoteEntry("과제.md", "과제", ()),
    NoteEntry("long.md", "LSTM gate notes", ()),
    NoteEntry("가격표.md", "가격표", ()),
]


def titles(query: str) -> list[str]:
    return [m.title for m in QuickSwitcher(NOTES).match(query)]


def test_korean_helpers() -> None:
    assert choseong("게이트 정리") == "ㄱㅇㅌ ㅈㄹ"
    assert to_jamo("게이트") == "ㄱㅔㅇㅣㅌㅡ"
    assert to_jamo("과") == "ㄱㅗㅏ"  # compound vowel as typed
    assert to_jamo("값") == "ㄱㅏㅂㅅ"
    assert to_jamo("LSTM") == "lstm"
    assert is_choseong_query("ㄱㅇㅌ") and not is_choseong_query("게ㅇ") and not is_choseong_query(" ")


def test_choseong_query_finds_the_note_first() -> None:
    assert titles("ㄱㅇㅌ")[0] == "게이트 정리"
    assert titles("ㄱㅇㅌ ㅈㄹ")[0] == "게이트 정리"
    assert titles("ㄱㅈ")[0] == "과제"
    assert titles("rnn ㄱㅊ") == ["RNN 기초"]  # words mix letters and choseong


def test_partial_syllables_while_composing() -> None:
    assert titles("겡")[0] == "게이트 정리"  # the IME shows 겡 on the way to 게이
    assert titles("고")[0] == "과제"  # 고 on the way to 과
    assert titles("가격ㅍ") == ["가격표"]


def test_aliases_match_and_are_reported() -> None:
    matches = QuickSwitcher(NOTES).match("순환 유닛")
    assert [(m.title, m.matched, m.via_alias) for m in matches] == [("GRU", "게이트 순환 유닛", True)]
    # One entry per note even when the title and an alias both match.
    assert titles("게이트").count("게이트 정리") == 1


def test_ranking_prefix_before_substring_before_fuzzy() -> None:
    assert titles("lstm") == ["LSTM gate notes", "게이트 정리"]  # title prefix, then via alias "LSTM 게이트"
    assert titles("lstmgt")[0] == "LSTM gate notes"  # fuzzy subsequence across words
    assert titles("기초") == ["RNN 기초"]
    assert titles("xyz") == []


def test_empty_query_lists_notes_by_title() -> None:
    assert titles("") == sorted((n.title for n in NOTES), key=str.casefold)


def test_session_narrows_and_widens() -> None:
    session = QuickSwitcher(NOTES).session()
    assert [m.title for m in session.match("ㄱ")][:2] == ["과제", "가격표"]  # shorter title first
    assert session.match("ㄱㅇ")[0].title == "게이트 정리"
    assert session.match("ㄱㅇㅌ")[0].title == "게이트 정리"
    # Backspace and a different query start again from every note.
    assert session.match("r")[0].title == "RNN 기초"
    assert len(session.match("")) == len(NOTES)


def test_keystrokes_narrow_ten_thousand_titles() -> None:
    """Incremental narrowing stays correct at scale (speed is benchmarks/bench_vault.py's job)."""
    topics = ("게이트", "LSTM", "어텐션", "역전파")
    notes = [NoteEntry(f"n{i}.md", f"{topics[i % 4]} 정리 {i:05d}", ()) for i in range(10_000)]
    switcher = QuickSwitcher(notes)
    session = switcher.session()
    query = "ㄱㅇㅌ 12"
    for n in range(1, len(query) + 1):
        result = session.match(query[:n])
    assert result and all(m.title.startswith("게이트") and "12" in m.title for m in result[:10])
