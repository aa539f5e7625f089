"""``python -m app train NOTE``: run the note's model-defining code, train it, print the result.

For the CLI, "train this note" is the user asking to run the code that defines the model: every fenced block
that defines a class or is a method block (the seed's ``forward``, which the runner binds to the class pasted
as inline code) runs once in a fresh namespace, exactly as the code panel's Run would; script blocks (which
might train on their own, or download) do not. Their output is silenced, so ``--json`` prints one object.
Exit codes: 0 trained, 2 bad input.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.engine import notestate
from app.engine.devices import resolve_device
from app.engine.notecode import fix_indentation, runnable_source
from app.engine.run import run_block, runnable
from app.engine.train.service import train_note
from app.engine.train.store import WeightsError
from app.i18n import messages, text
from app.markup.blocks import find_code_blocks

messages(
    {
        "train.cli.ran": ("실행한 블록: {blocks}", "ran blocks: {blocks}"),
        "train.cli.block-failed": (
            "블록 {index}을(를) 실행하지 못했습니다: {message}",
            "block {index} failed: {message}",
        ),
        "train.cli.result": (
            "{task} · {model}\n손실 {loss_fn} · 최적화 {optimizer}\n"
            "{steps}단계 · {seconds:.1f}초 · 테스트 정확도 {accuracy} · "
            "멈춘 이유: {stopped}\n가중치: {weights}",
            "{task} · {model}\nloss {loss_fn} · optimiser {optimizer}\n"
            "{steps} steps · {seconds:.1f} s · test accuracy "
            "{accuracy} · stopped: {stopped}\nweights: {weights}",
        ),
    }
)


CLI_KEYS = ("task", "model", "loss_fn", "optimizer", "steps", "seconds", "loss", "test_accuracy", "weights")


def _defines_model(source: str, first_line: int) -> bool:
    """A block that defines a class, or holds only ``def name(self, …)`` methods."""
    try:
        tree = ast.parse(textwrap.dedent(fix_indentation(runnable_source(source), first_line)[0]))
    except SyntaxError:
        return False
    body = [s for s in tree.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if any(isinstance(s, ast.ClassDef) for s in body):
        return True
    return bool(body) and all(
        isinstance(s, ast.FunctionDef) and s.args.args and s.args.args[0].arg == "self" for s in body
    )


def _is_setup(source: str, first_line: int) -> bool:
    """A block of imports and literal assignments only (d2l's ``vocab_size, num_hiddens = 28, 32``): the
    sizes a later model block reads. Nothing in it calls anything, so running it is as safe as reading."""
    try:
        tree = ast.parse(textwrap.dedent(fix_indentation(runnable_source(source), first_line)[0]))
    except SyntaxError:
        return False
    body = [s for s in tree.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if not body:
        return False
    for statement in body:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            continue
        value = statement.value if isinstance(statement, ast.Assign | ast.AnnAssign) else None
        if value is None or any(isinstance(n, ast.Call | ast.Lambda | ast.Await) for n in ast.walk(value)):
            return False
    return True


def run_model_code(note: Path, device: str) -> list[int]:
    """Load the note into the kernel state and run its model-defining blocks, and the blocks of imports
    and sizes they read; their indices."""
    notestate.set_note(str(note))
    notestate.STATE.reset_namespace()
    notestate.set_device(device)
    return run_defining_blocks()


def run_defining_blocks() -> list[int]:
    """Run the loaded note's model-defining blocks (and the blocks of imports and sizes they read) in the
    kernel's namespace as it is; their indices. A failing block is reported on stderr and the rest run."""
    ran: list[int] = []
    for block in find_code_blocks(notestate.STATE.text):
        if not block.source.strip() or not runnable(block):  # not another framework's d2l tab
            continue
        first = block.content_lines[0]
        if not _defines_model(block.source, first) and not _is_setup(block.source, first):
            continue
        with contextlib.redirect_stdout(io.StringIO()):
            result = run_block(block.index, emit=False)
        ran.append(block.index)
        if result["error"]:
            sys.stderr.write(
                text("train.cli.block-failed", index=block.index, message=result["error"]["message"]) + "\n"
            )
    return ran


def run_cli(
    args: argparse.Namespace, fail: Callable[[str], int], print_json: Callable[[Any], None]
) -> int:
    """Run the note's model code, train, print a summary or (``--json``) one object; 0 trained, 2 bad
    input."""
    note = Path(args.note)
    if not note.is_file():
        return fail(text("train.load.missing-file", path=note))
    try:
        device = resolve_device(args.device)
        ran = run_model_code(note, device.type)
        live = notestate.STATE.module if notestate.STATE.model is not None else None
        result: dict[str, Any] = train_note(
            note, notestate.STATE.text, notestate.STATE.namespace, device, seconds=args.seconds,
            target_accuracy=args.target_accuracy, max_steps=args.max_steps, live=live,
        )  # fmt: skip
    except (ValueError, OSError, WeightsError) as exc:
        return fail(str(exc))
    if args.json:
        print_json({k: result[k] for k in CLI_KEYS})  # exactly the object
        return 0
    print(text("train.cli.ran", blocks=", ".join(map(str, ran)) or "-"))
    accuracy = "-" if result["test_accuracy"] is None else f"{result['test_accuracy']:.1%}"
    keys = ("model", "loss_fn", "optimizer", "steps", "seconds", "stopped", "weights")
    words = {k: result[k] for k in keys}
    print(text("train.cli.result", task=result["task_text"], accuracy=accuracy, **words))
    return 0
