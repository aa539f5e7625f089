"""The index on a real temporary vault: Korean search, short queries, links, tags, outline, updates."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from app.vault.index import VaultIndex, default_db_path


def paths(hits: list) -> list[str]:
    return [h.path for h in hits]


def touch_later(path: Path, text: str) -> None:
    """Rewrite a file so that its mtime surely changes, even on coarse-mtime file systems."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def test_first_update_counts_notes_and_files(vault: Path, tmp_path: Path) -> None:
    ix = VaultIndex(vault, tmp_path / "db.sqlite3")
    stats = ix.update()
    assert (stats.added, stats.changed, stats.removed, stats.failed) == (5, 0, 0, 0)
    assert ix.note_count() == 4
    again = ix.update()
    assert not again.touched


def test_korean_substring_inside_a_word_with_particle(index: VaultIndex) -> None:
    hits = index.search("학습시키")  # inside "학습시키면"
    assert paths(hits) == ["게이트 정리.md"]
    assert hits[0].line == 7
    assert "<b>학습시키</b>면" in hits[0].snippet_html()


def test_two_letter_korean_query_finds_word_with_particle(index: VaultIndex) -> None:
    hits = index.search("모델")  # the text only has "모델을"
    assert paths(hits) == ["게이트 정리.md"]
    start, end = hits[0].spans[0]
    assert hits[0].snippet[start:end] == "모델"


def test_one_letter_queries(index: VaultIndex) -> None:
    assert paths(index.search("값")) == ["게이트 정리.md"]
    assert set(paths(index.search("z"))) == {"models/GRU.md"}
    # A one-letter title hit comes before body hits.
    assert paths(index.search("G"))[0] == "models/GRU.md"


def test_search_covers_titles_latex_and_code(index: VaultIndex) -> None:
    assert paths(index.search("W_{if}")) == ["게이트 정리.md"]
    assert paths(index.search("nn.LSTM(10")) == ["게이트 정리.md"]
    assert "English.md" in paths(index.search("softmax"))
    assert paths(index.search("기초"))[0] == "RNN 기초.md"  # title and body, title weighs more


def test_several_terms_must_all_match(index: VaultIndex) -> None:
    assert paths(index.search("은닉 상태")) == ["RNN 기초.md"]
    assert paths(index.search("게이트 값")) == ["게이트 정리.md"]
    assert index.search("게이트 softmax") == []


def test_queries_with_fts_syntax_are_plain_text(index: VaultIndex) -> None:
    for query in ['"', "AND", "a OR b", "NEAR(", "*", "(x", "%", "_"]:
        assert isinstance(index.search(query), list)
    assert paths(index.search("QK^T")) == ["English.md"]


def test_links_backlinks_and_unresolved(index: VaultIndex) -> None:
    back = index.backlinks("RNN 기초.md")
    assert [(b.source, b.line) for b in back] == [("models/GRU.md", 2), ("게이트 정리.md", 8)]
    out = {o.target: o.resolved for o in index.outgoing("models/GRU.md")}
    assert out == {"RNN 기초": "RNN 기초.md", "diagram.png": "models/diagram.png"}
    assert [b.source for b in index.backlinks("게이트 정리.md")] == ["RNN 기초.md"]
    unresolved = [(u.source, u.target) for u in index.unresolved()]
    assert unresolved == [("게이트 정리.md", "없는 노트")]  # the link inside the code block is not a link


def test_tags_nested_and_front_matter(index: VaultIndex) -> None:
    tags = index.tags()
    assert tags == {"deep_learning": 1, "rnn": 1, "rnn/gru": 1, "rnn/lstm": 1}
    assert "not_a_tag" not in tags
    assert index.notes_with_tag("rnn") == ["RNN 기초.md", "models/GRU.md", "게이트 정리.md"]
    assert index.notes_with_tag("#RNN/LSTM") == ["게이트 정리.md"]


def test_outline_and_aliases(index: VaultIndex) -> None:
    assert [(h.level, h.text, h.line) for h in index.headings("게이트 정리.md")] == [
        (1, "게이트 정리", 5),
        (2, "코드", 9),
    ]
    by_path = {n.path: n for n in index.notes()}
    assert by_path["게이트 정리.md"].aliases == ("LSTM 게이트", "gates")
    assert by_path["English.md"].title == "English"


def test_edit_add_delete_rename(index: VaultIndex, vault: Path) -> None:
    touch_later(vault / "English.md", "# Attention\n트랜스포머의 멀티헤드 어텐션 [[새 노트]]\n")
    stats = index.update()
    assert (stats.added, stats.changed, stats.removed) == (0, 1, 0)
    assert index.search("softmax") == []
    assert paths(index.search("멀티헤드")) == ["English.md"]
    assert [u.target for u in index.unresolved()] == ["새 노트", "없는 노트"]  # by source path

    (vault / "새 노트.md").write_text("# 새 노트\n드롭아웃\n", encoding="utf-8")
    stats = index.update()
    assert (stats.added, stats.changed, stats.removed) == (1, 0, 0)
    assert [b.source for b in index.backlinks("새 노트.md")] == ["English.md"]  # link now resolves
    assert [u.target for u in index.unresolved()] == ["없는 노트"]

    (vault / "RNN 기초.md").rename(vault / "models" / "RNN 입문.md")
    stats = index.update()
    assert (stats.added, stats.removed) == (1, 1)
    assert paths(index.search("순환 신경망")) == ["models/RNN 입문.md"]
    assert sorted(u.target for u in index.unresolved()) == ["RNN 기초", "RNN 기초", "없는 노트"]

    (vault / "models" / "GRU.md").unlink()
    stats = index.update()
    assert stats.removed == 1
    assert index.search("update gate") == []
    assert index.backlinks("models/RNN 입문.md") == []


