"""Check every shape a note writes against its model (``python -m app shapes NOTE [--json]``).

The headless twin of the note view's shape badges: the claims are found in the note (``app.equations
.shapes``) and judged on the module the equation panel traces, run here in-process on the panel's sample
input (``app.engine.claims``). Only that module runs, never the note's own code.
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


def as_json(result: dict[str, Any], note: str) -> dict[str, Any]:
    """Issue 10's shape: ``{"note", "module", "symbols", "claims": [{line, text, subject, condition,
    written, evaluated, actual, holds, why}]}``, lines 1-based."""
    return {
        "note": note,
        "module": result["module"],
        "symbols": result["symbols"],
        "claims": [{k: c[k] for k in KEYS} for c in result["claims"]],
    }


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
