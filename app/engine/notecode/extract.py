"""The Python code inside a note, repaired so that it parses, with every repair explained.

Students paste code from Colab in two ways. Fenced blocks are easy, but their indentation often mixes
tabs and U+00A0 (the seed's ``forward`` block: NBSP pairs and one line indented with two tabs), which
Python rejects. And code pasted as one inline-code span per line (the seed's ``class
RecurrentNeuralNetworkClass``) carries backticks in odd places (`` `class``, `` \xa0`` \xa0 def``), a
missing closing backtick and inconsistent indentation (7 or 8 columns for the same block).

Both are repaired the same way: normalise the whitespace, then re-indent by structure (a line after a
``:`` header opens a deeper level; any other line joins the open level whose original indentation is
closest to its own). Every repaired line keeps its note line, and every change becomes a Korean note
("25행: 들여쓰기 7칸 → 8칸") so that the user sees exactly what was changed before anything runs.
Each change also carries a stable code and its numbers (``FixChange("indent-width", (7, 8))``): the CLI
prints the Korean notes, a UI in another language words the codes itself.
Torch-free: the UI uses it to show the fixes.
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass

from app.i18n import language, messages
from app.i18n import text as worded
from app.markup.blocks import code_line_mask, find_code_blocks

messages({
    "fix.line": ("{line}행: {message}", "line {line}: {message}"),
    "fix.nbsp": ("줄바꿈 없는 공백(U+00A0) {0}개를 공백으로 바꿈",
                 "replaced {0} no-break space(s) (U+00A0) with spaces"),
    "fix.tab": ("탭 {0}개를 공백으로 바꿈", "replaced {0} tab(s) with spaces"),
    "fix.block-body": ("블록 본문이라 한 단계 들여씀", "indented one level as a block body"),
    "fix.indent-width": ("들여쓰기 {0}칸 → {1}칸", "indentation {0} → {1} columns"),
    "fix.inline-backticks": ("인라인 코드 백틱(`) 제거", "removed the inline-code backticks (`)"),
    "fix.unclosed-backtick": ("닫는 백틱(`)이 없어 줄 끝까지 코드로 읽음",
                              "no closing backtick (`): read as code to the end of the line"),
    "fix.syntax": ("{message} (코드 {line}행)", "{message} (code line {line})"),
})

NBSP = "\u00a0"
INDENT = "    "
TAB_WIDTH = 4  # a pasted tab usually stands for one level, not for Python's 8 columns
PYTHON_LANGS = {"python", "py", "python3", "ipython", "ipython3", "pytorch", "torch"}
HEADER_KEYWORDS = (
    "class",
    "def",
    "async",
    "if",
    "elif",
    "else",
    "for",
    "while",
    "try",
    "except",
    "finally",
    "with",
)
RE_INLINE_CODE_LINE = re.compile(r"^[ \t\u00a0]*`(?!``)")


@dataclass(frozen=True)
class FixChange:
    """One repair of one line: a stable code, its numbers, and its words (``fix.<code>``, in the language
    in force when it was made; a UI in another language words the code itself)."""

    code: str  # "nbsp" | "tab" (args: count), "block-body", "indent-width" (old, new columns),
    # "inline-backticks", "unclosed-backtick"
    args: tuple[int, ...]
    text: str


@dataclass(frozen=True)
class FixNote:
    """One line's repairs, worded in the user's language, under the note line they happened on."""

    line: int  # 1-based note line
    message: str
    changes: tuple[FixChange, ...] = ()  # the same repairs as codes, in the order of ``message``

    def __str__(self) -> str:
        return worded("fix.line", line=self.line, message=self.message)


@dataclass(frozen=True)
class NoteCode:
    """One piece of code found in a note, after repair."""

    origin: str  # "fenced" | "inline"
    source: str  # the repaired code, one line per entry of ``lines``
    lines: tuple[int, ...]  # the note line of every source line
    fixes: tuple[FixNote, ...]
    block_id: str | None  # the fenced block's id (app.markup.blocks), None for inline code
    error: str | None  # the syntax error left after repair, None when the code parses

    @property
    def first_line(self) -> int:
        return self.lines[0]

    @property
    def last_line(self) -> int:
        return self.lines[-1]

    def note_line(self, source_line: int) -> int:
        """The note line of a 1-based line of ``source`` (as in a SyntaxError or an ast node)."""
        return self.lines[min(max(source_line, 1), len(self.lines)) - 1]


@dataclass
class _Row:
    """A raw line about to be re-indented."""

    note_line: int
    indent: str  # the original leading whitespace (backticks already removed)
    text: str  # the code after the indentation, right-stripped
    changes: list[FixChange]


def _note(line: int, changes: list[FixChange]) -> FixNote:
    """One FixNote per line; a repair named twice (two passes over an inline row) is listed once."""
    unique = tuple(dict.fromkeys(changes))
    return FixNote(line, ", ".join(c.text for c in unique), unique)


def _width(indent: str) -> int:
    width = 0
    for ch in indent:
        width = (width // TAB_WIDTH + 1) * TAB_WIDTH if ch == "\t" else width + 1
    return width


def _scan(text: str, depth: int) -> tuple[int, bool]:
    """Bracket depth after ``text`` and whether it ends with a ``:`` (strings and comments skipped)."""
    quote = ""
    last = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif text.startswith(quote, i):
                i += len(quote) - 1
                quote = ""
        elif ch == "#":
            break
        elif ch in "'\"":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            i += len(quote) - 1
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(depth - 1, 0)
        if not ch.isspace():
            last = ch if not quote or ch in "'\"" else "'"
        i += 1
    return depth, last == ":" and depth == 0 and not quote


def _whitespace_changes(indent: str) -> list[FixChange]:
    changes = []
    if NBSP in indent:
        count = indent.count(NBSP)
        changes.append(_change("nbsp", count))
    if "\t" in indent:
        count = indent.count("\t")
        changes.append(_change("tab", count))
    return changes


def _reindent(rows: list[_Row]) -> tuple[list[str], list[FixNote]]:
    """Re-indent by structure; blank lines stay (empty) so that line numbers keep their meaning."""
    out: list[str] = []
    notes: list[FixNote] = []
    stack: list[int] = []  # original widths of the open levels, outermost first
    opens = False  # the previous statement ended with a ':' header
    depth = 0  # open brackets carried over from previous lines
    statement_indent = ""
    for row in rows:
        changes = list(row.changes)
        if not row.text:
            out.append("")
            continue
        width = _width(row.indent)
        if depth > 0:  # a continuation line: Python ignores its indentation, keep it readable
            new = statement_indent + INDENT
        elif row.text.startswith("#"):
            new = INDENT * (len(stack) if opens else max(len(stack) - 1, 0))
        else:
            if not stack:
                stack.append(width)
            elif opens:
                if width <= stack[-1]:
                    changes.append(_change("block-body"))
                stack.append(width)
            else:
                j = min(range(len(stack)), key=lambda k: (abs(width - stack[k]), -k))
                del stack[j + 1 :]
            new = INDENT * (len(stack) - 1)
            statement_indent = new
        if depth == 0 and not row.text.startswith("#"):
            depth, opens = _scan(row.text, 0)
        else:
            depth, _ = _scan(row.text, depth)
        if new != row.indent:
            changes += _whitespace_changes(row.indent)
            old = _width(row.indent)
            if old != len(new):
                changes.append(_change("indent-width", old, len(new)))
        if changes:
            notes.append(_note(row.note_line, changes))
        out.append(new + row.text)
    return out, notes


def _change(code: str, *args: int) -> FixChange:
    """A repair with its words in the language in force."""
    return FixChange(code, args, worded(f"fix.{code}").format(*args))


def _parse_error(source: str) -> str | None:
    return _parse_error_in(source, language())


@functools.lru_cache(maxsize=1024)
def _parse_error_in(source: str, lang: str) -> str | None:
    """The syntax error left in ``source``, worded in ``lang`` (part of the cache key)."""
    try:
        ast.parse(source)
    except SyntaxError as exc:
        return worded("fix.syntax", lang=lang, message=exc.msg, line=exc.lineno)
    return None


def _split_indent(line: str) -> tuple[str, str]:
    stripped = line.lstrip(" \t" + NBSP)
    return line[: len(line) - len(stripped)], stripped.rstrip(" \t" + NBSP)


def fix_indentation(source: str, first_line: int = 1) -> tuple[str, list[str]]:
    """``source`` made indentable (tabs/NBSP normalised, re-indented by structure), and the Korean notes.

    Code that already parses and holds no U+00A0 comes back unchanged with no notes. The result has as
    many lines as ``source``; the notes name note lines, counting ``source``'s first line as
    ``first_line``.
    """
    fixed, notes = _fix_block(source, first_line)
    return fixed, [str(note) for note in notes]


def fix_notes(source: str, first_line: int = 1) -> tuple[str, list[FixNote]]:
    """``fix_indentation`` with the notes as ``FixNote`` (line, Korean message, coded changes), for a UI
    that words the changes in its own language."""
    return _fix_block(source, first_line)


def _fix_block(source: str, first_line: int) -> tuple[str, list[FixNote]]:
    if NBSP not in source and _parse_error(source) is None:
        return source, []
    lines = source.split("\n")
    rows = [_Row(first_line + n, *_split_indent(line), []) for n, line in enumerate(lines)]
    simple = [row.indent.replace(NBSP, " ") + row.text if row.text else "" for row in rows]
    if "\t" not in source and _parse_error("\n".join(simple)) is None:
        notes = [
            _note(row.note_line, _whitespace_changes(row.indent))
            for row in rows
            if row.text and NBSP in row.indent
        ]
        return "\n".join(simple), notes
    out, notes = _reindent(rows)
    return "\n".join(out), notes


def _inline_row(line: str, note_line: int) -> _Row:
    """Strip one inline-code line: backticks in the indentation and at the end are markup, not code."""
    lead_end = 0
    while lead_end < len(line) and line[lead_end] in " \t`" + NBSP:
        lead_end += 1
    lead, rest = line[:lead_end], line[lead_end:].rstrip(" \t" + NBSP)
    ticks = lead.count("`")
    changes = [_change("inline-backticks")]
    if rest.endswith("`"):
        ticks += len(rest) - len(rest.rstrip("`"))
        rest = rest.rstrip("`").rstrip()
    elif ticks % 2 == 1:
        changes.append(_change("unclosed-backtick"))
    return _Row(note_line, lead.replace("`", ""), rest, changes)


def _looks_like_code(text: str) -> bool:
    """Whether one stripped line could be a Python statement or the header of a block."""
    if not text or "`" in text:
        return False
    if _parse_error(text) is None:
        return True
    if text.endswith(":") and text.split("(")[0].split()[0] in HEADER_KEYWORDS:
        return _parse_error(text + " pass") is None or text.split()[0] in ("else:", "try:", "finally:")
    return False


def _inline_runs(text: str) -> list[list[_Row]]:
    lines = text.split("\n")
    in_fence = code_line_mask(text)
    runs: list[list[_Row]] = []
    current: list[_Row] = []
    pending_blank: list[_Row] = []
    for n, line in enumerate(lines, start=1):
        row = _inline_row(line, n) if not in_fence[n - 1] and RE_INLINE_CODE_LINE.match(line) else None
        if row is not None and _looks_like_code(row.text):
            current += [*pending_blank, row]
            pending_blank = []
        elif current and not line.strip(" \t" + NBSP) and not pending_blank:
            pending_blank = [_Row(n, "", "", [])]
        elif current:
            runs.append(current)
            current, pending_blank = [], []
    if current:
        runs.append(current)
    return runs


def extract_code(text: str) -> list[NoteCode]:
    """Every piece of Python in the note, fenced or pasted inline, repaired, in note order."""
    pieces: list[NoteCode] = []
    for block in find_code_blocks(text):
        if block.lang not in PYTHON_LANGS and block.lang != "":
            continue
        first = block.content_lines[0]
        source, notes = _fix_block(block.source, first)
        error = _parse_error(source)
        if block.lang == "" and (error is not None or not source.strip()):
            continue  # an unlabelled block that is not Python (output, shell, math)
        lines = tuple(range(first, first + source.count("\n") + 1))
        pieces.append(NoteCode("fenced", source, lines, tuple(notes), block.id, error))
    for rows in _inline_runs(text):
        out, notes = _reindent(rows)
        source = "\n".join(out)
        lines = tuple(row.note_line for row in rows)
        pieces.append(NoteCode("inline", source, lines, tuple(notes), None, _parse_error(source)))
    return sorted(pieces, key=lambda piece: piece.first_line)
