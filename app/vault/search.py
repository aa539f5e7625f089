"""Full-text search over the index: trigram FTS5 for terms of 3+ characters, a scan for shorter ones.

Korean has no spaces between a word and its particles ("모델을", "모델은"), so word tokenizers miss
"모델" inside "모델을". FTS5's trigram tokenizer indexes every 3-character window, which finds any
substring of 3 or more characters; a 1- or 2-character term ("모델", "값", "h") cannot use it, so such terms
fall back to ``LIKE`` over the stored text (titles first, then bodies, stopping at the result limit, which
keeps common short terms fast). Several terms separated by spaces must all match (AND).

Snippets are cut here rather than with FTS5's ``snippet()`` so that both paths look the same and so that
each hit carries the 1-based line of its first match (a click opens the note at that line).
"""

from __future__ import annotations

import html
import sqlite3
import unicodedata
from dataclasses import dataclass

SNIPPET_CONTEXT = 40  # characters either side of the first match
MIN_TRIGRAM = 3
SELECT_HITS = "SELECT fts.rowid, notes.path, fts.title, fts.body FROM fts JOIN notes ON notes.id = fts.rowid"


@dataclass(frozen=True)
class SearchHit:
    path: str  # vault-relative
    title: str
    line: int  # 1-based line of the first match in the body (0 when only the title matched)
    snippet: str  # plain text around the first match, on one line
    spans: tuple[tuple[int, int], ...]  # (start, end) of every term occurrence inside ``snippet``

    def snippet_html(self, tag: str = "b") -> str:
        """The snippet as HTML with matches wrapped in ``<tag>`` (everything else escaped)."""
        out: list[str] = []
        pos = 0
        for start, end in self.spans:
            out.append(html.escape(self.snippet[pos:start]))
            out.append(f"<{tag}>{html.escape(self.snippet[start:end])}</{tag}>")
            pos = end
        out.append(html.escape(self.snippet[pos:]))
        return "".join(out)


def query_terms(query: str) -> list[str]:
    """Whitespace-separated terms, NFC-normalised, duplicates dropped."""
    query = unicodedata.normalize("NFC", query)
    terms: list[str] = []
    for term in query.split():
        if term not in terms:
            terms.append(term)
    return terms


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def find_rows(conn: sqlite3.Connection, terms: list[str], limit: int) -> list[tuple[int, str, str, str]]:
    """(note id, path, title, body) of the best matches, best first."""
    long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM]
    short_terms = [t for t in terms if len(t) < MIN_TRIGRAM]
    short_sql = "".join(
        " AND (fts.title LIKE ? ESCAPE '\\' OR fts.body LIKE ? ESCAPE '\\')" for _ in short_terms
    )
    short_args = [p for t in short_terms for p in (_like(t), _like(t))]
    if long_terms:
        match = " AND ".join(_fts_phrase(t) for t in long_terms)
        sql = (
            "SELECT fts.rowid, notes.path, fts.title, fts.body FROM fts JOIN notes ON notes.id = fts.rowid"
            f" WHERE fts MATCH ?{short_sql} ORDER BY bm25(fts, 8.0, 1.0) LIMIT ?"
        )
        return conn.execute(sql, [match, *short_args, limit]).fetchall()
    # Only short terms: title matches first (a small table), then bodies in path order.
    title_sql = " AND ".join("title LIKE ? ESCAPE '\\'" for _ in short_terms)
    title_ids = [
        row[0]
        for row in conn.execute(
            f"SELECT id FROM notes WHERE kind = 'note' AND {title_sql} ORDER BY length(title), path LIMIT ?",
            [*(_like(t) for t in short_terms), limit],
        )
    ]
    rows: list[tuple[int, str, str, str]] = []
    if title_ids:
        marks = ",".join("?" * len(title_ids))
        by_id = {
            r[0]: r
            for r in conn.execute(
                f"{SELECT_HITS} WHERE fts.rowid IN ({marks})",
                title_ids,
            )
        }
        rows = [by_id[i] for i in title_ids if i in by_id]
    if len(rows) < limit:
        body_sql = " AND ".join("fts.body LIKE ? ESCAPE '\\'" for _ in short_terms)
        exclude = ",".join(str(r[0]) for r in rows) or "-1"
        rows += conn.execute(
            "SELECT fts.rowid, notes.path, fts.title, fts.body FROM fts JOIN notes ON notes.id = fts.rowid"
            f" WHERE {body_sql} AND fts.rowid NOT IN ({exclude}) LIMIT ?",
            [*(_like(t) for t in short_terms), limit - len(rows)],
        ).fetchall()
    return rows


def _find_all(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    pos = haystack.find(needle)
    while pos >= 0:
        found.append(pos)
        pos = haystack.find(needle, pos + max(1, len(needle)))
    return found


def make_hit(path: str, title: str, body: str, terms: list[str]) -> SearchHit:
    """Cut a one-line snippet around the first occurrence of any term and mark every occurrence in it."""
    folded = body.lower()
    if len(folded) != len(body):  # rare letters whose lowercase changes length: match case-sensitively
        folded = body
    lowered = [t.lower() for t in terms]
    first = min((p for p in (folded.find(t) for t in lowered) if p >= 0), default=-1)
    if first < 0:
        line_no = 0
        line_start = 0
        line_end = body.find("\n")
        line_end = len(body) if line_end < 0 else line_end
        start, end = line_start, min(line_end, line_start + 2 * SNIPPET_CONTEXT)
    else:
        line_no = body.count("\n", 0, first) + 1
        line_start = body.rfind("\n", 0, first) + 1
        line_end = body.find("\n", first)
        line_end = len(body) if line_end < 0 else line_end
        start = max(line_start, first - SNIPPET_CONTEXT)
        end = min(line_end, first + SNIPPET_CONTEXT + max(len(t) for t in terms))
    text = body[start:end]
    window = folded[start:end]
    spans: list[tuple[int, int]] = []
    for term in lowered:
        spans += [(p, p + len(term)) for p in _find_all(window, term)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    prefix = "…" if start > line_start else ""
    suffix = "…" if end < line_end else ""
    shifted = tuple((s + len(prefix), e + len(prefix)) for s, e in merged)
    return SearchHit(path, title, line_no, prefix + text + suffix, shifted)


def search(conn: sqlite3.Connection, query: str, limit: int = 50) -> list[SearchHit]:
    """Hits for ``query`` (AND of its terms), best first, at most ``limit``."""
    terms = query_terms(query)
    if not terms:
        return []
    return [make_hit(path, title, body, terms) for _, path, title, body in find_rows(conn, terms, limit)]
