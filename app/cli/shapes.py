"""Check every shape a note writes against its model (``python -m app shapes NOTE [--json]``).

The headless twin of the note view's shape badges: the claims are found in the note (``app.equations
.shapes``) and judged on the module the equation panel traces, run here in-process on the panel's sample
input (``app.engine.claims``). Only that module runs, never the note's own code, unless ``--run`` asks
for it: then the note's blocks run in order and each code comment is checked on the tensors its lines
made (the code panel's check after a run).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import fail, print_json
from app.i18n import messages, text

KEYS = ("line", "text", "subject", "condition", "written", "evaluated", "actual", "holds", "why")

messages(
    {
        "cli.shapes.no_note": ("노트가 없습니다: {path}", "no such note: {path}"),
        "cli.shapes.unreadable": (
            "노트를 읽을 수 없습니다: {path} ({reason})",
            "cannot read {path} ({reason})",
        ),
        "cli.shapes.none": ("노트에 텐서 모양 주장이 없습니다", "the note writes no tensor shapes"),
        "cli.shapes.module": ("모델: {module}", "model: {module}"),
        "cli.shapes.symbols": ("기호: {symbols}", "symbols: {symbols}"),
    }
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("note", help="the Markdown note")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--run",
        action="store_true",
        help="also run the note's code blocks (as Run All does) and check their shape comments on the "
        "tensors each line made; the code's own output goes to stderr",
    )


def as_json(result: dict[str, Any], note: str) -> dict[str, Any]:
    """Issue 10's shape: ``{"note", "module", "symbols", "claims": [{line, text, subject, condition,
    written, evaluated, actual, holds, why}]}``, lines 1-based."""
    return {
        "note": note,
        "module": result["module"],
        "symbols": result["symbols"],
        "claims": [{k: c[k] for k in KEYS} for c in result["claims"]],
    }


def with_run(result: dict[str, Any], note_path: str, note_text: str) -> dict[str, Any]:
    """``result`` with each code comment's verdict replaced by its check on the run's tensors (``--run``:
    the note's blocks run in order, as the code panel's Run All; a failing block stops the run and its
    comments keep their verdicts on the model)."""
    import contextlib

    from app.engine import notestate
    from app.engine.claims import check_run
    from app.engine.run.runner import run_all

    notestate.set_note(note_path, note_text)
    with contextlib.redirect_stdout(sys.stderr):  # the code's prints must not mix with the JSON
        ran = run_all(emit=False)
    checked: dict[str, dict[str, Any]] = {}
    for block in ran["blocks"]:
        if block.get("error") is None:
            for row in check_run(note_path, block["index"], block["lines"], block.get("bound"))["claims"]:
                checked[row["id"]] = row
    return {**result, "claims": [checked.get(c["id"], c) for c in result["claims"]]}


def _mark(holds: bool | None) -> str:
    return "✓" if holds else ("·" if holds is None else "✗")


def main(args: argparse.Namespace) -> int:
    path = Path(args.note)
    if not path.is_file():
        return fail(text("cli.shapes.no_note", path=path))
    from app.vault import read_note

    try:
        note = read_note(path)
    except OSError as exc:
        return fail(text("cli.shapes.unreadable", path=path, reason=exc.strerror or exc))
    from app.engine.claims import evaluate_note

    result = evaluate_note(str(path), note.text)
    if args.run:
        result = with_run(result, str(path), note.text)
    if args.json:
        print_json(as_json(result, str(args.note)))
        return 0
    out = [
        text("cli.shapes.module", module=result["module"]),
        text("cli.shapes.symbols", symbols=", ".join(f"{k} = {v}" for k, v in result["symbols"].items())),
    ]
    for c in result["claims"]:
        shape = "" if c["actual"] is None else " → (" + ", ".join(map(str, c["actual"])) + ")"
        why = f"  {c['why']}" if c["why"] else ""
        subject = c["subject"] or "?"
        out.append(f"{c['line']:5d} {_mark(c['holds'])} {subject}: {c['text']}{shape}{why}")
    if not result["claims"]:
        out.append(text("cli.shapes.none"))
    sys.stdout.write("\n".join(out) + "\n")
    return 0
