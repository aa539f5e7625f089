"""The loss and the optimiser a note's code makes, read without running it.

Training (``app.engine.train``) uses the note's own ``nn.CrossEntropyLoss()`` and
``optim.Adam(model.parameters(), lr=1e-3)`` when the code writes them, else a stated assumption. Reading
them statically keeps the rule "a note is data": nothing runs to find out. Only calls whose keyword and
positional arguments are literals (numbers, strings, booleans, tuples of them) are taken; an optimiser's first
argument (the parameters) is ignored since training passes its own model's parameters.

Recognised: losses ``nn.X(...)`` / ``torch.nn.X(...)`` / bare ``X(...)`` for the names in :data:`LOSSES`;
optimisers ``optim.X(...)`` / ``torch.optim.X(...)`` / bare ``X(...)`` for :data:`OPTIMIZERS`. The last one
in note order wins (a note that tries Adam after SGD meant Adam). Torch-free.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from app.engine.notecode.extract import extract_code

LOSSES = (
    "CrossEntropyLoss", "NLLLoss", "MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss", "BCEWithLogitsLoss",
)  # fmt: skip
OPTIMIZERS = ("Adam", "AdamW", "SGD", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam")


@dataclass(frozen=True)
class CallSpec:
    """One constructor call found in the note: ``name`` (``"Adam"``), its literal keyword arguments, where."""

    name: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    line: int = 0  # 1-based note line

    def describe(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.kwargs.items())
        return f"{self.name}({args})"


@dataclass(frozen=True)
class TrainingSetup:
    """What the note's code says about training; None where it says nothing usable."""

    loss: CallSpec | None = None
    optimizer: CallSpec | None = None


def _callee(node: ast.expr) -> tuple[str, str]:
    """(``"nn"``/``"optim"``/``""``, last name) of ``torch.nn.X``, ``nn.X``, ``optim.X`` or ``X``."""
    if isinstance(node, ast.Name):
        return "", node.id
    if isinstance(node, ast.Attribute):
        owner = node.value
        base = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        return str(base), node.attr
    return "", ""


def _literal(node: ast.expr) -> tuple[bool, Any]:
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False, None
    return True, value


def _spec(call: ast.Call, name: str, line: int, positional: tuple[str, ...]) -> CallSpec | None:
    kwargs: dict[str, Any] = {}
    for key, arg in zip(positional, call.args, strict=False):
        ok, value = _literal(arg)
        if not ok:
            return None
        kwargs[key] = value
    for keyword in call.keywords:
        if keyword.arg is None:
            return None  # **options: not readable without running
        ok, value = _literal(keyword.value)
        if not ok:
            return None
        kwargs[keyword.arg] = value
    return CallSpec(name, kwargs, line)


def training_setup(text: str) -> TrainingSetup:
    """The last readable loss and optimiser constructors in the note's code (fenced and pasted inline)."""
    loss: CallSpec | None = None
    optimizer: CallSpec | None = None
    for piece in extract_code(text):
        try:
            tree = ast.parse(piece.source)
        except SyntaxError:
            continue
        calls = sorted(
            (n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset)
        )
        for call in calls:
            owner, name = _callee(call.func)
            line = piece.note_line(call.lineno)
            if name in LOSSES and owner in ("", "nn"):
                loss = _spec(call, name, line, ()) or loss
            elif name in OPTIMIZERS and owner in ("", "optim"):
                # optim.Adam(params, lr, ...): the parameters are training's own; lr may come second
                found = _spec(ast.Call(call.func, call.args[1:], call.keywords), name, line, ("lr",))
                optimizer = found or optimizer
    return TrainingSetup(loss, optimizer)
