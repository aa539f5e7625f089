"""Gradients through time of an LSTM / GRU / RNN, verified against the module's own autograd.

``python -m app grad (--note NOTE | --model …) [--loss NAME] [--truncate K] [--seed S] [--json] [--out F]``
with the same model and input options and seeding as ``trace``. Prints ∂L/∂h_t, ∂L/∂c_t and the
Jacobian norms per step, the BPTT sum check and the verification; ``--json`` prints one object
({"model", "loss", "steps", "weights", "verify"}); ``--out`` writes an .npz (app/engine/grad/npz.py).
Exit codes: 0 verified, 1 a check failed, 2 bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Any

from app.cli import fail, print_json
from app.cli.trace import add_arguments as trace_arguments

LOSS_CHOICES = ("half_sq_last", "cross_entropy", "nll", "mse", "l1", "smooth_l1")  # app.engine.grad.LOSSES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    trace_arguments(parser)  # --note | --model, sizes, --batch --seq-len --input --seed --device --out
    parser.add_argument("--loss", choices=LOSS_CHOICES, help="default: the note's own, else the stated rule")
    parser.add_argument(
        "--truncate", type=int, metavar="K", help="truncated BPTT: detach the state every K steps"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _config(args: argparse.Namespace) -> tuple[Any, tuple[Any, ...]]:
    """The module's config and the note's linear layers (--note), as ``trace`` reads them."""
    from app.cli.trace import _config as trace_config

    if args.note is None:
        return trace_config(args), ()
    from app.engine.notecode import infer_config, note_loss
    from app.vault import read_note

    with contextlib.redirect_stdout(sys.stderr if args.json else sys.stdout):
        config = trace_config(args)
    text = read_note(args.note).text
    found = note_loss(text)
    args.note_loss = (found.name, found.line, found.written) if found is not None else None
    return config, infer_config(text).linears


def main(args: argparse.Namespace) -> int:
    from app.cli.kernel_options import is_remote, main_in_kernel

    if is_remote(args):  # --kernel / --kernel-file (from trace's options): the same main, in that kernel
        return main_in_kernel(args, "app.cli.grad", note=args.note)
    from app.engine.grad.report import run_cli  # torch lives in app.engine only

    try:
        config, linears = _config(args)
    except (ValueError, OSError) as exc:
        return fail(str(exc))
    if args.out is not None:
        args.out = Path(args.out)
    if getattr(args, "weights", None):  # --weights trained|PATH (issue 14): the LSTM's and the head's
        from app.engine.trace import build
        from app.engine.train import WeightsError, saved_head, trace_weights

        where = args.note or Path(".")
        try:
            args.weights_state, _ = trace_weights(where, config, args.weights, build(config).state_dict())
            args.head_state = saved_head(where, config, args.weights)
        except (WeightsError, OSError) as exc:
            return fail(str(exc))
    return run_cli(args, config, fail, print_json, linears)
