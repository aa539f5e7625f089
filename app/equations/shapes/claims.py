"""``find_claims(text)``: every shape claim of a note, in note order, with subject, condition and axes.

Three places hold claims:
- prose (list items, sentences): ``- h_n`` / ``\\t- 배치가 없을 때 (D∗num_layers,Hout)``;
- math, inline or display: ``$(D * \\text{num\\_layers}, N, H_{out})$`` (made plain by ``names.unlatex``);
- code comments: ``# x:[N x L x Q] => rnn_out:[N x L x D]`` or ``out, (h, c) = lstm(x)  # (L, B, H)``. A
  comment's subject is its own left side (``x:``) or the statement it annotates; the names of a recurrent
  call in the same block (``rnn_out,(hn,cn) = self.rnn(x, (h0,c0))``) tell which model tensor it is.

A bracket is a claim only when its names make it one: at least one is a shape symbol (the legend's or
PyTorch's), and no more names are unknown than known, so ``(h_n, c_n)``, ``(i, f, g, o)`` and
``rnn(input, (h0,c0))`` stay prose. A single axis (``(4*hidden_size)``) or a row of bare numbers counts only
right after "shape"/"size"/"크기", in a ``torch.Size``, or in a code comment.

Each claim carries ``anchor``: the note offset right after it, outside any math region or inline code span,
where the note view puts its badge (code comments have none: the code panel shows them).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from app.equations.shapes.context import (
    Condition,
    blank_conditions,
    conditions,
    heading_kinds,
    leading_subject,
    parent_subject,
    subject_in,
)
from app.equations.shapes.forms import Axis, Form, find_forms
from app.equations.shapes.legend import Legend, read_legend
from app.equations.shapes.names import unlatex
from app.markup.mathscan import scan
from app.vault.blocks import code_line_mask, find_code_blocks, parse_front_matter

RE_SHAPE_WORD = re.compile(r"(?:shape|size|크기|모양|차원)\s*(?:is|:|=|of|은|는|이|가)?\s*$", re.IGNORECASE)
RE_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
RE_LEFT_SIDE = re.compile(r"([A-Za-z_][\w.]*)\s*(?:\.shape|\.size\(\))?\s*(?::|=|->|is|shape)\s*$")
RE_RECURRENT_CALL = re.compile(
    r"^\s*(?P<targets>[\w\s,()]+?)\s*=\s*(?P<callee>[\w.]+)\((?P<args>.*)\)\s*(?:#.*)?$"
)
RE_RECURRENT_NAME = re.compile(r"rnn|lstm|gru|recurrent|encoder", re.IGNORECASE)
RE_ASSIGN_TARGET = re.compile(r"^\s*\(?\s*([A-Za-z_]\w*)[\w\s,()\[\]]*?=(?!=)")
TEXT_SUBJECTS = {"output", "h_n", "c_n", "input", "h_0", "c_0", "h_t", "c_t"}


@dataclass(frozen=True)
class Claim:
    """One written shape and what it is about."""

    id: str  # "shape-<line>-<k>": stable while the line keeps its claims
    line: int  # 1-based
    text: str  # the form as written (math made plain)
    start: int  # offsets of the form (of its math region for math) in the note text
    end: int
    anchor: int | None  # where the badge goes; None for code comments
    where: str  # "text" | "math" | "code"
    subject: str | None  # "output", "h_n", "weight_ih_l[k]", or a code name ("rnn_out")
    quantity: str | None  # the model tensor: output h_n c_n input h_0 c_0 h_t c_t weight_…; None: unknown
    condition: Condition
    axes: tuple[Axis, ...]
    kind: str | None = None  # the model kind the section's heading names ("gru"), if any
    block: int | None = None  # code block index of a comment claim

    @property
    def written(self) -> list[str]:
        return [a.text for a in self.axes]


@dataclass
class NoteClaims:
    claims: list[Claim] = field(default_factory=list)
    legend: Legend = field(default_factory=Legend)

    def by_id(self, claim_id: str) -> Claim | None:
        return next((c for c in self.claims if c.id == claim_id), None)


def find_claims(text: str) -> NoteClaims:
    """All claims of a note (front matter skipped). Never raises on any text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    code = code_line_mask(text)
    front_end = parse_front_matter(text).end_line
    for k in range(min(front_end, len(code))):
        code[k] = True
    legend = read_legend(lines, code)
    kinds = heading_kinds(lines, code)
    regions = [r for r in scan(text).regions]
    multi = [r for r in regions if text.count("\n", r.start, r.end) > 0]
    multi_ids = {id(r) for r in multi}  # identity, not dataclass equality: linear on a long note
    inline = [r for r in regions if id(r) not in multi_ids]
    inline_starts = [r.start for r in inline]  # sorted and non-overlapping, as the scanner finds them
    inline_ends = [r.end for r in inline]
    region_lines = {
        n for r in multi for n in range(_line_of(starts, r.start), _line_of(starts, r.end - 1) + 1)
    }
    claims: list[Claim] = []
    for n, line in enumerate(lines, start=1):
        if code[n - 1] or n in region_lines or not line.strip():
            continue
        near = inline[bisect.bisect_right(inline_ends, starts[n - 1]) : bisect.bisect_left(
            inline_starts, starts[n - 1] + len(line))]  # only the regions on this line
        claims += _line_claims(text, lines, starts, n, near, legend, kinds[n - 1])
    for region in multi:
        claims += _region_claims(text, starts, lines, region, legend, kinds)
    for block in find_code_blocks(text):
        if block.first_line > front_end:
            claims += _code_claims(block, lines, starts, legend, kinds)
    claims.sort(key=lambda c: (c.line, c.start))
    seen: dict[int, int] = {}
    numbered = []
    for c in claims:
        k = seen.get(c.line, 0)
        seen[c.line] = k + 1
        numbered.append(_with_id(c, f"shape-{c.line}-{k}"))
    return NoteClaims(numbered, legend)


