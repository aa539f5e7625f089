"""Trace every gate of an LSTM / GRU / RNN at every step and check it against PyTorch.

Either --note NOTE (the module the note's code builds; a small LSTM(4, 3) when it has none) or
--model with its sizes. Weights are seeded (torch.manual_seed(--seed) before the module is built).
Prints a table per step (shape, norm, max |diff| against PyTorch) and the verification; --out writes
the whole trace as .npz. Exit codes: 0 verified, 1 a check failed, 2 bad input.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import fail


def add_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--note", type=Path, help="노트 파일: 코드에서 모델 설정을 읽음")
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


def _config(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from app.engine.config import RecurrentConfig
    from app.engine.notecode import infer_config
    from app.vault import read_note

    if args.note is not None:
        if not args.note.is_file():
            raise ValueError(f"노트가 없습니다: {args.note}")
        model = infer_config(read_note(args.note).text)
        print(model.describe())
        for fix in model.fixes:
            print(f"  고침 {fix}")
        return model.config
    if args.input_size is None or args.hidden_size is None:
        raise ValueError("--model에는 --input-size와 --hidden-size가 필요합니다")
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


def main(args: argparse.Namespace) -> int:
    from app.engine.trace.report import run_cli  # torch lives in app.engine only

    try:
        config = _config(args)
    except (ValueError, OSError) as exc:
        return fail(str(exc))
    return run_cli(args, config, fail)
