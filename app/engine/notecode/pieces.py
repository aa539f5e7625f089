"""The note's Python pieces that count for its model, in note order, and the ones that do not (with why).

Three kinds of code reach the model finder:
- fenced and inline code (``extract``), repaired;
- doctest blocks (``>>> rnn = nn.LSTM(10, 20, 2)``, PyTorch's docs style): the prompts are stripped and
  the printed output becomes blank lines, so every statement keeps its note line;
- d2l's framework tabs: a ``{.python .input}`` block counts only when its ``#@tab`` line names pytorch
  (or ``all``); without a ``#@tab`` line it is MXNet (d2l's default framework). The MXNet and
  TensorFlow blocks are not read as PyTorch: their recurrent layers are listed as *ignored*, with the
  reason, so the user sees that they were seen.
Torch-free, nothing is executed.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from app.engine.notecode.extract import PYTHON_LANGS, NoteCode, extract_code
from app.i18n import messages, text
from app.vault.blocks import find_code_blocks

messages(
    {
        "notecode.ignored.mxnet": (
            "MXNet 코드(d2l의 mxnet 탭)라 PyTorch 모델로 읽지 않습니다",
            "MXNet code (d2l's mxnet tab): not read as a PyTorch model",
        ),
        "notecode.ignored.tensorflow": (
            "TensorFlow/Keras 코드라 PyTorch 모델로 읽지 않습니다",
            "TensorFlow/Keras code: not read as a PyTorch model",
        ),
    }
)

RE_TAB = re.compile(r"^\s*#\s*@tab\s+(?P<names>.+?)\s*$", re.MULTILINE)
RE_PROMPT = re.compile(r"^(?P<indent>[ \t]*)(?:>>>|\.\.\.)(?: |$)")
RE_FOREIGN_LAYER = re.compile(
    r"(?P<call>(?:[\w.]*\b(?P<base>rnn|layers|keras|gluon))\.(?P<cls>LSTM|GRU|RNN|SimpleRNN|LSTMCell|GRUCell|"
    r"RNNCell|SimpleRNNCell|Bidirectional)\s*\()"
)
DOCTEST_LANGS = PYTHON_LANGS | {"", "pycon", "doctest", "python-repl", "pytb"}


@dataclass(frozen=True)
class Ignored:
    """A recurrent layer the note builds in another framework: not the note's PyTorch model."""

    line: int
    text: str  # the line as written, stripped
    code: str  # "notecode.ignored.mxnet" | "notecode.ignored.tensorflow"

    @property
    def reason(self) -> str:
        return text(self.code)


@dataclass(frozen=True)
class Pieces:
    code: list[NoteCode]  # the PyTorch code, in note order
    ignored: list[Ignored]
    skipped_lines: frozenset[int]  # note lines of foreign-framework blocks (their code does not count)


def _framework(info: str, source: str) -> str | None:
    """ "pytorch", "mxnet" or "tensorflow" for a d2l tab block; None for an ordinary block."""
    tab = RE_TAB.search(source)
    d2l_input = ".input" in info
    if tab is None and not d2l_input:
        return None
    if tab is None:
        return "mxnet"  # d2l's blocks without a tab line are its default framework
    names = {name.strip().lower() for name in re.split(r"[,\s]+", tab.group("names")) if name.strip()}
    if names & {"pytorch", "torch", "all"}:
        return "pytorch"
    if names & {"tensorflow", "tf", "keras", "jax"}:
        return "tensorflow"
    return "mxnet"


def _foreign(line: str, framework: str | None) -> str | None:
    """The ignore code of a line that builds another framework's recurrent layer, else None."""
    m = RE_FOREIGN_LAYER.search(line)
    if m is None or re.search(r"\b(?:torch\.)?nn\.\w+\s*\(", line[: m.start()] + m.group("call")):
        return None
    if framework == "mxnet" or m.group("base") in ("rnn", "gluon"):
        return "notecode.ignored.mxnet" if framework != "tensorflow" else "notecode.ignored.tensorflow"
    return "notecode.ignored.tensorflow"


def _doctest(source: str) -> str | None:
    """The code of a doctest block (prompts stripped, output blanked), or None when it is not one."""
    lines = source.split("\n")
    if not any(line.lstrip().startswith(">>>") for line in lines):
        return None
    out = []
    for line in lines:
        m = RE_PROMPT.match(line)
        out.append(line[m.end() :] if m else "")
    return "\n".join(out)


def _uses_torch_nn_rnn(tree: ast.Module) -> bool:
    """Whether ``rnn`` here is torch's (``from torch.nn import …``): then ``rnn.LSTM`` is not MXNet."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("torch"):
            return any((alias.asname or alias.name) == "rnn" for alias in node.names)
    return False


def note_pieces(text_: str) -> Pieces:
    """The PyTorch code of the note (fenced, inline, doctest), the foreign layers and the skipped lines."""
    ignored: list[Ignored] = []
    skipped: set[int] = set()
    extra: list[NoteCode] = []
    for block in find_code_blocks(text_):
        first = block.content_lines[0]
        framework = _framework(block.info, block.source)
        lines = block.source.split("\n")
        if framework in ("mxnet", "tensorflow"):
            skipped.update(range(first, first + len(lines)))
        if block.lang not in DOCTEST_LANGS and framework is None:
            continue
        for n, line in enumerate(lines):
            code = _foreign(line, framework) if framework != "pytorch" else None
            if code is not None:
                ignored.append(Ignored(first + n, line.strip().removeprefix(">>>").strip(), code))
        if framework not in ("mxnet", "tensorflow"):
            doctest = _doctest(block.source)
            if doctest is not None:
                extra.append(_parsed_piece(doctest, first, block.id))
    pieces = []
    for piece in extract_code(text_):
        if piece.first_line in skipped:
            continue
        if piece.origin == "fenced" and any(p.first_line == piece.first_line for p in extra):
            continue  # the doctest reading of this block replaces the raw one
        pieces.append(piece)
    ordered = sorted(pieces + extra, key=lambda piece: piece.first_line)
    kept = [item for item in ignored if not _torch_rnn_alias(ordered, item)]
    return Pieces(ordered, kept, frozenset(skipped))


def _torch_rnn_alias(code: list[NoteCode], item: Ignored) -> bool:
    """``from torch.nn import rnn``-style code is PyTorch after all (rare, but then it is not ignored)."""
    if item.code != "notecode.ignored.mxnet":
        return False
    for piece in code:
        if piece.first_line <= item.line <= piece.last_line and piece.error is None:
            return _uses_torch_nn_rnn(ast.parse(piece.source))
    return False


def _parsed_piece(source: str, first: int, block_id: str) -> NoteCode:
    try:
        ast.parse(source)
        error = None
    except SyntaxError as exc:
        error = f"{exc.msg} ({exc.lineno})"
    lines = tuple(range(first, first + source.count("\n") + 1))
    return NoteCode("fenced", source, lines, (), block_id, error)