def test_reopen_keeps_the_index(vault: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    VaultIndex(vault, db).update()
    ix = VaultIndex(vault, db)
    assert not ix.rebuilt
    assert not ix.update().touched
    assert paths(ix.search("모델")) == ["게이트 정리.md"]


def test_corrupt_database_is_rebuilt(vault: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    ix = VaultIndex(vault, db)
    ix.update()
    ix.close()
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    db.write_bytes(b"this is not a database at all" * 200)
    ix = VaultIndex(vault, db)
    assert ix.rebuilt
    assert ix.update().added == 5
    assert paths(ix.search("모델")) == ["게이트 정리.md"]


def test_database_damaged_while_open_answers_empty_then_rebuilds(vault: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    ix = VaultIndex(vault, db)
    ix.update()
    ix._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db.stat().st_size
    with db.open("r+b") as fh:  # scribble over every page but the header page
        fh.seek(4096)
        fh.write(os.urandom(size - 4096))
    ix.close()
    ix2 = VaultIndex(vault, db)
    stats = ix2.update()
    assert ix2.rebuilt
    assert stats.added == 5
    assert paths(ix2.search("모델")) == ["게이트 정리.md"]
    assert [b.source for b in ix2.backlinks("게이트 정리.md")] == ["RNN 기초.md"]


def test_bad_files_never_stop_indexing(vault: Path, tmp_path: Path) -> None:
    (vault / "binary.md").write_bytes(b"\x00\x01\x02PNG" * 100)
    (vault / "cp949.md").write_bytes("# 한글 노트\n은닉층 설명".encode("cp949"))
    (vault / "loop").mkdir()
    os.symlink(vault, vault / "loop" / "back")  # a symlink loop
    os.symlink(vault / "nowhere.md", vault / "broken.md")
    unreadable = vault / "secret.md"
    unreadable.write_text("비밀", encoding="utf-8")
    unreadable.chmod(0)
    ix = VaultIndex(vault, tmp_path / "db.sqlite3")
    stats = ix.update()
    assert ix.status("binary.md") == "binary"
    assert paths(ix.search("은닉층")) == ["cp949.md"]
    if os.geteuid() != 0:  # root reads anything
        assert (ix.status("secret.md") or "").startswith("unreadable")
        assert stats.failed == 2
    assert ix.status("broken.md") is None
    assert not any(p.startswith("loop/back/loop") for p in (n.path for n in ix.notes()))


def test_file_vanishing_during_indexing(vault: Path, tmp_path: Path) -> None:
    """A note deleted between the listing and the reading is skipped, and the rest is indexed."""
    ix = VaultIndex(vault, tmp_path / "db.sqlite3")
    victim = vault / "English.md"

    def progress(done: int, total: int) -> None:
        if done == 0:
            victim.unlink()  # after the listing, before any file is read

    stats = ix.update(progress=progress)
    assert stats.failed == 0
    assert ix.note_count() == 3
    assert ix.search("softmax") == []


def test_default_db_path_is_per_vault(tmp_path: Path) -> None:
    a, b = default_db_path(tmp_path / "a"), default_db_path(tmp_path / "b")
    assert a != b and a.parent == b.parent
    assert default_db_path(tmp_path / "a" / ".." / "a") == a


def test_cancelled_update_is_finished_by_the_next(vault: Path, tmp_path: Path) -> None:
    ix = VaultIndex(vault, tmp_path / "db.sqlite3")
    stats = ix.update(cancelled=lambda: True)
    assert ix.note_count() == 0 and stats.failed == 0
    assert ix.update().added == 5
    assert ix.note_count() == 4


def test_reader_and_writer_threads(vault: Path, tmp_path: Path) -> None:
    """Searching from one thread while another indexes does not fail (WAL)."""
    import threading

    for n in range(300):
        (vault / f"n{n}.md").write_text(f"# 노트 {n}\n게이트 {n} 모델을\n", encoding="utf-8")
    ix = VaultIndex(vault, tmp_path / "db.sqlite3")
    errors: list[BaseException] = []
    worker = threading.Thread(target=lambda: ix.update())
    worker.start()
    deadline = time.monotonic() + 30
    while worker.is_alive() and time.monotonic() < deadline:
        try:
            ix.search("게이트")
        except sqlite3.Error as exc:  # pragma: no cover - the failure we test against
            errors.append(exc)
    worker.join()
    assert errors == []
    assert len(ix.search("모델", limit=500)) == 301


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query(index: VaultIndex, query: str) -> None:
    assert index.search(query) == []
