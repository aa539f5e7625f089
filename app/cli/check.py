"""Check a note, or every note in a folder (recursively): math, links, embeds and code blocks.

With ``--json`` it prints one object ``{"notes": [{"path", "equations", "math", "code_blocks",
"math_errors": [{"line", "latex", "reason"}], "unresolved_links", "missing_embeds", "code_errors"}]}``;
``--strict`` exits 1 when any note has an error. No file makes it crash: unreadable or binary files are
reported as a code/read error of that note.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import fail, print_json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="a note or a folder of notes")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--strict", action="store_true", help="exit 1 on any error")


def check_note(path: Path, vault: Any, shown: str) -> dict[str, Any]:
    """The report of one note (never raises)."""
    from app.markup import render_note
    from app.vault import read_note

    entry: dict[str, Any] = {
        "path": shown, "equations": 0, "math": 0, "code_blocks": 0, "math_errors": [],
        "unresolved_links": [], "missing_embeds": [], "code_errors": [],
    }  # fmt: skip
    try:
        decoded = read_note(path)
    except OSError as exc:
        entry["code_errors"].append(f"읽을 수 없습니다: {exc.strerror or exc}")
        return entry
    if decoded.binary:
        entry["code_errors"].append(decoded.warning or "바이너리 파일입니다")
        return entry
    try:
        note = render_note(decoded.text, path=path, vault=vault)
    except Exception as exc:  # a renderer bug must not stop a whole-vault check
        entry["code_errors"].append(f"렌더링 실패: {type(exc).__name__}: {exc}")
        return entry
    entry.update(
        equations=len(note.equations),
        math=note.math_count,
        code_blocks=len(note.code_blocks),
        math_errors=[{"line": e.line, "latex": e.latex, "reason": e.reason} for e in note.math_errors],
        unresolved_links=note.unresolved_links,
        missing_embeds=note.missing_embeds,
        code_errors=note.code_errors,
    )
    return entry


def has_error(entry: dict[str, Any]) -> bool:
    keys = ("math_errors", "unresolved_links", "missing_embeds", "code_errors")
    return any(entry[key] for key in keys)


def main(args: argparse.Namespace) -> int:
    from app.cli.render import vault_root
    from app.vault import Vault
    from app.vault.vault import is_note

    target: Path = args.path
    if target.is_dir():
        vault = Vault(target)
        notes = vault.notes()
        shown = [vault.relative(p) for p in notes]
    elif target.is_file():
        vault = Vault(vault_root(target))
        notes, shown = [target], [str(target)]
    else:
        return fail(f"경로가 없습니다: {target}")
    report = [
        check_note(p, vault, s) for p, s in zip(notes, shown, strict=True) if is_note(p) or target.is_file()
    ]
    failed = any(has_error(entry) for entry in report)
    if args.json:
        print_json({"notes": report})
    else:
        for entry in report:
            problems = [
                *(f"{e['line']}행 수식 오류: {e['reason']} — {e['latex']}" for e in entry["math_errors"]),
                *(f"연결되지 않은 링크: [[{t}]]" for t in entry["unresolved_links"]),
                *(f"없는 첨부/노트: ![[{t}]]" for t in entry["missing_embeds"]),
                *entry["code_errors"],
            ]
            status = "문제 있음" if problems else "정상"
            sys.stdout.write(
                f"{entry['path']}: {status} (수식 {entry['equations']}개, 수식 조각 {entry['math']}개, "
                f"코드 블록 {entry['code_blocks']}개)\n"
            )
            for problem in problems:
                sys.stdout.write(f"  - {problem}\n")
    return 1 if args.strict and failed else 0
