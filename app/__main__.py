"""Command line: ``python -m app [PATH]`` opens the app; ``python -m app SUBCOMMAND …`` runs a headless twin.

Subcommands (see ``app/cli``): render, check, equations, trace, run.

``--lang ko|en`` (before or after the subcommand) chooses the language of every line the CLI writes, its
errors included; without it the locale decides (``app.i18n.language``). Ctrl+C ends any command cleanly:
one worded line on stderr and exit code 130 (128 + SIGINT), never a traceback; a kernel it started is
shut down on the way out.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from app.cli import SUBCOMMANDS
from app.i18n import language, messages, set_language, text

messages({
    "cli.interrupted": ("중단했습니다 (Ctrl+C).", "Interrupted (Ctrl+C)."),
    "cli.os_error": ("파일을 다루지 못했습니다: {reason} {path}", "A file operation failed: {reason} {path}"),
})
LANG_CHOICES = ("ko", "en")


def _subcommand(argv: list[str]) -> int:
    name = argv[0]
    module = importlib.import_module(SUBCOMMANDS[name])
    parser = argparse.ArgumentParser(prog=f"tensornote {name}", description=module.__doc__)
    module.add_arguments(parser)
    if not any(a.option_strings == ["--lang"] for a in parser._actions):
        parser.add_argument("--lang", choices=LANG_CHOICES,
                            help="language of the output and errors (default: the locale's)")
    args = parser.parse_args(argv[1:])
    if getattr(args, "lang", None) in LANG_CHOICES:
        set_language(args.lang)
    _export_language()
    return int(module.main(args) or 0)


def _export_language() -> None:
    """A ``--lang`` choice holds for the kernels this command starts too (they word their own messages,
    such as the code-repair notes, in ``TENSORNOTE_LANG``)."""
    os.environ["TENSORNOTE_LANG"] = language()


def _leading_lang(argv: list[str]) -> list[str]:
    """Take a global ``--lang X`` / ``--lang=X`` given before the subcommand (the GUI keeps its own)."""
    if len(argv) >= 2 and argv[0] == "--lang" and argv[1] in LANG_CHOICES and argv[2:3] and \
            argv[2] in SUBCOMMANDS:
        set_language(argv[1])
        return argv[2:]
    if argv and argv[0].startswith("--lang=") and argv[0][7:] in LANG_CHOICES and argv[1:2] and \
            argv[1] in SUBCOMMANDS:
        set_language(argv[0][7:])
        return argv[1:]
    return argv


def main(argv: list[str] | None = None) -> int:
    argv = _leading_lang(list(sys.argv[1:] if argv is None else argv))
    try:
        if argv and argv[0] in SUBCOMMANDS:
            return _subcommand(argv)
        from app.cli import gui

        return gui.main(argv)
    except KeyboardInterrupt:
        sys.stderr.write(f"tensornote: {text('cli.interrupted')}\n")
        return 130
    except OSError as exc:  # a file or folder no subcommand expected to fail: one line, never a traceback
        reason = exc.strerror or str(exc)
        sys.stderr.write(f"tensornote: {text('cli.os_error', reason=reason, path=exc.filename or '')}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
