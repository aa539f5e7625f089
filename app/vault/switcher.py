"""Quick switcher matching: fuzzy, Korean-aware, fast enough to run on every keystroke.

Every title and front-matter alias is precomputed three ways: folded text ("게이트 정리"), keyboard letters
("ㄱㅔㅇㅣㅌㅡ ㅈㅓㅇㄹㅣ") and initial consonants ("ㄱㅇㅌ ㅈㄹ"). A query matches when its keyboard letters
are a subsequence of a candidate's: that one rule covers English fuzzy typing ("lstmgt" → "LSTM gate"),
choseong queries ("ㄱㅇㅌ"), and syllables the input method has not finished composing ("겡" on the way to
"게이트"). The subsequence test is one compiled regular expression per query, so the loop over 10,000
candidates stays in C; ranking then prefers prefix, substring, choseong and compact matches.

A :class:`SwitcherSession` narrows incrementally: when the new query extends the previous one (the usual
case while typing), only the previous matches are tested again.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.vault.index import NoteEntry
from app.vault.korean import choseong, is_choseong_query, normalize, to_jamo

DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class SwitcherMatch:
    path: str  # vault-relative
    title: str
    matched: str  # the title or the alias that matched
    via_alias: bool
    score: tuple[int, int, int]  # lower is better: (tier, spread, length)


@dataclass(frozen=True)
class _Candidate:
    note: int  # index into the switcher's notes
    text: str  # as shown
    folded: str
    jamo: str
    cho: str
    alias: bool


class QuickSwitcher:
    """Fuzzy matcher over the notes' titles and aliases."""

    def __init__(self, notes: Iterable[NoteEntry]) -> None:
        self.notes = list(notes)
        self._candidates: list[_Candidate] = []
        for n, note in enumerate(self.notes):
            for text, alias in [(note.title, False), *((a, True) for a in note.aliases)]:
                self._candidates.append(
                    _Candidate(n, text, normalize(text), to_jamo(text), choseong(text), alias)
                )
        self._all = list(range(len(self._candidates)))

    def session(self) -> SwitcherSession:
        """Matching state for one opening of the switcher (incremental narrowing while typing)."""
        return SwitcherSession(self)

    def match(self, query: str, limit: int = DEFAULT_LIMIT) -> list[SwitcherMatch]:
        """The best matches for ``query``, best first (one per note)."""
        return self._rank(query, self._all, limit)[0]

    # ---- internals -------------------------------------------------------------------------
    def _rank(self, query: str, pool: list[int], limit: int) -> tuple[list[SwitcherMatch], list[int]]:
        """(ranked matches, every matching candidate index) among ``pool``."""
        folded = normalize(query).strip()
        letters = to_jamo(folded).replace(" ", "")
        if not letters:
            ordered = sorted(self.notes, key=lambda e: (e.title.casefold(), e.path))[:limit]
            return [SwitcherMatch(e.path, e.title, e.title, False, (0, 0, 0)) for e in ordered], pool
        pattern = re.compile(".*?".join(re.escape(ch) for ch in letters))
        words = folded.split()
        cho_words = {w for w in words if is_choseong_query(w)}
        cho_query = folded.replace(" ", "") if is_choseong_query(folded) else ""
        candidates = self._candidates
        search = pattern.search
        hits: list[int] = []
        best: dict[int, tuple[tuple[int, int, int], int]] = {}
        for i in pool:
            c = candidates[i]
            m = search(c.jamo)
            if m is None:
                continue
            hits.append(i)
            if c.folded.startswith(folded):
                tier = 0
            elif folded in c.folded:
                tier = 1
            elif cho_query and cho_query in (cho := c.cho.replace(" ", "")):
                tier = 2 if cho.startswith(cho_query) else 3
            elif all(w in c.folded or (w in cho_words and w in c.cho) for w in words):
                tier = 4
            elif letters in c.jamo:
                tier = 5
            else:
                tier = 6
            score = (tier + c.alias, m.end() - m.start(), len(c.text))
            old = best.get(c.note)
            if old is None or score < old[0]:
                best[c.note] = (score, i)
        top = heapq.nsmallest(limit, best.values(), key=lambda v: (v[0], candidates[v[1]].folded))
        matches = []
        for score, i in top:
            c = candidates[i]
            note = self.notes[c.note]
            matches.append(SwitcherMatch(note.path, note.title, c.text, c.alias, score))
        return matches, hits


class SwitcherSession:
    """Remembers the last query's matches so that a longer query only re-tests those."""

    def __init__(self, switcher: QuickSwitcher) -> None:
        self._switcher = switcher
        self._letters = ""
        self._pool = switcher._all

    def match(self, query: str, limit: int = DEFAULT_LIMIT) -> list[SwitcherMatch]:
        letters = to_jamo(normalize(query)).replace(" ", "")
        narrowing = bool(self._letters) and letters.startswith(self._letters)
        pool = self._pool if narrowing else self._switcher._all
        matches, hits = self._switcher._rank(query, pool, limit)
        self._letters, self._pool = letters, hits if letters else self._switcher._all
        return matches
