"""Read a note's bytes into text without ever failing, and remember how to write it back.

Korean notes written on Windows are often CP949 (a superset of EUC-KR), so a file that is not valid
UTF-8 is tried as CP949 before falling back to UTF-8 with replacement characters. The caller gets a
``warning`` (shown as a banner) whenever the text is not exactly what a UTF-8 reader would see, and the
encoding, BOM and newline style so that a later save can write the file back byte-exact.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from app.i18n import messages
from app.i18n import text as worded

BINARY_SNIFF = 8192

messages({
    "vault.binary": ("이 파일은 텍스트가 아니라 바이너리 파일이라 표시할 수 없습니다.",
                     "This file is binary, not text, so it cannot be shown."),
    "vault.cp949": ("이 노트는 UTF-8이 아니라 CP949(EUC-KR)로 읽었습니다.",
                    "This note is not UTF-8: it was read as CP949 (EUC-KR)."),
    "vault.replaced": ("이 노트에 UTF-8로 읽을 수 없는 바이트가 있어 �로 바꾸어 표시합니다.",
                       "This note holds bytes that are not UTF-8; they are shown as �."),
    "vault.not_regular": ("일반 파일이 아닙니다 (폴더, FIFO, 장치 등): {path}",
                          "Not a regular file (a folder, a FIFO, a device…): {path}"),
    "vault.unreadable_note": ("노트를 읽을 수 없습니다: {path} ({reason})",
                              "Can't read the note {path} ({reason})"),
})


@dataclass(frozen=True)
class NoteText:
    """A decoded note. ``text`` always uses ``\\n`` newlines and has no BOM."""

    text: str
    encoding: str  # "utf-8", "cp949" or "utf-8 (replaced)"
    bom: bool
    newline: str  # "\n" or "\r\n" (the dominant style in the file)
    binary: bool = False
    warning: str | None = None

    @property
    def codec(self) -> str:
        """The codec to encode with when saving (replacement-decoded files save as UTF-8)."""
        return "cp949" if self.encoding == "cp949" else "utf-8"

    def encode(self, text: str) -> bytes:
        """Encode ``text`` (with ``\\n`` newlines) the way the file was stored."""
        raw = text.replace("\n", self.newline) if self.newline != "\n" else text
        data = raw.encode(self.codec)
        return (codecs.BOM_UTF8 + data) if self.bom else data


def _newline_style(text: str) -> str:
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf >= text.count("\n") - crlf else "\n"


def decode_note(data: bytes) -> NoteText:
    """Decode a note's bytes: UTF-8 (BOM allowed), else CP949, else UTF-8 with replacements."""
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data[:BINARY_SNIFF]:
        return NoteText(
            text="",
            encoding="binary",
            bom=bom,
            newline="\n",
            binary=True,
            warning=worded("vault.binary"),
        )
    warning: str | None = None
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        try:
            text = data.decode("cp949")
            encoding = "cp949"
            warning = worded("vault.cp949")
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
            encoding = "utf-8 (replaced)"
            warning = worded("vault.replaced")
    newline = _newline_style(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return NoteText(text=text, encoding=encoding, bom=bom, newline=newline, warning=warning)


class NotRegularFile(OSError):
    """A note path that is not a regular file (its ``strerror`` is the worded reason)."""


def read_note(path: str | Path) -> NoteText:
    """Read and decode a note. I/O errors propagate (callers report them); decoding never fails.

    Only a regular file is read: a FIFO named ``x.md`` would block the reader forever and a folder named
    so fails obscurely, so both raise :class:`OSError` (``EINVAL``) with a worded reason first.
    """
    path = Path(path)
    mode = os.stat(path).st_mode  # follows links: a broken one raises FileNotFoundError here
    if not stat.S_ISREG(mode):
        raise NotRegularFile(errno.EINVAL, worded("vault.not_regular", path=str(path)), str(path))
    return decode_note(path.read_bytes())


def read_problem(path: str | Path, exc: OSError) -> str:
    """A worded, one-line reason why ``path`` could not be read (for reports, banners and the CLI)."""
    if isinstance(exc, NotRegularFile):
        return str(exc.strerror)
    return worded("vault.unreadable_note", path=str(path), reason=exc.strerror or str(exc))
