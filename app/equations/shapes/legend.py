"""The note's own legend: lines like ``N = batch size`` or ``$H_{out}$ = proj_size if proj_size > 0 …``.

A legend line is one symbol, ``=`` or ``:``, and a meaning in words; the meaning decides the role
(``batch size`` → batch, ``2(bidirectional), 1`` → dirs). A legend may redefine a standard name (a note
that writes ``N = sequence length`` means L by N), and it always wins over PyTorch's meaning. Lines whose
meaning names no size (``Output : output, (h_n, c_n)``) are not legend lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.equations.shapes.names import RE_NAME, STANDARD, display, key, unlatex

RE_LEGEND = re.compile(
    rf"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:where\s+)?\$?\s*(?P<name>{RE_NAME})\s*\$?\s*(?:=|:=|:|는|은)\s*(?P<meaning>.+?)\s*$"
)

# (role, pattern on the lower-cased meaning); the first match wins, so H_out's "otherwise hidden_size"
# is read as out before hidden.
MEANINGS: list[tuple[str, re.Pattern[str]]] = [
    ("out", re.compile(r"proj_?size\s*if|if\s+proj_?size|otherwise\s+hidden|else\s+hidden|h_?out")),
    ("batch", re.compile(r"batch|배치")),
    ("seq", re.compile(r"seq|sequence|time\s*steps?|시퀀스|길이|타임\s*스텝")),
    ("dirs", re.compile(r"bidirectional|direction|방향")),
    ("layers", re.compile(r"num_?layers|layers?\b|층|레이어")),
    ("input", re.compile(r"input_?size|input\s+(?:size|features?|dim)|입력\s*(?:크기|차원)")),
    ("proj", re.compile(r"^proj_?size\b")),
    ("hidden", re.compile(r"hidden_?size|hidden\s+(?:size|units?|dim)|은닉\s*(?:크기|차원)|cell")),
]


# a tensor's description, not a symbol's: "h_n: tensor of shape (D*num_layers, N, H_out) …"
RE_NOT_MEANING = re.compile(r"[(\[][^)\]]*,|shape|tensor|크기가|모양", re.IGNORECASE)


@dataclass
class Legend:
    """Symbol key → (name as shown, role), from the note's legend lines; ``lines`` says where each was."""

    roles: dict[str, tuple[str, str]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def role(self, name: str) -> str | None:
        """The role of a written name: the legend's, else PyTorch's, else None (unknown: solved later)."""
        k = key(name)
        if k in self.roles:
            return self.roles[k][1]
        found = STANDARD.get(k)
        return found[1] if found else None

    def knows(self, name: str) -> bool:
        return self.role(name) is not None

    def redefines(self, name: str) -> bool:
        """Whether the legend gives a standard name another role than PyTorch's."""
        k = key(name)
        return k in self.roles and k in STANDARD and STANDARD[k][1] != self.roles[k][1]


def meaning_role(meaning: str) -> str | None:
    text = unlatex(meaning).lower()
    for role, pattern in MEANINGS:
        if pattern.search(text):
            return role
    return None


def read_legend(lines: list[str], code: list[bool]) -> Legend:
    """Every legend line outside code; a later definition of the same name replaces an earlier one."""
    legend = Legend()
    for n, line in enumerate(lines, start=1):
        if code[n - 1] or len(line) > 120 or ("=" not in line and ":" not in line and "는" not in line):
            continue
        m = RE_LEGEND.match(line)
        if m is None or "(" in m.group("name"):
            continue
        meaning = m.group("meaning")
        if len(meaning) > 80 or RE_NOT_MEANING.search(meaning):
            continue
        role = meaning_role(meaning)
        if role is None:
            continue
        k = key(m.group("name"))
        if len(k) > 12:
            continue
        legend.roles[k] = (display(m.group("name")), role)
        legend.lines[k] = n
    return legend
