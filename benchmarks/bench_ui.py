"""UI benchmark: ``first_paint_s``, process start to the first painted note.

Launches ``python -m app notes --screenshot`` the way a user launches the app, with
``TENSORNOTE_TIMING=1`` (the app prints ``first_paint_s=…`` when the seed note's page has loaded, its
fonts are ready and a frame was painted) and ``TENSORNOTE_T0`` set just before the process starts, so
interpreter start-up and imports are included. One warm-up run fills the math cache (as on any second
launch); the figure is the median of the runs after it.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNS = 3
RE_PAINT = re.compile(r"^first_paint_s=([0-9.]+)$", re.M)


def first_paint(cache: str, out: Path) -> float:
    env = dict(os.environ, TENSORNOTE_TIMING="1", TENSORNOTE_CACHE_DIR=cache, QT_QPA_PLATFORM="offscreen")
    env["TENSORNOTE_T0"] = repr(time.time())
    proc = subprocess.run(
        [sys.executable, "-m", "app", str(REPO / "notes"), "--screenshot", str(out), "--size", "1400x900"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    match = RE_PAINT.search(proc.stderr)
    if proc.returncode != 0 or match is None:
        tail = proc.stderr[-800:]
        raise RuntimeError(f"the app did not report a first paint (rc {proc.returncode}): {tail}")
    return float(match.group(1))


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="tensornote-bench-ui-") as tmp:
        out = Path(tmp) / "shot.png"
        first_paint(tmp, out)  # warm-up: math cache and OS file cache
        times = [first_paint(tmp, out) for _ in range(RUNS)]
    return {"first_paint_s": round(statistics.median(times), 3)}


if __name__ == "__main__":
    print(run())
