"""Characters → tokens for :mod:`app.equations.latex`: cleaning, splitting into commands and characters.

A separate step because it knows nothing of the LSTM vocabulary: it only decides where a ``\\command``
ends, which characters are invisible noise from copy-pasting, and how a sub/superscript's raw source is
normalized. Every token keeps its source span, which the linker needs to map symbols back to the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters that change nothing on screen but break matching (seen at piece edges in real notes).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_DASHES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " "})


def clean(latex: str) -> str:
    """Drop invisible characters and unify minus signs and odd spaces (U+2212 is common in notes)."""
    return latex.translate(_INVISIBLE).translate(_DASHES)


@dataclass(frozen=True)
class Tok:
    """One token with its span in the cleaned source (the parser reads spans back out of it)."""

    kind: str  # "cmd" | "char"
    text: str  # command name without backslash, or the character
    start: int
    end: int


def tokenize(s: str) -> list[Tok]:
    """Split ``s`` into commands (``\\frac``, ``\\,``) and single characters; whitespace is dropped."""
    toks: list[Tok] = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch.isspace():
            i += 1
        elif ch == "\\" and i + 1 < n:
            j = i + 1
            if s[j].isalpha():
                while j < n and s[j].isalpha():
                    j += 1
                toks.append(Tok("cmd", s[i + 1 : j], i, j))
            else:
                j += 1
                toks.append(Tok("cmd", s[i + 1 : j], i, j))
            i = j
        else:
            toks.append(Tok("char", ch, i, i + 1))
            i += 1
    return toks


_SCRIPT_FONT = re.compile(
    r"\\(?:mathrm|mathit|mathbf|mathsf|boldsymbol|bm|text|textrm|textit|operatorname)\b"
)


def normalize_script(raw: str) -> str:
    """``{\\mathrm{t-1}}`` → ``t-1``; ``\\top``, ``\\intercal``, ``\\mathsf{T}`` → ``T``."""
    s = raw.replace("\\top", "T").replace("\\intercal", "T").replace("\\prime", "'")
    s = _SCRIPT_FONT.sub("", s)
    s = re.sub(r"\\[,;:! ]|\s|[{}]", "", s)
    return s.replace("\\_", "_")