def _with_id(claim: Claim, claim_id: str) -> Claim:
    from dataclasses import replace

    return replace(claim, id=claim_id)


def _line_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def accept(form: Form, legend: Legend, before: str, *, in_code: bool) -> bool:
    """Whether a form is a shape claim (see the module docstring)."""
    names = [f for a in form.axes for f in a.factors if isinstance(f, str)]
    known = sum(1 for f in names if legend.knows(f))
    unknown = len(names) - known
    shape_word = bool(RE_SHAPE_WORD.search(before[-30:]))
    if not form.axes:
        return form.kind == "size"
    if not names:  # numbers only: (1, 28, 256)
        return form.kind == "size" or in_code or (shape_word and len(form.axes) >= 2)
    if in_code:
        return known >= 1 and (len(form.axes) >= 2 or form.kind == "size")
    if known == 0 or unknown > known:
        return False
    return len(form.axes) >= 2 or shape_word


def _plain_line(
    text: str, start: int, line: str, inline: list
) -> tuple[str, list[tuple[int, int, int, int]]]:
    """The line with each inline math region replaced by its plain content, and the piece map
    (plain_start, plain_end, note_start, note_end) of its math pieces."""
    end = start + len(line)
    out: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    pos = start
    length = 0
    for region in inline:
        if region.end <= start or region.start >= end:
            continue
        out.append(text[pos : region.start])
        length += region.start - pos
        content = unlatex(text[region.start : region.end].strip("$"))
        pieces.append((length, length + len(content), region.start, region.end))
        out.append(content)
        length += len(content)
        pos = region.end
    out.append(text[pos:end])
    return "".join(out), pieces


def _to_note(plain_pos: int, start: int, pieces: list[tuple[int, int, int, int]]) -> tuple[int, bool]:
    """(note offset of a plain-line position, whether it is inside math: then the math region's end)."""
    shift = 0
    for p_start, p_end, n_start, n_end in pieces:
        if plain_pos < p_start:
            break
        if plain_pos < p_end:
            return n_end, True
        shift += (n_end - n_start) - (p_end - p_start)
    return start + plain_pos + shift, False


def _line_claims(
    text: str, lines: list[str], starts: list[int], n: int, inline: list, legend: Legend, kind: str | None
) -> list[Claim]:
    line = lines[n - 1]
    start = starts[n - 1]
    plain, pieces = _plain_line(text, start, line, inline)
    if not any(c in plain for c in "([×") and " x " not in plain:
        return []
    forms = [f for f in find_forms(plain) if accept(f, legend, plain[: f.start], in_code=False)]
    if not forms:
        return []
    conds = conditions(plain, [(f.start, f.end) for f in forms])
    spans = [(m.start(), m.end()) for m in RE_CODE_SPAN.finditer(line)]
    out = []
    blanked = blank_conditions(plain)
    for other in forms:
        blanked = blanked[: other.start] + " " * (other.end - other.start) + blanked[other.end :]
    leading = leading_subject(plain)
    for k, form in enumerate(forms):
        subject = leading or subject_in(blanked[: form.start]) or parent_subject(lines, n - 1)
        note_start, _ = _to_note(form.start, start, pieces)
        note_end, in_math = _to_note(form.end - 1, start, pieces)
        anchor = note_end if in_math else note_end + 1
        for s, e in spans:  # after an inline code span, never inside it
            if start + s < anchor < start + e:
                anchor = start + e
        out.append(Claim(
            id="", line=n, text=plain[form.start : form.end], start=note_start, end=anchor, anchor=anchor,
            where="math" if in_math else "text", subject=_subject_name(subject),
            quantity=_quantity(subject), condition=conds[k], axes=form.axes, kind=kind,
        ))  # fmt: skip
    return out


