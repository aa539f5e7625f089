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
        **_sanitize_cost(text, seed, vault),
    }


def _sanitize_cost(text: str, seed: Path, vault: object) -> dict:
    """What making a page inert costs (issue 11): ``sanitize`` on the seed's body and on a large note's
    (every bundled note six times, ≈ 1.4 MB of HTML), and the seed's full page (render + page_html)."""
    from app.markup import page_html, render_note
    from app.markup.sanitize import sanitize

    def best(f: object, n: int) -> float:
        times = []
        for _ in range(n):
            start = time.perf_counter()
            f()  # type: ignore[operator]
            times.append(time.perf_counter() - start)
        return round(1000 * statistics.median(times), 1)

    note = render_note(text, path=seed, vault=vault)  # type: ignore[arg-type]
    large_text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "notes").glob("*.md"))) * 6
    large = render_note(large_text, path=seed, vault=vault)  # type: ignore[arg-type]
    return {
        "sanitize_seed_ms": best(lambda: sanitize(note.body_html), 9),
        "render_seed_page_warm_ms": best(
            lambda: page_html(render_note(text, path=seed, vault=vault), title="t"), 5),  # type: ignore[arg-type]
        "sanitize_large_kb": len(large.body_html) // 1024,
        "sanitize_large_ms": best(lambda: sanitize(large.body_html), 3),
    }
