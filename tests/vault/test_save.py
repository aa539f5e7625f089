"""Writing one code block back: byte-exact elsewhere, any encoding and line ending, atomic, conflict-aware."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.markup.blocks import CodeBlock, find_code_blocks
from app.vault.save import (
    NoteSnapshot,
    SaveConflict,
    SaveError,
    match_block,
    overwrite,
    read_snapshot,
    save_as,
    save_block,
    splice_block,
)

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
NOTES = Path(__file__).resolve().parents[2] / "notes"


def _block(snap: NoteSnapshot, index: int = 0) -> CodeBlock:
    return find_code_blocks(snap.text)[index]


def _save(snap: NoteSnapshot, source: str, index: int = 0) -> NoteSnapshot:
    return save_block(snap, _block(snap, index), source, find_code_blocks).snapshot


def _split_around(data: bytes, snap: NoteSnapshot, block: CodeBlock) -> tuple[bytes, bytes]:
    """The bytes before the block's first content line and from its closing fence on."""
    lines = data.splitlines(keepends=True)
    start = block.first_line
    end = block.last_line - 1 if block.closed else block.last_line
    return b"".join(lines[:start]), b"".join(lines[end:])


def _assert_only_block_changed(before: bytes, after: bytes, snap: NoteSnapshot, new_source: str) -> None:
    block = _block(snap)
    head, tail = _split_around(before, snap, block)
    assert after.startswith(head)
    assert after.endswith(tail)
    reread = read_snapshot(snap.path)
    assert _block(reread).source == new_source


def test_seed_forward_block_edit_changes_only_its_lines(tmp_path: Path) -> None:
    note = tmp_path / "seed.md"
    original = (NOTES / "2023-11-22.md").read_bytes()
    note.write_bytes(original)
    snap = read_snapshot(note)
    forward = next(b for b in find_code_blocks(snap.text) if "def forward" in b.source)
    edited = forward.source.replace("print(x.size(1))", "print('seq', x.size(1))")
    assert edited != forward.source
    save_block(snap, forward, edited, find_code_blocks)
    after = note.read_bytes()
    lines_before, lines_after = original.split(b"\n"), after.split(b"\n")
    assert len(lines_before) == len(lines_after)
    changed = [n + 1 for n, (a, b) in enumerate(zip(lines_before, lines_after, strict=True)) if a != b]
    assert len(changed) == 1 and forward.first_line < changed[0] < forward.last_line
    # The NBSP indentation of the edited line is kept (unchanged prefix, the fence has none).
    assert lines_after[changed[0] - 1].startswith("\u00a0 \u00a0 \u00a0 \u00a0 ".encode())
    # The tab-indented line and every other line of the block are byte-identical.
    assert b"\t\trnn_out,(hn,cn) = self.rnn(x, (h0,c0))" in after
    assert find_code_blocks(read_snapshot(note).text)[forward.index].source == edited


def test_crlf_fixture_keeps_crlf_and_every_other_byte(tmp_path: Path) -> None:
    note = tmp_path / "crlf.md"
    original = (BAD / "crlf.md").read_bytes()
    note.write_bytes(original)
    snap = read_snapshot(note)
    new = _block(snap).source + "\nprint(gru)  # 새 줄"
    _save(snap, new)
    after = note.read_bytes()
    _assert_only_block_changed(original, after, snap, new)
    assert b"print(gru)  # \xec\x83\x88 \xec\xa4\x84\r\n```" in after  # CRLF on the new line too
    assert after.count(b"\n") == after.count(b"\r\n") == original.count(b"\r\n") + 1


@pytest.mark.parametrize("name", ["cp949.md", "bom.md", "invalid-utf8.md"])
def test_fixture_encodings_are_kept(tmp_path: Path, name: str) -> None:
    """The fixture's bytes stay as they are; only the appended block's content changes, in its codec."""
    prefix = (BAD / name).read_bytes()
    snap0 = read_snapshot(BAD / name)
    codec = snap0.note.codec
    block = "\n```python\n# 은닉 상태\nh = 1\n```\n끝 문단: 셀 상태\n".encode(codec)
    note = tmp_path / name
    note.write_bytes(prefix + block)
    snap = read_snapshot(note)
    assert snap.note.encoding == snap0.note.encoding and snap.note.bom == snap0.note.bom
    new = "# 은닉 상태 h_t\nh = 2\nc = h * 2  # 셀"
    _save(snap, new)
    after = note.read_bytes()
    assert after.startswith(prefix + "\n```python\n".encode(codec))
    assert after.endswith("```\n끝 문단: 셀 상태\n".encode(codec))
    assert "# 은닉 상태 h_t\nh = 2\nc = h * 2  # 셀\n".encode(codec) in after
    reread = read_snapshot(note)
    assert reread.note.encoding == snap0.note.encoding
    assert _block(reread).source == new


