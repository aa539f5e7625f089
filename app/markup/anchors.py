"""Heading anchors: one slug function shared by heading ids and ``[[#heading]]`` links."""

from __future__ import annotations

import re
import unicodedata

RE_UNSAFE = re.compile(r"[\s#^\[\]|\"'<>`]+")


def slug(text: str) -> str:
    """A readable id that keeps Hangul (``LSTM 구조`` → ``lstm-구조``)."""
    text = unicodedata.normalize("NFC", text).strip().casefold()
    return RE_UNSAFE.sub("-", text).strip("-") or "section"
