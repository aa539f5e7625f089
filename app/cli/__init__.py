"""Headless twins of the GUI's capabilities. Each subcommand is one module with
``add_arguments(parser)`` and ``main(args) -> int``; ``app.__main__`` loads only the one asked for,
so ``python -m app check`` never imports torch or Qt."""

from __future__ import annotations

import json
import sys
from typing import Any

SUBCOMMANDS = {
    "render": "app.cli.render",
    "check": "app.cli.check",
    "equations": "app.cli.equations",
    "trace": "app.cli.trace",
    "run": "app.cli.run",
    "train": "app.cli.train",
    "model": "app.cli.model",
    "shapes": "app.cli.shapes",
    "grad": "app.cli.grad",
}


def print_json(obj: Any) -> None:
    """Print one JSON object on one line (benchmarks and scripts read the last line)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def fail(message: str, code: int = 2) -> int:
    """Report a user error in one line on stderr and return the exit code."""
    sys.stderr.write(f"tensornote: {message}\n")
    return code
