"""Trace every gate of an LSTM / GRU / RNN at every step and check it against PyTorch.

Either --note NOTE (the module the note's code builds; a small LSTM(4, 3) when it has none) or
--model with its sizes. Weights are seeded (torch.manual_seed(--seed) before the module is built).
``--weights trained`` uses the weights ``python -m app train NOTE`` saved for the note's model, ``--weights
FILE`` a state_dict (the whole model's or the recurrent module's).
Prints a table per step (shape, norm, max |diff| against PyTorch) and the verification; --out writes
the whole trace as .npz. Exit codes: 0 verified, 1 a check failed, 2 bad input.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import fail
from app.cli.kernel_options import add_kernel_arguments, is_remote
from app.i18n import language, messages, text

messages({
    "trace.no_note": ("노트가 없습니다: {path}", "No such note: {path}"),
    "trace.fixed": ("  고침 {fix}", "  fixed {fix}"),
    "trace.needs_sizes": ("--model에는 --input-size와 --hidden-size가 필요합니다",
                          "--model needs --input-size and --hidden-size"),
    "trace.saved": ("저장: {path}", "saved: {path}"),
})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--note", type=Path, help="a note: the model's settings are read from its code")
    source.add_argument("--model", choices=("lstm", "gru", "rnn"))
    parser.add_argument("--input-size", type=int)
    parser.add_argument("--hidden-size", type=int)
    parser.add_argument("--num-layers", type=int, default=1)
    parser.add_argument("--bidirectional", action="store_true")
    parser.add_argument("--proj-size", type=int, default=0)
    parser.add_argument("--batch-first", action="store_true")
    parser.add_argument("--no-bias", action="store_true")
    parser.add_argument("--nonlinearity", choices=("tanh", "relu"), default="tanh", help="RNN only")
    parser.add_argument("--batch", type=int, default=1, help="N (0: unbatched 2-D input)")
    parser.add_argument("--seq-len", type=int, default=8, help="L (digit: the image height)")
    parser.add_argument(
        "--input", default="random", help="random | sine | digit | FILE (.npy .pt .csv image)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default="auto", help="cpu | cuda | mps | auto")
    parser.add_argument("--out", type=Path, help="write the trace as .npz")
    parser.add_argument(
        "--weights", help="trained (the weights `python -m app train NOTE` saved) or a state_dict .pt file"
    )
    add_kernel_arguments(parser)  # --kernel URL / --kernel-file: trace in that kernel, not in this process


def _config(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from app.engine.config import RecurrentConfig
    from app.engine.notecode import infer_config
    from app.vault import read_note

    if args.note is not None:
        if not args.note.is_file():
            raise ValueError(text("trace.no_note", path=args.note))
        model = infer_config(read_note(args.note).text)
        print(model.describe())
        for fix in model.fixes:
            print(text("trace.fixed", fix=fix))
        return model.config
    if args.input_size is None or args.hidden_size is None:
        raise ValueError(text("trace.needs_sizes"))
    return RecurrentConfig(
        args.model,
        args.input_size,
        args.hidden_size,
        args.num_layers,
        not args.no_bias,
        args.batch_first,
        args.bidirectional,
        args.proj_size,
        args.nonlinearity,
    )


def _remote(args: argparse.Namespace, config) -> int:  # type: ignore[no-untyped-def]
    """The same report, computed in the kernel ``--kernel``/``--kernel-file`` names (RPC ``trace.report``)."""
    import base64
    import dataclasses
    import sys

    from app.cli.kernel_options import open_kernel
    from app.kernel.session import KernelCallError, KernelStartError

    try:
        session = open_kernel(args, Path.cwd())
    except (KernelStartError, ValueError) as exc:
        return fail(str(exc))
    def echo(name: str, text: str) -> None:  # the kernel's printed table, as it comes
        (sys.stderr if name == "stderr" else sys.stdout).write(text)

    session.on_stream = echo
    try:
        result = session.call(
            "trace.report", config=dataclasses.asdict(config), batch=args.batch, seq_len=args.seq_len,
            input=args.input, seed=args.seed, device=args.device, npz=args.out is not None, lang=language(),
        )
    except (KernelCallError, KernelStartError) as exc:
        return fail(str(exc))
    finally:
        session.shutdown()
    if result["error"]:
        return fail(result["error"])
    if args.out is not None and result["npz"]:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(base64.b64decode(result["npz"]))
        print(text("trace.saved", path=args.out))
    return 0 if result["verified"] else 1


def main(args: argparse.Namespace) -> int:
    if is_remote(args) and args.weights:  # the weights live on the kernel's machine: the whole CLI runs there
        from app.cli.kernel_options import main_in_kernel

        return main_in_kernel(args, "app.cli.trace", note=args.note)
    try:
        config = _config(args)
    except (ValueError, OSError) as exc:
        return fail(str(exc))
    if is_remote(args):
        return _remote(args, config)
    from app.engine.trace.report import run_cli  # torch lives in app.engine only

    weights = None
    if args.weights:
        from app.engine.trace import build
        from app.engine.train import WeightsError, trace_weights

        if args.weights == "trained" and args.note is None:
            return fail("--weights trained needs --note")
        try:
            state = build(config).state_dict()
            weights, where = trace_weights(args.note or Path("."), config, args.weights, state)
        except (WeightsError, OSError) as exc:
            return fail(str(exc))
        print(f"weights: {where}")
    return run_cli(args, config, fail, weights)
