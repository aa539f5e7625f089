"""Write one code block's edited lines back into its note, and nothing else.

The code panel edits one fenced block of a note that the user also edits elsewhere (Obsidian, a text
editor, git). So a save must:

- change only that block's content lines: every byte outside them (front matter, other blocks, CP949
  Korean text, invalid bytes, a BOM, CRLF or mixed line endings) stays exactly as it was. This is done
  on the *bytes* of the file, not by re-encoding the decoded text: unchanged lines of the block keep
  their original bytes too (a line diff decides which lines changed);
- keep the block's indentation inside a list (the fence's own indentation is put back in front of
  every non-empty line, as ``find_code_blocks`` removed it);
- never lose the other editor's work: the bytes read when the panel opened the note are remembered, and
  a save is refused with a :class:`SaveConflict` (carrying a unified diff) when the file on disk is no
  longer those bytes; the caller then offers reload, overwrite or save-as;
- never leave a half-written note: the new bytes go to a temporary file in the same folder, are
  fsynced, and replace the note with ``os.replace`` (atomic on POSIX and Windows).

Pure (no Qt): the panel and the tests use the same functions.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.i18n import messages, text
from app.vault.blocks import RE_FENCE_OPEN, closing_fence, find_code_blocks
from app.vault.reader import NoteText, decode_note

messages({
    "save.unreadable": ("노트를 읽을 수 없습니다: {name} ({reason})",
                        "Can't read the note {name} ({reason})"),
    "save.not_text": ("{name}은(는) 텍스트 노트가 아니라서 편집할 수 없습니다.",
                      "{name} is not a text note, so it can't be edited."),
    "save.block_mismatch": ("코드 블록이 이 노트의 내용과 맞지 않습니다. 노트를 다시 불러오세요.",
                            "The code block does not match this note any more. Reload the note."),
    "save.closes_fence": ("코드의 {n}번째 줄({line})이 코드 블록을 닫아 버려 저장할 수 없습니다.",
                          "Line {n} of the code ({line}) would close the code block, so it can't be saved."),
    "save.unencodable": ("'{char}' 문자는 이 노트의 인코딩({codec})으로 저장할 수 없습니다. "
                         "그 문자를 지우거나 '다른 이름으로 저장'으로 UTF-8 사본을 만드세요.",
                         "The character '{char}' can't be saved in this note's encoding ({codec}). "
                         "Remove it, or use Save As to make a UTF-8 copy."),
    "save.structure": ("저장하면 노트의 코드 블록 구조가 바뀌게 되어 저장하지 않았습니다.",
                       "Saving would change the note's code block structure, so nothing was saved."),
    "save.cannot_write": ("{folder}에 쓸 수 없습니다 ({reason}).", "Can't write to {folder} ({reason})."),
    "save.failed": ("{name}을(를) 저장하지 못했습니다 ({reason}). 원본은 그대로입니다.",
                    "Could not save {name} ({reason}). The original is unchanged."),
    "save.diff_disk": ("디스크: {name}", "on disk: {name}"),
    "save.diff_panel": ("코드 패널: {name}", "code panel: {name}"),
    "save.gone": ("{name}이(가) 디스크에서 사라졌습니다.", "{name} has disappeared from the disk."),
    "save.changed": ("{name}이(가) 코드 패널에서 연 뒤에 다른 곳에서 바뀌었습니다.",
                     "{name} was changed elsewhere after the code panel opened it."),
    "save.same_file": ("다른 이름으로 저장하려면 원래 노트와 다른 파일을 고르세요.",
                       "To save under another name, choose a file other than the note itself."),
})

RE_LINE = re.compile(rb"([^\r\n]*)(\r\n|\r|\n|$)")  # the decoder treats \r\n, \r and \n as one newline


class Block(Protocol):
    """What a save needs of a code block (``app.vault.blocks.CodeBlock`` fits)."""

    @property
    def index(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def first_line(self) -> int: ...  # the opening fence, 1-based
    @property
    def last_line(self) -> int: ...  # the closing fence (or the note's last line when unclosed)
    @property
    def closed(self) -> bool: ...
    @property
    def source(self) -> str: ...


FindBlocks = Callable[[str], Sequence[Block]]


class SaveError(Exception):
    """The block cannot be written back; the message (Korean) says why and what to do."""


class SaveConflict(SaveError):
    """The note changed on disk since it was read. ``diff`` is disk → ours, unified."""

    def __init__(self, message: str, *, diff: str, disk: bytes | None, ours: bytes, snapshot: NoteSnapshot):
        super().__init__(message)
        self.diff = diff
        self.disk = disk  # None when the file is gone
        self.ours = ours  # the bytes the save would have written
        self.snapshot = snapshot


@dataclass(frozen=True)
class NoteSnapshot:
    """A note's bytes as read, so that a later save knows what it is replacing."""

    path: Path
    data: bytes
    note: NoteText
    sha256: str
    mtime_ns: int
    size: int

    @property
    def text(self) -> str:
        return self.note.text


