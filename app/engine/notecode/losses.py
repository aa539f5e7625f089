"""The loss a note's code makes, read without running it (torch-free): ``criterion = nn.CrossEntropyLoss()``.

The gradient panel differentiates the note's own loss when the note has one (issue #13). Training code
in study notes writes it in a few ways, all recognised here:
- a loss module assigned to any name: ``criterion = nn.CrossEntropyLoss()``, ``loss_fn = torch.nn.MSELoss()``,
  ``self.loss = CrossEntropyLoss()`` (after ``from torch.nn import CrossEntropyLoss``);
- a functional call: ``F.cross_entropy(out, y)``, ``torch.nn.functional.mse_loss(…)``.
Code that does not parse (a pasted fragment) is read line by line, so a single ``criterion = …`` line
still counts. The loss module that training uses (``notecode.training``: the last readable constructor
in note order) is preferred, so the gradient panel and training agree on the note's loss; this module
adds what training does not need: functional calls, fragments, and where the loss is. Only the kind
of loss is read; arguments (``reduction=…``, ``weight=…``) are not, and the gradient trace uses
PyTorch's defaults (said in its loss line).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from app.engine.notecode.extract import extract_code
from app.engine.notecode.training import training_setup

# Class or function name -> the gradient trace's loss name (app.engine.grad.loss.LOSSES).
LOSS_NAMES = {
    "CrossEntropyLoss": "cross_entropy",
    "cross_entropy": "cross_entropy",
    "NLLLoss": "nll",
    "nll_loss": "nll",
    "MSELoss": "mse",
    "mse_loss": "mse",
    "L1Loss": "l1",
    "l1_loss": "l1",
    "SmoothL1Loss": "smooth_l1",
    "smooth_l1_loss": "smooth_l1",
}


@dataclass(frozen=True)
class NoteLoss:
    """One loss the note's code makes."""

    name: str  # "cross_entropy" | "nll" | "mse" | "l1" | "smooth_l1"
    line: int  # 1-based note line
    written: str  # how it is written: "nn.CrossEntropyLoss()", "F.mse_loss(…)"
    variable: str | None  # the name it is assigned to ("criterion"), None for a functional call


def _callee(node: ast.expr) -> str | None:
    """The last name of a call's function: ``nn.CrossEntropyLoss`` → "CrossEntropyLoss"."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def _target(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _target(node.value)
        return f"{base}.{node.attr}" if base else node.attr
    return None


def _found(tree: ast.AST, lines: tuple[int, ...], source: str) -> list[NoteLoss]:
    out: list[NoteLoss] = []
    assigned: dict[int, str | None] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Call):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            assigned[id(node.value)] = _target(targets[0]) if targets else None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _callee(node.func)
        if name not in LOSS_NAMES:
            continue
        line = lines[min(max(node.lineno, 1), len(lines)) - 1]
        written = ast.get_source_segment(source, node) or name
        if len(written) > 60:
            written = written[:57] + "…"
        out.append(NoteLoss(LOSS_NAMES[name], line, written, assigned.get(id(node))))
    return out


def note_losses(text: str) -> list[NoteLoss]:
    """Every loss the note's code makes, in note order (empty when it makes none)."""
    found: list[NoteLoss] = []
    for piece in extract_code(text):
        if piece.error is None:
            found += _found(ast.parse(piece.source), piece.lines, piece.source)
            continue
        for n, raw in enumerate(piece.source.split("\n"), start=1):
            try:
                tree = ast.parse(raw.strip())
            except SyntaxError:
                continue
            found += _found(tree, (piece.note_line(n),), raw.strip())
    return sorted(found, key=lambda loss: loss.line)


def note_loss(text: str) -> NoteLoss | None:
    """The note's loss: the one training uses, else the first assigned to a name (``criterion = …``),
    else the first call (a functional ``F.cross_entropy``)."""
    found = note_losses(text)
    setup = training_setup(text).loss
    if setup is not None and setup.name in LOSS_NAMES:
        same = [loss for loss in found if loss.line == setup.line and loss.name == LOSS_NAMES[setup.name]]
        return same[0] if same else NoteLoss(LOSS_NAMES[setup.name], setup.line, setup.describe(), None)
    named = [loss for loss in found if loss.variable is not None]
    return next(iter(named or found), None)
