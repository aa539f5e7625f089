"""Which recurrent module a note builds, read from its code without running it (torch-free).

The equation panel must show the note's own LSTM before the user runs anything: for the seed that is
``self.rnn = nn.LSTM(input_size=self.xdim, ...)`` inside ``__init__(self, ..., xdim=28, ...)``. So the
code found by ``app.engine.notecode.extract`` is parsed with ``ast`` and every ``nn.LSTM`` / ``nn.GRU`` /
``nn.RNN`` / ``nn.Linear`` call is evaluated with a tiny evaluator that knows constants, the
``__init__`` parameters' defaults, local names and ``self.x`` attributes assigned before the call.
A note without any recurrent module gets a small LSTM(4, 3) whose numbers fit on screen.
"""

from __future__ import annotations

import ast
import contextlib
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.engine.config import DEFAULT_CONFIG, RecurrentConfig
from app.engine.notecode.extract import FixNote, NoteCode, extract_code

# Positional order of each constructor's arguments (torch 2.x signatures).
POSITIONAL = {
    "lstm": (
        "input_size",
        "hidden_size",
        "num_layers",
        "bias",
        "batch_first",
        "dropout",
        "bidirectional",
        "proj_size",
    ),
    "gru": ("input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout", "bidirectional"),
    "rnn": (
        "input_size",
        "hidden_size",
        "num_layers",
        "nonlinearity",
        "bias",
        "batch_first",
        "dropout",
        "bidirectional",
    ),
    "linear": ("in_features", "out_features", "bias"),
}
CLASSES = {"LSTM": "lstm", "GRU": "gru", "RNN": "rnn", "Linear": "linear"}
TYPES: dict[str, type | tuple[type, ...]] = {
    "input_size": int,
    "hidden_size": int,
    "num_layers": int,
    "proj_size": int,
    "in_features": int,
    "out_features": int,
    "bias": bool,
    "batch_first": bool,
    "bidirectional": bool,
    "dropout": (int, float),
    "nonlinearity": str,
}
BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Div: operator.truediv,
}


@dataclass(frozen=True)
class LinearSpec:
    """An ``nn.Linear`` built next to the recurrent module (the seed's ``self.lin``)."""

    in_features: int
    out_features: int
    attribute: str | None
    line: int


@dataclass(frozen=True)
class InferredModel:
    """The note's recurrent module, where it is written, and what had to be repaired to read it."""

    config: RecurrentConfig
    origin: str  # "fenced" | "inline" | "default"
    class_name: str | None  # the user's nn.Module subclass ("RecurrentNeuralNetworkClass")
    attribute: str | None  # the attribute holding the module ("rnn"), or the assigned name
    line: int | None  # the note line of the constructor call
    lines: tuple[int, int] | None  # the note lines of the code piece it was found in
    linears: tuple[LinearSpec, ...]
    fixes: tuple[FixNote, ...]  # repairs of the code piece (see notecode)
    source: str  # how it was written, e.g. "nn.LSTM(input_size=self.xdim, ...)" (empty for the default)

    @property
    def is_default(self) -> bool:
        return self.origin == "default"

    def describe(self) -> str:
        """Korean one-liner for the panel header."""
        if self.is_default:
            return f"노트에 순환 모듈이 없어 기본 모델 {self.config.describe()}을 씁니다"
        where = f"{self.class_name}.{self.attribute}" if self.class_name else (self.attribute or "모듈")
        return f"{where} = {self.config.describe()} ({self.line}행)"


class _Unknown(Exception):
    """A value the evaluator cannot know without running the code."""


class _Scope:
    def __init__(self, names: dict[str, Any] | None = None) -> None:
        self.names: dict[str, Any] = dict(names or {})
        self.attrs: dict[str, Any] = {}

    def eval(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name) and node.id in self.names:
            return self.names[node.id]
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
            and node.attr in self.attrs
        ):
            return self.attrs[node.attr]
        if isinstance(node, ast.Tuple | ast.List):
            return tuple(self.eval(element) for element in node.elts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self.eval(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
            return BINARY[type(node.op)](self.eval(node.left), self.eval(node.right))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("int", "float")
        ):
            return {"int": int, "float": float}[node.func.id](self.eval(node.args[0]))
        raise _Unknown(ast.unparse(node))

    def assign(self, target: ast.expr, value: ast.expr) -> None:
        # ``n, d, h = 2, 5, 3`` (common in study notes) binds element by element, so that one unknown
        # element does not hide the others.
        if isinstance(target, ast.Tuple | ast.List) and isinstance(value, ast.Tuple | ast.List):
            if len(target.elts) == len(value.elts):
                for sub_target, sub_value in zip(target.elts, value.elts, strict=True):
                    self.assign(sub_target, sub_value)
            return
        try:
            result = self.eval(value)
        except (_Unknown, ArithmeticError, TypeError, IndexError):
            return
        if isinstance(target, ast.Name):
            self.names[target.id] = result
        elif (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == "self"
        ):
            self.attrs[target.attr] = result


def _constructor_kind(func: ast.expr, bare: dict[str, str]) -> str | None:
    """ "lstm" for nn.LSTM / torch.nn.LSTM / a name imported from torch.nn (None for anything else)."""
    if isinstance(func, ast.Attribute) and func.attr in CLASSES:
        base = ast.unparse(func.value)
        if base in ("nn", "torch.nn") or base.endswith(".nn"):
            return CLASSES[func.attr]
    if isinstance(func, ast.Name) and func.id in bare:
        return bare[func.id]
    return None


def _imported_names(tree: ast.Module) -> dict[str, str]:
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "torch.nn":
            for alias in node.names:
                if alias.name in CLASSES:
                    names[alias.asname or alias.name] = CLASSES[alias.name]
    return names


def _arguments(kind: str, call: ast.Call, scope: _Scope) -> dict[str, Any] | None:
    values: dict[str, Any] = {}
    try:
        for name, arg in zip(POSITIONAL[kind], call.args, strict=False):
            values[name] = scope.eval(arg)
        for keyword in call.keywords:
            if keyword.arg in POSITIONAL[kind]:
                values[keyword.arg] = scope.eval(keyword.value)
    except (_Unknown, ArithmeticError, TypeError):
        return None
    for name, value in values.items():
        if not isinstance(value, TYPES[name]) or (TYPES[name] is int and isinstance(value, bool)):
            return None
    needed = POSITIONAL[kind][:2]
    return values if all(name in values for name in needed) else None


def _target_name(target: ast.expr | None) -> str | None:
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Name):
        return target.id
    return None


