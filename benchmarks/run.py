#!/usr/bin/env python3
"""Benchmarks: ``benchmarks/run.py GROUP [--json]``; the last line of output is one JSON object.

Each group lives in ``benchmarks/bench_<group>.py`` and exposes ``run() -> dict`` of its metrics, measured
side by side in one run where a metric is a ratio. These are benchmarks, not timed tests: CI never runs them.
Groups: render, trace, panel, run, vault, remote (``all`` runs every group that exists).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
GROUPS = ["render", "trace", "panel", "run", "vault", "remote", "train", "grad", "failure"]
# A group may be measured by several modules: first paint is the window's, render times the renderer's.
MODULES = {"render": ["bench_render", "bench_ui"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("group", choices=[*GROUPS, "all"])
    parser.add_argument("--json", action="store_true", help="print only the JSON object")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    groups = [g for g in GROUPS if (HERE / f"bench_{g}.py").exists()] if args.group == "all" else [args.group]
    result: dict[str, object] = {}
    for group in groups:
        for name in MODULES.get(group, [f"bench_{group}"]):
            metrics = importlib.import_module(name).run()
            result.update(metrics)
            if not args.json:
                for key, value in metrics.items():
                    print(f"{group:8s} {key:28s} {value}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
