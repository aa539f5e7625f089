"""Command line: ``python -m app [PATH]`` opens the app; ``python -m app SUBCOMMAND …`` runs a headless twin.

Subcommands (see ``app/cli``): render, check, equations, trace, run.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from app.cli import SUBCOMMANDS


def _subcommand(argv: list[str]) -> int:
    name = argv[0]
    module = importlib.import_module(SUBCOMMANDS[name])
    parser = argparse.ArgumentParser(prog=f"tensornote {name}", description=module.__doc__)
    module.add_arguments(parser)
    args = parser.parse_args(argv[1:])
    return int(module.main(args) or 0)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        return _subcommand(argv)
    from app.cli import gui

    return gui.main(argv)


if __name__ == "__main__":
    sys.exit(main())
