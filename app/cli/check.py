"""Check a note, or every note in a folder (recursively): math, links, embeds and code blocks.

With ``--json`` it prints one object ``{"notes": [{"path", "equations", "math", "code_blocks",
"math_errors": [{"line", "latex", "reason"}], "unresolved_links", "missing_embeds", "code_errors"}]}``;
``--strict`` exits 1 when any note has an error. No file makes it crash: unreadable or binary files are
reported as a code/read error of that note. Folders that can't be listed are reported too (``"unreadable":
[{"path", "reason"}]``, present only when there are some) and count as errors for ``--strict``; a vault
folder that can't be listed at all is an error (exit 2), never an empty ``{"notes": []}``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from app.cli import fail, print_json
from app.i18n import messages, text

messages({
    "check.no_path": ("경로가 없습니다: {path}", "No such path: {path}"),
    "check.unreadable_vault": ("폴더를 읽을 수 없습니다: {path} ({reason})",
                               "Can't read the folder {path} ({reason})"),
    "check.unreadable_folder": ("읽을 수 없는 폴더: {path} ({reason})",
                                "Unreadable folder: {path} ({reason})"),
    "check.binary": ("바이너리 파일입니다", "This is a binary file"),
    "check.render_failed": ("렌더링 실패: {error}", "Rendering failed: {error}"),
    "check.math_error": ("{line}행 수식 오류: {reason} — {latex}",
                         "line {line}: math error: {reason} — {latex}"),
    "check.unresolved": ("연결되지 않은 링크: [[{target}]]", "Unresolved link: [[{target}]]"),
    "check.missing_embed": ("없는 첨부/노트: ![[{target}]]", "Missing attachment or note: ![[{target}]]"),
    "check.has_problems": ("문제 있음", "problems"),
    "check.fine": ("정상", "fine"),
    "check.summary": ("{path}: {status} · {counts}", "{path}: {status} ({counts})"),
    # English counts agree with their number ("1 code block", "2 code blocks"); Korean needs no plural
    "check.equations.one": ("수식 {n}개", "{n} equation"),
    "check.equations.many": ("수식 {n}개", "{n} equations"),
    "check.math.one": ("수식 조각 {n}개", "{n} math piece"),
    "check.math.many": ("수식 조각 {n}개", "{n} math pieces"),
    "check.code_blocks.one": ("코드 블록 {n}개", "{n} code block"),
    "check.code_blocks.many": ("코드 블록 {n}개", "{n} code blocks"),
})


def counted(key: str, n: int) -> str:
    """``n`` things of ``key`` ("equations", "math", "code_blocks") worded with the right number."""
    return text(f"check.{key}.{'one' if n == 1 else 'many'}", n=n)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="a note or a folder of notes")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--strict", action="store_true", help="exit 1 on any error")


def check_note(path: Path, vault: Any, shown: str) -> dict[str, Any]:
    """The report of one note (never raises)."""
    from app.markup import render_note
    from app.vault import read_note, read_problem

    entry: dict[str, Any] = {
        "path": shown, "equations": 0, "math": 0, "code_blocks": 0, "math_errors": [],
        "unresolved_links": [], "missing_embeds": [], "code_errors": [],
    }  # fmt: skip
    try:
        decoded = read_note(path)
    except OSError as exc:
        entry["code_errors"].append(read_problem(path, exc))
        return entry
    if decoded.binary:
        entry["code_errors"].append(decoded.warning or text("check.binary"))
        return entry
    try:
        note = render_note(decoded.text, path=path, vault=vault)
    except Exception as exc:  # a renderer bug must not stop a whole-vault check
        entry["code_errors"].append(text("check.render_failed", error=f"{type(exc).__name__}: {exc}"))
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
    unreadable: list[dict[str, str]] = []
    if target.is_dir():
        vault = Vault(target)
        for folder, reason in vault.unreadable:
            if folder.resolve() == vault.root:
                return fail(text("check.unreadable_vault", path=str(target), reason=reason))
            unreadable.append({"path": _shown(folder, vault.root), "reason": reason})
        notes = vault.notes()
        shown = [_shown(p, vault.root) for p in notes]
    elif target.exists() or target.is_symlink():  # a note, or a broken link / FIFO named like one
        vault = Vault(vault_root(target))
        notes, shown = [target], [str(target)]
    else:
        return fail(text("check.no_path", path=str(target)))
    report = [
        check_note(p, vault, s)
        for p, s in zip(notes, shown, strict=True) if is_note(p) or not target.is_dir()
    ]
    failed = bool(unreadable) or any(has_error(entry) for entry in report)
    if args.json:
        print_json({"notes": report, **({"unreadable": unreadable} if unreadable else {})})
    else:
        for item in unreadable:
            sys.stdout.write(text("check.unreadable_folder", path=item["path"], reason=item["reason"]) + "\n")
        for entry in report:
            problems = [
                *(text("check.math_error", line=e["line"], reason=e["reason"], latex=e["latex"])
                  for e in entry["math_errors"]),
                *(text("check.unresolved", target=t) for t in entry["unresolved_links"]),
                *(text("check.missing_embed", target=t) for t in entry["missing_embeds"]),
                *entry["code_errors"],
            ]
            status = text("check.has_problems") if problems else text("check.fine")
            counts = ", ".join(counted(key, entry[key]) for key in ("equations", "math", "code_blocks"))
            sys.stdout.write(text("check.summary", path=entry["path"], status=status, counts=counts) + "\n")
            for problem in problems:
                sys.stdout.write(f"  - {problem}\n")
    return 1 if args.strict and failed else 0


def _shown(path: Path, root: Path) -> str:
    """``path`` relative to the vault when it lies inside, else as given (a link is named by itself, not
    by its target: a broken or looping one has none)."""
    for candidate in (Path(path), Path(os.path.abspath(path))):
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            continue
    return str(path)