class _Finder(ast.NodeVisitor):
    """Walks one code piece in source order, evaluating assignments and collecting constructor calls."""

    def __init__(self, piece: NoteCode, bare: dict[str, str]) -> None:
        self.piece = piece
        self.bare = bare
        self.scope = _Scope()
        self.class_name: str | None = None
        self.found: list[tuple[str, dict[str, Any], str | None, str | None, int, str]] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        outer, self.class_name = self.class_name, node.name
        self.generic_visit(node)
        self.class_name = outer

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        outer = self.scope
        defaults: dict[str, Any] = {}
        args = node.args.posonlyargs + node.args.args
        for arg, default in zip(args[len(args) - len(node.args.defaults) :], node.args.defaults, strict=True):
            with contextlib.suppress(_Unknown, ArithmeticError, TypeError):
                defaults[arg.arg] = outer.eval(default)
        for arg, kw_default in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True):
            if kw_default is not None:
                with contextlib.suppress(_Unknown, ArithmeticError, TypeError):
                    defaults[arg.arg] = outer.eval(kw_default)
        self.scope = _Scope({**outer.names, **defaults})
        for statement in node.body:
            self.visit(statement)
        self.scope = outer

    def visit_Assign(self, node: ast.Assign) -> None:
        self._calls(node.value, node.targets[0])
        for target in node.targets:
            self.scope.assign(target, node.value)

    def visit_Expr(self, node: ast.Expr) -> None:
        self._calls(node.value, None)

    def _calls(self, value: ast.expr, target: ast.expr | None) -> None:
        for node in ast.walk(value):
            if not isinstance(node, ast.Call):
                continue
            kind = _constructor_kind(node.func, self.bare)
            if kind is None:
                continue
            args = _arguments(kind, node, self.scope)
            if args is not None:
                name = _target_name(target) if node is value else None
                line = self.piece.note_line(node.lineno)
                self.found.append((kind, args, self.class_name, name, line, ast.unparse(node)))


def _pieces(text: str) -> list[tuple[NoteCode, ast.Module]]:
    parsed = []
    for piece in extract_code(text):
        if piece.error is None:
            parsed.append((piece, ast.parse(piece.source)))
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


def find_models(text: str) -> list[InferredModel]:
    """Every recurrent module the note's code builds, in note order (repeats included)."""
    parsed = _pieces(text)
    bare: dict[str, str] = {}
    for _, tree in parsed:
        bare.update(_imported_names(tree))
    models: list[InferredModel] = []
    for piece, tree in parsed:
        finder = _Finder(piece, bare)
        finder.visit(tree)
        linears = tuple(
            LinearSpec(args["in_features"], args["out_features"], name, line)
            for kind, args, _, name, line, _ in finder.found
            if kind == "linear"
        )
        for kind, args, class_name, name, line, source in finder.found:
            if kind == "linear":
                continue
            try:
                config = RecurrentConfig(kind, **args)
            except (ValueError, TypeError):
                continue
            later = tuple(spec for spec in linears if spec.line >= line)
            models.append(
                InferredModel(
                    config,
                    piece.origin,
                    class_name,
                    name,
                    line,
                    (piece.first_line, piece.last_line),
                    later,
                    piece.fixes,
                    source,
                )
            )
    return sorted(models, key=lambda model: model.line or 0)


def infer_config(text: str) -> InferredModel:
    """The first recurrent module of the note, or the small default LSTM(4, 3)."""
    models = find_models(text)
    if models:
        return models[0]
    return InferredModel(DEFAULT_CONFIG, "default", None, None, None, None, (), (), "")
