"""Read a note's bytes into text without ever failing, and remember how to write it back.

Korean notes written on Windows are often CP949 (a superset of EUC-KR), so a file that is not valid
UTF-8 is tried as CP949 before falling back to UTF-8 with replacement characters. The caller gets a
``warning`` (shown as a banner) whenever the text is not exactly what a UTF-8 reader would see, and the
encoding, BOM and newline style so that a later save can write the file back byte-exact.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

BINARY_SNIFF = 8192


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
            warning="이 파일은 텍스트가 아니라 바이너리 파일이라 표시할 수 없습니다.",
        )
    warning: str | None = None
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        try:
            text = data.decode("cp949")
            encoding = "cp949"
            warning = "이 노트는 UTF-8이 아니라 CP949(EUC-KR)로 읽었습니다."
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
            encoding = "utf-8 (replaced)"
            warning = "이 노트에 UTF-8로 읽을 수 없는 바이트가 있어 �로 바꾸어 표시합니다."
    newline = _newline_style(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return NoteText(text=text, encoding=encoding, bom=bom, newline=newline, warning=warning)


def read_note(path: str | Path) -> NoteText:
    """Read and decode a note. I/O errors propagate (callers report them); decoding never fails."""
    return decode_note(Path(path).read_bytes())
