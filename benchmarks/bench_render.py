"""Render benchmark: the seed note with an empty math cache (cold) and again (warm).

Cold means a fresh TENSORNOTE_CACHE_DIR *and* cleared in-memory caches; imports and font loading are
not counted (they happen once per process, before the first note). ``first_paint_s`` is measured on the
UI side and added by the lead. The huge-note metrics (issue 12) are described in :func:`_huge_note`.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
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
        **_huge_note(seed),
    }


def _huge_note(seed: Path) -> dict:
    """Issue 12: the 2 MB generated note (``huge_note.py``), each phase with an empty math cache.

    - ``huge_note_first_screen_s``: its first screen rendered and wrapped as a page (``firstscreen``);
    - ``huge_note_render_s``: the whole note rendered and wrapped in the background worker process
      (``background``; the worker is started beforehand, as the app starts it with the first long note);
    - ``huge_note_leave_s``: with that whole render running, cancelling it and rendering the seed's page
      (what opening another note costs);
    - ``html_size_ratio``: the whole page's bytes / the note's bytes.

    The ``*_cpu_s`` twins are the CPU time of the same work: on the shared 2-core development machine the
    wall times above are several times the CPU time whenever other work runs.
    """
    from huge_note import huge_note

    from app.markup import mathsvg, page_html, render_note
    from app.markup.background import BackgroundRenderer, Request
    from app.markup.firstscreen import render_first_screen
    from app.vault import Vault

    old = os.environ.get("TENSORNOTE_CACHE_DIR")
    text = huge_note(2.0)
    size = len(text.encode("utf-8"))
    out: dict[str, float] = {}
    worker = BackgroundRenderer()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            note = root / "huge.md"
            note.write_text(text, encoding="utf-8")
            vault = Vault(root)
            os.environ["TENSORNOTE_CACHE_DIR"] = str(root / "cache-first")
            mathsvg.clear_memory_cache()
            start, cpu = time.perf_counter(), time.process_time()
            first = render_first_screen(text, path=note, vault=vault)
            assert first is not None
            page_html(first, title="huge")
            out["huge_note_first_screen_s"] = round(time.perf_counter() - start, 2)
            out["huge_note_first_screen_cpu_s"] = round(time.process_time() - cpu, 2)

            os.environ["TENSORNOTE_CACHE_DIR"] = str(root / "cache-whole")
            worker.warm_up()
            worker.render(Request("$x$", None, None, "warm", "light", "ko"))  # imports done
            request = Request(text, note, root, "huge", "light", "ko")
            start = time.perf_counter()
            result = worker.render(request)
            out["huge_note_render_s"] = round(time.perf_counter() - start, 2)
            assert result is not None and result.html is not None and result.rendered is not None
            out["huge_note_render_cpu_s"] = round(result.cpu_s, 2)
            out["html_size_ratio"] = round(len(result.html.encode("utf-8")) / size, 2)
            out["huge_note_math_errors"] = len(result.rendered.math_errors)

            os.environ["TENSORNOTE_CACHE_DIR"] = str(root / "cache-leave")
            seed_text = seed.read_text(encoding="utf-8")
            render_note(seed_text, path=seed)  # the seed's math is typeset: leaving costs the render only
            worker.warm_up()
            worker.render(Request("$x$", None, None, "warm", "light", "ko"))
            running = threading.Thread(target=worker.render, args=(request,))
            running.start()
            time.sleep(1.0)  # well inside the whole render
            start = time.perf_counter()
            worker.cancel()
            page_html(render_note(seed_text, path=seed), title="seed")
            out["huge_note_leave_s"] = round(time.perf_counter() - start, 3)
            running.join(timeout=30)
    finally:
        worker.close()
        if old is None:
            os.environ.pop("TENSORNOTE_CACHE_DIR", None)
        else:
            os.environ["TENSORNOTE_CACHE_DIR"] = old
    return out


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