def test_cp949_refuses_characters_it_cannot_store(tmp_path: Path) -> None:
    note = tmp_path / "cp.md"
    note.write_bytes("# 노트\n```python\nx = 1\n```\n".encode("cp949"))
    snap = read_snapshot(note)
    before = note.read_bytes()
    with pytest.raises(SaveError, match="CP949"):
        _save(snap, "x = '🙂'")
    assert note.read_bytes() == before


def test_list_indented_fence_keeps_its_indentation(tmp_path: Path) -> None:
    note = tmp_path / "list.md"
    text = "- 항목\n   ```python\n   x = 1\n\n   y = 2\n   ```\n- 다음\n"
    note.write_text(text, encoding="utf-8")
    snap = read_snapshot(note)
    assert _block(snap).source == "x = 1\n\ny = 2"
    _save(snap, "x = 1\n\ny = 3\nif y:\n    z = 4")
    assert note.read_text(encoding="utf-8") == (
        "- 항목\n   ```python\n   x = 1\n\n   y = 3\n   if y:\n       z = 4\n   ```\n- 다음\n"
    )


def test_unclosed_fence_at_end_of_file(tmp_path: Path) -> None:
    note = tmp_path / "open.md"
    original = (BAD / "unclosed-fence.md").read_bytes()
    note.write_bytes(original)
    snap = read_snapshot(note)
    block = _block(snap)
    assert not block.closed
    assert original.endswith(b"\n") and block.source.endswith("\n")  # the last "line" is the empty one
    new = block.source.replace("lstm", "gru_like").rstrip("\n") + "\nprint('끝')\n"
    _save(snap, new)
    after = note.read_bytes()
    head, _ = _split_around(original, snap, block)
    assert after.startswith(head)
    assert after.endswith(b"print('\xeb\x81\x9d')\n")
    assert _block(read_snapshot(note)).source == new
    _save(read_snapshot(note), new.rstrip("\n"))  # dropping that empty line drops the final newline
    assert note.read_bytes().endswith(b"print('\xeb\x81\x9d')")


def test_empty_block_gains_lines_and_can_be_emptied(tmp_path: Path) -> None:
    note = tmp_path / "empty.md"
    note.write_bytes(b"a\n```python\n```\nb")
    snap = read_snapshot(note)
    snap = _save(snap, "x = 1")
    assert note.read_bytes() == b"a\n```python\nx = 1\n```\nb"
    _save(snap, "")
    assert note.read_bytes() == b"a\n```python\n```\nb"


def test_unchanged_source_does_not_touch_the_file(tmp_path: Path) -> None:
    note = tmp_path / "same.md"
    note.write_bytes(b"```python\nx = 1\n```\n")
    os.utime(note, ns=(1_000_000_000, 1_000_000_000))
    snap = read_snapshot(note)
    result = save_block(snap, _block(snap), "x = 1", find_code_blocks)
    assert result.changed_lines == 0 and note.stat().st_mtime_ns == 1_000_000_000


def test_a_line_that_would_close_the_fence_is_refused(tmp_path: Path) -> None:
    note = tmp_path / "fence.md"
    note.write_bytes(b"```python\nx = 1\n```\nafter\n")
    snap = read_snapshot(note)
    with pytest.raises(SaveError, match=r"닫아|would close the code block"):
        _save(snap, "x = 1\n```\ny = 2")
    # A longer fence is not closed by a shorter one: that text is fine inside ```` blocks.
    note.write_bytes(b"````python\nx = 1\n````\nafter\n")
    snap = read_snapshot(note)
    _save(snap, "x = 1\n```\ny = 2")
    assert note.read_bytes() == b"````python\nx = 1\n```\ny = 2\n````\nafter\n"


