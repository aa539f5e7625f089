"""Run a note's code blocks in a real Jupyter kernel and show the tensors of every line.

The same machinery as the code panel: one kernel for the note, the note's namespace persisting across
its blocks, a method block (``def forward(self, x):``) run bound to the note's model on a sample input.
Blocks are the note's fenced code blocks numbered from 0; line numbers are 1-based note lines.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import fail, print_json
from app.cli.kernel_options import add_kernel_arguments, open_kernel
from app.kernel.session import KernelCallError, KernelStartError
from app.markup.blocks import find_code_blocks
from app.vault import read_note


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("note", help="the note (.md) whose code to run")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--block", type=int, metavar="K", help="run only block K (0-based, in note order)")
    which.add_argument("--all", action="store_true", help="run every Python block in order (the default)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--device", choices=["cpu", "cuda", "mps", "auto"], default="cpu")
    add_kernel_arguments(parser)


def _json_block(block: dict[str, Any]) -> dict[str, Any]:
    """Exactly the documented keys, nothing of the panel's extras (previews, fixes, tracebacks)."""
    error = block.get("error")
    return {
        "index": block["index"],
        "lines": [
            {
                "line": line["line"],
                "text": line["text"],
                "tensors": {
                    name: {"shape": info["shape"], "dtype": info["dtype"], "device": info["device"]}
                    for name, info in line["tensors"].items()
                },
                "stdout": line["stdout"],
                "stderr": line.get("stderr", ""),  # issue 9: warnings included, as a front end shows them
            }
            for line in block["lines"]
        ],
        "error": None if not error else {k: error[k] for k in ("type", "message", "line")},
    }


def _print_block(block: dict[str, Any]) -> None:
    out = sys.stdout
    out.write(f"── 블록 {block['index']} (노트 {block['first_line']}–{block['last_line']}행)\n")
    fixes = block.get("fixes", [])
    for fix in fixes[:3]:
        out.write(f"   들여쓰기 수정 {fix}\n")
    if len(fixes) > 3:
        out.write(f"   … 들여쓰기 수정 {len(fixes) - 3}줄 더\n")
    if block.get("bound"):
        bound = block["bound"]
        shape = tuple(bound["input"]["shape"])
        kind, device = bound["input"]["kind"], bound["device"]
        out.write(f"   {bound['class']}의 메서드로 실행: model(x), x {shape} ({kind}), {device}\n")
    for line in block["lines"]:
        shapes = ", ".join(
            f"{name} {tuple(info['shape'])} {info['dtype']} {info['device']}"
            for name, info in line["tensors"].items()
        )
        out.write(f"{line['line']:5d} │ {line['text'].strip()}" + (f"   → {shapes}" if shapes else "") + "\n")
        for text in line["stdout"].splitlines():
            out.write(f"      │   {text}\n")
    error = block.get("error")
    if error:
        where = f"{error['line']}행" if error.get("line") else "실행 전"
        out.write(f"   오류 ({where}) {error['type']}: {error['message']}\n")
        if error.get("hint"):
            out.write(f"   {error['hint']}\n")
    if block.get("model"):
        out.write(f"   모델: {block['model']} (내 코드 실행 결과)\n")


def main(args: argparse.Namespace) -> int:
    path = Path(args.note)
    if not path.is_file():
        return fail(f"노트가 없습니다: {path}")
    try:
        text = read_note(path).text
    except OSError as exc:
        return fail(f"노트를 읽을 수 없습니다: {exc}")
    blocks = find_code_blocks(text)
    if args.block is not None and not 0 <= args.block < len(blocks):
        span = f"0–{len(blocks) - 1}" if blocks else "코드 블록 없음"
        return fail(f"블록 {args.block}이(가) 없습니다 ({span}).")
    try:
        session = open_kernel(args, path.resolve().parent)  # local, or --kernel / --kernel-file
    except (KernelStartError, ValueError) as exc:
        return fail(str(exc))
    try:
        # the text travels with the call: a remote kernel cannot read this machine's files
        session.call("state.set_note", path=str(path.resolve()), text=text)
        session.call("state.set_device", device=args.device)
        if args.block is not None:
            results = [session.call("run.block", index=args.block)]
        else:
            results = session.call("run.all")["blocks"]
    except KernelStartError as exc:
        return fail(str(exc))
    except KernelCallError as exc:
        return fail(exc.message or exc.type)
    finally:
        session.shutdown()
    if args.json:
        print_json({"note": str(args.note), "blocks": [_json_block(b) for b in results]})
    else:
        if not results:
            sys.stdout.write("실행할 파이썬 코드 블록이 없습니다.\n")
        for block in results:
            _print_block(block)
    return 1 if any(b.get("error") for b in results) else 0
