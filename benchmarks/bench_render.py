"""Render benchmark: the seed note with an empty math cache (cold) and again (warm).

Cold means a fresh TENSORNOTE_CACHE_DIR *and* cleared in-memory caches; imports and font loading are
not counted (they happen once per process, before the first note). ``first_paint_s`` is measured on the
UI side and added by the lead.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _seed() -> Path:
    notes = sorted((REPO / "notes").glob("20*.md"))
    return notes[0]


def run() -> dict:
    from app.markup import mathsvg, render_note
    from app.vault import Vault

    seed = _seed()
    text = seed.read_text(encoding="utf-8")
    vault = Vault(seed.parent)
    old = os.environ.get("TENSORNOTE_CACHE_DIR")
    cold: list[float] = []
    warm: list[float] = []
    try:
        # Load fonts and modules once so that "cold" measures typesetting, not imports.
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["TENSORNOTE_CACHE_DIR"] = tmp
            render_note("$x$", path=seed, vault=vault)
        for _ in range(3):
            with tempfile.TemporaryDirectory() as tmp:
                os.environ["TENSORNOTE_CACHE_DIR"] = tmp
                mathsvg.clear_memory_cache()
                start = time.perf_counter()
                render_note(text, path=seed, vault=vault)
                cold.append(time.perf_counter() - start)
                for _ in range(5):
                    start = time.perf_counter()
                    render_note(text, path=seed, vault=vault)
                    warm.append(time.perf_counter() - start)
    finally:
        if old is None:
            os.environ.pop("TENSORNOTE_CACHE_DIR", None)
        else:
            os.environ["TENSORNOTE_CACHE_DIR"] = old
    return {
        "render_seed_cold_ms": round(1000 * statistics.median(cold), 1),
        "render_seed_warm_ms": round(1000 * statistics.median(warm), 1),
    }
