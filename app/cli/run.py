"""Run a note's code blocks in a real Jupyter kernel and show the tensors of every line.

The same machinery as the code panel: one kernel for the note, the note's namespace persisting across
its blocks, a method block (``def forward(self, x):``) run bound to the note's model on a sample input.
Blocks are the note's fenced code blocks numbered from 0 (the code panel shows them from 1: its
"Code block 1" is ``--block 0``); line numbers are 1-based note lines.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import fail, print_json
from app.cli.kernel_options import add_kernel_arguments, open_kernel
from app.i18n import messages
from app.i18n import text as worded
from app.kernel.session import KernelCallError, KernelStartError
from app.markup.blocks import find_code_blocks
from app.vault import read_note

messages({
    "cli.run.no_note": ("노트가 없습니다: {path}", "No such note: {path}"),
    "cli.run.unreadable": ("노트를 읽을 수 없습니다: {error}", "Can't read the note: {error}"),
    "cli.run.no_blocks": ("코드 블록 없음", "no code blocks"),
    "cli.run.no_block": ("블록 {block}이(가) 없습니다 ({span}).", "There is no block {block} ({span})."),
    "cli.run.block_head": ("── 블록 {index} (코드 패널의 ‘코드 블록 {shown}’, 노트 {first}–{last}행)",
                       "── block {index} (the code panel's “Code block {shown}”, note lines {first}–{last})"),
    "cli.run.fix": ("   들여쓰기 수정 {fix}", "   indentation fixed {fix}"),
    "cli.run.more_fixes": ("   … 들여쓰기 수정 {count}줄 더", "   … {count} more indentation fixes"),
    "cli.run.bound": ("   {cls}의 메서드로 실행: model(x), x {shape} ({kind}), {device}",
                  "   run as a method of {cls}: model(x), x {shape} ({kind}), {device}"),
    "cli.run.at_line": ("{line}행", "line {line}"),
    "cli.run.before": ("실행 전", "before running"),
    "cli.run.error": ("   오류 ({where}) {type}: {message}", "   error ({where}) {type}: {message}"),
    "cli.run.model": ("   모델: {model} (내 코드 실행 결과)", "   model: {model} (built by your code)"),
    "cli.run.nothing": ("실행할 파이썬 코드 블록이 없습니다.", "There are no Python code blocks to run."),
})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("note", help="the note (.md) whose code to run")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--block", type=int, metavar="K",
                       help="run only block K, counted from 0 in note order (the code panel counts from 1: "
                            "its \"Code block 1\" is --block 0); --json's \"index\" is this K")
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
    head = worded("cli.run.block_head", index=block["index"], shown=int(block["index"]) + 1,
                  first=block.get("first_line", "?"), last=block.get("last_line", "?"))
    out.write(head + "\n")
    fixes = block.get("fixes", [])
    for fix in fixes[:3]:
        out.write(worded("cli.run.fix", fix=fix) + "\n")
    if len(fixes) > 3:
        out.write(worded("cli.run.more_fixes", count=len(fixes) - 3) + "\n")
    if block.get("bound"):
        bound = block["bound"]
        shape = tuple(bound["input"]["shape"])
        kind, device = bound["input"]["kind"], bound["device"]
        out.write(worded("cli.run.bound", cls=bound["class"], shape=shape, kind=kind, device=device) + "\n")
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
        line = error.get("line")
        where = worded("cli.run.at_line", line=line) if line else worded("cli.run.before")
        out.write(worded("cli.run.error", where=where, type=error["type"], message=error["message"]) + "\n")
        if error.get("hint"):
            out.write(f"   {error['hint']}\n")
    if block.get("model"):
        out.write(worded("cli.run.model", model=block["model"]) + "\n")


def main(args: argparse.Namespace) -> int:
    path = Path(args.note)
    if not path.is_file():
        return fail(worded("cli.run.no_note", path=path))
    try:
        text = read_note(path).text
    except OSError as exc:
        return fail(worded("cli.run.unreadable", error=exc.strerror or exc))
    blocks = find_code_blocks(text)
    if args.block is not None and not 0 <= args.block < len(blocks):
        span = f"0–{len(blocks) - 1}" if blocks else worded("cli.run.no_blocks")
        return fail(worded("cli.run.no_block", block=args.block, span=span))
    try:
        session = open_kernel(args, path.resolve().parent)  # local, or --kernel / --kernel-file
    except (KernelStartError, ValueError) as exc:
        return _no_kernel(args, "KernelStartError" if isinstance(exc, KernelStartError) else "BadKernel",
                          str(exc))
    partial = _Partial()
    session.on_event = partial.on_event
    try:
        # the text travels with the call: a remote kernel cannot read this machine's files
        session.call("state.set_note", path=str(path.resolve()), text=text)
        session.call("state.set_device", device=args.device)
        if args.block is not None:
            partial.started(args.block)
            results = [session.call("run.block", index=args.block)]
        else:
            results = session.call("run.all")["blocks"]
    except KernelStartError as exc:
        return _no_kernel(args, "KernelStartError", str(exc))
    except KernelCallError as exc:
        if partial.current is None:  # nothing ran yet: the note's setup failed
            return _no_kernel(args, exc.type, exc.message or exc.type)
        results = partial.blocks(exc)  # the kernel died in a block: that is the block's error
    finally:
        session.shutdown()
    if args.json:
        print_json({"note": str(args.note), "blocks": [_json_block(b) for b in results]})
    else:
        if not results:
            sys.stdout.write(worded("cli.run.nothing") + "\n")
        for block in results:
            _print_block(block)
    return 1 if any(b.get("error") for b in results) else 0


def _no_kernel(args: argparse.Namespace, kind: str, message: str) -> int:
    """No block could run (the kernel did not start, or the note's setup failed in it): the worded line on
    stderr, exit 2, and under ``--json`` still the one JSON object, no blocks and the failure as its
    ``error`` (``{"type", "message"}``), so a script reading stdout always gets JSON (issue 11, F11)."""
    if args.json:
        print_json({"note": str(args.note), "blocks": [], "error": {"type": kind, "message": message}})
    return fail(message)


class _Partial:
    """What a run reported before its kernel died, from the kernel's progress events (``block`` when a
    block starts, ``line`` when a line finishes), so ``run --json`` still prints every block it reached,
    the last one with the kernel's death as its error."""

    def __init__(self) -> None:
        self.lines: dict[int, dict[int, dict[str, Any]]] = {}
        self.current: int | None = None

    def started(self, index: int) -> None:
        self.current = index
        self.lines.setdefault(index, {})

    def on_event(self, event: dict[str, Any]) -> None:
        if event.get("event") == "block":
            self.started(int(event["index"]))
        elif event.get("event") == "line" and isinstance(event.get("block"), int):
            line = {"line": event.get("line"), "text": event.get("text", ""),
                    "tensors": event.get("tensors", {}), "stdout": event.get("stdout", ""),
                    "stderr": event.get("stderr", "")}
            self.lines.setdefault(event["block"], {})[int(event["line"])] = line

    def blocks(self, exc: KernelCallError) -> list[dict[str, Any]]:
        message = (exc.message or exc.type).strip().splitlines()[0] if (exc.message or exc.type) else exc.type
        results = []
        for index, lines in self.lines.items():
            died = index == self.current
            results.append({
                "index": index,
                "lines": [lines[n] for n in sorted(lines)],
                "error": {"type": exc.type, "message": message, "line": None} if died else None,
            })
        return results
