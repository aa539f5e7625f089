"""Whole-note renders in a worker process: the caller stays responsive and can abandon a render at once.

Why a process and not a thread: rendering is pure Python (Python-Markdown, Pygments, ziamath), so a
thread rendering a 2 MB note holds the GIL for seconds and the UI thread — and the render of the next
note the reader opens — would crawl behind it. A worker process renders on its own core, and leaving a
note whose render is still running costs one ``terminate()`` (measured: ~10 ms) instead of the rest of
that render. The worker is spawned once and reused (imports and fonts load once, ~1–2 s, in the
background); after a cancel a fresh one is started at the next request. Results cross as a pickled
:class:`RenderedNote` plus the finished page; the math cache on disk is shared with the caller.

Qt-free so the CLI, the benchmark and the window use the same object; the window wraps it in a signal.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from app.markup.model import RenderedNote

SPAWN = mp.get_context("spawn")  # never fork a process that runs Qt and WebEngine threads


@dataclass
class Request:
    text: str
    path: Path | None
    vault_root: Path | None
    title: str
    theme: str
    lang: str
    badges: list[tuple[int, str]] = field(default_factory=list)  # see render_note(badges=…)


@dataclass
class Result:
    rendered: RenderedNote | None
    html: str | None
    error: str | None = None
    cpu_s: float = 0.0  # the worker's CPU time for this render (wall time depends on the machine's load)


def _worker(conn: Connection) -> None:
    """The worker process: render each request it receives, until the pipe closes."""
    from app.markup import page_html, render_note
    from app.vault import Vault

    vaults: dict[Path, Vault] = {}
    while True:
        try:
            request: Request = conn.recv()
        except (EOFError, OSError):
            return
        started = time.process_time()
        try:
            vault = None
            if request.vault_root is not None:
                vault = vaults.setdefault(request.vault_root, Vault(request.vault_root))
            rendered = render_note(request.text, path=request.path, vault=vault, badges=request.badges)
            html = page_html(rendered, title=request.title, theme=request.theme, lang=request.lang)
            conn.send(Result(rendered, html, cpu_s=time.process_time() - started))
        except Exception as exc:  # reported to the caller, who keeps what it has on screen
            conn.send(Result(None, None, f"{type(exc).__name__}: {exc}"))


class BackgroundRenderer:
    """One worker process; :meth:`render` blocks its caller's thread (not the GIL), :meth:`cancel`
    ends a running render from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Connection | None = None
        self._busy = False

    def _ensure(self) -> Connection:
        with self._lock:
            if self._process is None or not self._process.is_alive():
                parent, child = SPAWN.Pipe()
                self._process = SPAWN.Process(target=_worker, args=(child,), daemon=True,
                                              name="tensornote-render-worker")
                self._process.start()
                child.close()
                self._conn = parent
            assert self._conn is not None
            return self._conn

    def warm_up(self) -> None:
        """Start the worker now (it imports the renderer in the background)."""
        self._ensure()

    def render(self, request: Request) -> Result | None:
        """Render in the worker; None when the render was cancelled (or the worker died)."""
        conn = self._ensure()
        with self._lock:
            self._busy = True
        try:
            conn.send(request)
            result: Result = conn.recv()
            return result
        except (EOFError, OSError, BrokenPipeError):
            return None
        finally:
            with self._lock:
                self._busy = False

    def cancel(self) -> bool:
        """End the render in progress (the worker is killed; a new one starts on the next request).
        Returns whether there was one."""
        with self._lock:
            if not self._busy or self._process is None:
                return False
            self._process.terminate()
            self._process = None
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            return True

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            if self._process is not None:
                self._process.terminate()
                self._process.join(timeout=2)
            self._process = self._conn = None
