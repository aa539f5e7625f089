"""The note's Python pieces that count for its model, in note order, and the ones that do not (with why).

Three kinds of code reach the model finder:
- fenced and inline code (``extract``), repaired;
- doctest blocks (``>>> rnn = nn.LSTM(10, 20, 2)``, PyTorch's docs style): the prompts are stripped and
  the printed output becomes blank lines, so every statement keeps its note line;
- d2l's framework tabs: a ``{.python .input}`` block counts only when its ``#@tab`` (d2l 0.x) or
  ``%%tab`` (d2l 1.x) line names pytorch (or ``all``); without a tab line it is MXNet (d2l's default
  framework). The MXNet, TensorFlow and JAX blocks are not read as PyTorch: their recurrent layers are
  listed as *ignored*, with the reason, so the user sees that they were seen. So are another framework's
  layers anywhere else: ``rnn.LSTM(…)`` of ``mxnet.gluon``, ``tf.keras.layers.GRU(…)``, or a name imported
  from keras (``from tensorflow.keras.layers import LSTM``), also inside a block shared by several tabs
  (d2l 1.x's ``if tab.selected('mxnet'):`` branches).
Torch-free, nothing is executed.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from app.engine.notecode.extract import PYTHON_LANGS, NoteCode, extract_code
from app.i18n import messages, text
from app.vault.blocks import CodeBlock, find_code_blocks

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
        "notecode.ignored.jax": (
            "JAX/Flax 코드라 PyTorch 모델로 읽지 않습니다",
            "JAX/Flax code: not read as a PyTorch model",
        ),
    }
)

RE_TAB = re.compile(r"^\s*(?:#\s*@tab|%%tab)\s+(?P<names>.+?)\s*$", re.MULTILINE)
RE_TAB_LINE = re.compile(r"^\s*%%tab\b.*$", re.MULTILINE)  # IPython cell magic: not Python
FOREIGN_MODULES = {
    "tensorflow": "tensorflow",
    "keras": "tensorflow",
    "mxnet": "mxnet",
    "jax": "jax",
    "flax": "jax",
}
LAYER_NAMES = frozenset({"LSTM", "GRU", "RNN", "SimpleRNN", "LSTMCell", "GRUCell", "RNNCell", "SimpleRNNCell",
                         "OptimizedLSTMCell", "Bidirectional"})  # fmt: skip
RE_FLAX_LAYER = re.compile(r"\bnn\.\w*(?:LSTM|GRU|RNN)\w*")
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
    if names & {"tensorflow", "tf", "keras"}:
        return "tensorflow"
    if names & {"jax", "flax"}:
        return "jax"
    return "mxnet"


def _foreign(line: str, framework: str | None) -> str | None:
    """The ignore code of a line that builds another framework's recurrent layer, else None."""
    if framework == "jax" and RE_FLAX_LAYER.search(line):  # flax.linen is imported as nn too
        return "notecode.ignored.jax"
    m = RE_FOREIGN_LAYER.search(line)
    if m is None or re.search(r"\b(?:torch\.)?nn\.\w+\s*\(", line[: m.start()] + m.group("call")):
        return None
    if framework in ("tensorflow", "jax"):
        return f"notecode.ignored.{framework}"
    if framework == "mxnet" or m.group("base") in ("rnn", "gluon"):
        return "notecode.ignored.mxnet"
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


FOREIGN_FRAMEWORKS = frozenset({"mxnet", "tensorflow", "jax"})


def block_framework(block: CodeBlock) -> str | None:
    """ "pytorch", "mxnet", "tensorflow" or "jax" for a d2l tab block (``#@tab``/``%%tab``, or an
    untagged ``{.python .input}`` block: MXNet), None for an ordinary block. ``run --all`` skips the
    foreign ones, as the model finder does (a student's kernel has no MXNet)."""
    return _framework(block.info, block.source)


def runnable_source(source: str) -> str:
    """What the kernel runs for a block's text, line for line: d2l's ``%%tab …`` cell magic blanked, and
    a doctest (``>>> rnn = nn.LSTM(10, 20, 2)``) with its prompts stripped and its printed output blanked.
    Anything else is returned unchanged."""
    source = RE_TAB_LINE.sub("", source)
    doctest = _doctest(source)
    return source if doctest is None else doctest


def _uses_torch_nn_rnn(tree: ast.Module) -> bool:
    """Whether ``rnn`` here is torch's (``from torch.nn import …``): then ``rnn.LSTM`` is not MXNet."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith("torch")
            and any((alias.asname or alias.name) == "rnn" for alias in node.names)
        ):
            return True
        if isinstance(node, ast.Import) and any(
            alias.name.startswith("torch") and alias.asname == "rnn" for alias in node.names
        ):
            return True
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
        if framework in ("mxnet", "tensorflow", "jax"):
            skipped.update(range(first, first + len(lines)))
        if block.lang not in DOCTEST_LANGS and framework is None:
            continue
        for n, line in enumerate(lines):
            code = _foreign(line, framework if framework != "pytorch" else None)
            if code is not None:
                ignored.append(Ignored(first + n, line.strip().removeprefix(">>>").strip(), code))
        if framework == "pytorch" and RE_TAB_LINE.search(block.source):
            # d2l 1.x's "%%tab pytorch" is a cell magic, not Python: blank it, keep the line numbers
            extra.append(_parsed_piece(RE_TAB_LINE.sub("", block.source), first, block.id))
        elif framework not in ("mxnet", "tensorflow", "jax"):
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
    seen = {item.line for item in kept}
    kept += [item for item in _imported_foreign(ordered, text_) if item.line not in seen]
    return Pieces(ordered, sorted(kept, key=lambda item: item.line), frozenset(skipped))


def _imported_foreign(code: list[NoteCode], text_: str) -> list[Ignored]:
    """Calls of recurrent layers imported from another framework (``from keras.layers import LSTM``)."""
    trees = []
    for piece in code:
        if piece.error is None:
            trees.append((piece, ast.parse(piece.source)))
    names: dict[str, str] = {}
    for _, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                framework = FOREIGN_MODULES.get(node.module.split(".")[0])
                if framework is not None:
                    for alias in node.names:
                        if alias.name in LAYER_NAMES:
                            names[alias.asname or alias.name] = framework
    if not names:
        return []
    lines = text_.split("\n")
    found = []
    for piece, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
                line = piece.note_line(node.lineno)
                written = lines[line - 1].strip() if 0 < line <= len(lines) else ast.unparse(node)
                found.append(Ignored(line, written, f"notecode.ignored.{names[node.func.id]}"))
    return found


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