def test_only_the_target_block_of_several_changes(tmp_path: Path) -> None:
    note = tmp_path / "two.md"
    text = "```python\nsame = 1\n```\n중간\n```python\nsame = 1\n```\n"
    note.write_text(text, encoding="utf-8")
    snap = read_snapshot(note)
    save_block(snap, _block(snap, 1), "same = 2", find_code_blocks)
    assert note.read_text(encoding="utf-8") == "```python\nsame = 1\n```\n중간\n```python\nsame = 2\n```\n"


# --- conflicts ---------------------------------------------------------------------------------------


def test_changed_on_disk_is_a_conflict_with_a_diff(tmp_path: Path) -> None:
    note = tmp_path / "c.md"
    note.write_text("제목\n```python\nx = 1\n```\n", encoding="utf-8")
    snap = read_snapshot(note)
    note.write_text("제목 (다른 편집기)\n```python\nx = 1\n```\n", encoding="utf-8")
    with pytest.raises(SaveConflict) as info:
        _save(snap, "x = 2")
    conflict = info.value
    assert note.read_text(encoding="utf-8").startswith("제목 (다른 편집기)")  # nothing written
    assert "-제목 (다른 편집기)\n" in conflict.diff and "+제목\n" in conflict.diff
    assert "-x = 1\n" in conflict.diff and "+x = 2\n" in conflict.diff
    new = overwrite(conflict)
    assert note.read_text(encoding="utf-8") == "제목\n```python\nx = 2\n```\n"
    assert new.data == note.read_bytes()


def test_same_size_same_mtime_change_is_still_detected(tmp_path: Path) -> None:
    """Content is compared, not only mtime+size (coarse mtimes on some file systems)."""
    note = tmp_path / "c.md"
    note.write_bytes(b"```python\nx = 1\n```\n")
    st0 = note.stat()
    snap = read_snapshot(note)
    note.write_bytes(b"```python\nx = 9\n```\n")
    os.utime(note, ns=(st0.st_atime_ns, st0.st_mtime_ns))
    with pytest.raises(SaveConflict):
        _save(snap, "x = 2")


def test_deleted_note_is_a_conflict(tmp_path: Path) -> None:
    note = tmp_path / "gone.md"
    note.write_bytes(b"```python\nx = 1\n```\n")
    snap = read_snapshot(note)
    note.unlink()
    with pytest.raises(SaveConflict, match=r"사라졌|disappeared") as info:
        _save(snap, "x = 2")
    assert info.value.disk is None
    overwrite(info.value)
    assert note.read_bytes() == b"```python\nx = 2\n```\n"