def _region_claims(
    text: str, starts: list[int], lines: list[str], region: object, legend: Legend, kinds: list[str | None]
) -> list[Claim]:
    """Claims inside a display math block spanning lines; the badge goes after the block."""
    r_start, r_end = region.start, region.end  # type: ignore[attr-defined]
    content = unlatex(text[r_start:r_end])
    forms = [f for f in find_forms(content) if accept(f, legend, content[: f.start], in_code=False)]
    if not forms:
        return []
    first = _line_of(starts, r_start)
    conds = conditions(content, [(f.start, f.end) for f in forms])
    out = []
    for k, form in enumerate(forms):
        n = first + content.count("\n", 0, form.start)
        before = blank_conditions(content[: form.start]).split("\n")[-1]
        subject = subject_in(before) or subject_in(blank_conditions(lines[first - 2])) if first > 1 else None
        out.append(Claim(
            id="", line=n, text=content[form.start : form.end], start=r_start, end=r_end, anchor=r_end,
            where="math", subject=_subject_name(subject), quantity=_quantity(subject), condition=conds[k],
            axes=form.axes, kind=kinds[n - 1] if n - 1 < len(kinds) else None,
        ))  # fmt: skip
    return out


def _subject_name(word: str | None) -> str | None:
    if word is None:
        return None
    if word.startswith(("weight", "bias")):
        return word.replace("lk", "l[k]")
    return word


def _quantity(word: str | None) -> str | None:
    if word is None:
        return None
    if word in TEXT_SUBJECTS:
        return word
    if word.startswith(("weight", "bias")):
        return word.replace("lk", "l[k]")
    return None


# ---- code comments ---------------------------------------------------------------------------------


def comment_start(line: str) -> int | None:
    """The offset of a line's ``#`` comment (outside string quotes), or None."""
    quote: str | None = None
    for k, c in enumerate(line):
        if quote:
            if c == quote and line[k - 1] != "\\":
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#":
            return k
    return None


def recurrent_names(code_lines: list[str]) -> dict[str, str]:
    """Code name → model tensor, from the block's recurrent calls: ``out, (h, c) = self.rnn(x, (h0, c0))``
    makes out the output, h h_n, c c_n, x the input, h0 h_0 and c0 c_0.

    The line's own comment is left out first: its parentheses (``# outputs: (T, N, H)``) would otherwise
    close the call and its symbols be read as arguments. A class's construction (``lstm = LSTM(28, 32)``,
    ``nn.GRU(…)``: a capitalised callee) builds a module and makes no tensor, so it names none."""
    names: dict[str, str] = {}
    for line in code_lines:
        hash_at = comment_start(line)
        m = RE_RECURRENT_CALL.match(line if hash_at is None else line[:hash_at])
        if m is None or m.group("callee").rsplit(".", 1)[-1][:1].isupper():
            continue
        targets = re.findall(r"[A-Za-z_]\w*", m.group("targets"))
        pair = "(" in m.group("targets")
        if not (
            RE_RECURRENT_NAME.search(m.group("callee").rsplit(".", 1)[-1]) or (pair and len(targets) == 3)
        ):
            continue
        for name, quantity in zip(targets, ("output", "h_n", "c_n"), strict=False):
            if name != "_":
                names[name] = quantity
        args = m.group("args")
        first = re.match(r"\s*([A-Za-z_]\w*)\s*(?:,|$)", args)
        if first:
            names[first.group(1)] = "input"
        state = re.search(r",\s*\(?\s*([A-Za-z_]\w*)\s*(?:,\s*([A-Za-z_]\w*))?", args)
        if state:
            names[state.group(1)] = "h_0"
            if state.group(2):
                names[state.group(2)] = "c_0"
    return names


def _code_claims(
    block: object, lines: list[str], starts: list[int], legend: Legend, kinds: list[str | None]
) -> list[Claim]:
    first, last = block.content_lines  # type: ignore[attr-defined]
    body = lines[first - 1 : last]
    roles = recurrent_names(body)
    out = []
    last_code = ""
    for offset, line in enumerate(body):
        n = first + offset
        hash_at = comment_start(line)
        code_part = line if hash_at is None else line[:hash_at]
        if code_part.strip():
            last_code = code_part
        if hash_at is None:
            continue
        comment = line[hash_at + 1 :]
        forms = [f for f in find_forms(comment) if accept(f, legend, comment[: f.start], in_code=True)]
        conds = conditions(comment, [(f.start, f.end) for f in forms]) if forms else []
        for k, form in enumerate(forms):
            left = RE_LEFT_SIDE.search(re.sub(r"=>|→", "  ", comment[: form.start]))
            name = left.group(1) if left else None
            if name is None:
                target = RE_ASSIGN_TARGET.match(code_part if code_part.strip() else last_code)
                name = target.group(1) if target else None
            name = name.removeprefix("self.") if name else None
            note_at = starts[n - 1] + hash_at + 1
            out.append(Claim(
                id="", line=n, text=comment[form.start : form.end].strip(), start=note_at + form.start,
                end=note_at + form.end, anchor=None, where="code", subject=name,
                quantity=roles.get(name) if name else None, condition=conds[k], axes=form.axes,
                kind=kinds[n - 1], block=block.index,  # type: ignore[attr-defined]
            ))  # fmt: skip
    return out
