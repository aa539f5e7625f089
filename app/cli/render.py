"""Render a note to a standalone HTML file that opens offline (fonts and images embedded).

``python -m app render NOTE`` writes ``NOTE.html`` next to the note; ``-o OUT.html`` picks the file and
``-o -`` prints the page to stdout. The vault used for links and embeds is the nearest folder above the
note that holds ``.obsidian``, else the note's own folder.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.cli import fail
from app.i18n import messages, text

messages({
    "render.no_note": ("노트 파일이 없습니다: {path}", "No such note file: {path}"),
    "render.unreadable": ("노트를 읽을 수 없습니다: {path}: {reason}",
                          "Can't read the note {path}: {reason}"),
    "render.cannot_write": ("HTML 파일을 쓸 수 없습니다: {path}: {reason}",
                            "Can't write the HTML file {path}: {reason}"),
})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("note", type=Path, help="the Markdown note to render")
    parser.add_argument("-o", "--output", help="output HTML file (default: NOTE.html; '-' for stdout)")
    parser.add_argument("--theme", choices=["light", "dark", "auto"], default="auto", help="colour theme")


def vault_root(note: Path) -> Path:
    """The nearest ancestor with an ``.obsidian`` folder, else the note's folder (a broken or looping
    link is placed by its own path)."""
    try:
        real = note.resolve()
    except (OSError, RuntimeError):
        real = Path(os.path.abspath(note))
    for folder in real.parents:
        if (folder / ".obsidian").is_dir():
            return folder
    return real.parent


def main(args: argparse.Namespace) -> int:
    from app.markup import page_html, render_note
    from app.vault import Vault, read_note

    note: Path = args.note
    if not note.is_file():
        return fail(text("render.no_note", path=note))
    try:
        decoded = read_note(note)
    except OSError as exc:
        return fail(text("render.unreadable", path=note, reason=exc.strerror or exc))
    rendered = render_note(decoded.text, path=note, vault=Vault(vault_root(note)))
    if decoded.warning:
        rendered.warnings.insert(0, decoded.warning)
    page = page_html(rendered, title=note.stem, theme=args.theme, standalone=True)
    if args.output == "-":
        sys.stdout.write(page)
        return 0
    out = Path(args.output) if args.output else note.with_suffix(".html")
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        return fail(text("render.cannot_write", path=out, reason=exc.strerror or exc))
    sys.stderr.write(f"{out}\n")
    return 0
