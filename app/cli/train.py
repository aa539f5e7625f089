"""Train a note's model on a task matched to its shapes and save the weights (the panel's Train button).

``python -m app train NOTE [--seconds S] [--target-accuracy A] [--device D] [--json]``: runs the note's
model-defining code blocks (asking for training is asking for that), trains the note's class (else the
traced module plus a linear head) and prints, with ``--json``, one object ``{"task", "model", "loss_fn",
"optimizer", "steps", "seconds", "loss": [...], "test_accuracy", "weights"}``. Ctrl+C stops training and keeps
the weights learned so far. Exit codes: 0 trained, 2 bad input.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import fail
from app.cli.kernel_options import add_kernel_arguments, is_remote, main_in_kernel


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("note", type=Path, help="the note whose model to train")
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget in seconds (default 60)")
    parser.add_argument("--target-accuracy", type=float, help="stop at this test accuracy (0–1)")
    parser.add_argument("--max-steps", type=int, help="stop after this many steps")
    parser.add_argument("--device", default="cpu", help="cpu | cuda | mps | auto (default cpu)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_kernel_arguments(parser)  # --kernel URL / --kernel-file: train in that kernel (a GPU machine)


def main(args: argparse.Namespace) -> int:
    if is_remote(args):
        return main_in_kernel(args, "app.cli.train", note=Path(args.note))
    from app.cli import print_json
    from app.engine.train.report import run_cli  # torch lives in app.engine only

    return run_cli(args, fail, print_json)