@dataclass(frozen=True)
class SaveResult:
    """What was written: the new snapshot, to save against next time."""

    snapshot: NoteSnapshot
    changed_lines: int  # content lines written anew (0: nothing to do, the file was not touched)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def snapshot_of(path: Path, data: bytes) -> NoteSnapshot:
    """A snapshot of ``data`` as the content of ``path`` (stat taken now)."""
    try:
        st = path.stat()
        mtime, size = st.st_mtime_ns, st.st_size
    except OSError:
        mtime, size = 0, -1
    return NoteSnapshot(Path(path), data, decode_note(data), _sha(data), mtime, size)


def read_snapshot(path: str | Path) -> NoteSnapshot:
    """Read a note for editing. I/O errors become :class:`SaveError` with a Korean message."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SaveError(text("save.unreadable", name=path.name, reason=exc.strerror or exc)) from exc
    snap = snapshot_of(path, data)
    if snap.note.binary:
        raise SaveError(text("save.not_text", name=path.name))
    return snap


# --- the byte-level splice ------------------------------------------------------------------------


def _split_lines(body: bytes) -> list[tuple[bytes, bytes]]:
    """(content, terminator) per line, the same lines the decoder sees (the last may end with b"")."""
    lines: list[tuple[bytes, bytes]] = []
    pos = 0
    while True:
        m = RE_LINE.match(body, pos)
        assert m is not None  # the pattern matches the empty string
        lines.append((m.group(1), m.group(2)))
        pos = m.end()
        if not m.group(2):
            return lines


def normalize_source(source: str) -> str:
    """Editor text as block source: ``\\n`` newlines only (Qt and pasted text may bring others)."""
    return source.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n").replace("\u2028", "\n")


def splice_block(
    snap: NoteSnapshot, block: Block, source: str, find_blocks: FindBlocks | None = find_code_blocks
) -> tuple[bytes, int]:
    """The note's bytes with ``block``'s content replaced by ``source``; and how many lines changed.

    ``block`` is one of the blocks of ``snap.text``. The result is re-read with ``find_blocks`` (the
    renderer's fence scanner by default; None skips the check) and must hold the same blocks with only
    this one changed. Raises :class:`SaveError` when the text cannot be stored in the note's encoding
    or would close the fence early (the block would swallow or lose the rest of the note).
    """
    source = normalize_source(source)
    note = snap.note
    bom = b"\xef\xbb\xbf" if note.bom else b""
    lines = _split_lines(snap.data[len(bom):])
    text_lines = note.text.split("\n")
    fence_text = text_lines[block.first_line - 1]
    m = RE_FENCE_OPEN.match(fence_text)
    if m is None or block.last_line > len(text_lines):
        raise SaveError(text("save.block_mismatch"))
    indent, fence = m.group("indent") or "", m.group("fence")
    new_texts = source.split("\n") if source else []
    close = closing_fence(fence)
    for n, line in enumerate(new_texts, start=1):
        if close.match(line):
            raise SaveError(text("save.closes_fence", n=n, line=line.strip()))

    start = block.first_line  # 0-based index of the first content line
    end = block.last_line - 1 if block.closed else block.last_line  # exclusive
    old_texts = block.source.split("\n") if end > start else []
    newline = (lines[start][1] if end > start else lines[block.first_line - 1][1]) or note.newline.encode()
    # Terminator bytes come from the file itself, so they are ASCII in both codecs.
    try:
        prefix = indent.encode(note.codec)
        # inside a quote/callout an empty line keeps its ">" (without it the quote, and the block, end)
        empty = indent.rstrip().encode(note.codec) if ">" in indent else b""
        encoded = [(prefix + t.encode(note.codec)) if t else empty for t in new_texts]
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start] if isinstance(exc.object, str) else "?"
        invisible = not bad.isprintable() or bad.isspace()
        shown = f"U+{ord(bad):04X} {unicodedata.name(bad, '')}".strip() if invisible else bad
        raise SaveError(text("save.unencodable", char=shown, codec=note.codec.upper())) from exc

    out: list[tuple[bytes, bytes]] = []
    changed = 0
    matcher = difflib.SequenceMatcher(None, old_texts, new_texts, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(lines[start + i1 : start + i2])
        else:
            out.extend((encoded[j], newline) for j in range(j1, j2))
            changed += max(i2 - i1, j2 - j1)
    if changed == 0:
        return snap.data, 0
    at_eof = not block.closed and end == len(lines)
    for k, (body, term) in enumerate(out):
        last = k == len(out) - 1
        if last and at_eof:
            out[k] = (body, lines[end - 1][1] if end > start else b"")
        elif not term:
            out[k] = (body, newline)
    head = list(lines[:start])
    if at_eof and out and not head[-1][1]:  # an empty unclosed block on the last line gains content
        head[-1] = (head[-1][0], newline)
    spliced = head + out + lines[end:]
    data = bom + b"".join(body + term for body, term in spliced)
    if find_blocks is not None:
        _verify(data, block.index, source, snap, find_blocks)
    return data, changed


def _verify(data: bytes, index: int, source: str, snap: NoteSnapshot, find_blocks: FindBlocks) -> None:
    """Re-read what would be written: the block must read back as ``source``, the rest as before."""
    after = find_blocks(decode_note(data).text)
    before = find_blocks(snap.text)
    ok = len(after) == len(before) and 0 <= index < len(after) and after[index].source == source
    pairs = enumerate(zip(after, before, strict=False))
    ok = ok and all(a.source == b.source for k, (a, b) in pairs if k != index)
    if not ok:
        raise SaveError(text("save.structure"))


# --- writing ----------------------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically: temp file in the same folder, fsync, ``os.replace``.

    The original stays intact if anything fails (full disk, read-only folder); no temp file is left.
    The file's permission bits are kept; a symlinked note is written through to its target.
    """
    target = Path(os.path.realpath(path))
    try:
        mode: int | None = target.stat().st_mode & 0o7777
    except OSError:
        mode = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise SaveError(text("save.cannot_write", folder=target.parent, reason=exc.strerror or exc)) from exc
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        why = exc.strerror or exc
        raise SaveError(text("save.failed", name=target.name, reason=why)) from exc
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def disk_bytes(path: Path) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SaveError(text("save.unreadable", name=Path(path).name, reason=exc.strerror or exc)) from exc


def unified_diff(disk: bytes | None, ours: bytes, name: str) -> str:
    """disk → ours, as the user will read it in the conflict dialog."""
    a = decode_note(disk).text.splitlines(keepends=True) if disk is not None else []
    b = decode_note(ours).text.splitlines(keepends=True)
    return "".join(
        difflib.unified_diff(a, b, fromfile=text("save.diff_disk", name=name),
                             tofile=text("save.diff_panel", name=name), n=2)
    )


def save_block(
    snap: NoteSnapshot, block: Block, source: str, find_blocks: FindBlocks | None = find_code_blocks
) -> SaveResult:
    """Write ``block`` of the note read as ``snap`` with ``source``; refuse if the file changed."""
    data, changed = splice_block(snap, block, source, find_blocks)
    disk = disk_bytes(snap.path)
    if disk is None or _sha(disk) != snap.sha256:
        gone = disk is None
        message = (
            text("save.gone", name=snap.path.name)
            if gone
            else text("save.changed", name=snap.path.name)
        )
        raise SaveConflict(message, diff=unified_diff(disk, data, snap.path.name), disk=disk, ours=data,
                           snapshot=snap)
    if changed == 0:
        return SaveResult(snap, 0)
    atomic_write(snap.path, data)
    return SaveResult(snapshot_of(snap.path, data), changed)


def overwrite(conflict: SaveConflict) -> NoteSnapshot:
    """Resolve a conflict by writing ours anyway (the other editor's changes are lost)."""
    atomic_write(conflict.snapshot.path, conflict.ours)
    return snapshot_of(conflict.snapshot.path, conflict.ours)


def save_as(
    snap: NoteSnapshot,
    block: Block,
    source: str,
    target: str | Path,
    find_blocks: FindBlocks | None = find_code_blocks,
) -> NoteSnapshot:
    """Write the note as read, with the edited block, to ``target`` (the original is not touched)."""
    data, _ = splice_block(snap, block, source, find_blocks)
    target = Path(target)
    if target.resolve() == snap.path.resolve():
        raise SaveError(text("save.same_file"))
    atomic_write(target, data)
    return snapshot_of(target, data)


def match_block(
    blocks: Sequence[Block], block_id: str, index: int, first_line: int, source: str | None = None
) -> Block | None:
    """The block the panel holds, after the note changed (our save, or another editor's).

    Ids hash the content (with "-2", "-3" for exact repeats, which the seed note has: its section is
    pasted twice), so after an edit the id may change or even move to the twin block. In order: the
    block at the same index when it still has our id or the ``source`` we just wrote; a block with that
    source (nearest to where ours was); one with our id; the same index; the nearest by line.
    """
    if not blocks:
        return None
    same = blocks[index] if 0 <= index < len(blocks) else None
    if same is not None and (same.id == block_id or (source is not None and same.source == source)):
        return same
    if source is not None:
        twins = [b for b in blocks if b.source == source]
        if twins:
            return min(twins, key=lambda b: abs(b.first_line - first_line))
    by_id = next((b for b in blocks if b.id == block_id), None)
    if by_id is not None:
        return by_id
    if same is not None:
        return same
    return min(blocks, key=lambda b: abs(b.first_line - first_line))
