"""Which recurrent module a note builds, read from its code without running it (torch-free).

The equation panel must show the note's own LSTM before the user runs anything: for the seed that is
``self.rnn = nn.LSTM(input_size=self.xdim, ...)`` inside ``__init__(self, ..., xdim=28, ...)``. The
note's PyTorch pieces (``pieces``: fenced, inline, doctest, d2l's pytorch tab) are parsed with ``ast``
and read in note order as one module scope by the module finder (``finder``, with the evaluator in
``scope``). This module turns what it found into :class:`InferredModel` (with the section each is built
in) for the panel, the kernel and ``python -m app model``. A note without any recurrent module gets a
small LSTM(4, 3) whose numbers fit on screen.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass

from app.engine.config import DEFAULT_CONFIG, RecurrentConfig
from app.engine.notecode.extract import FixNote, NoteCode
from app.engine.notecode.finder import Assumption, Finder, FoundModule, LinearSpec, imported_names
from app.engine.notecode.pieces import Ignored, note_pieces
from app.equations import Sections
from app.i18n import messages, text

messages(
    {
        "notecode.default-model": (
            "노트에 순환 모듈이 없어 기본 모델 {model}을 씁니다",
            "The note builds no recurrent module: using the default model {model}",
        ),
        # the panel's module menu and header (the UI words these codes; the kernel sends their args)
        "notecode.module.label": ("{line}행 · {name} = {model}", "line {line} · {name} = {model}"),
        "notecode.module.section": ("{line}행 · {section} · {name}", "line {line} · {section} · {name}"),
        "notecode.module.assumed": ("가정한 값 — {items}", "assumed — {items}"),
    }
)


@dataclass(frozen=True)
class InferredModel:
    """A recurrent module of the note, where it is written, what was repaired or assumed to read it."""

    config: RecurrentConfig
    origin: str  # "fenced" | "inline" | "default"
    class_name: str | None  # the user's nn.Module subclass ("RecurrentNeuralNetworkClass")
    attribute: str | None  # the attribute holding the module ("rnn"), or the assigned name
    line: int | None  # the note line of the constructor call
    lines: tuple[int, int] | None  # the note lines of the code piece it was found in
    linears: tuple[LinearSpec, ...]
    fixes: tuple[FixNote, ...]  # repairs of the code piece (see notecode)
    source: str  # how it was written, e.g. "nn.LSTM(input_size=self.xdim, ...)" (empty for the default)
    section: str = ""  # the heading above it ("" before the first heading)
    assumptions: tuple[Assumption, ...] = ()  # the fields the note does not tell, with the values used
    first_layer: str | None = None  # what its class builds first ("embedding", "conv2d" …)
    instance: str | None = None  # "enc": one of several instantiations of ``class_name`` (then ``line`` is
    # the instantiation's line, and ``section`` its section)

    @property
    def is_default(self) -> bool:
        return self.origin == "default"

    @property
    def kind(self) -> str:
        return self.config.kind

    @property
    def name(self) -> str:
        """``Encoder.rnn``, ``enc.rnn`` (one of several instances), ``rnn``, or the class name of a module
        built without a name."""
        if self.instance:
            return f"{self.instance}.{self.attribute}" if self.attribute else self.instance
        if self.class_name and self.attribute:
            return f"{self.class_name}.{self.attribute}"
        return self.class_name or self.attribute or self.config.class_name

    @property
    def assumed(self) -> tuple[str, ...]:
        return tuple(a.field for a in self.assumptions)

    def describe(self) -> str:
        """One line for the panel header, in the current language."""
        if self.is_default:
            return text("notecode.default-model", model=self.config.describe())
        return f"{self.name} = {self.config.describe()} ({self.line})"


@dataclass(frozen=True)
class NoteModels:
    """Everything the note's code builds: its modules in note order and the foreign layers it ignored."""

    modules: tuple[InferredModel, ...]
    ignored: tuple[Ignored, ...]


@functools.lru_cache(maxsize=1024)
def parse_tree(source: str) -> ast.Module:
    """``ast.parse`` kept per source: a note's blocks are read again on every click and save, and the
    finder never changes a tree."""
    return ast.parse(source)


def _parsed(pieces: list[NoteCode]) -> list[tuple[NoteCode, ast.Module]]:
    parsed = []
    for piece in pieces:
        if piece.error is None:
            parsed.append((piece, parse_tree(piece.source)))
            continue
        # Broken code: still read single lines such as "rnn = nn.LSTM(10, 20, 2)".
        for n, line in enumerate(piece.source.split("\n"), start=1):
            try:
                tree = ast.parse(line.strip())
            except SyntaxError:
                continue
            single = NoteCode(
                piece.origin, line.strip(), (piece.note_line(n),), piece.fixes, piece.block_id, None
            )
            parsed.append((single, tree))
    return parsed


def _inferred(found: FoundModule, sections: Sections) -> InferredModel:
    piece = found.piece
    line = found.instance_line or found.line  # one of several instances: where that instance is built
    return InferredModel(
        found.config,
        piece.origin,
        found.class_name,
        found.attribute,
        line,
        (piece.first_line, piece.last_line),
        found.linears,
        piece.fixes,
        found.source,
        sections.at(line).title,
        found.assumptions,
        found.first_layer,
        found.instance if found.instance_line is not None else None,
    )


def infer_note(text_: str) -> NoteModels:
    """Every recurrent module the note's code builds (note order, repeats included) and the ignored ones."""
    pieces = note_pieces(text_)
    parsed = _parsed(pieces.code)
    finder = Finder(imported_names([tree for _, tree in parsed]))
    for piece, tree in parsed:
        finder.read(piece, tree)
    finder.finish()
    sections = Sections(text_)
    modules = tuple(_inferred(found, sections) for found in finder.modules())
    return NoteModels(modules, tuple(sorted(pieces.ignored, key=lambda item: item.line)))


def find_models(text_: str) -> list[InferredModel]:
    """Every recurrent module the note's code builds, in note order (repeats included)."""
    return list(infer_note(text_).modules)


def default_model() -> InferredModel:
    return InferredModel(DEFAULT_CONFIG, "default", None, None, None, None, (), (), "")


def infer_config(text_: str) -> InferredModel:
    """The first recurrent module of the note, or the small default LSTM(4, 3)."""
    models = find_models(text_)
    return models[0] if models else default_model()
