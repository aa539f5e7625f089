"""What a shape claim is about (its subject) and when it applies (its condition), read from its context.

Subject: the nearest tensor word before the claim in its own line (``h_n: tensor of shape (…)``), else the
list item it hangs under (``- c_n`` / ``\\t- 배치가 없을 때 (…)``). Words that belong to a condition
(``for unbatched input``) are blanked first, so "input" there is not the subject.

Condition: English conditions follow their claim (``(L, H_in) for unbatched input, (L, N, H_in) when
batch_first=False``) and bind to the claim before them; Korean ones come first (``배치가 없을 때 (…),
있으면 (…)``) and bind to the claim after them. An English condition before the first claim of a line
(``When batch_first=True, the output is (N, L, …)``) binds to that claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# canonical subject -> the words that name it (matched on the lower-cased line); a name may end right
# at a glued Korean particle ("c_n은", "output의"), so only ASCII word characters stop it
SUBJECTS: list[tuple[str, re.Pattern[str]]] = [
    (
        "h_n",
        re.compile(r"(?<![\w])(?:h_\{?n\}?|hn)(?![a-z0-9_])|final hidden state|마지막\s*(?:은닉|hidden)"),
    ),
    ("c_n", re.compile(r"(?<![\w])(?:c_\{?n\}?|cn)(?![a-z0-9_])|final cell state|마지막\s*(?:셀|cell)")),
    (
        "h_0",
        re.compile(r"(?<![\w])(?:h_\{?0\}?|h0)(?![a-z0-9_])|initial hidden state|초기\s*(?:은닉|hidden)"),
    ),
    ("c_0", re.compile(r"(?<![\w])(?:c_\{?0\}?|c0)(?![a-z0-9_])|initial cell state|초기\s*(?:셀|cell)")),
    ("h_t", re.compile(r"(?<![\w])h_\{?t\}?(?![a-z0-9_])")),
    ("c_t", re.compile(r"(?<![\w])c_\{?t\}?(?![a-z0-9_])")),
    (
        "weight",
        re.compile(r"(?<![\w])(?:weight|bias)_(?:ih|hh|hr)_l(?:\[k\]|\d+|k)(?:_reverse)?(?![a-z0-9_])"),
    ),
    ("output", re.compile(r"(?<![\w])outputs?(?![a-z0-9_])|출력")),
    ("input", re.compile(r"(?<![\w])(?:inputs?|x)(?![a-z0-9_])|입력")),
]
# condition phrases: (name, value, pattern); English ones are "after" phrases, Korean "before" phrases
EN_CONDITIONS: list[tuple[str, bool, re.Pattern[str]]] = [
    ("batched", False, re.compile(r"\bunbatched\b|without (?:a )?batch|no batch")),
    ("batched", True, re.compile(r"(?<!un)\bbatched\b|with (?:a )?batch\b")),
    ("batch_first", True, re.compile(r"batch_first\s*=\s*true")),
    ("batch_first", False, re.compile(r"batch_first\s*=\s*false")),
    ("bidirectional", True, re.compile(r"bidirectional\s*=\s*true|\b(?:if|when) bidirectional\b")),
    ("bidirectional", False, re.compile(r"bidirectional\s*=\s*false")),
    ("proj", True, re.compile(r"proj_size\s*>\s*0")),
    ("layer0", True, re.compile(r"\bk\s*=\s*0\b")),
    ("layer0", False, re.compile(r"\bk\s*>\s*0\b|\botherwise\b")),
]
KO_CONDITIONS: list[tuple[str, bool, re.Pattern[str]]] = [
    ("batched", False, re.compile(r"배치(?:가|는)?\s*없|배치\s*차원이?\s*없|비배치")),
    ("batched", True, re.compile(r"배치(?:가|는)?\s*있")),
    ("bidirectional", True, re.compile(r"양방향")),
]
RE_KO_THEN = re.compile(r"있으면|있을\s*때|있는\s*경우")
RE_SENTENCE_END = re.compile(r"\.\s|;\s")


@dataclass(frozen=True)
class Condition:
    """When a claim applies; None means "not said"."""

    batched: bool | None = None
    batch_first: bool | None = None
    bidirectional: bool | None = None
    proj: bool | None = None
    layer0: bool | None = None

    def describe(self) -> str | None:
        """``unbatched``, ``batched, batch_first=True``, ``bidirectional``, ``proj_size > 0``, ``k = 0`` …"""
        parts = []
        if self.batched is not None:
            parts.append("batched" if self.batched else "unbatched")
        if self.batch_first is not None:
            parts.append(f"batch_first={self.batch_first}")
        if self.bidirectional is not None:
            parts.append("bidirectional" if self.bidirectional else "bidirectional=False")
        if self.proj is not None:
            parts.append("proj_size > 0" if self.proj else "proj_size = 0")
        if self.layer0 is not None:
            parts.append("k = 0" if self.layer0 else "k > 0")
        return ", ".join(parts) or None


def _apply(cond: Condition, text: str, table: list[tuple[str, bool, re.Pattern[str]]]) -> Condition:
    for name, value, pattern in table:
        if getattr(cond, name) is None and pattern.search(text):
            cond = replace(cond, **{name: value})
    return cond


def conditions(line: str, spans: list[tuple[int, int]]) -> list[Condition]:
    """The condition of each claim at ``spans`` (offsets in ``line``, in order)."""
    low = line.lower()
    out = []
    for k, (start, end) in enumerate(spans):
        prev_end = spans[k - 1][1] if k else 0
        next_start = spans[k + 1][0] if k + 1 < len(spans) else len(line)
        after = low[end:next_start]
        cut = RE_SENTENCE_END.search(after)
        after = after[: cut.start()] if cut else after
        before = low[prev_end:start]
        cond = _apply(Condition(), after, EN_CONDITIONS)
        ends = list(RE_SENTENCE_END.finditer(before))
        if k == 0 or ends:  # "When batch_first=True, …" or "… . Otherwise the shape is (…)"
            cond = _apply(cond, before[ends[-1].end() :] if ends else before, EN_CONDITIONS)
        cond = _apply(cond, before, KO_CONDITIONS)
        if cond.batched is None and RE_KO_THEN.search(before) and "배치" in low[:start]:
            cond = replace(cond, batched=True)
        out.append(cond)
    if any(c.proj for c in out):  # "(…). If proj_size > 0 the shape is (…)": the others assume none
        out = [c if c.proj else replace(c, proj=False) for c in out]
    return out


RE_CONDITION_INPUT = re.compile(
    r"(?:un)?batched\s+inputs?|inputs?\s+is\s+(?:un)?batched|(?:the\s+)?input\s+sequence|입력이\s*배치"
)
RE_LEADING = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|`)?([\w\[\]{}]+)(?:\*\*|`)?\s*(?::|：|-\s)")


def blank_conditions(text: str) -> str:
    """``text`` lower-cased with condition phrases blanked out (same length), so their words are not
    subjects ("for unbatched input" is not about the input)."""
    low = RE_CONDITION_INPUT.sub(lambda m: " " * len(m.group(0)), text.lower())
    for _, _, pattern in EN_CONDITIONS + KO_CONDITIONS:
        low = pattern.sub(lambda m: " " * len(m.group(0)), low)
    return low


def leading_subject(line: str) -> str | None:
    """The subject a line opens with, docs style: ``h_0: a tensor of shape …``, ``- **output**: …``."""
    m = RE_LEADING.match(line)
    return subject_in(m.group(1).lower()) if m else None


def subject_in(text: str, *, nearest: bool = True) -> str | None:
    """The subject word in ``text`` (already blanked): the last one when ``nearest``, else the first."""
    best: tuple[int, str] | None = None
    for name, pattern in SUBJECTS:
        for m in pattern.finditer(text):
            word = m.group(0) if name == "weight" else name
            if best is None or (m.start() > best[0] if nearest else m.start() < best[0]):
                best = (m.start(), word)
    return best[1] if best else None


def parent_subject(lines: list[str], index: int) -> str | None:
    """The subject of the list item(s) that line ``index`` (0-based) hangs under."""
    width = _indent(lines[index])
    k = index - 1
    while k >= 0 and width > 0:
        line = lines[k]
        if not line.strip():
            k -= 1
            continue
        w = _indent(line)
        if w < width:
            found = subject_in(blank_conditions(line), nearest=False)
            if found:
                return found
            width = w
        k -= 1
    return None


def _indent(line: str) -> int:
    width = 0
    for c in line:
        if c == "\t":
            width += 4
        elif c in " \u00a0":
            width += 1
        else:
            break
    return width


RE_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*)$")
RE_KIND = re.compile(r"(?<![A-Za-z])(LSTM|GRU|RNN)(?![A-Za-z])", re.IGNORECASE)


def heading_kinds(lines: list[str], code: list[bool]) -> list[str | None]:
    """For each line, the model kind its section's heading names (``## nn.GRU`` → "gru"), if exactly one."""
    out: list[str | None] = []
    kind: str | None = None
    for n, line in enumerate(lines):
        m = RE_HEADING.match(line) if not code[n] else None
        if m:
            kinds = {k.lower() for k in RE_KIND.findall(m.group(1))}
            kind = kinds.pop() if len(kinds) == 1 else None
        out.append(kind)
    return out
