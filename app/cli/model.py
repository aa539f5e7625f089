"""The recurrent modules a note's code builds, read without running anything (``python -m app model``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import fail, print_json
from app.i18n import messages, text
from app.vault import read_note

CONFIG_FIELDS = (
    "input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout", "bidirectional", "proj_size",
    "nonlinearity",
)  # fmt: skip

messages(
    {
        "cli.model.none": (
            "노트의 코드가 순환 모듈을 만들지 않습니다 (패널은 기본 모델 LSTM(4, 3)을 씁니다)",
            "The note's code builds no recurrent module (the panel uses the default LSTM(4, 3))",
        ),
        "cli.model.assumed": ("가정: {field} = {value} — {reason}", "assumed: {field} = {value} — {reason}"),
        "cli.model.ignored": ("{line}행 무시: {text} — {reason}", "line {line} ignored: {text} — {reason}"),
        "cli.model.row": ("{line}행 [{section}] {name}: {model}", "line {line} [{section}] {name}: {model}"),
        "cli.model.missing": ("노트가 없습니다: {path}", "No such note: {path}"),
        "cli.model.unreadable": (
            "노트를 읽을 수 없습니다: {path} ({reason})",
            "Can't read {path} ({reason})",
        ),
        "cli.model.not-text": ("텍스트 노트가 아닙니다: {path}", "Not a text note: {path}"),
    }
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("note", help="the Markdown note")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def as_json(note: str, models: Any) -> dict[str, Any]:
    """Issue 9's shape: ``{"note", "modules": [{"name", "kind", "line", "section", "config", "assumed",
    "why"}], "ignored": [{"line", "text", "reason"}]}``; ``why`` words each assumption in the current
    language."""
    return {
        "note": note,
        "modules": [
            {
                "name": m.name,
                "kind": m.kind,
                "line": m.line,
                "section": m.section,
                "config": {name: getattr(m.config, name) for name in CONFIG_FIELDS},
                "assumed": list(m.assumed),
                "why": {a.field: a.reason for a in m.assumptions},
            }
            for m in models.modules
        ],
        "ignored": [{"line": i.line, "text": i.text, "reason": i.reason} for i in models.ignored],
    }


def main(args: argparse.Namespace) -> int:
    from app.engine.notecode import infer_note

    path = Path(args.note)
    if not path.is_file():
        return fail(text("cli.model.missing", path=path))
    try:
        note = read_note(path)
    except OSError as exc:
        return fail(text("cli.model.unreadable", path=path, reason=exc.strerror or exc))
    if note.binary:
        return fail(text("cli.model.not-text", path=path))
    models = infer_note(note.text)
    if args.json:
        print_json(as_json(str(path), models))
        return 0
    out = []
    for m in models.modules:
        out.append(
            text("cli.model.row", line=m.line, section=m.section, name=m.name, model=m.config.describe())
        )
        out += [
            "    " + text("cli.model.assumed", field=a.field, value=a.value, reason=a.reason)
            for a in m.assumptions
        ]
    if not models.modules:
        out.append(text("cli.model.none"))
    out += [text("cli.model.ignored", line=i.line, text=i.text, reason=i.reason) for i in models.ignored]
    sys.stdout.write("\n".join(out) + "\n")
    return 0