def test_save_as_writes_a_copy_and_leaves_the_note(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_bytes(b"# n\n```python\nx = 1\n```\n")
    snap = read_snapshot(note)
    copy = save_as(snap, _block(snap), "x = 3", tmp_path / "n (사본).md", find_code_blocks)
    assert (tmp_path / "n (사본).md").read_bytes() == b"# n\n```python\nx = 3\n```\n"
    assert note.read_bytes() == b"# n\n```python\nx = 1\n```\n"
    assert copy.path.name == "n (사본).md"
    with pytest.raises(SaveError, match=r"다른 파일|a file other than"):
        save_as(snap, _block(snap), "x = 3", note)


# --- atomicity ---------------------------------------------------------------------------------------


def test_no_temp_files_left_and_mode_kept(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_bytes(b"```python\nx = 1\n```\n")
    note.chmod(0o640)
    snap = read_snapshot(note)
    snap = _save(snap, "x = 2")
    _save(snap, "x = 3")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n.md"]
    assert stat.S_IMODE(note.stat().st_mode) == 0o640


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_read_only_folder_leaves_the_original_intact(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    note = folder / "n.md"
    note.write_bytes(b"```python\nx = 1\n```\n")
    snap = read_snapshot(note)
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # root ignores permissions: make the rename fail another way
            pytest.skip("running as root: folder permissions are not enforced")
        with pytest.raises(SaveError, match="쓸 수 없습니다"):
            _save(snap, "x = 2")
    finally:
        folder.chmod(0o700)
    assert note.read_bytes() == b"```python\nx = 1\n```\n"
    assert sorted(p.name for p in folder.iterdir()) == ["n.md"]


def test_failed_replace_removes_the_temp_file(tmp_path: Path) -> None:
    """The target is a folder in the way: os.replace fails after the temp file was written."""
    note = tmp_path / "n.md"
    note.write_bytes(b"```python\nx = 1\n```\n")
    snap = read_snapshot(note)
    note.unlink()
    note.mkdir()
    (note / "keep").write_text("x")
    with pytest.raises(SaveError):
        overwrite(SaveConflict("x", diff="", disk=None, ours=b"data", snapshot=snap))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n.md"]
    assert (note / "keep").read_text() == "x"


def test_symlinked_note_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(b"```python\nx = 1\n```\n")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    snap = read_snapshot(link)
    _save(snap, "x = 2")
    assert link.is_symlink() and real.read_bytes() == b"```python\nx = 2\n```\n"


def test_unreadable_note_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match=r"읽을 수 없습니다|Can.t read the note"):
        read_snapshot(tmp_path / "none.md")
    binary = tmp_path / "b.md"
    binary.write_bytes((BAD / "binary.md").read_bytes())
    with pytest.raises(SaveError, match=r"텍스트 노트가 아니라서|is not a text note"):
        read_snapshot(binary)


# --- block matching after a change -------------------------------------------------------------------


def test_match_block_by_id_then_index_then_line() -> None:
    text = "```python\na = 1\n```\n\n```python\nb = 1\n```\n"
    blocks = find_code_blocks(text)
    edited = find_code_blocks(text.replace("b = 1", "b = 2"))
    assert match_block(edited, blocks[1].id, 1, blocks[1].first_line) is edited[1]  # id changed: index
    shifted = find_code_blocks("```python\nz = 0\n```\n" + text)
    assert match_block(shifted, blocks[1].id, 1, blocks[1].first_line) is shifted[2]  # same id, moved
    fewer = find_code_blocks("x\n\n\n\n\n```python\nc = 1\n```\n")
    assert match_block(fewer, "code-none", 3, 6) is fewer[0]  # nearest line
    assert match_block([], "code-none", 0, 1) is None


def test_match_block_with_twin_blocks_keeps_the_edited_one() -> None:
    """The seed's section is pasted twice: editing the first gives the twin the first's old id."""
    text = "```python\nx = 1\n```\n\n```python\nx = 1\n```\n"
    before = find_code_blocks(text)
    assert before[1].id == before[0].id + "-2"
    after = find_code_blocks(text.replace("x = 1", "x = 2", 1))
    assert after[1].id == before[0].id  # the id moved to the untouched twin
    assert match_block(after, before[0].id, 0, before[0].first_line, "x = 2") is after[0]
    assert match_block(after, before[0].id, 0, before[0].first_line) is after[1]  # without the source: id


# --- property: any edit round-trips and leaves the rest byte-exact -----------------------------------

LINE = st.text(alphabet=st.sampled_from(list("ab 가\t\u00a0#=()")), max_size=8)


@settings(max_examples=40, deadline=None)
@given(
    new_lines=st.lists(LINE, max_size=6),
    newline=st.sampled_from(["\n", "\r\n"]),
    codec=st.sampled_from(["utf-8", "cp949"]),
    indent=st.sampled_from(["", "  ", "\t"]),
)
def test_any_edit_round_trips(
    tmp_path_factory: pytest.TempPathFactory, new_lines: list[str], newline: str, codec: str, indent: str
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    note = folder / "n.md"
    text = f"# 제목\n{indent}```python\n{indent}x = 1\n{indent}y = 2\n{indent}```\n본문 끝\n"
    original = text.replace("\n", newline).encode(codec)
    note.write_bytes(original)
    snap = read_snapshot(note)
    new = "\n".join(new_lines)
    if codec == "cp949" and "\u00a0" in new:  # CP949 has no NBSP: refused, with the character named
        with pytest.raises(SaveError, match="U\\+00A0 NO-BREAK SPACE"):
            splice_block(snap, _block(snap), new, find_code_blocks)
        return
    data, _ = splice_block(snap, _block(snap), new, find_code_blocks)
    head = f"# 제목{newline}{indent}```python{newline}".encode(codec)
    tail = f"{indent}```{newline}본문 끝{newline}".encode(codec)
    assert data.startswith(head) and data.endswith(tail)
    note.write_bytes(data)
    assert _block(read_snapshot(note)).source == new
