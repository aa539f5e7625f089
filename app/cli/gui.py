"""``python -m app [PATH] [--screenshot OUT.png …]``: parse the GUI's arguments and start the window.

Kept free of Qt imports until the arguments are known, so that a machine with no display gets a
one-line message suggesting ``--screenshot`` instead of a Qt abort.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.cli import fail
from app.i18n import messages, text
from app.paths import DEFAULT_VAULT

messages({
    "gui.no_path": ("볼트나 노트가 없습니다: {path}", "No such vault or note: {path}"),
    "gui.size_form": ("--size는 1400x900 꼴이어야 합니다 ({size}가 아니라)",
                      "--size must look like 1400x900, not {size}"),
    "gui.size_range": ("--size {size}가 범위를 벗어납니다 (한 변 200..10000)",
                       "--size {size} is out of range (200..10000 per side)"),
    "gui.no_display": ("디스플레이가 없습니다 (DISPLAY/WAYLAND_DISPLAY 없음). 화면 밖에서 그리려면 "
                       "--screenshot OUT.png을 쓰거나 xvfb-run으로 실행하세요.",
                       "No display found (DISPLAY/WAYLAND_DISPLAY unset). Use --screenshot OUT.png to render "
                       "offscreen, or run under xvfb-run."),
})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tensornote",
        description="Tensornote: study notes where every equation is alive. "
        "Subcommands: render, check, equations, trace, run (python -m app SUBCOMMAND -h).",
    )
    parser.add_argument("path", nargs="?", default=str(DEFAULT_VAULT), help="a vault folder or a note")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the window offscreen, save, exit")
    parser.add_argument("--note", help="the note to open (relative to the vault)")
    parser.add_argument("--size", help="window size WxH (default: remembered; 1400x900 with --screenshot)")
    parser.add_argument("--equation", help="open the equation panel on this equation id")
    parser.add_argument("--symbol", type=int, help="select the K-th symbol of that equation")
    parser.add_argument("--step", type=int, help="time step t shown by the panel")
    parser.add_argument("--code", help="open the code panel on this code block id")
    parser.add_argument("--theme", choices=["light", "dark", "system"],
                        help="colour theme (default: the one chosen in the app, else the system's)")
    parser.add_argument("--lang", choices=["ko", "en", "system"],
                        help="UI language (default: the one chosen in the app, else Korean on a Korean "
                        "system and English elsewhere)")
    return parser


def has_display() -> bool:
    """Whether Qt can open a window here (Linux needs X11 or Wayland unless a platform is forced)."""
    if not sys.platform.startswith("linux"):
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    path = Path(args.path).expanduser()
    if not path.exists():
        return fail(text("gui.no_path", path=path))
    size: tuple[int, int] | None = None
    if args.size:
        try:
            width, height = (int(v) for v in args.size.lower().split("x"))
        except ValueError:
            return fail(text("gui.size_form", size=repr(args.size)))
        if not (200 <= width <= 10000 and 200 <= height <= 10000):
            return fail(text("gui.size_range", size=args.size))
        size = (width, height)
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not has_display():
        return fail(text("gui.no_display"), 1)
    from app.ui.main import run_app

    return run_app(args, path, size)
